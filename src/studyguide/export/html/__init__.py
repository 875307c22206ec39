"""The plan as one self-contained HTML page with a roadmap graph."""
