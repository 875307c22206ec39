"""`studyguide` with no command: the next step with a plan, a welcome without one."""

from __future__ import annotations


def home() -> None:
    print("studyguide: an ordered study plan for going deep into modern AI\n"
          "(transformer internals, attention math, fine-tuning, GPU optimization,\n"
          "evaluation, and the research topics around them).\n\n"
          "Start:   studyguide recommend        answer four questions, get a plan\n"
          "Browse:  studyguide topics           the catalog's topics\n"
          "Help:    studyguide --help")
