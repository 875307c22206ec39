"""Generate data/units.toml from the reference table of units.

    python tools/make_units.py [REFERENCE_TSV] > data/units.toml

Reads the reference's units.tsv (default: ../shared/reference/units.tsv next to
the repository, or $STUDYGUIDE_UNITS_TSV) and tools/units-extra.tsv (units of
long resources the reference does not split, taken from their own published
tables of contents, each row citing where it was seen). Not on the runtime path:
the app reads only the TOML this writes.

Choices made here (and why):
- One offering per course: CS224N Winter 2023 (the only complete list; its
  slide links sit at a stable archive path) and CS336 Spring 2025 (complete and
  archived; Spring 2026 had lectures without material).
- Rows a learner cannot study are left out: CS336 2025 lectures 18-19 (guest
  talks with no material and no recording) and SLP3 chapter 12 (not written).
- A chapter the reference also splits into sections (D2L 11, the ML Engineering
  book's Training part) is replaced by its sections, so no hours count twice.
- Trailing part/group labels such as "(Part I)" or "[Part 2: Transformers]" move
  from the title to `part`; the title keeps the source's own wording.
"""

from __future__ import annotations

import csv
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# resource -> (form, offering prefix kept or None)
FORMS = {
    "stanford-cs336": ("lecture", "Spring 2025"),
    "cs224n": ("lecture", "Winter 2023"),
    "deep-learning-book": ("chapter", None),
    "d2l": ("chapter", None),
    "llm-from-scratch-book": ("chapter", None),
    "llms-from-scratch-repo": ("notebook", None),
    "hands-on-llms-book": ("chapter", None),
    "hf-llm-course": ("module", None),
    "fastai-course": ("lecture", None),
    "mlabonne-llm-course": ("module", None),
    "how-to-scale-your-model": ("chapter", None),
    "ml-engineering-open-book": ("section", None),
    "karpathy-zero-to-hero": ("lecture", None),
    "cs25": ("talk", None),
    "ultrascale-playbook": ("section", None),
    "pytorch-tutorials": ("page", None),
    "hf-transformers-docs": ("page", None),
    "slp3-draft": ("chapter", None),
    "nanogpt": ("section", None),
    "transformerlens": ("notebook", None),
    "hf-eval-guidebook": ("section", None),
}

# (resource, n) rows left out; see the module docstring.
DROP = {
    ("stanford-cs336", "Spring 2025 Lecture 18"),
    ("stanford-cs336", "Spring 2025 Lecture 19"),
    ("slp3-draft", "12"),
    ("d2l", "11"),
    ("ml-engineering-open-book", "Part 4.1"),
}

# Units that are multi-sitting work rather than one study session.
PROJECTS = {
    ("karpathy-zero-to-hero", "9"),      # reproducing GPT-2 (124M), a 4-hour build
    ("nanogpt", "reproducing GPT-2"),    # a multi-day training run on 8 GPUs
}

# Resources the catalog had before it had units, now one of these units: progress and
# overlays under the old id follow it.
RENAMED_FROM = {
    ("cs224n", "Winter 2023 Lecture 8"): "cs224n-transformers-slides",   # the same slides
}

# Units whose form differs from their resource's.
FORM_OF = {
    ("nanogpt", "transformer_sizing.ipynb"): "notebook",
    ("nanogpt", "scaling_laws.ipynb"): "notebook",
    ("nanogpt", "reproducing GPT-2"): "project",
}

# Trailing group labels per resource: "(...)" or "[...]" at the end of a title.
PART_SUFFIX = {"deep-learning-book", "fastai-course", "mlabonne-llm-course",
               "ml-engineering-open-book", "how-to-scale-your-model"}


# Keys kept short enough that `[RESOURCE/KEY]` fits a 60-column line.
SHORT_KEYS = {
    ("hf-transformers-docs", "Use fast tokenizers from 🤗 Tokenizers"): "fast-tokenizers",
    ("hf-transformers-docs", "Load and train adapters with 🤗 PEFT"): "peft-adapters",
    ("hf-transformers-docs", "Customize the generation strategy"): "generation-strategy",
    ("hf-transformers-docs", "Perplexity of fixed-length models"): "perplexity",
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def two(n: str) -> str:
    return n.zfill(2) if n.isdigit() else n


def key_for(resource: str, n: str, title: str) -> str:
    """A stable, readable key from the source's own label."""
    if resource in ("cs224n", "stanford-cs336"):
        return "lecture-" + two(n.rsplit(" ", 1)[1])
    if resource == "karpathy-zero-to-hero":
        return "video-" + two(n)
    if resource == "fastai-course":
        if n == "Part 2":
            return "part-2-overview"
        m = re.fullmatch(r"(\d+)([a-z]?)", n)
        return "lesson-" + two(m.group(1)) + m.group(2)
    if resource == "llm-from-scratch-book":
        return ("chapter-" + n) if n.isdigit() else "appendix-" + n.lower()
    if resource == "llms-from-scratch-repo":
        if n.startswith("ch"):
            return "chapter-" + n[2:]
        return n.lower()
    if resource == "d2l":
        return ("chapter-" + two(n)) if n.isdigit() else "section-" + slug(n)
    if resource == "mlabonne-llm-course":
        return slug(n)
    if resource == "ml-engineering-open-book":
        return slug(n.replace(" sub ", "."))
    if resource == "cs25":
        return "v5-talk-" + re.search(r"item (\d+)", n).group(1)
    if resource == "ultrascale-playbook":
        return ("section-" + two(n.split()[1])) if n.startswith("pos") else "appendix-" + n.lower()
    if (resource, title) in SHORT_KEYS:
        return SHORT_KEYS[(resource, title)]
    if resource in ("pytorch-tutorials", "hf-transformers-docs", "nanogpt"):
        return slug(title.replace("🤗", "").replace(".ipynb", ""))
    if resource == "hf-eval-guidebook":
        return slug(n)
    if resource == "transformerlens":
        return "tutorial-" + n.split()[-1]
    return "chapter-" + two(n)


def split_part(resource: str, title: str) -> tuple[str, str | None]:
    """'Linear Algebra (Part I: ...)' -> ('Linear Algebra', 'Part I: ...')."""
    title = title.strip()
    part = None
    m = re.search(r"\s*\[([^\]]*)\]$", title)
    if m:
        note = m.group(1)
        title = title[: m.start()]
        if note.startswith("Part "):
            part = note
    if resource in PART_SUFFIX and title.endswith(")"):
        depth = 0
        for i in range(len(title) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(title[i], 0)
            if depth == 0:
                inner = title[i + 1:-1]
                if not inner.startswith("page title:"):
                    title, part = title[:i].rstrip(), inner
                break
    return title, part


def parse_length(length: str) -> dict:
    """'1h17m04s' -> video; '22 pages (pp. 29-50)' -> pages and span."""
    length = length.strip()
    if not length:
        return {}
    m = re.fullmatch(r"(\d+) pages \((pp\. \d+-\d+)\)", length)
    if m:
        return {"pages": int(m.group(1)), "page_span": m.group(2)}
    if re.fullmatch(r"(\d+h)?(\d+m)?(\d+s)?", length):
        return {"video": length}
    raise SystemExit(f"unknown length {length!r}")


def toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rows(path: Path):
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t")


def reading_order(row: dict) -> tuple:
    """Sections the reference lists after the whole book go where they belong."""
    res, n = row["resource_id"], row["n"]
    if res == "fastai-course":
        return (8.5,) if n == "Part 2" else tuple(int(x) if x.isdigit() else x
                                                   for x in re.findall(r"\d+|[a-z]", n))
    if res in ("d2l", "ml-engineering-open-book"):
        return tuple(int(x) for x in re.findall(r"\d+", n))
    return ()


def catalog_resources() -> set[str]:
    """Resource ids the bundled catalog defines: units of others wait until they are added."""
    import tomllib

    ids: set[str] = set()
    for path in sorted((REPO / "data").glob("*.toml")):
        if path.name != "units.toml":
            with path.open("rb") as f:
                ids |= {r["id"] for r in tomllib.load(f).get("resources", [])}
    return ids


def units(reference: Path):
    seen: set[tuple[str, str]] = set()
    defined = catalog_resources()
    table = list(rows(reference)) + list(rows(HERE / "units-extra.tsv"))
    # A stable sort within each resource; resources keep the reference's order.
    first = {}
    for i, row in enumerate(table):
        first.setdefault(row["resource_id"], i)
    table.sort(key=lambda r: (first[r["resource_id"]], reading_order(r)))
    for row in table:
        res, n = row["resource_id"], row["n"].strip()
        if res not in defined:
            continue
        form, offering = FORMS[res]
        if offering and not n.startswith(offering + " "):
            continue
        if (res, n) in DROP:
            continue
        title, part = split_part(res, row["unit_title"])
        label = n[len(offering) + 1:] if offering else n
        key = key_for(res, n, title)
        assert (res, key) not in seen, (res, key)
        seen.add((res, key))
        unit = {"resource": res, "key": key, "n": label, "title": title}
        if offering:
            unit["offering"] = offering
        if part:
            unit["part"] = part
        if row["unit_url"].strip():
            unit["url"] = row["unit_url"].strip()
        unit["form"] = FORM_OF.get((res, n), "section" if res == "d2l" and "." in n else form)
        if (res, n) in PROJECTS:
            unit["kind"] = "project"
        unit.update(parse_length(row["length"]))
        if (res, n) in RENAMED_FROM:
            unit["renamed_from"] = [RENAMED_FROM[(res, n)]]
        unit["evidence"] = row["evidence"].strip()
        yield unit


def main(argv: list[str]) -> int:
    default = os.environ.get("STUDYGUIDE_UNITS_TSV") or REPO.parent / "shared/reference/units.tsv"
    reference = Path(argv[1]) if len(argv) > 1 else Path(default)
    if not reference.is_file():
        reference = Path("/work/shared/reference/units.tsv")
    out = [
        "# Study units of the long resources: chapters, lectures, sections.",
        "# GENERATED by tools/make_units.py from the reference's units.tsv and",
        "# tools/units-extra.tsv: edit those, then regenerate; do not edit by hand.",
        "# Study hours are not stored: the catalog computes them from `form` and the",
        "# length facts (`video`, `pages`) by the rule in docs/catalog.md.",
    ]
    for unit in units(reference):
        out.append("")
        out.append("[[units]]")
        for field, value in unit.items():
            if isinstance(value, list):
                text = "[" + ", ".join(toml_str(v) for v in value) + "]"
            else:
                text = str(value) if isinstance(value, int) else toml_str(value)
            out.append(f"{field} = {text}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
