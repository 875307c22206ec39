"""Print, for every role and goal (and each focus topic of the research engineer), the
plan's total hours, the hours before its first focus item and its first three items.

    .venv/bin/python tools/plan_table.py            # markdown table on stdout
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from studyguide.catalog.build import build_catalog  # noqa: E402
from studyguide.plan.recommend import Answers, default_focus, recommend, topic_depths  # noqa: E402

NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)


def hours_of(catalog, rid: str) -> float:
    return catalog.resources[rid].hours


def row(catalog, label: str, answers: Answers) -> str:
    plan = recommend(catalog, answers, now=NOW)
    focus = plan.focus
    of_focus = set(catalog.topics[focus].sequence)
    total = before = 0.0
    first_focus = None
    for sec in plan.sections:
        for rid in sec.items:
            if first_focus is None and (sec.id == focus or rid in of_focus):
                first_focus = before
            total += hours_of(catalog, rid)
            if first_focus is None:
                before += hours_of(catalog, rid)
    first3 = ", ".join(plan.item_ids()[:3])
    reach = "-" if first_focus is None else f"{first_focus:g}"
    return f"| {label} | {focus} | {total:g} | {reach} | {first3} |"


def main() -> None:
    catalog = build_catalog([("bundled", ROOT / "data")])
    print("| plan | focus | total h | h before focus | first three items |")
    print("| --- | --- | --- | --- | --- |")
    for goal in catalog.goals:
        print(row(catalog, f"goal {goal}", Answers(goal=goal)))
    for role in catalog.roles:
        answers = Answers(role=role)
        print(row(catalog, f"role {role}", answers))
        if role == "research-engineer":
            for topic in topic_depths(catalog, answers):
                if topic != default_focus(catalog, answers):
                    print(row(catalog, f"role {role}", Answers(role=role, focus=topic)))


if __name__ == "__main__":
    main()
