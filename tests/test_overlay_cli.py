"""Your own catalog from the command line: add, hide, unhide, a teacher's --catalog folder.

Each test runs `python -m studyguide` in a subprocess with its own STUDYGUIDE_HOME.
"""

from __future__ import annotations

import json
import os
import tomllib

import pytest

NOW = {"STUDYGUIDE_NOW": "2026-11-23T09:00:00+00:00"}

TEACHER_RESOURCES = '''
[[resources]]
id = "rag-primer"
title = "Retrieval-Augmented Generation, a Class Primer"
authors = "Dr. Teacher"
kind = "website"
url = "https://class.example.edu/rag-primer"
level = "intro"
stage = "foundation"
hours = 2
free = true
why = "The class's own introduction to retrieval."

[[resources]]
id = "rag-lab"
title = "RAG Lab Notebook"
authors = "Dr. Teacher"
kind = "code"
url = "https://class.example.edu/rag-lab"
level = "intermediate"
stage = "practice"
hours = 4
free = true
why = "Build a small retriever and wire it to a model."
'''
TEACHER_PATHS = '''
[[topics]]
id = "classroom-rag"
title = "Retrieval for our class"
discipline = "applied NLP"
covers = "Retrieval-augmented generation as taught in this class."
sequence = ["rag-primer", "rag-lab"]
prerequisites = ["transformer-internals"]

[[goals]]
id = "teachers-goal"
title = "The class's RAG goal"
description = "What this class expects by the end of term."
main_topic = "classroom-rag"
path = ["rag-primer"]

[[goals.topics]]
topic = "classroom-rag"
'''


@pytest.fixture
def teacher(tmp_path):
    folder = tmp_path / "class-catalog"
    folder.mkdir()
    (folder / "resources.toml").write_text(TEACHER_RESOURCES, encoding="utf-8")
    (folder / "paths.toml").write_text(TEACHER_PATHS, encoding="utf-8")
    return folder


def mine_path() -> str:
    return os.path.join(os.environ["STUDYGUIDE_HOME"], "catalog", "mine.toml")


def read_mine() -> dict:
    with open(mine_path(), "rb") as f:
        return tomllib.load(f)


def json_of(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- add
# An arXiv id the bundled catalog does not have (checked in the test): only its form matters here.
NEW_ARXIV = "2401.00001"


def test_add_an_arxiv_paper_with_id_defaults_and_origin(run_cli):
    bundled_arxiv = [r.get("arxiv") for r in json_of(run_cli("search", "--json"))]
    assert bundled_arxiv and NEW_ARXIV not in bundled_arxiv
    res = run_cli("add", f"https://arxiv.org/pdf/{NEW_ARXIV}v2.pdf", "--title",
                  "Our Reading: Faster Attention!", "--topic", "gpu-optimization")
    assert res.returncode == 0, res.stderr
    assert res.stdout == "our-reading-faster-attention\n"
    entry = read_mine()["resources"][0]
    # arxiv.org is where the paper is, not who wrote it: the authors are not invented.
    assert (entry["arxiv"], entry["year"], entry["kind"], entry["stage"], entry["authors"], entry["why"]) == \
        (NEW_ARXIV, 2024, "paper", "paper", "Unknown (added by you)", "Added by you.")
    assert read_mine()["topic_overrides"] == [{"id": "gpu-optimization",
                                               "append": ["our-reading-faster-attention"]}]
    shown = json_of(run_cli("show", "our-reading-faster-attention", "--json"))
    assert shown["origin"] == f"user: {mine_path()}" and shown["topics"] == ["gpu-optimization"]
    # Same title again: a new, unique id; an id taken by the bundled catalog is never reused.
    again = run_cli("add", "https://example.org/other", "--title", "Our reading: faster attention",
                    "--topic", "attention-math", "--kind", "video", "--hours", "0.5", "--paid")
    assert again.stdout == "our-reading-faster-attention-2\n", again.stderr
    second = read_mine()["resources"][1]
    assert (second["kind"], second["stage"], second["hours"], second["free"], second["authors"]) == \
        ("video", "foundation", 0.5, False, "example.org")
    bundled = run_cli("add", "https://example.org/lora", "--title", "LoRA", "--topic", "fine-tuning")
    assert bundled.stdout == "lora-2\n", bundled.stderr


def test_add_refuses_bad_input_and_never_writes_a_broken_overlay(run_cli):
    cases = [
        (("http://example.org/x", "--title", "X", "--topic", "fine-tuning"), "https://"),
        (("https://example.org/x", "--title", "X", "--topic", "fine-tuning", "--kind", "podcst"),
         "unknown kind 'podcst'"),
        (("https://example.org/x", "--title", "X", "--topic", "fine-tunin"),
         "no topic 'fine-tunin' (did you mean fine-tuning?)"),
        (("https://example.org/x", "--title", "X", "--topic", "fine-tuning", "--hours", "0"), "--hours"),
    ]
    for args, expected in cases:
        res = run_cli("add", *args)
        assert res.returncode == 1, (args, res.stderr)
        assert res.stderr.startswith("error: ") and expected in res.stderr and res.stderr.count("\n") == 1
        assert not os.path.exists(mine_path())
    os.makedirs(os.path.dirname(mine_path()))
    broken = b'[[resources]]\nid = "half-written\n'
    with open(mine_path(), "wb") as f:
        f.write(broken)
    res = run_cli("add", "https://example.org/x", "--title", "X", "--topic", "fine-tuning")
    assert res.returncode == 2 and mine_path() in res.stderr and "Traceback" not in res.stderr
    with open(mine_path(), "rb") as f:
        assert f.read() == broken


def test_add_then_next_finds_the_new_resource_in_a_planned_topic(run_cli):
    assert run_cli("recommend", "--role", "research-engineer", "--depth", "deep", "--yes",
                   env=NOW).returncode == 0
    before = json_of(run_cli("next", "-n", "500", "--json", env=NOW))
    with open(os.path.join(os.environ["STUDYGUIDE_HOME"], "progress.toml"), "rb") as f:
        saved = f.read()
    res = run_cli("add", "https://example.org/team-notes", "--title", "Team attention notes",
                  "--topic", "attention-math", "--kind", "tutorial", env=NOW)
    assert res.returncode == 0 and "in your plan now" in res.stderr, res.stderr
    after = json_of(run_cli("next", "-n", "500", "--json", env=NOW))
    new = [i for i in after if i["id"] == "team-attention-notes"]
    assert len(new) == 1 and new[0]["topic"] == "attention-math"
    assert [i["id"] for i in after if i["id"] != "team-attention-notes"] == [i["id"] for i in before]
    # At its stage: after the topic's last practice item, before its papers.
    stage = {r["id"]: r["stage"] for r in json_of(run_cli("show", "attention-math", "--json"))["sequence"]}
    topic = [i["id"] for i in after if i["topic"] == "attention-math"]
    k = topic.index("team-attention-notes")
    assert stage[topic[k - 1]] == "practice" and stage[topic[k + 1]] == "paper"
    assert new[0]["why"].startswith("Added to this topic by your own catalog")
    with open(os.path.join(os.environ["STUDYGUIDE_HOME"], "progress.toml"), "rb") as f:
        assert f.read() == saved  # the saved plan is not rewritten


# ---------------------------------------------------------------- hide / unhide
def test_hide_and_unhide(run_cli):
    def search_ids():
        return [r["id"] for r in json_of(run_cli("search", "--topic", "fine-tuning", "--json"))]

    assert "lora" in search_ids()
    res = run_cli("hide", "lora")
    assert res.returncode == 0 and res.stdout.startswith("hid lora"), res.stderr
    assert read_mine()["hide"] == ["lora"]
    assert "lora" not in search_ids()
    assert json_of(run_cli("show", "lora", "--json"))["hidden"] is True
    again = run_cli("hide", "lora")
    assert again.returncode == 1 and "already hidden" in again.stderr
    typo = run_cli("hide", "qlroa")
    assert typo.returncode == 1 and "did you mean qlora" in typo.stderr
    res = run_cli("unhide", "lora")
    assert res.returncode == 0 and res.stdout.startswith("unhid lora"), res.stderr
    assert "hide" not in read_mine() and "lora" in search_ids()
    missing = run_cli("unhide", "lora")
    assert missing.returncode == 1 and missing.stderr == "error: lora is not hidden; you have hidden nothing\n"


# ---------------------------------------------------------------- a teacher's catalog
def test_a_teachers_catalog_folder_adds_a_topic_and_a_goal_and_plans_from_it(run_cli, teacher):
    check = run_cli("catalog", "check", str(teacher))
    assert check.returncode == 0 and "valid" in check.stdout, check.stderr
    paths = json_of(run_cli("--catalog", str(teacher), "paths", "--json"))
    assert {"origin": "--catalog", "path": str(teacher), "exists": True,
            "files": ["paths.toml", "resources.toml"]} in paths["catalogs"]
    goal = json_of(run_cli("--catalog", str(teacher), "show", "teachers-goal", "--json"))
    assert goal["origin"] == f"--catalog: {teacher}/paths.toml"
    res = run_cli("--catalog", str(teacher), "recommend", "--goal", "teachers-goal", "--yes", env=NOW)
    assert res.returncode == 0, res.stderr
    nxt = run_cli("--catalog", str(teacher), "next", env=NOW)
    assert nxt.returncode == 0 and nxt.stdout.startswith(
        "Next: Retrieval-Augmented Generation, a Class Primer  [rag-primer]"), nxt.stdout
    items = json_of(run_cli("--catalog", str(teacher), "next", "-n", "100", "--json", env=NOW))
    assert [i["id"] for i in items if i["topic"] == "classroom-rag"] == ["rag-lab"]
    assert run_cli("--catalog", str(teacher), "done", "rag-primer", env=NOW).returncode == 0
    # Without the folder the plan keeps working: its ids are reported and their progress kept.
    plain = run_cli("next", env=NOW)
    assert plain.returncode == 0, plain.stderr
    assert "no longer in the catalog" in plain.stderr and "rag-primer" in plain.stderr
    status = run_cli("status", env=NOW)
    assert "  classroom-rag (not loaded)  " in status.stdout
    lost = run_cli("done", "rag-lab", env=NOW)
    assert lost.returncode == 1 and lost.stderr == (
        "error: 'rag-lab' is in your plan, but no catalog loaded now has it: run the command with the "
        "--catalog folder (or STUDYGUIDE_CATALOG) the plan was made with\n")
    back = json_of(run_cli("--catalog", str(teacher), "status", "--json", env=NOW))
    assert next(t for t in back["topics"] if t["id"] == "reading-path")["done"] == 1


def test_add_to_a_topic_only_a_catalog_folder_defines_is_refused(run_cli, teacher):
    res = run_cli("--catalog", str(teacher), "add", "https://example.org/x", "--title", "X",
                  "--topic", "classroom-rag")
    assert res.returncode == 1 and "needs a --catalog folder" in res.stderr, res.stderr
    assert not os.path.exists(mine_path())


def test_two_overlays_with_the_same_new_id_stop_with_both_files_named(run_cli, teacher, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "more.toml").write_text(TEACHER_RESOURCES.split("[[resources]]")[1].join(["[[resources]]", ""]))
    res = run_cli("--catalog", str(teacher), "topics", env={"STUDYGUIDE_CATALOG": str(other)})
    assert res.returncode == 2
    assert res.stderr.startswith(f"error: {teacher}/resources.toml: resources[0]: id 'rag-primer' is "
                                 f"already defined at {other}/more.toml: resources[0]")
    assert res.stderr.count("\n") == 1


def test_a_broken_overlay_stops_catalog_commands_with_the_fix_but_not_paths(run_cli):
    folder = os.path.join(os.environ["STUDYGUIDE_HOME"], "catalog")
    os.makedirs(folder)
    with open(os.path.join(folder, "team.toml"), "w") as f:
        f.write('[[resource_overrides]]\nid = "lora"\nhours = -1\n'
                '[[topic_overrides]]\nid = "no-such-topic"\ntitle = "x"\n')
    res = run_cli("topics")
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr == (f"error: {folder}/team.toml: resource_overrides[0].hours: Input should be "
                          "greater than 0 (and 1 more problem(s)); see every problem with "
                          f"`studyguide catalog check {folder}` (your own overlay folder)\n")
    paths = run_cli("paths")
    assert paths.returncode == 0 and f"user                 {folder}\n" in paths.stdout
    check = run_cli("catalog", "check", folder)
    assert check.returncode == 1
    assert f"{folder}/team.toml: topic_overrides[0].id: no topic 'no-such-topic'" in check.stderr
    assert check.stderr.endswith("2 problem(s) found.\n")


def test_unhide_repairs_a_hide_list_naming_a_resource_that_is_gone(run_cli):
    os.makedirs(os.path.dirname(mine_path()))
    with open(mine_path(), "w") as f:
        f.write('hide = ["ghost-res"]\n')
    broken = run_cli("topics")
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"error: {mine_path()}: hide[0]: no resource 'ghost-res' to hide")
    fixed = run_cli("unhide", "ghost-res")
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout == "removed ghost-res from your hide list (no catalog in use has it any more)\n"
    assert run_cli("topics").returncode == 0


@pytest.mark.parametrize("command", ["add", "hide", "unhide"])
def test_overlay_commands_have_help_with_an_example(run_cli, command):
    res = run_cli(command, "-h")
    assert res.returncode == 0 and f"Example: studyguide {command} " in res.stdout


def test_a_fifo_or_dangling_link_among_catalog_files_is_reported_never_waited_on(run_cli, tmp_path):
    """A named pipe would block a read for good; a dead link must not pass as 'valid'."""
    folder = tmp_path / "class"
    folder.mkdir()
    os.mkfifo(folder / "team.toml")
    res = run_cli("--catalog", str(folder), "topics", timeout=20)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.startswith(f"error: {folder}/team.toml: is a named pipe (FIFO), not a catalog file")
    res = run_cli("catalog", "check", str(folder / "team.toml"), timeout=20)
    assert res.returncode == 1 and "team.toml: is a named pipe (FIFO), not a catalog file" in res.stderr
    user = os.path.join(os.environ["STUDYGUIDE_HOME"], "catalog")
    os.makedirs(user)
    os.mkfifo(os.path.join(user, "mine.toml"))
    res = run_cli("topics", timeout=20)
    assert res.returncode == 2 and "mine.toml: is a named pipe (FIFO), not a catalog file" in res.stderr
    os.unlink(folder / "team.toml")
    os.symlink(tmp_path / "nowhere.toml", folder / "gone.toml")
    res = run_cli("catalog", "check", str(folder), timeout=20)
    assert res.returncode == 1
    assert f"{folder}/gone.toml: is a symlink to a missing file" in res.stderr


# ---------------------------------------------------------------- audit fixes: add, hide, unhide
def bundled(run_cli, rid: str) -> dict:
    return json_of(run_cli("show", rid, "--json"))


def test_add_refuses_a_link_the_catalog_already_has_and_names_its_id(run_cli):
    """The README's old example duplicated flashattention-2; every link variant is the same resource."""
    fa2 = bundled(run_cli, "flashattention-2")
    lora = bundled(run_cli, "lora")
    assert fa2["arxiv"] and lora["arxiv"] and "gpu-optimization" in fa2["topics"]
    cases = [
        # the same topic: nothing to do but look at it
        ((f"https://arxiv.org/abs/{fa2['arxiv']}v2", "gpu-optimization"),
         "is already in the catalog as flashattention-2 (bundled); it is in gpu-optimization already "
         "(`studyguide show flashattention-2`)"),
        # another topic: the real way to list it there
        ((f"https://arxiv.org/pdf/{lora['arxiv']}.pdf", "attention-math"),
         'is already in the catalog as lora (bundled); to list it in attention-math too, put '
         '[[topic_overrides]] with id = "attention-math" and append = ["lora"] in a .toml file'),
        ((f"HTTPS://WWW.ArXiv.org/html/{lora['arxiv']}v1/", "fine-tuning"), "as lora (bundled)"),
    ]
    for (url, topic), expected in cases:
        for _ in range(2):  # running it again changes nothing either
            res = run_cli("add", url, "--title", "Anything", "--topic", topic)
            assert res.returncode == 1, res
            shown = "https://" + url[len("https://"):]  # the scheme as the catalog writes it
            assert res.stderr.startswith(f"error: {shown} ") and expected in res.stderr, res.stderr
            assert res.stderr.count("\n") == 1 and res.stdout == ""
        assert not os.path.exists(mine_path())
    # A non-arXiv link: host case, www. and a trailing slash do not make it new.
    repo = next(r for r in json_of(run_cli("search", "--json")) if r["url"].startswith("https://github.com/"))
    variant = repo["url"].replace("https://github.com/", "https://WWW.GitHub.com/").rstrip("/") + "/"
    res = run_cli("add", variant, "--title", "Anything", "--topic", "fine-tuning")
    assert res.returncode == 1 and f"already in the catalog as {repo['id']} (bundled" in res.stderr, res.stderr
    # Your own additions count too, and a hidden one says how to show it again.
    assert run_cli("add", "https://example.org/notes", "--title", "Notes", "--topic", "fine-tuning").returncode == 0
    assert run_cli("hide", "notes").returncode == 0
    res = run_cli("add", "https://Example.org/notes/", "--title", "Notes again", "--topic", "fine-tuning")
    assert res.returncode == 1 and res.stderr == (
        f"error: https://Example.org/notes/ is already in the catalog as notes (user: {mine_path()}; "
        "hidden: `studyguide unhide notes` shows it again); it is in fine-tuning already "
        "(`studyguide show notes`)\n")
    assert [r["id"] for r in read_mine()["resources"]] == ["notes"]


def test_a_code_base_that_cites_a_paper_does_not_make_the_paper_a_duplicate(run_cli, tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "code.toml").write_text(f'''
[[resources]]
id = "team-repo"
title = "Our repo"
authors = "Our team"
kind = "code"
url = "https://example.org/team-repo"
arxiv = "{NEW_ARXIV}"
level = "intro"
stage = "practice"
hours = 1
free = true
why = "Ours."
''', encoding="utf-8")
    env = {"STUDYGUIDE_CATALOG": str(folder)}
    res = run_cli("add", f"https://arxiv.org/abs/{NEW_ARXIV}", "--title", "The paper", "--topic",
                  "fine-tuning", env=env)
    assert res.returncode == 0 and res.stdout == "the-paper\n", res.stderr
    again = run_cli("add", f"https://arxiv.org/abs/{NEW_ARXIV}v3", "--title", "The paper", "--topic",
                    "fine-tuning", env=env)
    assert again.returncode == 1 and "already in the catalog as the-paper (user: " in again.stderr


def test_the_documented_add_examples_add_new_resources(run_cli):
    """The documented (docs/overlays.md) and `add -h` examples must not add a copy of a bundled resource."""
    import re
    import shlex

    from conftest import ROOT

    readme = (ROOT / "docs" / "overlays.md").read_text(encoding="utf-8")   # moved from the README
    block = readme.split("## Add, remove, hide and unhide from the command line", 1)[1].split("```")[1]
    commands = [shlex.split(c) for c in block.replace("\\\n", " ").splitlines()
                if c.startswith("studyguide add ")]
    help_text = run_cli("add", "-h").stdout
    example = re.search(r"Example: (studyguide add .*?)(?:\n\s*\n|\Z)", help_text, re.S).group(1)
    commands.append(shlex.split(" ".join(example.split())))  # the help wraps long lines
    assert len(commands) == 3
    for argv in commands:
        res = run_cli(*argv[1:])
        assert res.returncode == 0, (argv, res.stderr)
    assert len(read_mine()["resources"]) == 3


def test_add_arxiv_authors_are_unknown_unless_given(run_cli):
    res = run_cli("add", f"https://export.arxiv.org/abs/{NEW_ARXIV}", "--title", "P", "--topic", "fine-tuning")
    assert res.returncode == 0, res.stderr
    assert read_mine()["resources"][0]["authors"] == "Unknown (added by you)"
    shown = bundled(run_cli, "p")
    assert shown["authors"] != "arxiv.org" and shown["authors"] == "Unknown (added by you)"
    given = run_cli("add", "https://arxiv.org/abs/2401.00002", "--title", "Q", "--topic", "fine-tuning",
                    "--authors", "A. Person")
    assert given.returncode == 0 and read_mine()["resources"][1]["authors"] == "A. Person"


def test_add_old_style_arxiv_links_are_papers_with_their_year(run_cli):
    res = run_cli("add", "https://arxiv.org/abs/hep-th/9901001v2", "--title", "Old style", "--topic",
                  "fine-tuning")
    assert res.returncode == 0 and res.stdout == "old-style\n", res.stderr
    assert "arXiv hep-th/9901001" in res.stderr.splitlines()[0]
    entry = read_mine()["resources"][0]
    assert (entry["kind"], entry["stage"], entry["year"], entry["authors"]) == \
        ("paper", "paper", 1999, "Unknown (added by you)")
    # The same paper by another link, and with a subject class, is the same resource.
    for url in ("https://arxiv.org/pdf/hep-th/9901001.pdf", "https://arxiv.org/abs/hep-th.XX/9901001"):
        dup = run_cli("add", url, "--title", "Again", "--topic", "fine-tuning")
        assert dup.returncode == 1 and "already in the catalog as old-style" in dup.stderr, (url, dup.stderr)


def test_arxiv_ids_and_url_keys():
    from studyguide.catalog import links, overlay

    assert links.arxiv_id("https://arxiv.org/abs/hep-th/9901001") == "hep-th/9901001"
    assert links.arxiv_id("https://arxiv.org/abs/math.AG/0601001v2") == "math/0601001"
    assert links.arxiv_id("https://arxiv.org/pdf/cond-mat/0102536v1.pdf") == "cond-mat/0102536"
    assert links.arxiv_id("https://ArXiv.org/html/2401.00001v4") == "2401.00001"
    assert links.arxiv_id("https://example.org/abs/2401.00001") is None
    assert [overlay.arxiv_year(a) for a in ("hep-th/9901001", "math/0601001", "0704.0001", "2401.00001")] == \
        [1999, 2006, 2007, 2024]
    same = ["https://Example.org/a/", "https://www.example.org/a", "https://example.org:443/a"]
    assert {links.url_key(u) for u in same} == {"example.org/a"}
    assert links.url_key("https://example.org/a?x=1") != links.url_key("https://example.org/a")
    assert links.url_key("https://example.org/A") != links.url_key("https://example.org/a")
    data = {"resources": [{"id": "mine", "url": "https://arxiv.org/abs/2401.00001", "kind": "paper"}]}
    assert overlay.existing_in(data, "https://arxiv.org/pdf/2401.00001v2.pdf") == "mine"
    assert overlay.existing_in(data, "https://arxiv.org/abs/2401.00002") is None


@pytest.mark.parametrize("typed, address", [
    ("2307.08691", "https://arxiv.org/abs/2307.08691"),
    ("arXiv:2307.08691v2", "https://arxiv.org/abs/2307.08691v2"),
    ("hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001"),
    ("arxiv.org/abs/2307.08691", "https://arxiv.org/abs/2307.08691"),
    ("http://example.org/x", "https://example.org/x"),
])
def test_add_a_link_without_https_suggests_the_exact_address(run_cli, typed, address):
    res = run_cli("add", typed, "--title", "X", "--topic", "fine-tuning")
    assert res.returncode == 1 and res.stderr.count("\n") == 1
    assert res.stderr.rstrip("\n").endswith(f": {address}"), res.stderr
    assert not os.path.exists(mine_path())


def test_unhide_and_hide_name_the_overlay_that_hides_it(run_cli, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    team = folder / "team.toml"
    team.write_text('hide = ["lora"]\n', encoding="utf-8")
    res = run_cli("--catalog", str(folder), "unhide", "lora")
    assert res.returncode == 1 and res.stderr == (
        f"error: lora is hidden by {team}, not by your overlay ({mine_path()}): "
        "remove it from the hide list there\n")
    env = {"STUDYGUIDE_CATALOG": str(folder)}
    res = run_cli("unhide", "lora", env=env)
    assert res.returncode == 1 and f"hidden by {team}," in res.stderr
    res = run_cli("hide", "lora", env=env)
    assert res.returncode == 1 and res.stderr == (
        f"error: lora is already hidden by {team}; remove it from the hide list there to show it again\n")
    # Hidden by both: unhide removes yours and says which file still hides it.
    assert run_cli("hide", "lora").returncode == 0
    res = run_cli("unhide", "lora", env=env)
    assert res.returncode == 0 and " ".join(res.stdout.split()) == (   # wrapped to the width
        f"removed lora from your hide list, but it stays hidden by {team}: "
        "remove it from the hide list there too"), res.stderr
    assert "hide" not in read_mine()


@pytest.mark.parametrize("blocker", ["catalog", ""])
def test_an_overlay_folder_that_is_a_file_says_to_move_it_aside(run_cli, tmp_path, blocker):
    home = os.environ["STUDYGUIDE_HOME"]
    if blocker:
        os.makedirs(home)
    path = os.path.join(home, blocker) if blocker else home
    with open(path, "w") as f:
        f.write("not a folder\n")
    for args in (("add", "https://example.org/x", "--title", "X", "--topic", "fine-tuning"), ("hide", "lora")):
        res = run_cli(*args)
        assert res.returncode == 3 and res.stderr.count("\n") == 1, res.stderr
        assert res.stderr.startswith(f"error: {path.rstrip('/')} is a file, not a folder")
        assert f"move the file aside (`mv {path.rstrip('/')} {path.rstrip('/')}.old`)" in res.stderr
        assert res.stderr.endswith("nothing was saved\n")
        with open(path) as f:
            assert f.read() == "not a folder\n"


def test_add_usage_names_its_argument():
    from typer.testing import CliRunner

    from studyguide.cli.app import app
    import studyguide.cli.main  # noqa: F401  (registers the commands)

    usage = CliRunner().invoke(app, ["add", "-h"]).stdout.splitlines()[0]
    assert "URL" in usage and "{url}" not in usage, usage


def test_show_names_the_overrides_that_changed_a_resource_or_topic(run_cli, tmp_path):
    folder = tmp_path / "tweaks"
    folder.mkdir()
    (folder / "o.toml").write_text('[[resource_overrides]]\nid = "lora"\nhours = 7\n\n'
                                   '[[topic_overrides]]\nid = "fine-tuning"\nappend = ["vllm"]\n')
    lora = json_of(run_cli("--catalog", str(folder), "show", "lora", "--json"))
    assert lora["hours"] == 7 and lora["origin"] == "bundled"
    assert lora["changed_by"] == [f"{folder}/o.toml: resource_overrides[0]"]
    shown = " ".join(run_cli("--catalog", str(folder), "show", "lora").stdout.split())   # long paths wrap
    assert f"changed by {folder}/o.toml: resource_overrides[0]" in shown
    topic = json_of(run_cli("--catalog", str(folder), "show", "fine-tuning", "--json"))
    assert topic["changed_by"] == [f"{folder}/o.toml: topic_overrides[0]"]
    assert json_of(run_cli("show", "lora", "--json"))["changed_by"] == []      # without the folder
