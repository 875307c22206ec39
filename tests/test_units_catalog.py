"""Units in catalog files and overlays (issue 15): validated like everything else, their
hours by the rule in docs/catalog.md, a resource's hours their sum, ids RESOURCE/KEY."""

from __future__ import annotations

import textwrap

import pytest

from conftest import FIXTURES
from studyguide.catalog.build import build_catalog
from studyguide.catalog.units import unit_hours
from studyguide.errors import CatalogError

MINI = FIXTURES / "mini"


def with_overlay(tmp_path, text: str):
    path = tmp_path / "units.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return build_catalog([("bundled", MINI), ("teacher", path)])


def problems(tmp_path, text: str) -> list[str]:
    with pytest.raises(CatalogError) as err:
        with_overlay(tmp_path, text)
    return err.value.problems


def test_an_overlay_adds_units_and_the_resource_takes_their_sum(tmp_path):
    catalog = with_overlay(tmp_path, """
        [[units]]
        resource = "found-a"
        key = "part-1"
        n = "1"
        title = "The first part"
        url = "https://example.org/found-a/1"
        form = "lecture"
        video = "1h30m"

        [[units]]
        resource = "found-a"
        key = "part-2"
        n = "2"
        title = "The second part"
        hours = 1.25

        [[topic_overrides]]
        id = "base"
        append = ["found-a/part-2"]
        """)
    a = catalog.resources["found-a"]
    assert a.units == ("found-a/part-1", "found-a/part-2")
    one, two = (catalog.resources[u] for u in a.units)
    assert one.hours == 3.0 and one.url == "https://example.org/found-a/1"   # 90 min x 2
    assert two.hours == 1.25 and two.url == a.url                              # no URL: its resource's
    assert a.hours == 4.25 and one.label == "lecture 1 of 2"
    assert "found-a/part-2" in catalog.topics["base"].sequence


def test_an_override_of_a_split_resources_hours_is_spread_over_its_units(tmp_path):
    """A teacher's "this course takes 12 h here" is kept: the units share it in proportion
    to the rule's hours, in half hours, and the resource is their sum again."""
    units = "".join(f"""
        [[units]]
        resource = "found-a"
        key = "part-{k}"
        n = "{k}"
        title = "Part {k}"
        hours = {h}
        """ for k, h in enumerate((1.0, 2.0, 3.0, 1.5), 1))
    plain = with_overlay(tmp_path, units)
    assert plain.resources["found-a"].hours == 7.5
    catalog = with_overlay(tmp_path, units + """
        [[resource_overrides]]
        id = "found-a"
        hours = 12
        """)
    a = catalog.resources["found-a"]
    shares = [catalog.resources[u].hours for u in a.units]
    assert a.hours == 12 == sum(shares)
    # x1.6 is 1.6, 3.2, 4.8, 2.4 h: rounded down to half hours, the hour left goes to the
    # two that lost most.
    assert shares == [1.5, 3.0, 5.0, 2.5]
    assert "resource_overrides[0]" in a.changed_by[-1]


@pytest.mark.parametrize("hours, total, expected", [
    ([2.5] * 19, 60, [3.5] * 6 + [3.0] * 13),    # the half hours left go to the first that lost most
    ([1, 2, 3], 12, [2.0, 4.0, 6.0]),
    ([1, 2, 3], 1, [0.5, 0.5, 0.5]),              # never under half an hour a unit
])
def test_spread_hours(hours, total, expected):
    from studyguide.catalog.units import spread_hours

    assert spread_hours(hours, total) == expected


@pytest.mark.parametrize("unit, message", [
    ('key = "x"\nn = "1"\ntitle = "T"\nhours = 0', "greater than 0"),
    ('key = "x"\nn = "1"\ntitle = "T"\nurl = "http://example.org"', "must start with https://"),
    ('key = "x"\nn = "1"\ntitle = "T\\u001b[31m"', "control characters"),
    ('key = "x"\nn = "1\\n2"\ntitle = "T"', "control characters"),
    ('key = "Bad Key"\nn = "1"\ntitle = "T"', "lowercase id"),
    ('key = "x"\nn = "1"\ntitle = "T"\nvideo = "forever"', "should match pattern"),
    ('key = "x"\nn = "1"\ntitle = "T"\nkind = "homework"', "must be one of"),
])
def test_a_bad_unit_is_refused_at_its_place(tmp_path, unit, message):
    found = problems(tmp_path, f'[[units]]\nresource = "found-a"\n{unit}\n')
    assert any(p.startswith(str(tmp_path / "units.toml") + ": units[0]") and message in p for p in found), found


def test_duplicate_keys_and_unknown_resources_are_refused(tmp_path):
    found = problems(tmp_path, """
        [[units]]
        resource = "found-a"
        key = "x"
        n = "1"
        title = "One"

        [[units]]
        resource = "found-a"
        key = "x"
        n = "2"
        title = "Two"

        [[units]]
        resource = "no-such"
        key = "y"
        n = "1"
        title = "Three"
        """)
    assert any("units[1].key: 'x' is already a unit of found-a" in p for p in found), found
    assert any("units[2].resource: unknown resource 'no-such'" in p for p in found), found


def test_the_hours_rule():
    assert unit_hours("lecture", "intermediate", video="1h17m04s") == 2.5      # 77 min x 2 = 2.57
    assert unit_hours("talk", "intermediate", video="1h01m28s") == 1.5          # x 1.5
    assert unit_hours("chapter", "intermediate", pages=66) == 7.5               # 66 / 9
    assert unit_hours("chapter", "advanced", pages=66) == 11.0                  # 66 / 6
    assert unit_hours("chapter", "intro", pages=12) == 1.0                      # 12 / 12
    assert unit_hours("chapter", "intermediate") == 3.0                         # no length: default
    assert unit_hours("page", "intro") == 1.0
    assert unit_hours("project", "intro") == 6.0
    # Back matter without a length: half an hour (setting up: an hour), not a chapter's 3 h.
    assert unit_hours("chapter", "intermediate", title="References and Further Reading") == 0.5
    assert unit_hours("chapter", "intermediate", title="Appendix C: Exercise Solutions") == 0.5
    assert unit_hours("module", "intro", title="Setup") == 1.0
    assert unit_hours("section", "intro", title="Conclusion") == 0.5
    assert unit_hours("chapter", "intermediate", pages=18, title="Conclusion") == 2.0   # a length wins
    assert unit_hours("chapter", "intermediate", title="Coreference Resolution") == 3.0
    assert unit_hours("section", "intro", title="Emulate a Multi-Node Setup Using Just a Single Node") == 1.5
    assert unit_hours("section", "intro", pages=1) == 0.5                       # never below half an hour
