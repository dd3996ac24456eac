"""Records of the Wikinews texts as stable JSON lines, to prove a speed change output-neutral.

    python bench/record_dump.py --shared ../shared/data --split dev train --limit 150 > before.jsonl
    (after the change)  python bench/record_dump.py … --check before.jsonl > after.jsonl

``--check`` compares with an earlier dump and exits 1 naming the first article that differs
(and the first differing field), so a speed change is proven output-neutral in one command.

One line per article, keys sorted, the ingestion time left out (it is the only field that
differs between two runs of the same code).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from chronik.analyse import Analyzer
from chronik.ingest import Rejected
from chronik.record import Article
from chronik.runners import analyse_chunk, chunked

_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")


def articles(shared: Path, split: str) -> list[Article]:
    out = []
    for path in sorted((shared / "quotes/wikinews" / split).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        m = _DATE.search(doc["documentName"])
        out.append(Article(id=f"{split}-{path.stem}", text=doc["originalText"], date=m.group(1) if m else None))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared/data"))
    ap.add_argument("--split", nargs="+", choices=("train", "dev"), default=["dev"])
    ap.add_argument("--limit", type=int, default=None, help="At most this many texts per split (sorted by name).")
    ap.add_argument("--check", type=Path, default=None, help="An earlier dump: exit 1 at the first record that differs.")
    args = ap.parse_args(argv)
    texts = []
    for split in args.split:
        if not (args.shared / "quotes/wikinews" / split).is_dir():
            sys.exit(f"no Wikinews {split} texts under {args.shared} (--shared)")
        texts += articles(args.shared, split)[: args.limit]
    before = args.check.read_text(encoding="utf-8").splitlines() if args.check else None
    if before is not None and len(before) != len(texts):
        sys.exit(f"{args.check}: {len(before)} records, this run has {len(texts)} texts (same --split/--limit?)")
    analyzer = Analyzer()
    n = 0
    for chunk in chunked(texts, 16):
        for r in analyse_chunk(analyzer, chunk):
            if isinstance(r, Rejected):
                row = {"rejected": r.origin, "reason": r.reason}
            else:
                row = json.loads(r.to_json())
                row.get("provenance", {}).pop("ingested_at", None)
            line = json.dumps(row, ensure_ascii=False, sort_keys=True)
            print(line)
            if before is not None and line != before[n]:
                old = json.loads(before[n])
                field = next((k for k in sorted(set(old) | set(row)) if old.get(k) != row.get(k)), "?")
                sys.exit(f"record {n + 1} ({row.get('id') or row.get('rejected')}) differs from {args.check}: {field}")
            n += 1
    if before is not None:
        print(f"all {n} records identical to {args.check}", file=sys.stderr)


if __name__ == "__main__":
    main()
