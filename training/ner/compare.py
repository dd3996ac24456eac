"""Compare fine-tuned NER candidates on the held-out half, choosing on one quarter only.

    .venv/bin/python training/ner/compare.py NAME=MODEL_DIR[@WIKINEURAL_N] ... [--out NAME]

Every candidate after 0.4.0 was fine-tuned on the tune half (sentences 1-1,100), so the
tune half cannot choose between them, and GermEval has no other unseen in-domain data here.
The held-out half (1,101-2,200) is therefore split by order: the *select* quarter
(1,101-1,650) chooses, the *report* quarter (1,651-2,200) was looked at only for the
figures of the chosen model and its comparison. The whole held-out half is given as well,
for comparison with earlier rounds (for the chosen model it is slightly optimistic, since
half of it chose). ``@N``: the candidate saw N WikiNEuRal sentences (``finetune.py
--wikineural N``); their names count as seen for its unseen-name recall. ``@all``: it saw all
of WikiNEuRal's German sentences (the 0.6.0 base, ``build.py --with-nc``).
Writes bench/results/<NAME>.json (default ner-candidates). ``--pipeline`` scores Chronik's
merged spans instead (the pipeline cut after ``chronik_entities``, with the model as its NER).
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
PARTS = {"select": (1100, 1650), "report": (1650, 2200), "heldout": (1100, 2200)}


def load(model: Path, pipeline: bool):
    """The model alone, or Chronik's pipeline cut after ``chronik_entities`` (merged spans)."""
    import spacy

    if not pipeline:
        return spacy.load(model)
    from chronik.analyse.pipeline import build_nlp

    nlp = build_nlp(model)
    for name in list(nlp.pipe_names):
        if name not in ("sentencizer", "tok2vec", "ner", "chronik_entities"):
            nlp.remove_pipe(name)
    nlp.meta.update(name=nlp.meta["chronik_ner"], version="pipeline")
    return nlp


def scores(model: Path, seen: set[str], pipeline: bool = False) -> dict:
    from chronik.eval.ner import evaluate_ner, summary

    nlp = load(model, pipeline)
    out: dict = {"model": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"}
    evaluate_ner(nlp, GERMEVAL, 0, 200)  # warm-up for the speed figure
    for part, (a, b) in PARTS.items():
        res = evaluate_ner(nlp, GERMEVAL, a, b, seen=seen)
        out[part] = summary(res, ("PER", "LOC", "ORG", "MISC"))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", help="NAME=MODEL_DIR[@WIKINEURAL_N or @all]")
    ap.add_argument("--out", default="ner-candidates", help="result name under bench/results")
    ap.add_argument("--note", default="", help="free text stored with the figures")
    ap.add_argument("--pipeline", action="store_true",
                    help="score Chronik's merged spans (sentencizer, NER, chronik_entities) instead of the model alone")
    args = ap.parse_args(argv)
    import spacy
    from build import seen_names
    from finetune import wikineural_docs

    from chronik.bench import write_result

    seen = seen_names(HERE / "corpus" / "train.spacy") | seen_names(HERE / "corpus" / "tune.spacy")
    rows = {}
    for spec in args.models:
        name, _, rest = spec.partition("=")
        path, _, n = rest.partition("@")
        if not name or not Path(path).is_dir():
            ap.error(f"{spec!r}: expected NAME=MODEL_DIR[@N] with an existing model folder")
        own = set(seen)
        if n:
            k = 10**9 if n == "all" else int(n)
            own |= {" ".join(t.text for t in e) for d in wikineural_docs(spacy.blank("de").vocab, k) for e in d.ents}
        rows[name] = scores(Path(path), own, args.pipeline)
        sel, rep = rows[name]["select"], rows[name]["report"]
        print(f"{name:24s} select F1 {sel['f']:.4f}  report F1 {rep['f']:.4f}  "
              f"held-out F1 {rows[name]['heldout']['f']:.4f}  {rows[name]['heldout']['tokens_per_cpu_s']} tok/CPU-s",
              flush=True)
    best = max(rows, key=lambda k: rows[k]["select"]["f"])
    print(f"chosen on the select quarter: {best}")
    write_result(args.out, {"parts": {k: f"GermEval 2014 dev sentences {a + 1:,}-{b:,}" for k, (a, b) in PARTS.items()},
                            "chosen_on_select": best, "note": args.note, "pipeline": args.pipeline,
                            "models": rows},
                 ROOT / "bench" / "results")


if __name__ == "__main__":
    main()
