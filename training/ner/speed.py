"""NER speed of model folders, measured back to back (tokens per CPU second).

    .venv/bin/python training/ner/speed.py NAME=MODEL_DIR ... [--runs 3] [--out ner-speed]

tok2vec + ner on the gold-tokenised GermEval 2014 dev set (2,200 sentences), 1 thread,
``time.process_time``; the models take turns, so a change in machine load hits each alike.
Writes bench/results/<out>.json with every run and the load average before and after.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GERMEVAL = Path(os.environ.get("CHRONIK_DATA", "/work/shared/data")) / "ner/germeval2014/NER-de-dev.tsv"
for _k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_k, "1")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", help="NAME=MODEL_DIR")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="ner-speed")
    args = ap.parse_args(argv)
    import spacy

    from chronik.bench import write_result
    from chronik.eval.ner import predict_spans, read_germeval

    sents = [t for t, _ in read_germeval(GERMEVAL)]
    n_tok = sum(map(len, sents))
    models = {}
    for spec in args.models:
        name, _, path = spec.partition("=")
        if not name or not Path(path).is_dir():
            ap.error(f"{spec!r}: expected NAME=MODEL_DIR with an existing model folder")
        models[name] = spacy.load(path)
        predict_spans(models[name], sents[:200])  # warm-up
    load_before = os.getloadavg()
    runs: dict[str, list[int]] = {k: [] for k in models}
    for _ in range(args.runs):
        for name, nlp in models.items():
            _, cpu = predict_spans(nlp, sents)
            runs[name].append(round(n_tok / cpu))
    for name, r in runs.items():
        print(f"{name:12s} tokens/CPU-s {r}  median {sorted(r)[len(r) // 2]}")
    write_result(args.out, {
        "what": "tok2vec+ner tokens per CPU second on gold-tokenised GermEval 2014 dev (2,200 sentences, "
                f"{n_tok} tokens), 1 thread, batch 256; models measured in turn",
        "runs": runs, "median": {k: sorted(r)[len(r) // 2] for k, r in runs.items()},
        "loadavg_before": [round(x, 1) for x in load_before],
        "loadavg_after": [round(x, 1) for x in os.getloadavg()]}, ROOT / "bench" / "results")


if __name__ == "__main__":
    main()
