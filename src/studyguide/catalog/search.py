"""Ranked search over the catalog: pure, so tests and the CLI share it."""

from __future__ import annotations

import re

from studyguide.catalog.model import Catalog, Resource

# Where a word is found, and how much that counts.
WEIGHTS = (("id", 6), ("title", 5), ("arxiv", 5), ("authors", 3), ("why", 1), ("status_note", 1),
           ("topics", 1))   # the titles of the topics it belongs to: `scaling laws` finds Chinchilla


# Letters NFKD does not split into a base letter and an accent.
_UNSPLIT = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str) -> str:
    """Casefolded, accents dropped: `lukasz` finds Łukasz, `schutze` finds Schütze."""
    import unicodedata

    text = text.casefold().translate(_UNSPLIT)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w.+-]+", fold(text)) if w and re.search(r"\w", w)]


def search(catalog: Catalog, text: str | None = None, *, kind: str | None = None,
           topic: str | None = None, level: str | None = None, free: bool = False) -> list[Resource]:
    """Resources matching every filter and every word of `text`, best first.

    Without text, the filtered resources in catalog order (topic order for --topic).
    """
    # Resources only: units are listed under `show RESOURCE`, and a topic that names
    # some units of a resource finds the resource.
    if topic is not None:
        seq = catalog.visible_sequence(catalog.topics[topic])
        pool = list({(catalog.resources.get(r.parent or "") or r).id: catalog.resources.get(r.parent or "") or r
                     for r in seq}.values())
    else:
        pool = [r for r in catalog.resources.values()
                if r.id not in catalog.hidden and r.parent is None]
    pool = [r for r in pool if (kind is None or r.kind == kind)
            and (level is None or r.level == level) and (not free or r.free)]
    words = _words(text or "")
    if not words:
        # Text with nothing to match (only punctuation) matches nothing, not everything.
        return pool if not (text or "").strip() else []
    topic_titles: dict[str, list[str]] = {}
    for t in catalog.topics.values():
        for rid in t.sequence:
            owner = rid.split("/", 1)[0]
            if t.title not in topic_titles.get(owner, ()):
                topic_titles.setdefault(owner, []).append(t.title)
    scored = []
    for order, r in enumerate(pool):
        fields = {name: fold(getattr(r, name) or "") for name, _ in WEIGHTS if name != "topics"}
        fields["topics"] = fold(" / ".join(topic_titles.get(r.id, ())))
        total = 0
        for word in words:
            best = 0
            for name, weight in WEIGHTS:
                value = fields[name]
                if word in value:
                    # A whole-word hit counts double a substring hit.
                    whole = re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", value) is not None
                    best = max(best, weight * (2 if whole else 1))
            if best == 0:
                break
            total += best
        else:
            query = " ".join(words)
            if query in (r.id, fields["title"], (r.arxiv or "")):
                total += 100  # the thing itself beats everything that mentions it
            scored.append((-total, order, r))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [r for _, _, r in scored]
