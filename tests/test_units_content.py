"""The bundled study units against the reference table: every label, title, URL and
length is the reference's (or, for the two resources it does not split, the cited
table of contents in tools/units-extra.tsv)."""

from __future__ import annotations

import csv
import re
import tomllib

import pytest

from conftest import FIXTURES, ROOT

UNITS_FILE = ROOT / "data" / "units.toml"


def load_units() -> list[dict]:
    with open(UNITS_FILE, "rb") as fh:
        return tomllib.load(fh)["units"]


def reference() -> dict[tuple[str, str], dict]:
    rows = {}
    for path in (FIXTURES / "reference" / "units.tsv", ROOT / "tools" / "units-extra.tsv"):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                rows[(row["resource_id"], row["n"].strip())] = row
    return rows


UNITS = load_units()
REFERENCE = reference()


def ref_row(unit: dict) -> dict:
    label = f"{unit['offering']} {unit['n']}" if "offering" in unit else unit["n"]
    return REFERENCE[(unit["resource"], label)]


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: f"{u['resource']}/{u['key']}")
def test_unit_matches_reference(unit):
    row = ref_row(unit)
    ref_title = row["unit_title"].strip()
    # The title is the reference's, less a trailing group label kept in `part`
    # (or a bracketed remark of the reference's own, such as "[short label]").
    assert ref_title.startswith(unit["title"]), (unit["title"], ref_title)
    rest = ref_title[len(unit["title"]):].strip()
    assert rest == "" or re.fullmatch(r"\(.*\)|\[.*\]|\(.*\) \[.*\]", rest), rest
    if unit.get("part"):
        assert unit["part"] in rest
    assert unit.get("url", "") == row["unit_url"].strip()
    length = row["length"].strip()
    if "video" in unit:
        assert unit["video"] == length
    elif "pages" in unit:
        assert length == f"{unit['pages']} pages ({unit['page_span']})"
    else:
        assert length == ""
    assert unit["evidence"] == row["evidence"].strip()


def test_keys_unique_and_readable():
    ids = [f"{u['resource']}/{u['key']}" for u in UNITS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*", i) for i in ids)


def test_one_offering_per_course():
    offerings = {(u["resource"], u.get("offering")) for u in UNITS}
    by_resource = {}
    for resource, offering in offerings:
        by_resource.setdefault(resource, set()).add(offering)
    assert all(len(o) == 1 for o in by_resource.values()), by_resource
    assert ("cs224n", "Winter 2023") in offerings
    assert ("stanford-cs336", "Spring 2025") in offerings


def test_bundled_units_never_state_hours():
    """Hours come from the rule in docs/catalog.md, never typed in."""
    assert not [u for u in UNITS if "hours" in u]


def test_every_long_resource_has_units():
    with open(ROOT / "data" / "resources.toml", "rb") as fh:
        resources = tomllib.load(fh)["resources"]
    with_units = {u["resource"] for u in UNITS}
    long = {r["id"] for r in resources if r["hours"] >= 10}
    assert long - with_units == set()


def test_generated_file_is_current(tmp_path):
    """data/units.toml is exactly what tools/make_units.py writes."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "tools" / "make_units.py"),
                          str(FIXTURES / "reference" / "units.tsv")],
                         capture_output=True, text=True, check=True).stdout
    assert out == UNITS_FILE.read_text(encoding="utf-8")
