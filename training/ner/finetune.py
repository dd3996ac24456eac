"""Fine-tune the shipped NER model on in-domain GermEval 2014 dev sentences.

The base model (``build.py``) learns from out-of-domain corpora only: business and
traffic news, legal text, silver Wikipedia labels. GermEval's own sentences teach it the
target conventions, above all MISC ("deutsche", "Bundesliga", works, events), which most
sources do not annotate. Two stages, each a fixed 1,500 steps (no checkpoint selection):

    measure  base + dev sentences 1-1,100 (x3) + 6,000 general sentences → score on the
             untouched held-out half (1,101-2,200): the figure to quote
    ship     base + all 2,200 dev sentences (x3) + 6,000 general → src/chronik/models/ner-de

    .venv/bin/python training/ner/finetune.py [--base DIR] [--steps 1500] [--skip-measure]
                                              [--ship-measured]

``--ship-measured`` skips the ship stage and ships the measure-stage model itself (fine-tuned
on the tune half only): the held-out figure is then exactly the shipped model's, and the
held-out half stays unseen (half the build time, half the in-domain data).

``--second-pass`` fine-tunes the shipped model once more the same way (``make models`` runs
it after the first pass, with ``--wikineural 12000 --steps 2000`` unless non-commercial data is
excluded)
and ships it as the next version; the model card then compares it with the first pass.

The shipped model has seen all of GermEval dev, so its honest estimate is the measure
stage's held-out score. Reads training/ner/corpus (made by build.py / convert.py).
Static vectors of the base model (if any) are carried over unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

for _k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_k, "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHIP = ROOT / "src" / "chronik" / "models" / "ner-de"
CORPUS = HERE / "corpus"
OUT = HERE / "output" / "finetune"
GERMEVAL = Path(os.environ.get("CHRONIK_DATA", ROOT.parent / "shared" / "data")) / "ner/germeval2014/NER-de-dev.tsv"
GENERAL = 6000  # general sentences mixed in so the model keeps what it knew
REPEAT = 3  # in-domain sentences are few: show each three times per pass
VERSION = "0.4.0"  # 0.1/0.3: base model from build.py (0.3: with vectors); 0.2/0.4: fine-tuned on GermEval dev
SECOND_VERSION = "0.5.0"  # 0.4.0 fine-tuned once more (--second-pass)
# base version -> version after the first pass -> version after the second pass.  Round 5: the
# base trained with WikiNEuRal (build.py --with-nc, "0.6.0-base") leads to 0.6.0.
FIRST = {"0.3.0": VERSION, "0.6.0-base": "0.6.0-pass1"}
SECOND = {VERSION: SECOND_VERSION, "0.6.0-pass1": "0.6.0"}
NC_BASE = {"0.6.0-base", "0.6.0-pass1"}  # their base also learnt from corpus/nc (all of WikiNEuRal)
FIRST_STEPS = 1500  # the first pass's fixed steps (make models), for the card


def wikineural_docs(vocab, n: int, seed: int = 0) -> list:
    """``n`` WikiNEuRal German sentences (silver, CC BY-NC-SA: the model becomes non-commercial),
    converted as ``convert.py --with-nc`` converts them (adjective MISC left unannotated)."""
    from convert import src_wikineural, to_iob
    from spacy.tokens import Doc

    sents = [(w, t) for w, t in src_wikineural() if w and len(w) <= 200]
    random.Random(f"{seed}-wikineural").shuffle(sents)
    return [Doc(vocab, words=w, ents=to_iob(t)) for w, t in sents[:n]]


def mix(in_domain: list[str], path: Path, seed: int = 0, wikineural: int = 0) -> None:
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("de").vocab
    load = lambda name: list(DocBin().from_disk(CORPUS / name).get_docs(vocab))  # noqa: E731
    docs = [d for name in in_domain for d in load(name)] * REPEAT
    random.seed(seed)
    docs += random.sample(load("train.spacy"), GENERAL)
    if wikineural:
        docs += wikineural_docs(vocab, wikineural, seed)
    random.shuffle(docs)
    DocBin(docs=docs, store_user_data=False).to_disk(path)


def config(base: Path, steps: int, path: Path, seed: int = 0) -> None:
    from spacy.util import load_config

    cfg = load_config(base / "config.cfg")
    cfg["components"]["tok2vec"] = {"source": str(base)}
    cfg["components"]["ner"] = {"source": str(base)}
    cfg["paths"]["vectors"] = str(base) if cfg["initialize"].get("vectors") else None
    cfg["training"].update(max_steps=steps, patience=0, eval_frequency=max(steps // 5, 100))
    cfg["training"]["optimizer"]["learn_rate"] = 0.0005
    cfg["system"]["seed"] = seed
    cfg.to_disk(path)


def train(base: Path, in_domain: list[str], steps: int, name: str, wikineural: int = 0, seed: int = 0) -> Path:
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    mix(in_domain, out / "train.spacy", seed=seed, wikineural=wikineural)
    config(base, steps, out / "config.cfg", seed)
    cmd = [sys.executable, "-m", "spacy", "train", str(out / "config.cfg"), "--output", str(out),
           "--paths.train", str(out / "train.spacy"), "--paths.dev", str(CORPUS / "tune.spacy")]
    with (out / "train.log").open("w") as log:
        subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT)
    return out / "model-last"  # fixed steps: the last state, no selection on any dev data


def heldout_scores(model: Path, seen: set[str] | None = None) -> dict:
    import spacy

    from chronik.eval.ner import evaluate_ner

    nlp = spacy.load(model)
    evaluate_ner(nlp, GERMEVAL, 1100, 1200)  # warm-up for the speed figure
    res = evaluate_ner(nlp, GERMEVAL, 1100, 2200, seen=seen)
    r3 = lambda x: round(x, 4)  # noqa: E731
    out = {"f": r3(res["f"]), "p": r3(res["p"]), "r": r3(res["r"]),
           "per_type": {k: {m: r3(v[m]) for m in ("p", "r", "f")}
                        for k, v in res["per_type"].items() if k in ("PER", "LOC", "ORG", "MISC")},
           "tokens_per_cpu_s": round(res["tokens_per_cpu_s"])}
    if "unseen" in res:
        out["unseen_recall"] = r3(res["unseen"]["r"])
        out["unseen_n"] = res["unseen"]["n"]
    return out


def card_section(report: dict) -> str:
    """The model card's top section: what was shipped and its honest held-out figure."""
    def row(name, r):
        pt = r["per_type"]
        return (f"| {name} | {r['p']:.3f} | {r['r']:.3f} | {r['f']:.3f} | "
                + " | ".join(f"{pt[k]['f']:.3f}" for k in ("PER", "LOC", "ORG", "MISC"))
                + f" | {r.get('unseen_recall', float('nan')):.3f} |")

    b, t = report["base_heldout"], report["finetuned_heldout"]
    version = report.get("version", VERSION)
    first = report.get("base_version", VERSION) if report.get("second_pass") else VERSION
    wn = report.get("wikineural", 0)
    extra = (f" + {wn:,} WikiNEuRal German sentences (silver, CC BY-NC-SA 4.0)" if wn else "")
    if report.get("second_pass"):
        what = (f"version {first} (the base model described below, fine-tuned on the 1,100 sentences "
                f"of the GermEval 2014 dev *tune* half, CC BY 4.0, ×{REPEAT} mixed with {GENERAL:,} general "
                f"training sentences for a fixed {FIRST_STEPS:,} steps) fine-tuned a second time the "
                f"same way{extra}, for a fixed {report['steps']:,} steps (`training/ner/finetune.py "
                f"--second-pass{' --wikineural ' + str(wn) if wn else ''} --steps {report['steps']}`)")
        rows = [row(f"{first}: base + fine-tuning on the tune half", b),
                row(f"{version}: {first} + second pass{extra.replace(' German sentences (silver, CC BY-NC-SA 4.0)', '')}", t)]
        honest = f"Neither pass saw the held-out half: **{t['f']:.3f} is the shipped model's own held-out figure**."
        if "choice" in report:  # how the recipe was chosen (training/ner/compare.py)
            honest += " " + report["choice"]
    elif report.get("ship_measured"):
        what = (f"fine-tuned on the 1,100 sentences of the GermEval 2014 dev *tune* half "
                f"(CC BY 4.0) ×{REPEAT} mixed with {GENERAL:,} general training sentences{extra}, for a "
                f"fixed {report['steps']:,} steps (`training/ner/finetune.py --ship-measured`)")
        rows = [row("base", b), row("base + fine-tuning on the tune half only", t)]
        honest = (f"The shipped model has not seen the held-out half: **{t['f']:.3f} is its own "
                  "held-out figure**.")
    else:
        what = (f"fine-tuned on all 2,200 GermEval 2014 dev sentences (CC BY 4.0) ×{REPEAT} mixed "
                f"with {GENERAL:,} general training sentences{extra}, for a fixed {report['steps']:,} steps "
                "(`training/ner/finetune.py`)")
        rows = [row("base", b), row("base + fine-tuning on the tune half only", t)]
        honest = (f"The shipped model has also seen the held-out half, so **{t['f']:.3f} is its "
                  "honest estimate** (that of the same recipe on the tune half only).")
    nl = "\n"
    return f"""<!-- finetune -->
**Version {version}** (shipped): {'' if report.get('second_pass') else 'the base model described below, '}{what}.

| GermEval dev, held-out half (1,101–2,200) | P | R | F1 | PER | LOC | ORG | MISC | recall, unseen names |
|---|---|---|---|---|---|---|---|---|
{nl.join(rows)}

{honest} *Unseen names*: gold entities
whose text never occurs as an entity in the training data (for the fine-tuned rows: nor in the
tune half{' or the WikiNEuRal sentences' if wn else ''}). The tables below describe the base model.
<!-- /finetune -->
"""


WN_NOTE = "NER training data from WikiNEuRal (CC BY-NC-SA 4.0; second fine-tuning pass) and "


def update_card(report: dict) -> None:
    path = SHIP / "MODEL_CARD.md"
    card = path.read_text()
    note = next((line for line in card.splitlines() if line.startswith("**Licence note")), "")
    if report.get("wikineural") and "WikiNEuRal" not in note:  # the licence note names every NC input
        card = card.replace("**Licence note: the model is for non-commercial use only** — it was built with ",
                            "**Licence note: the model is for non-commercial use only** — it was built with "
                            + WN_NOTE, 1)
    sec = card_section(report)
    if "<!-- finetune -->" in card:
        a, b = card.index("<!-- finetune -->"), card.index("<!-- /finetune -->\n") + 19
        card = card[:a] + sec + card[b:]
    else:
        i = card.index("## Scores")
        card = card[:i] + sec + "\n" + card[i:]
    path.write_text(card)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, default=SHIP, help="model to start from (default: the shipped one)")
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--skip-measure", action="store_true")
    ap.add_argument("--ship-measured", action="store_true",
                    help="ship the model fine-tuned on the tune half only (no ship stage)")
    ap.add_argument("--wikineural", type=int, default=0, metavar="N",
                    help="mix N WikiNEuRal sentences (CC BY-NC-SA: non-commercial) into each stage")
    ap.add_argument("--no-ship", action="store_true",
                    help="an experiment: measure only, write the report under output/finetune, ship nothing")
    ap.add_argument("--name", default="measure", help="run folder under output/finetune")
    ap.add_argument("--seed", type=int, default=0,
                    help="seed of the data mix (general and WikiNEuRal samples, order) and of spaCy; 0 = shipped")
    ap.add_argument("--second-pass", action="store_true",
                    help="fine-tune a first-pass model once more (measure stage) and ship it: "
                         + ", ".join(f"{a} -> {b}" for a, b in SECOND.items()))
    args = ap.parse_args(argv)
    if args.second_pass:
        if args.skip_measure or args.no_ship:
            ap.error("--second-pass ships the measure-stage model: no --skip-measure / --no-ship")
        args.ship_measured = True
    if args.no_ship and args.skip_measure:
        ap.error("--no-ship needs the measure stage")
    if args.ship_measured and args.skip_measure:
        ap.error("--ship-measured needs the measure stage")
    base = args.base.resolve()
    base_version = json.loads((base / "meta.json").read_text())["version"]
    if args.second_pass:
        if base_version not in SECOND:
            ap.error(f"--second-pass starts from {' or '.join(SECOND)}, but {base} is version {base_version}")
        version = SECOND[base_version]
        if args.name == "measure":
            args.name = "second"
    else:
        version = FIRST.get(base_version, VERSION)
    if base == SHIP.resolve():  # the ship stage overwrites it: train from a copy
        shutil.copytree(SHIP, OUT / "base", dirs_exist_ok=True)
        base = OUT / "base"
    report = {"base": str(args.base), "steps": args.steps, "general": GENERAL, "repeat": REPEAT,
              "ship_measured": args.ship_measured, "wikineural": args.wikineural,
              "second_pass": args.second_pass, "version": version, "base_version": base_version,
              "seed": args.seed}
    if not args.skip_measure:
        from build import seen_names

        seen = seen_names(CORPUS / "train.spacy")
        if base_version in NC_BASE:  # names the base saw in WikiNEuRal are not unseen either
            seen |= seen_names(CORPUS / "nc" / "train.spacy")
        if args.second_pass:  # the base (first pass) has seen the tune half already
            seen |= seen_names(CORPUS / "tune.spacy")
        report["base_heldout"] = heldout_scores(base, seen)
        measured = train(base, ["tune.spacy"], args.steps, args.name, args.wikineural, args.seed)
        seen |= seen_names(CORPUS / "tune.spacy")
        if args.wikineural:  # names of the WikiNEuRal sentences it saw are not unseen either
            import spacy

            seen |= {" ".join(t.text for t in e)
                     for d in wikineural_docs(spacy.blank("de").vocab, args.wikineural, args.seed) for e in d.ents}
        report["finetuned_heldout"] = heldout_scores(measured, seen)
        print(json.dumps(report, indent=1))
        if args.no_ship:
            (OUT / args.name / "report.json").write_text(json.dumps(report, indent=1))
            return
    from build import ship  # same shipping as the base model: meta, trimmed strings, card kept

    if args.ship_measured:
        report["shipped"] = (f"ner-de {version} = the measure-stage model (base + tune half x{REPEAT} "
                             f"+ {GENERAL} general" + (f" + {args.wikineural} WikiNEuRal" if args.wikineural else "")
                             + f", {args.steps} steps): it has not seen the "
                             "held-out half, so the finetuned_heldout figure is its own")
        ship(measured, version=version)
    else:
        report["shipped"] = (f"ner-de {version} = base + all 2,200 dev sentences x{REPEAT} + {GENERAL} "
                             f"general, {args.steps} steps: it has seen the held-out half, so the "
                             "finetuned_heldout figure is its (conservative) estimate")
        ship(train(base, ["tune.spacy", "heldout.spacy"], args.steps, "ship", args.wikineural, args.seed),
             version=version)
    (OUT / "report.json").write_text(json.dumps(report, indent=1))
    if not args.skip_measure:
        update_card(report)
    if not args.skip_measure:
        from chronik.bench import write_result

        write_result("ner-germeval-heldout", report, ROOT / "bench" / "results")
    print(f"shipped {SHIP} {version}; report in {OUT / 'report.json'}")


if __name__ == "__main__":
    main()
