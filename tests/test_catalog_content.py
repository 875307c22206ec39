"""Invariants of the bundled catalog: the lesson's content is there, in its order, with true facts."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import FIXTURES, ROOT
from studyguide.catalog.model import STAGES
from studyguide.catalog.build import build_catalog

LESSON_TOPICS = ["transformer-internals", "attention-math", "fine-tuning", "gpu-optimization",
                 "benchmarks-evaluation"]
SEMINAR_TOPICS = ["transformer-variants", "pretraining", "multimodal", "efficient-inference",
                  "interpretability", "scaling-laws"]

# "A good learning sequence" from the lesson, as catalog ids, in the lesson's order.
LESSON_SEQUENCES = {
    # The overview is the course's chapter 1, the transformer lecture CS224N's lecture 8,
    # Raschka's material the book's first chapters (issue 15: units).
    "transformer-internals": ["hf-llm-course/chapter-01", "cs224n/lecture-08", "llm-from-scratch-book/chapter-1",
                              "attention-is-all-you-need"],
    "attention-math": ["hf-how-transformers-work", "cs224n/lecture-08",
                       "attention-is-all-you-need", "flashattention"],
    # The evaluation reading path's order holds inside the topic too (issue 17).
    "benchmarks-evaluation": ["helm", "lm-evaluation-harness", "open-llm-leaderboard", "mteb-leaderboard",
                              "lmarena"],
}
# The lesson's "Recommended Reading Paths by Goal", in order.
LESSON_PATHS = {
    # "CS224N selected lectures": the transformer and pretraining lectures.
    "concepts": ["hf-llm-course/chapter-01", "cs224n/lecture-08", "cs224n/lecture-09",
                 "attention-is-all-you-need", "helm"],
    "build": ["llm-from-scratch-book", "llms-from-scratch-repo", "pytorch-tutorials", "lora", "qlora"],
    "systems": ["nvidia-dl-performance-docs", "flashattention", "mlperf-training"],
    "evaluation": ["helm", "lm-evaluation-harness", "open-llm-leaderboard", "mteb-leaderboard", "lmarena"],
}
# Every resource the lesson names, by the topic that names it.
LESSON_NAMES = {
    "transformer-internals": ["llm-from-scratch-book", "deep-learning-book", "cs224n", "hf-llm-course",
                              "attention-is-all-you-need"],
    "attention-math": ["cs224n", "deep-learning-book", "d2l", "hf-how-transformers-work",
                       "attention-is-all-you-need", "flashattention"],
    "fine-tuning": ["llm-from-scratch-book", "llms-from-scratch-repo", "pytorch-tutorials",
                    "hf-transformers-docs", "lora", "qlora"],
    "gpu-optimization": ["nvidia-dl-performance-docs", "nvidia-dl-perf-getting-started",
                         "nvidia-gpu-performance-background", "mlperf-training", "flashattention"],
    "benchmarks-evaluation": ["helm", "helm-paper", "open-llm-leaderboard", "lm-evaluation-harness",
                              "mteb-paper", "mteb-leaderboard", "lmarena", "mlperf-training"],
}


@pytest.fixture(scope="module")
def catalog():
    return build_catalog([("bundled", ROOT / "data")])


# Facts the reference got thin, corrected by issue 17 after checking public sources:
# (id, field) -> the value the catalog carries instead of the reference's.
CORRECTIONS = {
    ("lm-evaluation-harness", "year"): 2021,      # first release: Zenodo v0.0.1, September 2021
    ("captum", "year"): 2019,                     # released October 2019; 2020 is its paper's year
    ("nvidia-dl-performance-docs", "year"): None,  # 2023 was a "last updated" date
    ("zero-paper", "authors"): "Samyam Rajbhandari, Jeff Rasley, Olatunji Ruwase, Yuxiong He",
    ("switch-transformers", "authors"): "William Fedus, Barret Zoph, Noam Shazeer",
    ("mixtral", "authors"): "Albert Q. Jiang, Alexandre Sablayrolles, Antoine Roux et al.",
    ("olmo", "authors"): "Dirk Groeneveld, Iz Beltagy, Pete Walsh et al.",
    ("awq", "authors"): "Ji Lin, Jiaming Tang et al.",
    ("speculative-decoding", "authors"): "Yaniv Leviathan, Matan Kalman, Yossi Matias",
    ("clip", "authors"): "Alec Radford, Jong Wook Kim, Chris Hallacy, Aditya Ramesh, Gabriel Goh, "
                         "Sandhini Agarwal, Girish Sastry, Amanda Askell, Pamela Mishkin, Jack Clark, "
                         "Gretchen Krueger, Ilya Sutskever (OpenAI)",
}


REFERENCE_FILES = ("resources.tsv", "resources-more.tsv", "resources-2026-12.tsv")
# The newest file uses the catalog's own kind words, so its kinds are facts to copy too.
KIND_CHECKED = {"resources-2026-12.tsv"}


def reference_rows() -> dict[str, dict]:
    rows = {}
    for name in REFERENCE_FILES:
        with open(FIXTURES / "reference" / name, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                assert row["id"] not in rows, f"{row['id']} is in two reference files"
                rows[row["id"]] = {**row, "file": name}
    return rows


def test_fixture_copies_are_the_shared_reference():
    # tests/fixtures/reference holds copies so that CI needs no /work/shared; they must not drift.
    shared = ROOT.parent / "shared" / "reference"
    if not shared.is_dir():
        pytest.skip("no shared reference folder beside the repository")
    for name in REFERENCE_FILES:
        assert (FIXTURES / "reference" / name).read_bytes() == (shared / name).read_bytes(), name


def test_all_eleven_topics(catalog):
    assert list(catalog.topics)[:5] == LESSON_TOPICS
    assert set(SEMINAR_TOPICS) <= set(catalog.topics)


def test_size_targets(catalog):
    assert len(catalog.resources) >= 100
    for topic in catalog.topics.values():
        assert len(topic.sequence) >= 8, topic.id


@pytest.mark.parametrize("topic", [*LESSON_TOPICS, *SEMINAR_TOPICS])
def test_sequence_stages_never_go_back(catalog, topic):
    rank = [STAGES.index(catalog.resources[r].stage) for r in catalog.topics[topic].sequence]
    assert rank == sorted(rank), [catalog.resources[r].stage for r in catalog.topics[topic].sequence]


@pytest.mark.parametrize("topic", [*LESSON_TOPICS, *SEMINAR_TOPICS])
def test_each_topic_follows_the_lessons_rule(catalog, topic):
    stages = [catalog.resources[r].stage for r in catalog.topics[topic].sequence]
    assert stages.count("foundation") >= 1
    assert stages.count("practice") >= 1
    assert stages.count("paper") >= 2


@pytest.mark.parametrize("topic,expected", LESSON_SEQUENCES.items())
def test_lesson_sequence_kept_in_order(catalog, topic, expected):
    seq = list(catalog.topics[topic].sequence)
    positions = [seq.index(r) for r in expected]
    assert positions == sorted(positions)


@pytest.mark.parametrize("topic,named", LESSON_NAMES.items())
def test_every_resource_the_lesson_names_is_in_its_topic(catalog, topic, named):
    """Named as the whole resource or as some of its units."""
    seq = catalog.topics[topic].sequence
    assert set(named) <= {catalog.resources[r].parent or r for r in seq}


@pytest.mark.parametrize("goal,path", LESSON_PATHS.items())
def test_reading_paths_exactly_as_the_lesson_lists_them(catalog, goal, path):
    assert list(catalog.goals[goal].path) == path


def test_roles_from_the_lessons_final_advice(catalog):
    assert set(catalog.roles) == {"business-builder", "product-manager", "research-engineer"}
    engineer = {t.topic for t in catalog.roles["research-engineer"].topics}
    assert engineer == set(catalog.topics)
    builder = {t.topic: t.depth for t in catalog.roles["business-builder"].topics}
    assert {"transformer-internals", "benchmarks-evaluation"} <= set(builder)
    pm = {t.topic: t.depth for t in catalog.roles["product-manager"].topics}
    # "A product manager may need benchmark literacy more than GPU kernel knowledge."
    order = ["overview", "practitioner", "deep"]
    assert order.index(pm["benchmarks-evaluation"]) > order.index(pm.get("gpu-optimization", "overview")) \
        or "gpu-optimization" not in pm


def test_prerequisites_the_issue_names(catalog):
    def needs(topic, other):
        seen, stack = set(), list(catalog.topics[topic].prerequisites)
        while stack:
            t = stack.pop()
            seen.add(t)
            stack.extend(catalog.topics[t].prerequisites)
        return other in seen

    assert needs("efficient-inference", "attention-math")
    assert needs("scaling-laws", "transformer-internals")


def test_every_resource_is_used(catalog):
    used = {r for t in catalog.topics.values() for r in t.sequence}
    used |= {r for g in catalog.goals.values() for r in g.path}
    used |= {catalog.resources[r].parent for r in used if catalog.resources[r].parent}
    resources = {r for r, x in catalog.resources.items() if x.parent is None}
    assert resources - used == set()


def test_urls_are_https_and_unique_ids(catalog):
    for r in catalog.resources.values():
        assert r.url.startswith("https://"), r.id
    text = (ROOT / "data" / "resources.toml").read_text(encoding="utf-8")
    ids = re.findall(r'^id = "([^"]+)"', text, flags=re.M)
    assert len(ids) == len(set(ids))


def test_every_reference_resource_is_in_the_catalog_or_explained(catalog):
    left_out = (ROOT / "data" / "LEFT_OUT.md").read_text(encoding="utf-8")
    for rid in reference_rows():
        assert rid in catalog.resources or f"`{rid}`" in left_out, rid
    assert catalog.current_id("cs224n-transformers-slides") == "cs224n/lecture-08"


def test_catalog_facts_match_the_reference(catalog):
    rows = reference_rows()
    checked = 0
    for r in catalog.resources.values():
        row = rows.get(r.id)
        if row is None:
            continue
        checked += 1
        assert r.url == row["url"], r.id
        assert (r.arxiv or "") == row["arxiv_id"], r.id
        assert r.title == row["title"], r.id
        for field, column in (("year", "year"), ("authors", "authors_or_org")):
            expected = CORRECTIONS.get((r.id, field), row[column] or None)
            actual = getattr(r, field)
            assert (str(actual) if actual is not None else None) == \
                (str(expected) if expected is not None else None), (r.id, field)
        if row["file"] in KIND_CHECKED:
            assert r.kind == row["kind"], r.id
    # A row the catalog folded into a study unit: the unit links to the same place.
    for old, new in catalog.renames.items():
        if old in rows and catalog.resources[new].parent:
            checked += 1
            assert catalog.resources[new].url == rows[old]["url"], old
    assert checked == len(rows) >= 152


def test_each_correction_really_differs_from_the_reference():
    rows = reference_rows()
    for (rid, field), value in CORRECTIONS.items():
        column = "authors_or_org" if field == "authors" else field
        assert str(value) != rows[rid][column], (rid, field)


def test_gpu_topic_starts_at_the_lessons_official_starting_point(catalog):
    # The lesson calls the NVIDIA hub "one of the best official starting points".
    seq = catalog.topics["gpu-optimization"].sequence
    assert seq[0] == "nvidia-dl-performance-docs"
    assert catalog.resources[seq[0]].stage == "foundation"


def test_moved_and_retired_resources_say_so(catalog):
    r = catalog.resources
    assert r["open-llm-leaderboard"].status == "archived"
    assert r["nanogpt"].status == "deprecated" and "nanochat" in r["nanogpt"].status_note
    assert r["transformerlens"].status == "moved" and "TransformerLensOrg" in r["transformerlens"].status_note
    assert r["lmarena"].status == "moved"
    assert "seminar" in r["cs25"].why.lower() or "seminar" in (r["cs25"].status_note or "").lower()
    for rid in ("deep-learning-book", "distill-augmented-rnns"):
        text = (r[rid].why + " " + (r[rid].status_note or "")).lower()
        assert "predate" in text or "before the transformer" in text, rid


def test_recent_landmarks_are_present_and_advanced(catalog):
    for rid in ("instructgpt", "dpo", "llama2", "llama3-herd", "mixtral", "mamba", "gqa",
                "speculative-decoding", "toy-models-superposition", "towards-monosemanticity"):
        assert rid in catalog.resources
    for rid in ("dpo", "mamba", "towards-monosemanticity"):
        assert catalog.resources[rid].level == "advanced"


def test_every_topic_has_focus_pitfalls_and_people(catalog):
    for t in catalog.topics.values():
        assert t.focus and t.pitfalls and t.people and t.covers, t.id
        previous = None
        for rid in t.sequence:
            # The next unit of the resource the item before began needs no sentence of its own.
            follows = previous is not None and catalog.resources[rid].parent is not None \
                and catalog.resources[rid].parent == catalog.resources[previous].parent
            assert t.placement.get(rid) or follows, f"{t.id}: no placement sentence for {rid}"
            previous = rid


def test_checklists_from_the_lesson(catalog):
    evaluation = catalog.topics["benchmarks-evaluation"].checklists
    assert evaluation and len(evaluation[0].items) >= 5
    tuning = " ".join(i for c in catalog.topics["fine-tuning"].checklists for i in c.items).lower()
    assert "retrieval" in tuning and "data" in tuning


def test_questions_per_topic(catalog):
    for t in catalog.topics:
        n = sum(1 for q in catalog.questions.values() if q.topic == t)
        assert 10 <= n <= 14, (t, n)
