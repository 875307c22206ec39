"""The bundled self-check questions: enough per topic, every reference resolves, and the
corrections of the content audit (issue 17) stay corrected."""

from __future__ import annotations

from collections import Counter

import pytest

from studyguide import paths
from studyguide.catalog.build import build_catalog

MIN_PER_TOPIC, MAX_PER_TOPIC = 10, 14


@pytest.fixture(scope="module")
def catalog():
    # build, not load: no cache written (this fixture runs before the per-test sandbox home)
    return build_catalog([("bundled", paths.bundled_catalog_dir())])


@pytest.fixture(scope="module")
def questions(catalog):
    return catalog.questions


def cited_by(questions, rid: str) -> list[str]:
    return [q.id for q in questions.values() if rid in q.resources]


def test_every_topic_has_10_to_14_questions(catalog):
    counts = Counter(q.topic for q in catalog.questions.values())
    assert catalog.topics, "the bundled catalog has topics"
    for topic in catalog.topics:
        assert MIN_PER_TOPIC <= counts[topic] <= MAX_PER_TOPIC, f"{topic}: {counts[topic]} questions"


def test_each_question_names_a_known_topic_and_known_resources(catalog):
    for q in catalog.questions.values():
        assert q.topic in catalog.topics, q.id
        assert q.resources, q.id
        assert len(set(q.resources)) == len(q.resources), f"{q.id}: a resource cited twice"
        for rid in q.resources:
            assert rid in catalog.resources, f"{q.id}: unknown resource {rid}"


def test_each_question_cites_something_its_topic_teaches(catalog):
    # a learner who works through the topic's sequence has met a source for every answer
    for q in catalog.questions.values():
        sequence = set(catalog.topics[q.topic].sequence)
        # a unit in the sequence (issue 15: `llm-from-scratch-book/chapter-2`) meets its resource
        met = sequence | {catalog.resources[r].parent for r in sequence} - {None}
        assert met & set(q.resources), f"{q.id}: none of {q.resources} is in {q.topic}'s sequence"


def test_questions_have_a_question_and_an_answer(catalog):
    for q in catalog.questions.values():
        assert q.question.strip().endswith("?") or q.question.strip().endswith("."), q.id
        assert len(q.answer.split()) >= 15, f"{q.id}: the answer is too short to teach anything"
        assert q.level in ("intro", "intermediate", "advanced"), q.id


def test_every_topic_has_questions_at_each_step_up(catalog):
    # a learner at any level finds something: no topic is all-intro or all-advanced
    for topic in catalog.topics:
        levels = {q.level for q in catalog.questions.values() if q.topic == topic}
        assert len(levels) >= 2, f"{topic}: only {levels}"


# What the new resources of 2026-12 teach has questions of its own (issue 17, "Questions").
NEW_CAPABILITIES = {
    "pruning": {"sparsegpt", "wanda-pruning"},
    "saliency and attribution": {"sanity-checks-saliency", "integrated-gradients"},
    "emergence": {"emergent-abilities"},
    "the mirage critique of emergence": {"emergence-mirage"},
    "retrieval versus fine-tuning": {"retrieval-augmented-generation"},
    "mixed precision": {"mixed-precision-training"},
    "model parallelism": {"megatron-lm", "megatron-lm-3d-parallelism"},
    "audio": {"whisper"},
}


@pytest.mark.parametrize("capability", sorted(NEW_CAPABILITIES))
def test_new_capabilities_are_asked_about(questions, capability):
    teachers = NEW_CAPABILITIES[capability]
    asking = [q.id for q in questions.values() if teachers & set(q.resources)]
    assert asking, f"no question on {capability} cites any of {sorted(teachers)}"


# The post's sections: basics, positional encodings (RoPE), longer context, recurrence,
# adaptive modelling, efficient attention, RL. It teaches none of these answers.
NOT_IN_TRANSFORMER_FAMILY_POST = [
    "transformer-variants-modern-decoder", "transformer-variants-mixture-of-experts",
    "transformer-variants-mamba", "efficient-inference-kv-cache",
    "efficient-inference-speculative-decoding",
]

RECITED = {
    "transformer-variants-modern-decoder": "llama2",
    "transformer-variants-mixture-of-experts": "switch-transformers",
    "transformer-variants-mamba": "mamba",
    "efficient-inference-kv-cache": "how-to-scale-your-model",
    "efficient-inference-speculative-decoding": "speculative-decoding",
    "fine-tuning-prompting-plus-retrieval": "retrieval-augmented-generation",
    "scaling-laws-power-laws": "kaplan-scaling-laws",
    "multimodal-vit-patches": "vit",
    "scaling-laws-why-kaplan-chinchilla-differ": "compute-optimal-discrepancies",
}


@pytest.mark.parametrize("qid", NOT_IN_TRANSFORMER_FAMILY_POST)
def test_questions_do_not_cite_the_transformer_family_post_for_what_it_lacks(questions, qid):
    assert "lilianweng-transformer-family-v2" not in questions[qid].resources


@pytest.mark.parametrize("qid", sorted(RECITED))
def test_corrected_questions_cite_the_source_that_teaches_them(questions, qid):
    assert RECITED[qid] in questions[qid].resources


def test_cs25_is_not_cited_for_facts(questions):
    # its talks change every year: a fact cited to it cannot be checked next year
    assert cited_by(questions, "cs25") == []


def test_sft_chapter_is_not_the_source_for_retrieval(questions):
    q = questions["fine-tuning-prompting-plus-retrieval"]
    assert "hf-llm-course-sft" not in q.resources
    assert "rule of thumb" in q.answer


def answer(questions, qid: str) -> str:
    return questions[qid].answer.lower()


def test_flashattention_is_exact_up_to_rounding(questions):
    for qid in ("gpu-optimization-flashattention", "attention-math-exact-vs-approximate"):
        text = answer(questions, qid)
        assert "exact" in text and "rounding" in text, qid
        assert "exactly the same result" not in text, qid
        assert "online softmax" in text and "recomput" in text, qid


def test_zero_stages_communication_is_stated_precisely(questions):
    text = answer(questions, "gpu-optimization-training-memory")
    assert "stages 1 and 2" in text and "same volume" in text
    assert "1.5 times" in text


def test_dpo_names_its_frozen_reference_model(questions):
    assert "frozen reference model" in answer(questions, "fine-tuning-rlhf-vs-dpo")


def test_kaplan_chinchilla_gap_names_the_later_explanation(questions):
    text = answer(questions, "scaling-laws-why-kaplan-chinchilla-differ")
    assert "2406.19146" in text
    for factor in ("last layer", "warm-up", "optimiser"):
        assert factor in text, factor


def test_saliency_checks_randomise_model_and_labels_not_inputs(questions):
    text = answer(questions, "interpretability-saliency-sanity-checks")
    assert "labels" in text and "weights" in text
    assert "inputs are never randomised" in text


def test_lora_separates_parameter_savings_from_memory_savings(questions):
    text = answer(questions, "fine-tuning-lora-mechanism")
    assert "parameters" in text and "memory" in text and "3 times" in text
