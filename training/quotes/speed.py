"""CPU cost of the ``chronik_quotes`` component with two statement models, measured A/B in turns.

    .venv/bin/python training/quotes/speed.py MODEL_A MODEL_B [--articles 300] [--repeats 3] [--out FILE]

Each repeat profiles the whole pipeline component by component (``bench/run.py``'s ``profile``)
on the first ``--articles`` Wikinews texts (train, then dev) once with each model, alternating,
so that the shared machine's load hits both alike; medians of CPU seconds go to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from run import profile, wikinews  # noqa: E402  (bench/run.py)

from chronik.eval.quotes import analyzer_for  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs=2)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("CHRONIK_DATA", ROOT.parent / "shared" / "data")))
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    articles = wikinews(args.shared, args.articles)
    analyzers = [analyzer_for(m) for m in args.models]
    tokens = sum(len(analyzers[0].nlp.make_doc(a.text)) for a in articles)
    runs: list[list[dict]] = [[], []]
    for _ in range(args.repeats):
        for k, an in enumerate(analyzers):
            spent = profile(an, articles)
            runs[k].append({"quotes": spent["chronik_quotes"], "total": sum(spent.values()), "load": os.getloadavg()[0]})
    out = {"articles": len(articles), "tokens": tokens, "repeats": args.repeats}
    for model, rs in zip(args.models, runs):
        q = statistics.median(r["quotes"] for r in rs)
        t = statistics.median(r["total"] for r in rs)
        out[model] = {"chronik_quotes_cpu_s": round(q, 2), "chronik_quotes_tokens_per_cpu_s": round(tokens / q),
                      "pipeline_cpu_s": round(t, 2), "pipeline_tokens_per_cpu_s": round(tokens / t),
                      "quotes_share": round(q / t, 3), "runs": rs}
        print(f"{model}: chronik_quotes {tokens / q:,.0f} tokens/CPU-s ({q / t:.1%} of the pipeline), "
              f"pipeline {tokens / t:,.0f} tokens/CPU-s")
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
