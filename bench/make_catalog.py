"""Generate a large, valid catalog overlay and a matching progress file for the benchmark.

    python bench/make_catalog.py OUT [--resources 10000] [--topics 200] [--progress 5000]
    python bench/make_catalog.py --records-into PROGRESS_TOML


writes OUT/catalog/{resources,topics,paths}.toml (an overlay: its ids never clash with the
bundled catalog) and OUT/progress.toml (5,000 item entries and a full undo history, no plan:
the benchmark saves one with `studyguide recommend --goal bench-all --yes`), with a year of
daily study in its record (RECORD_DAYS days of entries). --records-into adds that year to
an existing progress file (the bundled-catalog home).

Deterministic: the same arguments give the same bytes. Only the standard library and
tomli-w (a studyguide dependency) are used.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import tomli_w

GOAL_ID = "bench-all"
KINDS = ("book", "course", "lecture", "video", "docs", "tutorial", "website", "paper", "code")
LEVELS = ("intro", "intermediate", "advanced")
# Per 50 items: 20 foundations, 15 practice sources, 10 papers, 5 references.
STAGE_SHARE = (("foundation", 0.4), ("practice", 0.3), ("paper", 0.2), ("reference", 0.1))
WORDS = ("attention softmax gradient tensor kernel memory bandwidth throughput latency batch "
         "token embedding residual normalisation optimiser schedule quantisation adapter rank "
         "benchmark evaluation dataset scaling parallelism pipeline shard checkpoint cache "
         "sequence position rotary decoder encoder layer head projection vocabulary").split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _stage_for(k: int, per_topic: int) -> str:
    edge = 0.0
    for stage, share in STAGE_SHARE:
        edge += share
        if k < round(edge * per_topic):
            return stage
    return "reference"


def make(out: Path, resources: int = 10_000, topics: int = 200, progress: int = 5_000,
         seed: int = 7) -> dict:
    """Write the catalog folder and progress file; return a summary (ids the bench uses)."""
    rng = random.Random(seed)
    catalog_dir = out / "catalog"
    catalog_dir.mkdir(parents=True, exist_ok=True)
    per_topic = resources // topics
    topic_ids = [f"bench-t{t:03d}" for t in range(topics)]
    res_rows, topic_rows, by_topic = [], [], []
    n = 0
    for t, tid in enumerate(topic_ids):
        count = per_topic + (1 if t < resources % topics else 0)
        ids = []
        for k in range(count):
            stage = _stage_for(k, count)
            rid = f"bench-r{n:05d}"
            n += 1
            kind = "paper" if stage == "paper" else ("benchmark" if stage == "reference"
                                                    else rng.choice(KINDS[:7] + ("code",)))
            row = {"id": rid, "title": f"Bench resource {n} on {rng.choice(WORDS)} {rng.choice(WORDS)}",
                   "authors": f"Author {rng.randint(1, 999)} and Author {rng.randint(1, 999)}",
                   "year": rng.randint(2000, 2026), "kind": kind,
                   "url": f"https://example.org/bench/{rid}", "level": rng.choice(LEVELS),
                   "stage": stage, "hours": rng.choice((0.5, 1, 2, 3, 5, 8, 12, 20)),
                   "free": rng.random() < 0.8, "why": _sentence(rng, rng.randint(25, 45))}
            if stage == "paper":
                row["arxiv"] = f"{rng.randint(1500, 2512):04d}.{rng.randint(10000, 99999)}"
            if rng.random() < 0.02:
                row["status"] = "archived"
                row["status_note"] = _sentence(rng, 8)
            res_rows.append(row)
            ids.append(rid)
        by_topic.append(ids)
        prereqs = [topic_ids[t - 1]] if t else []
        if t >= 10 and t % 5 == 0:
            prereqs.append(topic_ids[t - 10])
        topic_rows.append({
            "id": tid, "title": f"Bench topic {t}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
            "discipline": rng.choice(WORDS), "covers": _sentence(rng, 40), "sequence": ids,
            "prerequisites": prereqs,
            "focus": [_sentence(rng, 10) for _ in range(4)],
            "pitfalls": [_sentence(rng, 18) for _ in range(3)],
            "people": [{"name": f"Person {t}-{i}", "why": _sentence(rng, 12)} for i in range(2)],
            "checklists": [{"title": "Before you move on", "items": [_sentence(rng, 8) for _ in range(4)]}],
            "placement": {ids[0]: _sentence(rng, 20), ids[-1]: _sentence(rng, 20)},
        })
    main_topic = topic_ids[topics // 2]
    goal = {"id": GOAL_ID, "title": "Benchmark: every generated topic",
            "description": "A generated goal that covers every generated topic, for the benchmark.",
            "main_topic": main_topic, "path": [by_topic[topics // 2][0], by_topic[-1][0]],
            "topics": [{"topic": tid} for tid in topic_ids]}

    (catalog_dir / "resources.toml").write_bytes(tomli_w.dumps({"resources": res_rows}).encode())
    (catalog_dir / "topics.toml").write_bytes(tomli_w.dumps({"topics": topic_rows}).encode())
    (catalog_dir / "paths.toml").write_bytes(tomli_w.dumps({"goals": [goal]}).encode())

    # Progress: the first topics' items mostly done (so `next` walks far into the plan),
    # some skipped, some todo with a note, a handful in progress.
    base = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    items: dict[str, dict] = {}
    all_ids = [r["id"] for r in res_rows]
    for i, rid in enumerate(all_ids[:progress]):
        at = base + timedelta(hours=i)
        roll = rng.random()
        if roll < 0.80:
            items[rid] = {"status": "done", "started": at, "finished": at + timedelta(hours=2),
                          "spent_hours": float(rng.choice((0.5, 1, 2, 3)))}
        elif roll < 0.90:
            items[rid] = {"status": "skipped", "skip_reason": "already know it"}
        elif roll < 0.999:
            items[rid] = {"status": "todo", "note": _sentence(rng, 12)}
        else:
            items[rid] = {"status": "in-progress", "started": at}
    history = [{"action": f"done {rid}", "at": base + timedelta(days=k), "absent": [rid]}
               for k, rid in enumerate(all_ids[:50])]
    progress_doc = {"schema_version": 1, "items": items, "history": history,
                    "log": year_of_records(all_ids[:progress], rng)}
    (out / "progress.toml").write_bytes(tomli_w.dumps(progress_doc).encode())
    return {"catalog": str(catalog_dir), "progress": str(out / "progress.toml"), "goal": GOAL_ID,
            "resources": len(res_rows), "topics": len(topic_rows), "progress_entries": len(items)}


RECORD_DAYS = 365
RECORD_END = date(2026, 12, 31)


def year_of_records(ids: list[str], rng: random.Random) -> list[str]:
    """A year of daily study as record lines: most days a log, a done, three reviews."""
    lines = []
    for k in range(RECORD_DAYS):
        day = (RECORD_END - timedelta(days=RECORD_DAYS - 1 - k)).isoformat()
        if rng.random() < 0.1:
            continue   # a missed day now and then
        rid = ids[k % len(ids)] if ids else "x"
        lines += [f"{day} log {rng.choice((15, 30, 45, 60))} {rid}", f"{day} done {rng.choice((20, 40))} {rid}"]
        lines += [f"{day} review 1 q-{k}-{n}" for n in range(3)]
    return lines


def add_records(path: Path) -> None:
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    # Before what is there: the undo history's steps own the record's last entries.
    data["log"] = year_of_records(list(data.get("items", {})), random.Random(7)) + list(data.get("log", []))
    path.write_bytes(tomli_w.dumps(data).encode())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records-into", type=Path, metavar="PROGRESS_TOML",
                    help="only add a year of daily records to this progress file")
    ap.add_argument("out", type=Path, nargs="?", help="folder to write catalog/ and progress.toml into")
    ap.add_argument("--resources", type=int, default=10_000)
    ap.add_argument("--topics", type=int, default=200)
    ap.add_argument("--progress", type=int, default=5_000, help="progress entries")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.records_into is not None:
        add_records(args.records_into)
        return
    if args.out is None:
        ap.error("give OUT, or --records-into PROGRESS_TOML")
    if args.topics < 2 or args.resources < 4 * args.topics or args.progress > args.resources:
        ap.error("need at least 2 topics, 4 resources per topic, and no more progress entries than resources")
    summary = make(args.out, args.resources, args.topics, args.progress, args.seed)
    print(f"wrote {summary['resources']} resources in {summary['topics']} topics to {summary['catalog']}, "
          f"and {summary['progress_entries']} progress entries to {summary['progress']}")


if __name__ == "__main__":
    main()
