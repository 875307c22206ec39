"""Study units in the everyday commands (issue 15): next names the unit, `log` records
time without finishing, `done RESOURCE` marks its planned units, `next --time` fits the
time you have, and `status` adds up at every step of a whole plan."""

from __future__ import annotations

import json

import pytest

NOW = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("STUDYGUIDE_NOW", NOW["STUDYGUIDE_NOW"])


def js(cli, *args):
    res = cli(*args, "--json")
    assert res.returncode == 0, res
    return json.loads(res.stdout)


def adds_up(cli) -> dict:
    """status --json: the topics add up to the overall figures."""
    data = js(cli, "status")
    overall, topics = data["overall"], data["topics"]
    assert overall["done"] == sum(t["done"] for t in topics)
    assert overall["total"] == sum(t["total"] for t in topics)
    assert overall["hours_done"] == pytest.approx(sum(t["hours_done"] for t in topics), abs=0.11)
    assert overall["hours_left"] == pytest.approx(sum(t["hours_left"] for t in topics), abs=0.11)
    assert overall["hours_logged"] == pytest.approx(sum(t["hours_logged"] for t in topics), abs=0.01)
    return overall


def test_walk_through_from_an_empty_home_to_a_finished_plan(cli):
    assert cli("recommend", "--role", "business-builder", "--hours-per-week", "2", "--yes").returncode == 0
    start = adds_up(cli)
    first = js(cli, "next")
    # A unit of a resource, with its place, URL and hours.
    assert first["id"] == "hf-llm-course/chapter-01" and first["resource"] == "hf-llm-course"
    assert first["unit"]["label"] == "chapter 1 of 13" and first["hours"] <= 3
    assert first["url"] == "https://huggingface.co/learn/llm-course/chapter1/1"
    text = cli("next").stdout
    assert text.startswith("Next: Hugging Face LLM Course, chapter 1 of 13: Transformer models  "
                           "[hf-llm-course/chapter-01]")

    # 45 minutes: nothing in the opening topic is that short, and the answer says so.
    short = js(cli, "next", "--time", "45m")
    assert short["fits"] is False and short["id"] == first["id"]
    line = " ".join(cli("next", "--time", "45m").stdout.split())
    assert "Work 45 min on this one: about a third of the 2 h 30 min it needs" in line
    assert "studyguide log hf-llm-course/chapter-01 45m" in line
    # Two hours fit the Illustrated Transformer, later in the same topic.
    two = js(cli, "next", "--time", "2h")
    assert two["fits"] is True and two["id"] == "illustrated-transformer"
    # The `log` hint is the time the item takes, not all the time you have.
    fits = " ".join(cli("next", "--time", "3h").stdout.split())
    three = js(cli, "next", "--time", "3h")
    h, m = divmod(round(three["hours"] * 60), 60)
    typed = (f"{h}h" if h else "") + (f"{m}m" if m else "")
    assert three["hours"] < 3 and f"studyguide log {three['id']} {typed} · " in fits

    # Logging time: the unit is in progress, 0.75 h of 2.5 h, and the hours left drop by that.
    res = cli("log", "hf-llm-course/chapter-01", "45m")
    assert res.returncode == 0 and "logged 45 min on hf-llm-course/chapter-01: 45 min of 2.5 h" in res.stdout
    after = adds_up(cli)
    assert after["hours_left"] == pytest.approx(start["hours_left"] - 0.75)
    assert after["hours_logged"] == 0.75 and after["done"] == 0
    now = js(cli, "next")
    assert now["state"] == "in-progress" and now["hours_logged"] == 0.75 and now["hours_left"] == 1.75
    assert "45 min of 2.5 h logged" in cli("next").stdout
    assert "45 min of 2.5 h logged" in cli("status").stdout
    # The rest now fits in 2 hours.
    assert js(cli, "next", "--time", "2h")["id"] == "hf-llm-course/chapter-01"
    # Logging more than the estimate never finishes it: a small floor is left until `done`.
    cli("log", "hf-llm-course/chapter-01", "3h")
    assert js(cli, "next")["hours_left"] == 0.25

    # Done, one unit by its id; then a whole resource by its id: its planned units.
    assert cli("done", "hf-llm-course/chapter-01").returncode == 0
    assert adds_up(cli)["done"] == 1
    res = cli("done", "hf-eval-guidebook")
    assert res.returncode == 0
    assert res.stdout.startswith("hf-eval-guidebook: marking its 5 units in your plan\n")
    overall = adds_up(cli)
    assert overall["done"] == 6
    # Everything else, item by item in plan order, until the plan is complete.
    for _ in range(50):
        nxt = js(cli, "next")
        if nxt is None:
            break
        assert cli("done", nxt["id"]).returncode == 0
        adds_up(cli)
    final = adds_up(cli)
    assert final["done"] == final["total"] and final["hours_left"] == 0
    assert final["hours_logged"] == pytest.approx(3.75)
    assert "Your plan is complete." in cli("next").stdout
    assert js(cli, "next", "--time", "45m") is None


def test_done_and_skip_of_a_resource_say_how_many_and_undo_as_one(cli):
    cli("recommend", "--goal", "concepts", "--depth", "deep", "--yes")
    res = cli("done", "cs224n")
    assert res.stdout.startswith("cs224n: marking its 19 units in your plan (2 in the reading path, 17 in ")
    assert "and 16 more" in res.stdout
    data = js(cli, "status")
    assert data["overall"]["done"] == 19
    undo = cli("undo")
    assert undo.returncode == 0 and "and 16 more" in undo.stdout
    assert js(cli, "status")["overall"]["done"] == 0
    res = cli("skip", "deep-learning-book")
    assert "deep-learning-book: skipping its 4 units in your plan" in res.stdout
    assert js(cli, "status")["overall"]["skipped"] == 4


def test_log_refuses_what_it_cannot_record(cli):
    cli("recommend", "--role", "business-builder", "--yes")
    for args, message in ((("log", "hf-llm-course/chapter-01", "soon"), "DURATION 'soon'"),
                          (("log", "hf-llm-course/chapter-01", "0m"), "from 1 minute"),
                          (("log", "hf-llm-course/chapter-01", "1h", "--date", "2030-01-01"), "has not come yet"),
                          (("log", "hf-llm-course/chapter-01", "1h", "--date", "last week"), "--date 'last week'"),
                          (("log", "no-such-thing", "1h"), "no resource 'no-such-thing'"),
                          (("next", "--time", "a while"), "--time 'a while'")):
        res = cli(*args)
        assert res.returncode != 0 and message in res.stderr and "Traceback" not in res.stderr, args
    assert js(cli, "status")["overall"]["hours_logged"] == 0


def test_log_on_a_whole_resource_goes_to_the_unit_you_are_on(cli):
    cli("recommend", "--role", "business-builder", "--yes")
    res = cli("log", "hf-eval-guidebook", "30m", "--date", "2026-11-20")
    assert res.returncode == 0
    assert "hf-eval-guidebook: logging on its unit hf-eval-guidebook/automatic-benchmarks" in res.stdout


def test_the_real_pace_takes_over_after_two_weeks_of_logged_time(cli):
    cli("recommend", "--goal", "concepts", "--hours-per-week", "5", "--yes")
    cli("log", "hf-llm-course/chapter-01", "1h", "--date", "2026-11-20")
    assert js(cli, "status")["pace"] is None          # three days of record: the given 5 h/week
    assert "at 5 h/week" in cli("status").stdout.lower()
    cli("log", "hf-llm-course/chapter-01", "1h", "--date", "2026-11-02")
    # 2 h over the 22 days from Nov 2 to Nov 23: 0.6 h a week.
    data = js(cli, "status")
    assert data["pace"] == pytest.approx(2 / (22 / 7), abs=0.05)
    out = cli("status").stdout
    assert f"At your pace of {data['pace']:g} h/week over the last 22 days" in out   # not yet 4 weeks


def test_show_json_lists_units(cli):
    data = js(cli, "show", "cs224n")
    assert len(data["units"]) == 19 and data["hours"] == pytest.approx(sum(u["hours"] for u in data["units"]))
    eight = data["units"][7]
    assert set(eight) == {"id", "n", "title", "url", "hours", "kind"}
    assert eight["id"] == "cs224n/lecture-08" and eight["title"] == "Self-Attention and Transformers"
    assert js(cli, "show", "lora")["units"] == []
    # The old slides id follows to the unit.
    assert js(cli, "show", "cs224n-transformers-slides")["id"] == "cs224n/lecture-08"


def test_a_unit_titled_after_its_chapter_does_not_name_it_twice(cli):
    """The code repository's folders are 'ch02' and their titles 'Chapter 2: ...': `show`
    and `next` say 'chapter 2 (3 of 13): Working with Text Data', once."""
    listing = cli("show", "llms-from-scratch-repo").stdout
    assert "chapter 2 (3 of 13): Working with Text Data" in listing
    assert "Chapter 2: Working" not in listing and "appendix A (9 of 13): Introduction to PyTorch" in listing
    assert js(cli, "show", "llms-from-scratch-repo/chapter-02")["title"] == "Chapter 2: Working with Text Data"


def test_unit_title_drops_only_the_place_the_label_already_says():
    from studyguide.catalog.units import unit_heading, unit_title

    assert unit_title("chapter 2 (3 of 13)", "Chapter 2: Working with Text Data") == "Working with Text Data"
    assert unit_title("appendix A (9 of 13)", "Appendix A: Introduction to PyTorch") == "Introduction to PyTorch"
    assert unit_title("chapter 3 (4 of 13)", "Chapter 2: Working") == "Chapter 2: Working"   # not its own
    assert unit_title("chapter 1 of 12", "Chapter 10: Later") == "Chapter 10: Later"      # 1 is not 10
    assert unit_title("chapter 2.1 of 13", "Chapter 2: Overview") == "Chapter 2: Overview"   # 2.1 is not 2
    assert unit_title("lecture 8 of 19", "Self-Attention") == "Self-Attention"
    assert unit_title("chapter 2 of 12", "Chapter 2:") == "Chapter 2:"                     # nothing left
    assert unit_heading(None, "Whole book") == "Whole book"
    assert unit_heading("chapter 2 of 12", "Chapter 2: Text") == "chapter 2 of 12: Text"


def test_a_unit_an_overlay_adds_to_a_planned_resource_joins_the_plan(cli, sandbox_home):
    """The saved plan lists the guidebook's five sections; a teacher's sixth comes in after
    them (not saved: the overlay gone, it is gone), and one to a resource the plan does not
    have stays out."""
    assert cli("recommend", "--goal", "systems", "--depth", "deep").returncode == 0
    before = [i["id"] for i in js(cli, "next", "-n", "300")]
    total = js(cli, "status")["overall"]["total"]
    assert "hf-eval-guidebook/automatic-benchmarks" in before and "lora" not in before
    (sandbox_home / "catalog").mkdir()
    (sandbox_home / "catalog" / "teacher.toml").write_text(
        '[[units]]\nresource = "hf-eval-guidebook"\nkey = "class-extra"\nn = "extra"\n'
        'title = "Our own evaluation exercise"\nhours = 2\n\n'
        '[[units]]\nresource = "lora"\nkey = "appendix"\nn = "A"\ntitle = "Not planned"\n',
        encoding="utf-8")
    after = [i["id"] for i in js(cli, "next", "-n", "300")]
    guide = [i for i in after if i.startswith("hf-eval-guidebook/")]
    assert guide[-1] == "hf-eval-guidebook/class-extra" and len(guide) == 6
    assert after.index("hf-eval-guidebook/class-extra") == after.index(guide[-2]) + 1   # after its siblings
    assert not any(i.startswith("lora") for i in after)
    assert js(cli, "status")["overall"]["total"] == total + 1
    assert cli("done", "hf-eval-guidebook/class-extra").returncode == 0
    (sandbox_home / "catalog" / "teacher.toml").unlink()
    assert [i["id"] for i in js(cli, "next", "-n", "300")] == before


def test_done_on_a_course_planned_across_topics_says_where(cli):
    import re

    assert cli("recommend", "--role", "research-engineer", "--focus", "fine-tuning", "--yes").returncode == 0
    planned = [i for i in js(cli, "next", "-n", "500") if i["resource"] == "mlabonne-llm-course"]
    topics = {i["topic"] for i in planned}
    assert len(topics) > 1                                     # the case: one course, two topics
    said = " ".join(cli("done", "mlabonne-llm-course").stdout.split())
    head = said.split(" done: ")[0]
    assert head.startswith(f"mlabonne-llm-course: marking its {len(planned)} units in your plan (")
    counts = [int(n) for n in re.findall(r"(\d+) in ", head)]
    assert sum(counts) == len(planned) and len(counts) == len(topics)
