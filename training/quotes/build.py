"""Rebuild the statement tagger ``src/chronik/models/quotes-de`` end to end.

    .venv/bin/python training/quotes/build.py [--data DIR] [--max-steps N] [--folds K] [--skip-convert]
                                              [--skip-cv] [--skip-train] [--no-measure]

1. convert  DIR/quotes/wikinews/{train,dev} → training/quotes/corpus/*.spacy   (convert.py), and the
            SpkAtt-2023 debates DIR/quotes/bundestag-debates/data/{train,dev}/task1 →
            corpus/spkatt.spacy (spkatt.py; --no-spkatt: Wikinews only, round 7's tagger)
2. cv       K taggers on the train split cut by document (cv.py spkatt: the other folds + all of
            SpkAtt), each scored with the whole pipeline on its held-out part; per fold a speaker
            chooser fitted on the fold tagger's own output, and the held-out statements'
            confidence rows (cv.py spkatt --whole)
3. train    spaCy with training/quotes/config.cfg on 1 CPU thread, a fixed 2,400 steps, on all of
            Wikinews train + SpkAtt
4. ship     model-last → src/chronik/models/quotes-de (dev tag accuracy tracks the statement
            scores too loosely to pick checkpoints by it)
4b. speaker the speaker chooser → quotes-de/speaker.json (speaker.py; shipped only if its 5-fold
            cross-validated choice accuracy on train beats the system's own choice)
4c. confidence the statement confidence → quotes-de/confidence.json (confidence.py --oof: fitted on
            step 2's out-of-fold rows; logistic + isotonic, the 'precise' threshold chosen there)
5. measure  the whole pipeline on dev (chronik.eval.quotes) and its speed; write MODEL_CARD.md
            and bench/results/eval-quotes.json (--no-measure: leave dev alone)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHIP = ROOT / "src" / "chronik" / "models" / "quotes-de"
for _k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_k, "1")


def log(msg: str) -> None:
    print(f"[quotes {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def train(corpus: Path, out: Path, max_steps: int, spkatt: bool) -> Path:
    data = corpus / "train.spacy"
    if spkatt:
        import spacy
        from spacy.tokens import DocBin

        nlp = spacy.blank("de")
        db = DocBin(attrs=["ORTH", "LEMMA", "TAG"])
        for src in (data, corpus / "spkatt.spacy"):
            for doc in DocBin().from_disk(src).get_docs(nlp.vocab):
                db.add(doc)
        data = corpus / "train+spkatt.spacy"
        db.to_disk(data)
    cmd = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"), "--code", str(HERE / "reader.py"),
           "--output", str(out), "--paths.train", str(data.relative_to(ROOT)),
           "--paths.dev", str((corpus / "dev.spacy").relative_to(ROOT)), "--training.max_steps", str(max_steps)]
    log(" ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT)
    return out / "model-last"


def ship(model: Path, spkatt: bool) -> None:
    import spacy

    nlp = spacy.load(model)
    data = "the German Wikinews quotation dataset (uhh-lt, CC BY-NC-SA 4.0)" + (
        " and the SpkAtt-2023 German parliamentary debates (umanlp, CC BY-SA 4.0)" if spkatt else "")
    nlp.meta.update(name="chronik_quotes_de", version="1.1.0" if spkatt else "1.0.0", license="CC BY-NC-SA 4.0",
                    description=f"Chronik statement tagger (roles of who said what), trained on {data}")
    nlp.meta.pop("performance", None)
    if SHIP.exists():
        shutil.rmtree(SHIP)
    nlp.to_disk(SHIP)
    # The training vocabulary is not needed (hash embeddings hash at run time): keep only what a
    # blank German pipeline and the tagger's labels use; predictions were checked to be identical.
    keep = set(spacy.blank("de").vocab.strings) | set(nlp.get_pipe("tagger").labels)
    path = SHIP / "vocab" / "strings.json"
    strings = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps([x for x in strings if x in keep], ensure_ascii=False), encoding="utf-8")


def measure(dev: Path) -> dict:
    """Dev figures of the whole pipeline with the shipped model, plus tokens per CPU second."""
    from chronik.analyse.pipeline import Analyzer
    from chronik.bench import write_result
    from chronik.eval.quotes import run

    an = Analyzer()
    texts = [json.loads(p.read_text(encoding="utf-8"))["originalText"] for p in sorted(dev.glob("*.json"))]
    t0 = time.process_time()
    figures = run(dev, an)
    cpu = time.process_time() - t0
    ntok = sum(len(an.nlp.make_doc(t)) for t in texts)
    figures["speed"] = {"tokens": ntok, "cpu_seconds": round(cpu, 2), "tokens_per_cpu_s": round(ntok / cpu)}
    write_result("eval-quotes", figures)
    return figures


def card(fig: dict, spkatt: bool) -> None:
    rows = "\n".join(f"| {k} | {fig[k]['p']:.3f} | {fig[k]['r']:.3f} | {fig[k]['f1']:.3f} |"
                     for k in ("message", "speaker", "cue", "joint", "detection", "attributed"))
    forms = ", ".join(f"{f} {v['detection_recall']:.2f}" for f, v in fig["per_form"].items())
    size = sum(p.stat().st_size for p in SHIP.rglob("*") if p.is_file()) / 1e6
    (SHIP / "MODEL_CARD.md").write_text(f"""# Chronik statement tagger (`quotes-de`)

spaCy pipeline `["tagger"]` (own CNN tok2vec: hash embeddings of NORM, PREFIX, SUFFIX, SHAPE and
one rule-feature column; MaxoutWindowEncoder width 64, depth 3, window 1, 2 maxout pieces),
{size:.1f} MB, CPU only.
Labels per token: `O`, `CUE`, `SPK`, `B-`/`I-` × `DIR`, `IND`, `IFI`, `FI`, `REP`. Used by
`chronik.analyse.quotes` (see `docs/quotes.md`); without this folder the component falls back to rules.

`speaker.json`: the speaker chooser (`chronik.analyse.quotes_speaker`), a conditional logit over
candidate speaker spans: {_n_features()} weights on discrete features plus 96 on the candidate head word's
static vector (the floret table of the shipped NER model, `models/ner-de/vocab`), trained by
`training/quotes/speaker.py` on the system's own statements on the train split that match a gold
statement ({_chooser_note()}); without the file the system's own speaker choice stands.

`confidence.json`: the statement confidence (`chronik.analyse.quotes_confidence`), a logistic
regression over {_n_conf()} statement facts plus an isotonic map, fitted by `training/quotes/confidence.py
--oof` on out-of-fold statements of the train split: {_conf_note()}.

**Data and licence.** Trained on the train split (700 articles) of the German Wikinews quotation
dataset (Petersen-Frey & Biemann 2024, uhh-lt/german-news-quotation-attribution-2024,
**CC BY-NC-SA 4.0**; texts CC BY 2.5){_spkatt_note(spkatt)}; 2,400 steps, the last state is shipped
(the speaker chooser: the Wikinews train split, the tagger's own in-sample output).
The model is therefore under **CC BY-NC-SA 4.0** (non-commercial){_share_alike(spkatt)}.

The dev split (150 articles) chose the architecture among five runs and the decoder settings in
earlier rounds, so the dev figures below are somewhat optimistic. The held-out test split was never used.

{_cv_note(spkatt)}## Dev scores (whole Chronik pipeline, `chronik.eval.quotes`)

| | P | R | F1 |
|---|---|---|---|
{rows}

Speaker accuracy on detected: {fig['speaker_accuracy']:.3f}. Detection recall per form: {forms}.
{_precise_note(fig)}Speed (whole pipeline, dev texts): {fig['speed']['tokens_per_cpu_s']:,} tokens per CPU second (CPU time grows
with the load of the shared cores; A/B comparisons: `docs/quotes.md`).

## Rebuild

    .venv/bin/python training/quotes/build.py
""", encoding="utf-8")


def _precise_note(fig: dict) -> str:
    at, cal = fig.get("at_threshold"), fig.get("calibration")
    if not at:
        return ""
    return (f"At `precise` ({at['threshold']}): attributed precision {at['attributed']['p']:.3f}, recall "
            f"{at['attributed']['r']:.3f} ({at['statements']} statements)"
            + (f"; calibration ECE {cal['ece']:.3f}" if cal else "") + ".\n")


def _cv_note(spkatt: bool) -> str:
    """The out-of-fold figures of the whole pipeline with this build's fold taggers (cv.py --whole)."""
    import statistics

    import cv

    path = HERE / "output" / "cv" / "results.jsonl"
    variant = "spkatt" if spkatt else "ship"
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        r = json.loads(line)
        if r["variant"] == variant and r.get("mode") == "whole" and r.get("decoder", "r7") == cv.DECODER:
            rows[r["fold"]] = r  # the last run per fold
    if not rows:
        return ""

    def mean(key: str, m: str) -> float:
        return statistics.mean(r[key][m] for r in rows.values())

    att = " / ".join(f"{mean('attributed', m):.3f}" for m in ("p", "r", "f1"))
    return (f"## Cross-validated scores ({len(rows)} folds of Wikinews train, whole pipeline, `cv.py {variant} --whole`)\n\n"
            f"Attributed P / R / F1 {att}, joint F1 {mean('joint', 'f1'):.3f}, detection F1 "
            f"{mean('detection', 'f1'):.3f}, speaker accuracy "
            f"{statistics.mean(r['speaker_accuracy'] for r in rows.values()):.3f} (means over the folds).\n\n")


def _share_alike(spkatt: bool) -> str:
    if not spkatt:
        return ""
    return ("""; SpkAtt's ShareAlike (BY-SA 4.0) and
Wikinews' (BY-NC-SA 4.0) name different licences for adaptations: whether a model trained on both
is an adaptation of either is unsettled, attribution to both is given here, and a licence review
should confirm before any release beyond research use""")


def _spkatt_note(spkatt: bool) -> str:
    if not spkatt:
        return ""
    return (""" and the SpkAtt-2023 shared task's German parliamentary debates (task 1 train + dev, 195
speeches, 163k tokens: cue, source and message per speech event; Rehbein et al. 2023,
umanlp/SpkAtt-2023, **CC BY-SA 4.0**; labelled in the tagger's scheme by `training/quotes/spkatt.py`:
source `SPK`, cue `CUE`, message `DIR` when mostly quoted, else `IND`)""")


def _chooser_note() -> str:
    data = json.loads((SHIP / "speaker.json").read_text(encoding="utf-8"))
    cv = data["cv_choice_accuracy"]
    return (f"{data['trained_on']}; 5-fold CV choice accuracy on Wikinews train {cv['chooser']:.3f} "
            f"against the system's own choice {cv['system']:.3f}")


def _conf_note() -> str:
    data = json.loads((SHIP / "confidence.json").read_text(encoding="utf-8"))
    cv = data["cv"]
    return (f"{data.get('rows', 'in-sample')}; 5-fold CV by document ECE {cv['ece']:.3f}, `precise` "
            f"threshold {data['precise_threshold']} at CV attributed precision {cv['precise_precision']:.3f}")


def _n_conf() -> int:
    from chronik.analyse.quotes_confidence import FEATURES

    return len(FEATURES)


def _n_features() -> int:
    from chronik.analyse.quotes_speaker import FEATURES

    return len(FEATURES)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("CHRONIK_DATA", ROOT.parent / "shared" / "data")))
    ap.add_argument("--max-steps", type=int, default=2400)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--skip-convert", action="store_true")
    ap.add_argument("--skip-cv", action="store_true", help="reuse the fold taggers and out-of-fold rows of the last run")
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--no-measure", action="store_true")
    ap.add_argument("--no-spkatt", action="store_true", help="Wikinews only (round 7's tagger data)")
    args = ap.parse_args()
    debates = args.data / "quotes" / "bundestag-debates" / "data"
    spkatt = not args.no_spkatt
    if spkatt and not (debates / "train" / "task1").is_dir():
        ap.error(f"{debates}/train/task1: no SpkAtt debates there (--no-spkatt builds without them)")
    variant = "spkatt" if spkatt else "ship"
    wikinews, corpus, out = args.data / "quotes" / "wikinews", HERE / "corpus", HERE / "output" / "build"
    env = {**os.environ, "CHRONIK_DATA": str(args.data)}
    if not args.skip_convert:
        subprocess.run([sys.executable, str(HERE / "convert.py"), str(wikinews), str(corpus)], check=True, cwd=ROOT)
        if spkatt:
            subprocess.run([sys.executable, str(HERE / "spkatt.py"), str(debates / "train" / "task1"),
                            str(debates / "dev" / "task1"), str(corpus / "spkatt.spacy")], check=True, cwd=ROOT)
    if not args.skip_cv:
        cv = [sys.executable, str(HERE / "cv.py"), variant, "--folds", str(args.folds), "--max-steps", str(args.max_steps)]
        if spkatt:
            cv += ["--spkatt", str(corpus / "spkatt.spacy")]
        subprocess.run(cv, check=True, cwd=HERE, env=env)
        subprocess.run(cv + ["--whole"], check=True, cwd=HERE, env=env)
    model = out / "model-last" if args.skip_train else train(corpus, out, args.max_steps, spkatt)
    card_before = (SHIP / "MODEL_CARD.md").read_text(encoding="utf-8") if (SHIP / "MODEL_CARD.md").exists() else None
    ship(model, spkatt)
    if args.no_measure and card_before is not None:  # without a dev measurement the card is not rewritten: keep it
        (SHIP / "MODEL_CARD.md").write_text(card_before, encoding="utf-8")
    subprocess.run([sys.executable, str(HERE / "speaker.py"), str(wikinews)], check=True, cwd=HERE)
    oof = HERE / "output" / "cv" / variant / f"oof-k{args.folds}.npz"
    subprocess.run([sys.executable, str(HERE / "confidence.py"), str(wikinews), "--oof", str(oof)], check=True, cwd=HERE)
    if args.no_measure:
        return
    fig = measure(wikinews / "dev")
    card(fig, spkatt)
    log(f"attributed F1 {fig['attributed']['f1']:.3f}, joint F1 {fig['joint']['f1']:.3f}, "
        f"{fig['speed']['tokens_per_cpu_s']:,} tokens/CPU-s")


if __name__ == "__main__":
    main()
