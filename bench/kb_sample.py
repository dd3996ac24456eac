"""KB entity precision by hand: draw KB entities at random, judge them in context, score.

    python bench/kb_sample.py draw  --db kb.db --seed 7 --n 100 --out /tmp/sample.tsv
    (fill the ``verdict`` column: right | wrong type | wrong span | not an entity; an optional
    ``note`` column, e.g. for a borderline verdict, is kept in the results)
    python bench/kb_sample.py score --db kb.db --judged /tmp/sample.tsv --name kb-precision-after

``draw`` writes one row per entity: KB id, name, type, confidence, an article that
mentions it and a context window (for the judge's eyes only, kept out of the results).
``score`` writes ``bench/results/<name>.json`` with the machine and commit: precision
overall and by type, the count of same-name same-type KB duplicates, and the judged
list (name, type, article id, verdict): no article text, which stays in ../shared/data.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import sys
from collections import Counter
from pathlib import Path

VERDICTS = ("right", "wrong type", "wrong span", "not an entity")


def duplicates(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(type, name, count) for names that two or more live KB entities of one type carry
    (names compared case-folded, as the KB matches them)."""
    count = Counter(
        (etype, " ".join(name.casefold().split()))
        for etype, name in conn.execute("SELECT type, name FROM kb_entities WHERE articles > 0")
    )
    return sorted(((t, n, c) for (t, n), c in count.items() if c > 1), key=lambda r: -r[2])


def _context(text: str, start: int, end: int, width: int) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"{left}[[{text[start:end]}]]{right}"


def _short(text: str, start: int, end: int, words: int = 2) -> str:
    """The mention with at most ``words`` words either side."""
    left = text[:start].split()[-words:]
    right = text[end:].split()[:words]
    return " ".join([*left, f"[{text[start:end]}]", *right])


def draw(args: argparse.Namespace) -> None:
    conn = sqlite3.connect(args.db)
    cols = {r[1] for r in conn.execute("PRAGMA table_info(kb_entities)")}
    conf = "confidence" if "confidence" in cols else "NULL"
    where = "articles > 0"
    if args.min_confidence is not None and conf != "NULL":
        where += f" AND confidence >= {float(args.min_confidence)}"
    ents = conn.execute(f"SELECT id, name, type, {conf} FROM kb_entities WHERE {where} ORDER BY id").fetchall()
    rng = random.Random(args.seed)
    picked = rng.sample(ents, min(args.n, len(ents)))
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["kb", "name", "type", "confidence", "article", "verdict", "short", "context"])
        for kb_id, name, etype, confidence in picked:
            arts = conn.execute(
                "SELECT a.id, a.text, a.record, e.local_id FROM entities e JOIN articles a ON a.rowid = e.article"
                " WHERE e.kb = ? ORDER BY a.id",
                (kb_id,),
            ).fetchall()
            aid, text, record, local = rng.choice(arts)
            ent = next(e for e in json.loads(record)["entities"] if e["id"] == local)
            m = next((m for m in ent["mentions"] if m.get("kind", "name") == "name"), ent["mentions"][0])
            w.writerow([kb_id, name, etype, confidence, aid, "", _short(text, m["start"], m["end"]),
                        _context(text, m["start"], m["end"], 150)])  # fmt: skip
    print(f"{len(picked)} of {len(ents)} entities -> {args.out}")


def score(args: argparse.Namespace) -> None:
    from chronik.bench import write_result
    from chronik.store.kb import MIN_CONFIDENCE

    conn = sqlite3.connect(args.db)
    with open(args.judged, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    bad = [r["name"] for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        sys.exit(f"{args.judged}: unjudged or unknown verdicts for {bad[:5]} (use one of {VERDICTS})")
    by_type: dict[str, Counter] = {}
    for r in rows:
        by_type.setdefault(r["type"], Counter())[r["verdict"]] += 1
    total = Counter(r["verdict"] for r in rows)
    dups = duplicates(conn)
    live = conn.execute("SELECT count(*) FROM kb_entities WHERE articles > 0").fetchone()[0]
    cols = {r[1] for r in conn.execute("PRAGMA table_info(kb_entities)")}
    listed = conn.execute(
        "SELECT count(*) FROM kb_entities WHERE articles > 0 AND coalesce(confidence, 1) >= ?", (MIN_CONFIDENCE,)
    ).fetchone()[0] if "confidence" in cols else live
    figures = {
        "what": args.what,
        "db_entities": live,
        "listed_by_default": listed,
        "seed": args.seed,
        "precision": round(total["right"] / len(rows), 3),
        "verdicts": dict(total),
        "by_type": {
            t: {"n": sum(c.values()), "right": c["right"], "precision": round(c["right"] / sum(c.values()), 3),
                **{v: c[v] for v in VERDICTS[1:] if c[v]}}
            for t, c in sorted(by_type.items())
        },  # fmt: skip
        "same_name_same_type_duplicates": len(dups),
        "duplicate_examples": [f"{t} {n} x{c}" for t, n, c in dups[:10]],
        "sample": [
            {"name": r["name"], "type": r["type"], "article": r["article"], "verdict": r["verdict"],
             **({"confidence": float(r["confidence"])} if r["confidence"] else {}),
             **({"note": r["note"]} if r.get("note") else {})}
            for r in rows
        ],  # fmt: skip
    }
    print(json.dumps({k: v for k, v in figures.items() if k != "sample"}, ensure_ascii=False, indent=1))
    print(write_result(args.name, figures))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--db", required=True)
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--n", type=int, default=100)
    d.add_argument("--min-confidence", type=float, default=None,
                   help="draw only entities the KB lists by default (at or above this confidence)")
    d.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("score")
    s.add_argument("--db", required=True)
    s.add_argument("--judged", required=True)
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--name", required=True)
    s.add_argument("--what", default="100 KB entities drawn at random after ingesting the 1,028 10kGNAD test articles")
    args = ap.parse_args()
    {"draw": draw, "score": score}[args.cmd](args)


if __name__ == "__main__":
    main()
