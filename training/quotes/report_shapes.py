"""Reported speech from clause shapes (``quotes_shapes``): label the candidates out of fold, choose
the shapes per fold by cross-validation on Wikinews train (issue 12, round 11).

    .venv/bin/python training/quotes/report_shapes.py label [--variant spkatt]
    .venv/bin/python training/quotes/report_shapes.py cv [--min-rate 0.5] [--min-n 5] [--shapes a,b]
    .venv/bin/python training/quotes/report_shapes.py summary --name NAME --steps "STEP 1" "STEP 2" …

``label``: every fold tagger of ``cv.py VARIANT`` with its kept chooser (``cv.py --whole`` must have
run) scores its held-out fold with all shapes on; each statement a shape adds is labelled against the
gold (``ok``: message Jaccard ≥ 0.5 with a gold statement and its speaker right; ``speaker``: the
message only; ``none``) → ``output/cv/VARIANT/shapes-labels.tsv``. The run's fold figures are
recorded too (rows of ``output/cv/shapes.jsonl``, gate ``all``).

``cv``: per held-out fold, the shapes right (``ok``) at least ``--min-rate`` of the time over at
least ``--min-n`` candidates of the **other** three folds are used (``--shapes``: a fixed list
instead; ``--shapes none``: the baseline by the same code); the held-out fold is scored with them.
Means over the folds are printed and every fold's figures appended to ``output/cv/shapes.jsonl``.

``summary``: the means of each run of four folds in ``shapes.jsonl`` (in order), named by ``--steps``
(one name per run; ``-`` leaves a run out), plus the ``cv.py --whole`` runs of ``results.jsonl`` given
by ``--whole-runs`` (the last N runs of four folds), to ``bench/results/NAME.json``. Dev is not read.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

for _k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_k, "1")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
OUT = HERE / "output" / "cv"
KEYS = ("joint", "detection", "attributed")


def _fold_run(variant: str, k: int, data: Path, shapes: frozenset[str], rows: list | None, dump: list | None = None):
    """Score held-out fold ``k`` with ``shapes`` on; with ``rows``, label what the shapes add; with
    ``dump``, keep every statement's outcome (``evaluate.outcomes``)."""
    from evaluate import analyzer, outcomes

    from chronik.analyse import quotes
    from chronik.eval.quotes import jaccard, run
    from chronik.record import Span

    quotes.REPORT_SHAPES = shapes
    quotes.SHAPE_TRACE = [] if rows is not None else None
    trace = quotes.SHAPE_TRACE

    def on_doc(d, pred):
        if dump is not None:
            dump.extend(outcomes(d, pred))
        if trace is None or rows is None:
            return
        mine = [t for t in trace if t[0] == d.text]
        trace[:] = [t for t in trace if t[0] != d.text]
        for _, name, cs, ce in mine:
            msg = d.tokens([Span(start=cs, end=ce, text="")])
            p = next((p for p in pred if p.message == msg), None)
            spk = p.speaker if p is not None else frozenset()
            best = max(d.gold, key=lambda g: jaccard(msg, g.message), default=None)
            if best is None or jaccard(msg, best.message) < 0.5:
                label, form = "none", ""
            else:
                form = best.form or ""
                label = "ok" if ((spk & best.speaker) if best.speaker else not spk) else "speaker"
            rows.append("\t".join([str(k), d.id, name, label, form, d.text[cs:ce].replace("\t", " ").replace("\n", " "),
                                   " ".join(d.text[d.starts[i]:d.ends[i]] for i in sorted(spk))]))

    model = OUT / variant / f"k4-f{k}" / "model-last"
    gold = OUT / "k4" / f"f{k}" / "gold"
    result = run(gold, analyzer(str(model)), on_doc=on_doc)
    return result


def _record(variant: str, gate: str, k: int, shapes: frozenset[str], result: dict, cpu: float) -> dict:
    row = {"variant": variant, "gate": gate, "fold": k, "shapes": sorted(shapes), "cpu_s": round(cpu),
           **{key: result[key] for key in KEYS}, "speaker_accuracy": result["speaker_accuracy"],
           "per_form": result["per_form"]}
    with open(OUT / "shapes.jsonl", "a") as fh:
        fh.write(json.dumps(row) + "\n")
    print(f"[shapes {time.strftime('%H:%M:%S')}] {gate} fold {k} {sorted(shapes)}: "
          + " ".join(f"{key} {result[key]['p']:.3f}/{result[key]['r']:.3f}/{result[key]['f1']:.3f}" for key in KEYS)
          + f" spk {result['speaker_accuracy']:.3f} rep {result['per_form']['Reported']['detection_recall']:.3f}",
          flush=True)
    return row


def _means(rows: list[dict], gate: str) -> None:
    def m(get):
        return statistics.mean(get(r) for r in rows)

    print(f"MEAN {gate}: attributed {m(lambda r: r['attributed']['p']):.4f} / {m(lambda r: r['attributed']['r']):.4f} / "
          f"{m(lambda r: r['attributed']['f1']):.4f}, joint {m(lambda r: r['joint']['f1']):.4f}, "
          f"detection {m(lambda r: r['detection']['f1']):.4f}, speaker {m(lambda r: r['speaker_accuracy']):.4f}, "
          f"recall Rep {m(lambda r: r['per_form']['Reported']['detection_recall']):.4f} "
          f"Ind {m(lambda r: r['per_form']['Indirect']['detection_recall']):.4f}; "
          f"att F1 per fold {[round(r['attributed']['f1'], 4) for r in rows]}, "
          f"att P per fold {[round(r['attributed']['p'], 4) for r in rows]}", flush=True)


def _mean_row(rows: list[dict]) -> dict:
    def m(get):
        return round(statistics.mean(get(r) for r in rows), 4)

    return {**{key: {x: m(lambda r, key=key, x=x: r[key][x]) for x in ("p", "r", "f1")} for key in KEYS},
            "speaker_accuracy": m(lambda r: r["speaker_accuracy"]),
            "detection_recall": {f: m(lambda r, f=f: r["per_form"][f]["detection_recall"]) for f in rows[0]["per_form"]},
            "attributed_p_per_fold": [round(r["attributed"]["p"], 4) for r in rows],
            "attributed_f1_per_fold": [round(r["attributed"]["f1"], 4) for r in rows]}


def summary(name: str, steps: list[str], whole_runs: list[str], kept_runs: list[str] = ()) -> None:
    """Means per run of four folds (``shapes.jsonl`` in order, then the last ``cv.py --whole`` runs)."""
    from chronik.bench import write_result

    rows = [json.loads(line) for line in (OUT / "shapes.jsonl").read_text(encoding="utf-8").splitlines() if line]
    table = []
    for n, step in enumerate(steps):
        block = rows[4 * n:4 * n + 4]
        if step != "-" and len(block) == 4:
            table.append({"step": step, "mode": "whole-kept (round-10 fold choosers)", "gate": block[0]["gate"],
                          "shapes_per_fold": [r["shapes"] for r in block], **_mean_row(block)})
    whole = [json.loads(line) for line in (OUT / "results.jsonl").read_text(encoding="utf-8").splitlines()
             if '"mode": "whole"' in line]
    for n, step in enumerate(whole_runs):
        block = whole[len(whole) - 4 * (len(whole_runs) - n):][:4]
        table.append({"step": step, "mode": "whole (fold choosers refitted)", "decoder": block[0]["decoder"],
                      **_mean_row(block)})
    kept = [json.loads(line) for line in (OUT / "results.jsonl").read_text(encoding="utf-8").splitlines()
            if '"mode": "whole-kept"' in line]
    for n, step in enumerate(kept_runs):
        block = kept[len(kept) - 4 * (len(kept_runs) - n):][:4]
        table.append({"step": step, "mode": "whole-kept (cv.py --keep-chooser: the last refitted fold choosers)",
                      "decoder": block[0]["decoder"], **_mean_row(block)})
    write_result(name, {"split": "Wikinews train, 4 folds by document (n % 4); each figure the mean over the folds",
                        "steps": table}, HERE.parents[1] / "bench" / "results")


def chosen(labels: list[list[str]], k: int, min_rate: float, min_n: int) -> frozenset[str]:
    """The shapes right at least ``min_rate`` of the time over ≥ ``min_n`` candidates outside fold ``k``."""
    n: Counter = Counter()
    ok: Counter = Counter()
    for row in labels:
        if int(row[0]) != k:
            n[row[2]] += 1
            ok[row[2]] += row[3] == "ok"
    return frozenset(s for s in n if n[s] >= min_n and ok[s] / n[s] >= min_rate)


def main() -> None:
    from chronik.analyse.quotes_shapes import SHAPES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("label", "cv", "summary"))
    ap.add_argument("--name", default="eval-quotes-steps-r11")
    ap.add_argument("--steps", nargs="*", default=[])
    ap.add_argument("--whole-runs", nargs="*", default=[], help="names of the last cv.py --whole runs, oldest first")
    ap.add_argument("--kept-runs", nargs="*", default=[], help="names of the last cv.py --whole --keep-chooser runs")
    ap.add_argument("--variant", default="spkatt")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("CHRONIK_DATA", HERE.parents[2] / "shared" / "data"))
                    / "quotes" / "wikinews")
    ap.add_argument("--min-rate", type=float, default=0.5)
    ap.add_argument("--min-n", type=int, default=5)
    ap.add_argument("--shapes", help="comma-separated shapes for every fold ('none': no shapes)")
    ap.add_argument("--dump", type=Path, help="cv: write every out-of-fold statement's outcome (TSV) here")
    ap.add_argument("--labels", type=Path, help="labels TSV (default: output/cv/VARIANT/shapes-labels.tsv)")
    ap.add_argument("--clause-only", action="store_true", help="quotes_shapes.WHOLE_UNIT off: a shape's "
                    "preposition only in the verb's own clause")
    ap.add_argument("--own-speaker", help="comma-separated shapes whose own speaker stands against the chooser's "
                    "(quotes.SHAPE_OWN_SPEAKER; 'all', 'none')")
    args = ap.parse_args()
    if args.clause_only:
        from chronik.analyse import quotes_shapes

        quotes_shapes.WHOLE_UNIT = False
    if args.own_speaker:
        from chronik.analyse import quotes

        quotes.SHAPE_OWN_SPEAKER = (SHAPES if args.own_speaker == "all" else frozenset()
                                    if args.own_speaker == "none" else frozenset(args.own_speaker.split(",")))
    labels_path = args.labels or OUT / args.variant / "shapes-labels.tsv"
    if args.step == "summary":
        summary(args.name, args.steps, args.whole_runs, args.kept_runs)
        return
    rows: list[dict] = []
    if args.step == "label":
        out: list[str] = []
        for k in range(4):
            t0 = time.process_time()
            result = _fold_run(args.variant, k, args.data, SHAPES, out)
            rows.append(_record(args.variant, "all", k, SHAPES, result, time.process_time() - t0))
        labels_path.write_text("\n".join(out) + "\n", encoding="utf-8")
        _means(rows, "all")
        by: dict[str, Counter] = {}
        for line in out:
            f = line.split("\t")
            by.setdefault(f[2], Counter())[f[3]] += 1
        for name, c in sorted(by.items()):
            print(f"{name:12s} n {sum(c.values()):4d} ok {c['ok']:3d} speaker {c['speaker']:3d} none {c['none']:3d}")
        return
    labels = [line.split("\t") for line in labels_path.read_text(encoding="utf-8").splitlines() if line]
    gate = (f"fixed:{args.shapes}" if args.shapes else f"rate>={args.min_rate},n>={args.min_n}")
    dump: list[str] = []
    for k in range(4):
        if args.shapes:
            shapes = frozenset() if args.shapes == "none" else frozenset(args.shapes.split(","))
            if shapes - SHAPES:
                ap.error(f"unknown shapes {sorted(shapes - SHAPES)}; known: {sorted(SHAPES)}")
        else:
            shapes = chosen(labels, k, args.min_rate, args.min_n)
        t0 = time.process_time()
        result = _fold_run(args.variant, k, args.data, shapes, None, dump)
        rows.append(_record(args.variant, gate, k, shapes, result, time.process_time() - t0))
    _means(rows, gate)
    if args.dump:
        args.dump.write_text("\n".join(dump) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
