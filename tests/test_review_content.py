"""The bundled self-check questions: enough per topic, and every reference resolves."""

from __future__ import annotations

from collections import Counter

import pytest

from studyguide import paths
from studyguide.catalog.build import build_catalog


@pytest.fixture(scope="module")
def catalog():
    # build, not load: no cache written (this fixture runs before the per-test sandbox home)
    return build_catalog([("bundled", paths.bundled_catalog_dir())])


def test_every_topic_has_6_to_12_questions(catalog):
    counts = Counter(q.topic for q in catalog.questions.values())
    assert catalog.topics, "the bundled catalog has topics"
    for topic in catalog.topics:
        assert 6 <= counts[topic] <= 12, f"{topic}: {counts[topic]} questions"


def test_each_question_names_a_known_topic_and_known_resources(catalog):
    for q in catalog.questions.values():
        assert q.topic in catalog.topics, q.id
        assert q.resources, q.id
        for rid in q.resources:
            assert rid in catalog.resources, f"{q.id}: unknown resource {rid}"


def test_questions_have_a_question_and_an_answer(catalog):
    for q in catalog.questions.values():
        assert q.question.strip().endswith("?") or q.question.strip().endswith("."), q.id
        assert len(q.answer.split()) >= 15, f"{q.id}: the answer is too short to teach anything"
        assert q.level in ("intro", "intermediate", "advanced"), q.id
