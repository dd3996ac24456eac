"""Score the whole pipeline's statements on a Wikinews split with a given statement model.

    .venv/bin/python training/quotes/evaluate.py DATA/quotes/wikinews/dev [--model DIR|rules] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from chronik.eval.quotes import analyzer_for, jaccard, pair, run

KEYS = ("message", "speaker", "cue", "joint", "detection", "attributed")


def analyzer(model: str | None, switch: float | None = None):
    an = analyzer_for(model)
    tagger = an.nlp.get_pipe("chronik_quotes").tagger
    if switch is not None and tagger is not None:
        tagger.switch = switch
    return an


def _text(doc, ids) -> str:
    return " ".join(doc.text[doc.starts[i]:doc.ends[i]] for i in sorted(ids)).replace("\t", " ").replace("\n", " ")


def outcomes(doc, pred) -> list[str]:
    """TSV rows: doc, status (ok / speaker / span / fp / fn), form, confidence, message, speaker, gold speaker."""
    pairs = dict(pair(pred, doc.gold))
    rows = []
    for i, p in enumerate(pred):
        j = pairs.get(i)
        g = doc.gold[j] if j is not None else None
        if g is None:
            status = "fp"
        elif jaccard(p.message, g.message) < 0.5:
            status = "span"
        elif (bool(p.speaker & g.speaker) if g.speaker else not p.speaker):
            status = "ok"
        else:
            status = "speaker"
        rows.append("\t".join([doc.id, status, (g.form if g else p.form) or "", f"{p.confidence}", _text(doc, p.message)[:200],
                               _text(doc, p.speaker), _text(doc, g.speaker) if g else ""]))
    for j, g in enumerate(doc.gold):
        if j not in pairs.values():
            rows.append("\t".join([doc.id, "fn", g.form or "", "", _text(doc, g.message)[:200], "", _text(doc, g.speaker)]))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--model", help="statement tagger directory, or 'rules' (default: the shipped one)")
    ap.add_argument("--switch", type=float, help="override the decoder's message switch cost")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--dump", type=Path, help="write one TSV row per predicted and per missed gold statement")
    args = ap.parse_args()
    an = analyzer(args.model, args.switch)
    rows: list[str] = []
    t0 = time.process_time()
    result = run(args.dir, an, on_doc=(lambda d, pred: rows.extend(outcomes(d, pred))) if args.dump else None)
    if args.dump:
        args.dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result["meta"] = {"model": args.model or "shipped", "switch": args.switch, "cpu_seconds": round(time.process_time() - t0, 2)}
    print(" ".join(f"{k} {result[k]['f1']:.3f}" for k in KEYS), "| spk_acc", result["speaker_accuracy"],
          "| recall", {f: v["detection_recall"] for f, v in result["per_form"].items()}, result["meta"])
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
