"""Exports of the plan: markdown, BibTeX, iCalendar, the JSON backup, the HTML roadmap."""
