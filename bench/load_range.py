"""Word searches sorted by date within a date range, timed in one process: the lever of round 12.

    python bench/load_range.py --db out/load/load.db [--out result.json] [--repeat 3]

The words of the load run's plan (``bench/load.py``, seed 15) with the date ranges its clients draw
(a month to the end of that year or the next) and both date orders, statements and everything, through
``Store.search`` and ``Store.search_total(estimate=True)`` (what the search API and page ask) and ``Store.statements``: process CPU
per call, and every hit (keys, dates, totals) written out, so that two runs (old code, new code: run it with
each on ``PYTHONPATH`` and alternate) can be compared hit for hit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import plan, store_options  # noqa: E402

from chronik.store.sqlite import Store  # noqa: E402


def main() -> None:
    parser = store_options(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="Time each call this many times (the minimum counts).")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    p = plan(args.db, args.seed)
    rng = random.Random(args.seed + 7)
    queries = []
    for _ in range(args.queries):
        year = rng.randrange(2015, 2025)
        queries.append({"query": rng.choice(p["words"]), "what": rng.choice(["statements", "all"]),
                        "sort": rng.choice(["date", "-date"]), "date_from": f"{year}-{rng.randrange(1, 13):02d}",
                        "date_to": f"{year + rng.randrange(0, 2)}", "kind": rng.choice([None, None, "direct"])})
    page_ms: list[float] = []
    total_ms: list[float] = []
    list_ms: list[float] = []
    answers = []
    with Store(args.db, readonly=True) as store:
        for q in queries:
            filters = {k: v for k, v in q.items() if k != "query" and v is not None}
            best = best_total = float("inf")
            for _ in range(args.repeat):
                t = time.process_time()
                hits = store.search(q["query"], limit=20, **filters)
                best = min(best, time.process_time() - t)
                t = time.process_time()
                total = store.search_total(q["query"], estimate=True, **filters)
                best_total = min(best_total, time.process_time() - t)
            page_ms.append(best * 1000)
            total_ms.append(best_total * 1000)
            answers.append({**q, "total": int(total), "hits": [[h["hit"], h["article"], h.get("quote_id"), h["date"]]
                                                               for h in hits]})
            # the statement list (/api/statements?q=…&from=…&to=…&sort=…, 50 a page)
            listed = {k: v for k, v in filters.items() if k != "what"}
            best = float("inf")
            for _ in range(args.repeat):
                t = time.process_time()
                rows = store.statements(q=q["query"], limit=50, **listed)
                best = min(best, time.process_time() - t)
            list_ms.append(best * 1000)
            answers.append({**q, "list": [[r["article"], r["quote_id"], r["date"]] for r in rows]})
    out = {"page_ms_sum": round(sum(page_ms), 1), "total_ms_sum": round(sum(total_ms), 1),
           "list_ms_sum": round(sum(list_ms), 1), "page_ms": [round(x, 2) for x in page_ms],
           "list_ms": [round(x, 2) for x in list_ms], "answers": answers}
    print(json.dumps({k: out[k] for k in ("page_ms_sum", "total_ms_sum", "list_ms_sum")}))
    if args.out:
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
