"""The seminar's capability card (seeds/004): every capability is taught by at least two resources
that a learner meets in some topic's sequence, and whose own text says they teach it."""

from __future__ import annotations

import pytest

from conftest import ROOT
from studyguide.catalog.build import build_catalog

# capability -> (resources that teach it, words one of which each resource's why or placement uses).
# Parts of one card entry are listed apart ("multimodal: audio"), so that each part needs its own two.
CAPABILITIES = {
    "transformer fundamentals": (
        ["attention-is-all-you-need", "cs224n/lecture-08", "llm-from-scratch-book", "slp3-draft"],
        ("attention", "transformer")),
    "taxonomy of transformer variants": (
        ["efficient-transformers-survey", "hands-on-llms-book", "lilianweng-transformer-family-v2", "t5"],
        ("taxonomy", "survey", "representation models", "architectures")),
    "attention visualisation": (
        ["bertviz", "transformer-explainer", "what-does-bert-look-at"],
        ("visualis", "attention pattern", "heads")),
    "pre-training and fine-tuning strategy": (
        ["stanford-cs336", "hf-course-fine-tuning", "t5", "roberta", "gpt1", "flan"],
        ("pretrain", "fine-tun", "instruction")),
    "multimodal: images": (
        ["vit", "clip", "llava", "blip-2", "siglip"],
        ("image",)),
    "multimodal: audio": (
        ["whisper", "slp3-draft", "llama3-herd"],
        ("audio", "speech")),
    "efficient inference: quantisation": (
        ["llm-int8", "gptq", "awq", "smoothquant", "qlora"],
        ("quantis", "8-bit", "4-bit", "bits")),
    "efficient inference: pruning": (
        ["sparsegpt", "wanda-pruning", "lilianweng-inference-optimization"],
        ("prun",)),
    "efficient inference: distillation": (
        ["knowledge-distillation", "distilbert", "lilianweng-inference-optimization"],
        ("distil",)),
    "efficient inference: efficient attention": (
        ["flashattention", "flashattention-2", "longformer", "linformer", "performer", "efficient-transformers-survey"],
        ("attention",)),
    "efficient inference: batching and caching": (
        ["vllm-pagedattention", "vllm", "how-to-scale-your-model", "scaling-transformer-inference",
         "multi-query-attention", "gqa"],
        ("cache", "batch", "key-value", "decoding")),
    "interpretability: attention": (
        ["bertviz", "what-does-bert-look-at", "attention-not-explanation"],
        ("attention",)),
    "interpretability: probing": (
        ["structural-probe", "probes-control-tasks"],
        ("prob",)),
    "interpretability: attribution": (
        ["captum", "integrated-gradients", "sanity-checks-saliency"],
        ("attribution", "saliency")),
    "interpretability: mechanistic": (
        ["transformer-circuits-framework", "induction-heads", "ioi-circuit", "zoom-in-circuits", "transformerlens",
         "towards-monosemanticity"],
        ("circuit", "mechanistic", "features")),
    "scaling laws": (
        ["kaplan-scaling-laws", "chinchilla", "compute-optimal-discrepancies", "data-constrained-scaling"],
        ("scaling", "compute-optimal", "power law")),
    "scaling laws: emergence": (
        ["emergent-abilities", "emergence-mirage", "big-bench"],
        ("emergent", "emergence", "jump")),
}


@pytest.fixture(scope="module")
def catalog():
    return build_catalog([("bundled", ROOT / "data")])


def test_the_card_is_covered_whole():
    # The eight entries of the card, with the parts the seminar names inside them.
    names = set(CAPABILITIES)
    for part in ("images", "audio"):
        assert f"multimodal: {part}" in names
    for part in ("quantisation", "pruning", "distillation", "efficient attention", "batching and caching"):
        assert f"efficient inference: {part}" in names
    for part in ("attention", "probing", "attribution", "mechanistic"):
        assert f"interpretability: {part}" in names
    assert {"transformer fundamentals", "taxonomy of transformer variants", "attention visualisation",
            "pre-training and fine-tuning strategy", "scaling laws", "scaling laws: emergence"} <= names


@pytest.mark.parametrize("capability", CAPABILITIES)
def test_each_capability_is_taught_by_two_resources_in_the_sequences(catalog, capability):
    teachers, words = CAPABILITIES[capability]
    assert len(set(teachers)) >= 2
    placements: dict[str, list[str]] = {}
    for topic in catalog.topics.values():
        for rid in topic.sequence:
            placements.setdefault(rid, []).append(topic.placement.get(rid, ""))
            parent = catalog.resources[rid].parent   # a unit teaches for its resource too
            if parent:
                placements.setdefault(parent, []).append(topic.placement.get(rid, ""))
    for rid in teachers:
        assert rid in catalog.resources, f"{capability}: {rid} is not in the catalog"
        assert rid in placements, f"{capability}: {rid} is in no topic's sequence"
        text = " ".join([catalog.resources[rid].why, *placements[rid]]).lower()
        assert any(w in text for w in words), f"{capability}: {rid}'s texts never mention {words}"
