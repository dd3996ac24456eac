"""Evaluate NER model directories step by step on both GermEval dev halves.

    .venv/bin/python training/ner/steps.py NAME=MODEL_DIR [NAME=MODEL_DIR ...] [--out FILE]

For each model: micro and per-type P/R/F1 on the tune half (sentences 1-1,100, the half
that choices are made on) and the held-out half (1,101-2,200, reported only), recall on
gold names unseen in the training corpora (training/ner/corpus/train.spacy), and tokens per
CPU second.  Figures go to bench/results/ner-steps.json (with machine and commit); rows
already in that file and not named here are kept, so earlier steps stay in the table.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GERMEVAL = Path(os.environ.get("CHRONIK_DATA", "/work/shared/data")) / "ner/germeval2014/NER-de-dev.tsv"
for _k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_k, "1")


def scores(model: Path, seen: set[str]) -> dict:
    import spacy

    from chronik.eval.ner import evaluate_ner, summary

    nlp = spacy.load(model)
    out = {"model": str(model), "name": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
           "vectors": list(nlp.vocab.vectors.shape)}
    evaluate_ner(nlp, GERMEVAL, 0, 100)  # warm-up
    for half, a, b in [("tune", 0, 1100), ("heldout", 1100, 2200)]:
        res = evaluate_ner(nlp, GERMEVAL, a, b, seen=seen)
        out[half] = summary(res)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", help="NAME=MODEL_DIR")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--note", action="append", default=[], help="NAME=free text for a row")
    args = ap.parse_args(argv)
    from build import seen_names

    from chronik.bench import write_result

    seen = seen_names(HERE / "corpus" / "train.spacy")
    path = args.out / "ner-steps.json"
    rows = json.loads(path.read_text())["figures"]["steps"] if path.exists() else {}
    notes = dict(n.split("=", 1) for n in args.note)
    for spec in args.models:
        name, model = spec.split("=", 1)
        rows[name] = scores(Path(model), seen)
        if name in notes:
            rows[name]["note"] = notes[name]
        t, h = rows[name]["tune"], rows[name]["heldout"]
        print(f"{name}: tune F1 {t['f']:.4f}  held-out F1 {h['f']:.4f} (P {h['p']:.3f} R {h['r']:.3f}) "
              f"unseen R {h['unseen_recall']:.3f}  {h['tokens_per_cpu_s']} tok/CPU-s", flush=True)
    write_result("ner-steps", {
        "what": "GermEval 2014 dev halves (chronik.eval.ner: outer, strict, OTH->MISC, -deriv/-part "
                "left out); tune half = sentences 1-1,100 (choices), held-out = 1,101-2,200 "
                "(reported only); unseen = gold names not an entity text in the training corpora",
        "steps": rows}, args.out)


if __name__ == "__main__":
    main()
