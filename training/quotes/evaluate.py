"""Score the whole pipeline's statements on a Wikinews split with a given statement model.

    .venv/bin/python training/quotes/evaluate.py DATA/quotes/wikinews/dev [--model DIR|rules] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from chronik.analyse.pipeline import Analyzer, build_nlp
from chronik.eval.quotes import run

KEYS = ("message", "speaker", "cue", "joint", "detection", "attributed")


def analyzer(model: str | None, switch: float | None = None) -> Analyzer:
    nlp = build_nlp()
    if model:
        nlp.replace_pipe("chronik_quotes", "chronik_quotes", config={"model": model})
    tagger = nlp.get_pipe("chronik_quotes").tagger
    if switch is not None and tagger is not None:
        tagger.switch = switch
    return Analyzer(nlp=nlp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--model", help="statement tagger directory, or 'rules' (default: the shipped one)")
    ap.add_argument("--switch", type=float, help="override the decoder's message switch cost")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    an = analyzer(args.model, args.switch)
    t0 = time.process_time()
    result = run(args.dir, an)
    result["meta"] = {"model": args.model or "shipped", "switch": args.switch, "cpu_seconds": round(time.process_time() - t0, 2)}
    print(" ".join(f"{k} {result[k]['f1']:.3f}" for k in KEYS), "| spk_acc", result["speaker_accuracy"],
          "| recall", {f: v["detection_recall"] for f, v in result["per_form"].items()}, result["meta"])
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
