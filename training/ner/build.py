"""Rebuild Chronik's German NER model end to end.

    .venv/bin/python training/ner/build.py [--max-steps N] [--max-minutes M] [--with-nc]
                                           [--no-nc-vectors | --no-vectors | --vectors-from DIR]

1. convert  the corpora under $CHRONIK_DATA/ner (default /work/shared/data) into
            training/ner/corpus/*.spacy                      (training/ner/convert.py)
1b. vectors Chronik's own floret subword vectors from raw German text
            (training/ner/vectors.py -> training/ner/vectors/model); --no-nc-vectors
            trains them on the licence-clean NER training text only, --no-vectors
            builds the model without static vectors (config override), --vectors-from
            takes an existing model's table (e.g. the shipped one: same network, no retraining)
2. train    spaCy with training/ner/config.cfg, 1 CPU thread, bounded by --max-steps and
            (wall clock) --max-minutes; the best checkpoint on the GermEval *tune* half
            (first 1,100 dev sentences) is kept as output/<run>/model-best
3. ship     model-best -> src/chronik/models/ner-de (pipeline ["tok2vec", "ner"] only)
4. evaluate on both GermEval dev halves with chronik.eval.ner (strict, outer, -deriv/-part
            left out), measure tokens per CPU second, write MODEL_CARD.md and scores.json

--skip-convert / --skip-train reuse what is already there (e.g. to re-ship a run).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHIP = ROOT / "src" / "chronik" / "models" / "ner-de"
DATA = Path(os.environ.get("CHRONIK_DATA", "/work/shared/data"))
GERMEVAL_DEV = DATA / "ner" / "germeval2014" / "NER-de-dev.tsv"
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
for _k, _v in ONE_THREAD.items():
    os.environ.setdefault(_k, _v)


def log(msg):
    print(f"[build {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run_convert(args):
    cmd = [sys.executable, str(HERE / "convert.py"), "--out", str(args.corpus)]
    if args.with_nc:
        cmd.append("--with-nc")
    cmd += args.convert_arg
    log(" ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT)


def run_vectors(args):
    cmd = [sys.executable, str(HERE / "vectors.py"), "--out", str(args.vectors)]
    if args.no_nc_vectors:
        cmd.append("--no-nc")
    log(" ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, "CHRONIK_DATA": str(DATA)})


def copy_vectors(model_dir: Path, out: Path) -> None:
    """Write ``model_dir``'s static vectors as a blank German pipeline to ``out/model``.

    The info.json of the vectors that model was built with is not kept with it, so the
    card's vector line gets the settings from vectors.py's defaults (what 0.3.0-0.5.0 used).
    """
    import spacy

    src = spacy.load(model_dir).vocab.vectors
    if not src.shape[0]:
        raise SystemExit(f"--vectors-from {model_dir}: that model has no static vectors")
    nlp = spacy.blank("de")
    nlp.vocab.vectors = src
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out / "model")
    info = {"args": {"dim": str(src.shape[1]), "bucket": str(src.shape[0]),
                     "hash_count": str(src.hash_count), "minn": str(src.minn),
                     "maxn": str(src.maxn), "epoch": "10"},
            "copied_from": str(model_dir)}
    (out / "info.json").write_text(json.dumps(info, indent=1))
    log(f"vectors {src.shape} ({src.mode}) copied from {model_dir} to {out / 'model'}")


def run_train(args, out_dir: Path):
    if out_dir.exists():
        shutil.rmtree(out_dir)
    cmd = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"),
           "--output", str(out_dir),
           "--paths.train", str(args.corpus / "train.spacy"),
           "--paths.dev", str(args.corpus / "tune.spacy"),
           "--training.max_steps", str(args.max_steps)]
    if args.no_vectors:
        cmd += ["--paths.vectors", "null",
                "--components.tok2vec.model.embed.include_static_vectors", "false"]
    else:
        cmd += ["--paths.vectors", str(args.vectors / "model")]
    log(" ".join(cmd))
    env = {**os.environ, **ONE_THREAD}
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    try:
        proc.wait(timeout=args.max_minutes * 60 if args.max_minutes else None)
    except subprocess.TimeoutExpired:
        log(f"wall-clock limit of {args.max_minutes} min reached: stopping training "
            "(model-best holds the best checkpoint so far)")
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    else:
        if proc.returncode != 0:
            raise SystemExit(f"spacy train failed with exit code {proc.returncode}")
    minutes = (time.time() - t0) / 60
    log(f"training took {minutes:.1f} min")
    return minutes


VERSION = "0.3.0"  # 0.3.x: base model with Chronik's floret vectors (0.1/0.2: without)
NC_VERSION = "0.6.0-base"  # --with-nc: WikiNEuRal in the base mix (EXPERIMENTS.md round 5); finetune.py -> 0.6.0


def ship(best: Path, version: str = VERSION):
    import spacy

    nlp = spacy.load(best)
    assert nlp.pipe_names == ["tok2vec", "ner"], nlp.pipe_names
    nlp.meta["name"] = "chronik_ner_de"
    nlp.meta["version"] = version
    vec = "floret subword vectors + " if nlp.vocab.vectors.shape[0] else ""
    nlp.meta["description"] = ("Chronik German NER (PER, LOC, ORG, MISC): blank German "
                               f"tokenizer + {vec}hash-embed CNN tok2vec + transition NER. "
                               "See MODEL_CARD.md.")
    nlp.meta.pop("performance", None)
    card = (SHIP / "MODEL_CARD.md").read_text() if (SHIP / "MODEL_CARD.md").exists() else None
    if SHIP.exists():
        shutil.rmtree(SHIP)
    nlp.to_disk(SHIP)
    trim_strings(nlp)
    if card is not None:
        (SHIP / "MODEL_CARD.md").write_text(card)
    return nlp


def trim_strings(nlp):
    """Drop the training vocabulary from strings.json (several MB).

    Hash embeddings and the NER model work on hashes computed at run time, so only the
    strings of a blank German pipeline plus the entity labels are kept.  The shipped
    model's predictions are checked to be unchanged on the GermEval tune half.
    """
    import spacy

    from chronik.eval.ner import predict_spans, read_germeval

    keep = set(spacy.blank("de").vocab.strings)
    keep.update(nlp.get_pipe("ner").labels)
    keep.update(nlp.get_pipe("ner").move_names)
    path = SHIP / "vocab" / "strings.json"
    strings = json.loads(path.read_text(encoding="utf8"))
    path.write_text(json.dumps([x for x in strings if x in keep], ensure_ascii=False),
                    encoding="utf8")
    sents = [t for t, _ in read_germeval(GERMEVAL_DEV)[:1100]]
    before, _ = predict_spans(nlp, sents)
    after, _ = predict_spans(spacy.load(SHIP), sents)
    assert before == after, "string trimming changed predictions"
    log(f"strings.json: {len(strings)} -> {len(keep & set(strings))} strings; predictions unchanged")


def dir_size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def seen_names(train: Path) -> set[str]:
    """Entity texts (tokens joined by spaces) of a training DocBin."""
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("de").vocab
    return {" ".join(t.text for t in e) for d in DocBin().from_disk(train).get_docs(vocab)
            for e in d.ents}


def evaluate(model_dir: Path, seen: set[str] | None = None):
    import spacy

    from chronik.eval.ner import evaluate_ner, format_scores, read_germeval

    nlp = spacy.load(model_dir)
    n = len(read_germeval(GERMEVAL_DEV))
    half = n // 2
    res = {}
    for name, a, b in [("tune", 0, half), ("heldout", half, n), ("full", 0, n)]:
        evaluate_ner(nlp, GERMEVAL_DEV, a, min(b, a + 100))  # warm-up
        res[name] = evaluate_ner(nlp, GERMEVAL_DEV, a, b, seen=seen)
        log(f"GermEval dev {name} (sentences {a}-{b - 1}):\n{format_scores(res[name])}")
    return res


def _row(name, s):
    return f"| {name} | {s['p']:.3f} | {s['r']:.3f} | **{s['f']:.3f}** | {s['tp']} | {s['fp']} | {s['fn']} |"


def write_card(res, stats, train_info, size_bytes, nc: bool):
    notes = (HERE / "EXPERIMENTS.md")
    notes_txt = notes.read_text() if notes.exists() else "(none recorded)"
    src_rows = []
    licences = {
        "europarl": ("German Europarl NER (Faruqui & Padó 2010), train+dev+test, IOB2 copies",
                     "no explicit licence (Europarl text unrestricted)",
                     "PER/LOC/ORG/MISC 1:1"),
        "wikiann": ("WikiANN de (silver) train+dev+test, `de:` prefix stripped",
                    "Wikipedia-derived (CC BY-SA), no explicit licence", "PER/LOC/ORG 1:1 (no MISC)"),
        "ler": ("German legal NER (LER), derived train",
                "CC BY 4.0",
                "PER/RR/AN→PER; LD/ST/STR/LDS→LOC; ORG/UN/INN/GRT→ORG; MRK→MISC; "
                "GS/VO/EUN/VS/VT/RS/LIT→*missing* (unannotated, not O)"),
        "smartdata": ("SmartData v1 train+test (all 2.4k docs; v3 is a subset), own "
                      "tokenisation + sentence split", "CC BY 4.0",
                      "person→PER; organization(-company)→ORG; location, -city, -street, "
                      "-stop→LOC; location-route→*missing*; all other types→O"),
        "mobie": ("MobIE CoNLL train+dev+test", "CC BY 4.0", "as SmartData"),
        "europeana": ("Europeana historical newspapers (lft, onb, sbb), split at . ! ?",
                      "CC0", "PER/LOC/ORG (typo variants repaired); unknown tags→*missing*"),
        "hipe": ("HIPE-2022 newseye + sonar (German); hipe2020 (NC-SA) NOT used; ſ→s",
                 "CC BY 4.0 (newseye, sonar)", "PER/LOC/ORG; HumanProd→MISC; TIME→O"),
        "multiconer2022": ("MultiCoNER 2022 de train+dev, lowercase: most sentences "
                           "heuristically re-cased (lexicon from the cased sources)",
                           "CC BY 4.0", "PER, LOC; GRP/CORP→ORG; CW/PROD→MISC"),
        "multiconer2023": ("MultiCoNER II de train+dev, re-cased like 2022", "CC BY 4.0",
                           "person types→PER; HumanSettlement/OtherLOC/Station/Facility→LOC; "
                           "ORG/groups/corps/manufacturers→ORG; works/Software/OtherPROD/"
                           "Vehicle→MISC; food/drink/clothing/medical→O"),
        "surname_aug": ("augmentation: copies of sentences from the gold sources (not WikiANN) "
                        "whose multi-token PER names are cut to the last token",
                        "as its source", "PER"),
        "wikineural": ("WikiNEuRal de val+test (silver)", "**CC BY-NC-SA 4.0 (non-commercial)**",
                       "PER/LOC/ORG/MISC 1:1"),
    }
    for name, s in stats["sources"].items():
        desc, lic, mapping = licences.get(name, (name, "?", "?"))
        ents = ", ".join(f"{k} {v}" for k, v in sorted(s["entities"].items()))
        rep = f" ×{s['repeat']}" if s.get("repeat", 1) != 1 else ""
        src_rows.append(f"| {name} | {desc} | {lic} | {s['sentences']}{rep} | {s['tokens']} | {ents} | {mapping} |")

    def table(r):
        rows = ["| class | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|",
                _row("**micro**", r)]
        for lab in ["PER", "LOC", "ORG", "MISC"]:
            rows.append(_row(lab, r["per_type"][lab]))
        return "\n".join(rows)

    speed = res["full"]["tokens_per_cpu_s"]
    vec = train_info.get("vectors")
    nc_parts = []
    if nc:
        nc_parts.append("NER training data from WikiNEuRal (CC BY-NC-SA 4.0)")
    if vec and vec.get("nc"):
        nc_parts.append("static vectors learnt from non-commercial raw text (GermaParl: CLARIN "
                        "PUB+BY+NC+SA; 10kGNAD and Redewiedergabe: CC BY-NC-SA 4.0)")
    if nc_parts:
        licence_line = ("**Licence note: the model is for non-commercial use only** — it was "
                        "built with " + " and ".join(nc_parts) + ". No text of those corpora is "
                        "shipped, only learnt weights. `build.py --no-nc-vectors` (vectors from "
                        "the licence-clean NER training text only) or `--no-vectors` build a "
                        "model without non-commercial inputs.")
    else:
        licence_line = ("No non-commercial (NC) data was used: WikiNEuRal (CC BY-NC-SA), "
                        "HIPE hipe2020 (CC BY-NC-SA) and the NC raw text were left out. Inputs "
                        "are CC BY 4.0, CC0, or without explicit licence (WikiANN: "
                        "Wikipedia-derived, CC BY-SA text; Europarl: unrestricted text).")
    if vec and vec.get("copied_from"):
        a = vec["args"]
        vec_line = (f"Static vectors: Chronik's own floret subword vectors (`training/ner/vectors.py`), "
                    f"{int(a['bucket']):,} rows × {a['dim']}, taken unchanged from `{vec['copied_from']}` "
                    f"(`build.py --vectors-from`); see that model's card for how they were trained.")
    elif vec:
        a = vec["args"]
        src = ", ".join(f"{k} {v['tokens'] / 1e6:.2f} M" for k, v in vec.get("sources", {}).items())
        vec_line = (f"Static vectors: Chronik's own floret subword vectors (`training/ner/vectors.py`): "
                    f"CBOW, {a['dim']} dimensions, {int(a['bucket']):,} rows, {a['hash_count']} hashes "
                    f"per character {a['minn']}–{a['maxn']}-gram and per word, {a['epoch']} epochs, "
                    f"trained in {vec.get('train_seconds', 0) / 60:.0f} min on deduplicated, "
                    f"tokenised raw German text ({src} tokens; GermEval dev and the Wikinews "
                    f"benchmark texts left out). Unseen words and compounds get vectors from "
                    f"their character n-grams.")
    else:
        vec_line = "No static vectors."
    card = f"""# Chronik German NER model (`ner-de`)

spaCy {train_info['spacy']} pipeline `["tok2vec", "ner"]` on a blank German tokenizer.
Labels: PER, LOC, ORG, MISC.  CPU only; no pretrained (third-party) vectors or transformers.
{vec_line}
Load with `spacy.load("src/chronik/models/ner-de")` (offline).

{licence_line}

## Scores (GermEval 2014 dev; test split not available)

Scorer: `chronik.eval.ner.evaluate_ner` — outer entities only, strict span+type,
OTH→MISC, gold `-deriv`/`-part` spans left out (a prediction matching one exactly is
ignored). GermEval 2014 *train* was not available, so no GermEval data was trained on.
The dev file (2,200 sentences) is split by order: sentences 1–1,100 = **tune** half
(used for early stopping / checkpoint choice), 1,101–2,200 = **held-out** half
(never used for any decision: this is the honest figure).

### Held-out half (sentences 1,101–2,200) — the figure to quote

{table(res['heldout'])}

### Tune half (sentences 1–1,100; used for model selection, optimistic)

{table(res['tune'])}

Whole dev (both halves): P {res['full']['p']:.3f} R {res['full']['r']:.3f} F1 {res['full']['f']:.3f}.

## Speed and size

* {speed:,.0f} tokens per CPU second (ner-de components tok2vec+ner on gold-tokenised
  Docs of the whole dev set, `time.process_time`, 1 thread, batch 256; measured on the
  build machine, shared CPU).
* Size on disk: {size_bytes / 1e6:.1f} MB.
* Architecture: {train_info['arch']}.

## Training

* Training data (after dedup and caps, deterministic shuffle; {stats['train_docs']} training
  sentences in all):

| source | what | licence | sentences | tokens | entities | label mapping |
|---|---|---|---|---|---|---|
{chr(10).join(src_rows)}

* *missing* = tokens left unannotated (spaCy `None` IOB), so the model is neither
  rewarded nor punished there — used where a source's type has no clean GermEval
  counterpart.
* MultiCoNER: {100 * (1 - stats['lower_share']):.0f}% of sentences re-cased
  (most frequent casing of the word in the cased corpora; unknown entity words and
  noun-suffixed words capitalised; sentence start capitalised), the rest kept lowercase.
* Training: `spacy train training/ner/config.cfg`, Adam 0.001, dropout 0.15,
  batch-by-words 100→1000, 1 CPU thread; training ended after {train_info['minutes']:.0f} min
  (early stopping with patience 6,000 steps; limits: {train_info['limit']}); the checkpoint
  with the best tune-half F1 is shipped.

## Rebuild

```
.venv/bin/python training/ner/build.py --max-minutes {train_info['max_minutes']:g} {train_info['flags']}
.venv/bin/python training/ner/finetune.py --ship-measured
.venv/bin/python training/ner/finetune.py --second-pass --wikineural 12000 --steps 2000
```

(`make models` runs all three; `make models NER_FLAGS=--no-nc-vectors` builds without
non-commercial inputs and so stops after the first fine-tuning pass: the second one mixes
in WikiNEuRal, CC BY-NC-SA.)  Data is read from `$CHRONIK_DATA/ner` (default
`/work/shared/data/ner`); nothing from it is stored in the repository.

## Experiments and limits

{notes_txt}
"""
    (SHIP / "MODEL_CARD.md").write_text(card)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-steps", type=int, default=40000)
    ap.add_argument("--max-minutes", type=float, default=75.0,
                    help="wall-clock limit for training (0 = none)")
    ap.add_argument("--with-nc", action="store_true",
                    help="also train on WikiNEuRal (CC BY-NC-SA): non-commercial model")
    ap.add_argument("--no-nc-vectors", action="store_true",
                    help="train the vectors on licence-clean text only (no germaparl, "
                         "10kGNAD, Redewiedergabe)")
    ap.add_argument("--no-vectors", action="store_true",
                    help="no static vectors at all (the 0.1/0.2 architecture)")
    ap.add_argument("--vectors-dir", default=None,
                    help="where vectors.py writes (default training/ner/vectors[-clean])")
    ap.add_argument("--skip-vectors", action="store_true", help="reuse the vectors there")
    ap.add_argument("--vectors-from", type=Path, default=None, metavar="MODEL_DIR",
                    help="take the static vectors of an existing model (e.g. the shipped ner-de) "
                         "instead of training them: same table, so the same network and speed")
    ap.add_argument("--run", default="main", help="name of the output/<run> folder")
    ap.add_argument("--corpus-dir", default=None,
                    help="where the DocBins go (default training/ner/corpus[/nc])")
    ap.add_argument("--convert-arg", action="append", default=[],
                    help="extra argument passed to convert.py (repeatable)")
    ap.add_argument("--skip-convert", action="store_true")
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--train-minutes", type=float, default=None,
                    help="with --skip-train: training time to put in the card")
    args = ap.parse_args(argv)
    args.corpus = Path(args.corpus_dir) if args.corpus_dir else (
        HERE / "corpus" / ("nc" if args.with_nc else ""))
    args.corpus = args.corpus.resolve()
    args.vectors = Path(args.vectors_dir).resolve() if args.vectors_dir else (
        HERE / ("vectors-clean" if args.no_nc_vectors else "vectors"))
    out_dir = HERE / "output" / args.run

    import spacy

    if not args.skip_convert:
        run_convert(args)
    if args.vectors_from and not args.no_vectors:
        copy_vectors(args.vectors_from, args.vectors)
    elif not (args.skip_vectors or args.no_vectors):
        run_vectors(args)
    minutes = args.train_minutes or 0.0
    if not args.skip_train:
        minutes = run_train(args, out_dir)
    best = out_dir / "model-best"
    if not best.exists():
        raise SystemExit(f"no {best}: training produced no checkpoint")
    ship(best, NC_VERSION if args.with_nc else VERSION)
    res = evaluate(SHIP, seen_names(args.corpus / "train.spacy"))
    stats = json.loads((args.corpus / "stats.json").read_text())
    info = {"spacy": spacy.__version__, "minutes": minutes, "max_minutes": args.max_minutes,
            "limit": f"{args.max_steps} steps / {args.max_minutes:g} min wall clock"}
    size = dir_size(SHIP)
    cfg = spacy.util.load_config(SHIP / "config.cfg")
    emb, enc = cfg["components"]["tok2vec"]["model"]["embed"], cfg["components"]["tok2vec"]["model"]["encode"]
    rows = ", ".join(f"{a} {r / 1000:g}k" for a, r in zip(emb["attrs"], emb["rows"]))
    nlp_vec = spacy.load(SHIP).vocab.vectors
    info["arch"] = (f"MultiHashEmbed ({rows} rows"
                    + (f" + static floret vectors {nlp_vec.shape[0]:,}×{nlp_vec.shape[1]}"
                       if emb["include_static_vectors"] else "")
                    + f") → MaxoutWindowEncoder width {enc['width']}, depth {enc['depth']}, window "
                    f"{enc['window_size']} → TransitionBasedParser (hidden "
                    f"{cfg['components']['ner']['model']['hidden_width']})")
    info["flags"] = " ".join(f for f, on in [("--with-nc", args.with_nc),
                                              ("--no-nc-vectors", args.no_nc_vectors),
                                              ("--no-vectors", args.no_vectors)] if on)
    if not args.no_vectors and (args.vectors / "info.json").exists():
        info["vectors"] = json.loads((args.vectors / "info.json").read_text())
        info["vectors"]["nc"] = not args.no_nc_vectors
    write_card(res, stats, info, size, args.with_nc)
    (out_dir / "scores.json").write_text(json.dumps(res, indent=1))
    log(f"shipped {SHIP} ({size / 1e6:.1f} MB); held-out F1 {res['heldout']['f']:.4f}, "
        f"tune F1 {res['tune']['f']:.4f}, {res['full']['tokens_per_cpu_s']:.0f} tok/CPU-s")


if __name__ == "__main__":
    main()
