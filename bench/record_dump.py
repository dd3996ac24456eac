"""Records of the Wikinews texts as stable JSON lines, to prove a speed change output-neutral.

    python bench/record_dump.py --shared ../shared/data --split dev > after.jsonl
    (same at the commit before) > before.jsonl;  cmp before.jsonl after.jsonl

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
    ap.add_argument("--split", choices=("train", "dev"), default="dev")
    args = ap.parse_args(argv)
    if not (args.shared / "quotes/wikinews" / args.split).is_dir():
        sys.exit(f"no Wikinews {args.split} texts under {args.shared} (--shared)")
    analyzer = Analyzer()
    for chunk in chunked(articles(args.shared, args.split), 16):
        for r in analyse_chunk(analyzer, chunk):
            if isinstance(r, Rejected):
                row = {"rejected": r.origin, "reason": r.reason}
            else:
                row = json.loads(r.to_json())
                row.get("provenance", {}).pop("ingested_at", None)
            print(json.dumps(row, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
