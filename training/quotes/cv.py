"""Choose the statement tagger's setup by k-fold cross-validation on the Wikinews TRAIN split.

    .venv/bin/python training/quotes/cv.py VARIANT [VARIANT …] [--folds 4] [--max-steps 2400] [--only-fold I]
                                           [--spkatt FILE] [--whole]

The train split is cut into ``--folds`` parts by document (document ``n`` of the sorted
file list goes to fold ``n % folds``, as ``confidence.py`` does). For each variant and fold a
tagger is trained on the other parts with ``config.cfg`` plus the variant's overrides
(``VARIANTS``; ``ship`` is config.cfg as it is), and the pipeline with that tagger (no speaker
chooser, no calibrator) is scored on the held-out part (``chronik.eval.quotes.run``).
``--whole`` then scores the WHOLE pipeline per fold: a speaker chooser fitted on the fold
tagger's own output on the other parts (as ``build.py`` fits the shipped one), and it keeps the
held-out statements' confidence rows, the out-of-fold rows ``confidence.py --oof`` fits on.
``--eval-only`` scores the trained fold taggers again (tagger mode) without training;
``--no-form-split`` scores with the decoder of round 7 (``quotes_model.FORM_SPLIT`` off: messages
not split where a quotation opens or closes at a unit start), ``--no-rules-beside`` without
``quotes.RULES_BESIDE``, each row marked with its ``decoder``; ``--switch X`` scores tagger mode
with another decoder switch cost (mode ``tagger-sX``).
Results are appended to ``output/cv/results.jsonl``; fold taggers stay in
``output/cv/VARIANT/kK-fI/model-last``. Dev is not read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

for _k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_k, "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "output" / "cv"
NER = ROOT / "src" / "chronik" / "models" / "ner-de"

VECTORS = {"components.tagger.model.tok2vec.embed.include_static_vectors": "true", "initialize.vectors": str(NER)}
NO_VECTORS = {"components.tagger.model.tok2vec.embed.include_static_vectors": "false", "initialize.vectors": "null"}
SPKATT = {**NO_VECTORS, "+spkatt": "1"}  # round 8's shipped data: Wikinews + SpkAtt, no static vectors
# Variant name → spaCy config overrides (and the extra training corpus, if any).
VARIANTS: dict[str, dict[str, str]] = {
    "ship": {},  # what build.py ships: config.cfg as it is
    "base": NO_VECTORS,
    "vec": VECTORS,
    "vec-w96": {**VECTORS, "components.tagger.model.tok2vec.embed.width": "96",
                "components.tagger.model.tok2vec.encode.width": "96"},
    "vec-d4": {**VECTORS, "components.tagger.model.tok2vec.encode.depth": "4"},
    "vec-s3600": {**VECTORS, "training.max_steps": "3600"},
    "vec-spkatt": {**VECTORS, "+spkatt": "1"},
    "spkatt": SPKATT,
    # round 9: each Wikinews document twice beside SpkAtt (Wikinews ~62 % of the tokens instead of ~45 %)
    "spkatt-wn2": {**SPKATT, "+wikinews_repeat": "2"},
    # round 10: + REDEWIEDERGABE speech/writing instances (redewiedergabe.py; corpus/NAME.spacy): all
    # non-fictional samples, only the news-like ones (text types Nachrichten, Reportage), or all
    # non-fictional samples with a reported instance labelled only where its speaker and intexpr are marked;
    # rwsent: only the sentences with a labelled instance carry labels (redewiedergabe.py --only-statement-sentences);
    # rwrs: a reported instance labelled as its whole sentence (--reported-sentence)
    "spkatt-rw": {**SPKATT, "+rw": "rw-nonfict"},
    "spkatt-rwnews": {**SPKATT, "+rw": "rw-news"},
    "spkatt-rwsent": {**SPKATT, "+rw": "rw-sent"},
    "spkatt-rwrs": {**SPKATT, "+rw": "rw-rsent"},
    "spkatt-rwspk": {**SPKATT, "+rw": "rw-spk"},
}


def log(msg: str) -> None:
    print(f"[cv {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def split(corpus: Path, folds: int, data: Path) -> list[Path]:
    """Per fold: a folder with train.spacy (the other folds), heldout.spacy, and links to the held-out JSON files."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("de")
    docs = list(DocBin().from_disk(corpus / "train.spacy").get_docs(nlp.vocab))
    files = sorted((data / "train").glob("*.json"))
    assert len(docs) == len(files), "corpus out of step with the train split: rerun convert.py"
    out = []
    for k in range(folds):
        d = OUT / f"k{folds}" / f"f{k}"
        gold = d / "gold"
        gold.mkdir(parents=True, exist_ok=True)
        train, held = DocBin(attrs=["ORTH", "LEMMA", "TAG"]), DocBin(attrs=["ORTH", "LEMMA", "TAG"])
        for n, (doc, path) in enumerate(zip(docs, files)):
            if n % folds == k:
                held.add(doc)
                link = gold / path.name
                if not link.exists():
                    link.symlink_to(path)
            else:
                train.add(doc)
        train.to_disk(d / "train.spacy")
        held.to_disk(d / "heldout.spacy")
        out.append(d)
    return out


def train(variant: str, fold: Path, out: Path, max_steps: int, spkatt: Path | None) -> Path:
    over = dict(VARIANTS[variant])
    extra = over.pop("+spkatt", None)
    repeat = int(over.pop("+wikinews_repeat", "1"))
    rw = over.pop("+rw", None)
    train_path = fold / "train.spacy"
    if extra:
        assert spkatt is not None
        train_path = fold / f"train{'' if repeat == 1 else repeat}+spkatt{'+' + rw if rw else ''}.spacy"
        if not train_path.exists():
            import spacy
            from spacy.tokens import DocBin

            nlp = spacy.blank("de")
            db = DocBin(attrs=["ORTH", "LEMMA", "TAG"])
            for src in [fold / "train.spacy"] * repeat + [spkatt] + ([HERE / "corpus" / f"{rw}.spacy"] if rw else []):
                for doc in DocBin().from_disk(src).get_docs(nlp.vocab):
                    db.add(doc)
            db.to_disk(train_path)
    over.setdefault("training.max_steps", str(max_steps))
    cmd = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"), "--code", str(HERE / "reader.py"),
           "--output", str(out), "--paths.train", str(train_path), "--paths.dev", str(fold / "heldout.spacy"),
           "--training.eval_frequency", "100000"]
    for k, v in over.items():
        cmd += [f"--{k}", v]
    log(" ".join(cmd[3:]))
    with open(out.parent / f"{out.name}.train.log", "w") as fh:
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
    return out / "model-last"


def whole(variant: str, folds: list[Path], data: Path, only: int | None = None, keep_chooser: bool = False,
          rows_too: bool = True, chooser_spkatt: Path | None = None) -> None:
    """The whole pipeline per fold: a speaker chooser fitted on the fold tagger's own output on the
    other folds (as build.py does for the shipped tagger), then the held-out fold scored and its
    statements' confidence rows kept: out-of-fold rows for ``confidence.py --oof``. ``keep_chooser``:
    reuse the fold's chooser of an earlier run (a quick screen of a change that leaves the tagger and
    the chooser's training alone); ``rows_too`` False: no confidence rows (a quicker screen);
    ``chooser_spkatt``: a folder of SpkAtt task-1 speeches whose groups (found by the fold tagger) join
    each fold's chooser fit (rows marked mode 'whole-cspk')."""
    import confidence
    import numpy
    import speaker
    from evaluate import analyzer, outcomes

    from chronik.analyse.quotes_speaker import FEATURES
    from chronik.eval.quotes import load, run

    files = sorted((data / "train").glob("*.json"))
    xs, ys, ds = [], [], []
    rows: list[str] = []  # one TSV row per held-out predicted and missed gold statement (evaluate.outcomes)
    for k, fold in enumerate(folds):
        if only is not None and k != only:
            continue
        model = OUT / variant / f"k{len(folds)}-f{k}" / "model-last"
        t0 = time.process_time()
        if not (keep_chooser and (model / "speaker.json").exists()):
            groups = speaker.collect((load(p) for n, p in enumerate(files) if n % len(folds) != k), model=str(model))
            if chooser_spkatt is not None:
                from spkatt import load as load_speech

                groups += speaker.collect((load_speech(p) for p in sorted(chooser_spkatt.glob("*.json"))),
                                          first=-10**6, model=str(model))
            w = speaker.fit(groups, 0.001, 0.0)
            (model / "speaker.json").write_text(json.dumps({
                "weights": {f: float(v) for f, v in zip(FEATURES, w)},
                "vector_weights": [float(v) for v in w[len(FEATURES):]]}), encoding="utf-8")
        result = run(fold / "gold", analyzer(str(model)), on_doc=lambda d, pred: rows.extend(outcomes(d, pred)))
        if rows_too:
            held = [n for n in range(len(files)) if n % len(folds) == k]
            x, y, d = confidence.collect(fold / "gold", str(model), numbers=held)
            xs.append(x)
            ys.append(y)
            ds.append(d)
        mode = "whole" + ("-kept" if keep_chooser else "") + ("-cspk" if chooser_spkatt is not None else "")
        _record({"variant": variant, "mode": mode, "decoder": _decoder(),
                 "folds": len(folds), "fold": k,
                 "cpu_s": round(time.process_time() - t0)}, result, f"{variant} fold {k} whole")
    name = (f"oof-k{len(folds)}" + ("" if only is None else f"-f{only}") + ("" if _decoder() == DECODER else "-" + _decoder())
            + ("" if chooser_spkatt is None else "-cspk"))
    (OUT / variant / f"{name}-dump.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if not rows_too:
        return
    numpy.savez(OUT / variant / f"{name}.npz", x=numpy.concatenate(xs), y=numpy.concatenate(ys),
                docs=numpy.concatenate(ds))


def summary(name: str, rules: list[Path]) -> dict:
    """Means over folds per variant and mode of ``results.jsonl`` (the last run of each fold; plus
    rules-only runs of ``evaluate.py --model rules --out``), written to ``bench/results/NAME.json``."""
    import statistics

    from chronik.bench import write_result

    rows = [json.loads(line) for line in (OUT / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    rows += [{**json.loads(p.read_text(encoding="utf-8")), "variant": "rules", "mode": "rules"} for p in rules]
    groups: dict[tuple[str, str, str], dict] = {}
    for n, r in enumerate(rows):  # a fold scored again by the same variant, mode and decoder: its last run counts
        groups.setdefault((r["variant"], r.get("mode", "tagger"), r.get("decoder", "r7")), {})[r.get("fold", -1 - n)] = r
    table = []
    for (variant, mode, decoder), by_fold in groups.items():
        rs = [by_fold[k] for k in sorted(by_fold)]
        def mean(get, rs=rs):
            return round(statistics.mean(get(r) for r in rs), 4)

        table.append({
            "variant": variant, "mode": mode, "decoder": decoder, "overrides": rs[0].get("overrides", {}),
            "folds_scored": len(rs),
            **{key: {m: mean(lambda r, key=key, m=m: r[key][m]) for m in ("p", "r", "f1")}
               for key in ("joint", "detection", "attributed")},
            "speaker_accuracy": mean(lambda r: r["speaker_accuracy"]),
            "detection_recall": {f: mean(lambda r, f=f: r["per_form"][f]["detection_recall"]) for f in rs[0]["per_form"]},
            "attributed_f1_per_fold": [round(r["attributed"]["f1"], 4) for r in rs],
        })
    out = {"split": "Wikinews train, 4 folds by document (n % 4); each figure the mean over the folds scored",
           "modes": {"tagger": "fold tagger + rules, no speaker chooser or calibrator",
                     "whole": "whole pipeline: fold tagger + a speaker chooser fitted on its output on the other folds",
                     "whole-kept": "whole pipeline with each fold's chooser of the last --whole run (a quick screen)",
                     "whole-cspk": "whole pipeline, each fold's chooser fitted with SpkAtt speaker groups too",
                     "rules": "rules alone (model='rules')"},
           "decoders": {"r7": "round 7's decoding (no split where a quotation opens or closes)",
                        "form-split": "messages split at a unit start where a quotation opens or closes; "
                                      "a stretch wholly in quotation marks is direct",
                        "+rb": "rules' statements beside a misplaced tagged message of the same cue (quotes.RULES_BESIDE)",
                        "+pron": "an object pronoun never speaks (round 8; since round 9 the reader's candidate filter, Reader.wrong_role)",
                        "+soll": "round 9: a main clause with soll/sollen and no speech verb right after a statement "
                                 "continues it as free indirect speech (quotes.CONTINUE_SOLL)",
                        "+konj": "round 9: the same for a Konjunktiv I sentence (quotes.CONTINUE_KONJUNKTIV)",
                        "-gapN": "the statement ends at most N sentences before (quotes.CONTINUE_GAP; default 2)",
                        "-spk": "only a statement with a speaker is continued (quotes.CONTINUE_NEEDS_SPEAKER)",
                        "-ext": "a soll sentence right after a soll free indirect statement extends its message "
                                "(quotes.CONTINUE_EXTEND)",
                        "+shapes": "round 11: reported speech from clause shapes in sentences no statement "
                                   "touches (quotes.REPORT_SHAPES, quotes_shapes)"},
           "steps": table}
    write_result(name, out, ROOT / "bench" / "results")
    return out


def _record(row: dict, result: dict, label: str, tail: str = "") -> None:
    """Append one fold's figures to results.jsonl (the step table's source) and log them."""
    from evaluate import KEYS

    row = {**row, **{key: result[key] for key in KEYS}, "speaker_accuracy": result["speaker_accuracy"],
           "per_form": result["per_form"]}
    with open(OUT / "results.jsonl", "a") as fh:
        fh.write(json.dumps(row) + "\n")
    log(f"{label}: " + " ".join(f"{key} {result[key]['f1']:.3f}" for key in KEYS)
        + f" spk {result['speaker_accuracy']}{tail}")


DECODER = "form-split+rb+pron+soll-gap1-ext+shapes"  # the shipped decoder: its out-of-fold rows are oof-kK.npz (build.py's confidence)


def _decoder() -> str:
    from chronik.analyse import quotes, quotes_model, quotes_reader

    # "+pron": object pronouns never speak (always on since round 8, in Reader.wrong_role since round 9; earlier rows lack it)
    return (("form-split" if quotes_model.FORM_SPLIT else "r7") + ("+rb" if quotes.RULES_BESIDE else "") + "+pron"
            + ("+soll" if quotes.CONTINUE_SOLL else "") + ("+konj" if quotes.CONTINUE_KONJUNKTIV else "")
            + (f"-gap{quotes.CONTINUE_GAP}" if quotes.CONTINUE_GAP != quotes_reader.CARRY_UNITS else "")
            + ("-spk" if quotes.CONTINUE_NEEDS_SPEAKER else "") + ("-ext" if quotes.CONTINUE_EXTEND else "")
            + ("+shapes" if quotes.REPORT_SHAPES else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("variants", nargs="*", help=f"any of {', '.join(sorted(VARIANTS))}")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("CHRONIK_DATA", ROOT.parent / "shared" / "data")) / "quotes" / "wikinews")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--only-fold", type=int)
    ap.add_argument("--max-steps", type=int, default=2400)
    ap.add_argument("--spkatt", type=Path, help="a DocBin of SpkAtt debates in the tagger's format (spkatt.py --docbin)")
    ap.add_argument("--whole", action="store_true", help="no training: the whole pipeline (chooser per fold) "
                    "on the trained fold taggers, and the out-of-fold confidence rows")
    ap.add_argument("--keep-chooser", action="store_true", help="with --whole: each fold's chooser of the last "
                    "--whole run (rows marked mode 'whole-kept')")
    ap.add_argument("--chooser-spkatt", type=Path, metavar="DIR", help="with --whole: SpkAtt task-1 speeches "
                    "(JSON folder) whose speaker groups join each fold's chooser fit")
    ap.add_argument("--no-rows", action="store_true", help="with --whole: no confidence rows (no oof npz)")
    ap.add_argument("--continue-soll", choices=("on", "off"), help="quotes.CONTINUE_SOLL (decoder marked '+soll')")
    ap.add_argument("--continue-konjunktiv", choices=("on", "off"),
                    help="quotes.CONTINUE_KONJUNKTIV (decoder marked '+konj')")
    ap.add_argument("--continue-gap", type=int, help="quotes.CONTINUE_GAP (decoder marked '-gapN')")
    ap.add_argument("--continue-needs-speaker", action="store_true", help="quotes.CONTINUE_NEEDS_SPEAKER (marked '-spk')")
    ap.add_argument("--continue-extend", action="store_true", help="quotes.CONTINUE_EXTEND (marked '-ext')")
    ap.add_argument("--no-shapes", action="store_true", help="quotes.REPORT_SHAPES empty (decoder without '+shapes')")
    ap.add_argument("--summary", metavar="NAME", help="no training: write the means of results.jsonl to "
                    "bench/results/NAME.json (with --rules FILES: rules-only runs)")
    ap.add_argument("--rules", type=Path, nargs="*", default=[])
    ap.add_argument("--eval-only", action="store_true", help="no training: score the trained fold taggers (tagger mode)")
    ap.add_argument("--no-form-split", action="store_true", help="round 7's decoder (quotes_model.FORM_SPLIT off)")
    ap.add_argument("--rules-beside", action="store_true", help="quotes.RULES_BESIDE on (decoder marked '+rb')")
    ap.add_argument("--no-rules-beside", action="store_true", help="quotes.RULES_BESIDE off")
    ap.add_argument("--switch", type=float, help="the decoder's switch cost (default quotes_model.SWITCH); "
                    "tagger-mode rows are then marked mode 'tagger-sX'")
    args = ap.parse_args()
    from chronik.analyse import quotes

    for flag, name in ((args.continue_soll, "CONTINUE_SOLL"), (args.continue_konjunktiv, "CONTINUE_KONJUNKTIV")):
        if flag is not None:
            setattr(quotes, name, flag == "on")
    if args.continue_gap is not None:
        quotes.CONTINUE_GAP = args.continue_gap
    if args.continue_needs_speaker:
        quotes.CONTINUE_NEEDS_SPEAKER = True
    if args.continue_extend:
        quotes.CONTINUE_EXTEND = True
    if args.no_shapes:
        quotes.REPORT_SHAPES = frozenset()
    if args.rules_beside:
        from chronik.analyse import quotes

        quotes.RULES_BESIDE = True
    if args.no_rules_beside:
        from chronik.analyse import quotes

        quotes.RULES_BESIDE = False
    if args.no_form_split:
        from chronik.analyse import quotes_model

        quotes_model.FORM_SPLIT = False
    if args.summary:
        summary(args.summary, args.rules)
        return
    if not args.variants or set(args.variants) - set(VARIANTS):
        ap.error(f"variants: one or more of {', '.join(sorted(VARIANTS))}")
    from evaluate import analyzer

    from chronik.eval.quotes import run

    folds = split(HERE / "corpus", args.folds, args.data)
    if args.whole:
        for variant in args.variants:
            whole(variant, folds, args.data, args.only_fold, args.keep_chooser, not args.no_rows, args.chooser_spkatt)
        return
    for variant in args.variants:
        for k, fold in enumerate(folds):
            if args.only_fold is not None and k != args.only_fold:
                continue
            out = OUT / variant / f"k{args.folds}-f{k}"
            out.parent.mkdir(parents=True, exist_ok=True)
            t0 = time.time()
            cpu0 = os.times()
            model = out / "model-last" if args.eval_only else train(variant, fold, out, args.max_steps, args.spkatt)
            cpu_train = sum(os.times()[2:4]) - sum(cpu0[2:4])
            t1 = time.process_time()
            an = analyzer(str(model), args.switch)
            finder = an.nlp.get_pipe("chronik_quotes")
            finder.chooser = finder.calibrator = None  # tagger mode, also where --whole left a speaker.json
            result = run(fold / "gold", an)
            cpu_eval = time.process_time() - t1
            _record({"variant": variant, "decoder": _decoder(), "folds": args.folds, "fold": k,
                     "mode": ("tagger" if args.switch is None else f"tagger-s{args.switch:g}")
                     ,
                     "overrides": VARIANTS[variant],
                     "max_steps": args.max_steps, "cpu_train_s": round(cpu_train), "cpu_eval_s": round(cpu_eval),
                     "wall_s": round(time.time() - t0)}, result, f"{variant} fold {k}", f" | train {cpu_train:.0f} CPU-s")


if __name__ == "__main__":
    main()
