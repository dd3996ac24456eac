"""Train Chronik's own German subword vectors (floret) from raw text in the shared data.

    .venv/bin/python training/ner/vectors.py [--dim 96] [--bucket 40000] [--epoch 10]

1. text     raw German text, deduplicated by line and tokenised with spaCy's blank German
            tokenizer (so vector keys match the NER model's tokens) ->
            training/ner/vectors/text.txt (never committed):
              * raw/germaparl (Bundestag debates 1996-2016),
              * raw/10kgnad (Austrian news articles),
              * quotes/redewiedergabe (historical fiction and news, token files),
              * the *training* sentences of the NER corpora (training/ner/corpus/train.spacy,
                if convert.py has run).
            GermEval 2014 dev (tune / held-out halves) and the Wikinews texts used for the
            quotation and speed benchmarks are left out, so no evaluation text is seen.
2. floret   CBOW, mode floret: every word is the sum of ``hash_count`` rows per character
            n-gram (minn..maxn) and per word, in a table of ``bucket`` rows.  Unseen words and
            compounds therefore get a vector too, and the table has a fixed, small size.
3. spaCy    ``spacy init vectors de … --mode floret`` -> training/ner/vectors/model (a blank
            German pipeline with the vector table, used as ``[initialize] vectors``).

Licences: germaparl (CLARIN PUB+BY+NC+SA), 10kGNAD and Redewiedergabe (CC BY-NC-SA 4.0) are
non-commercial; vectors learnt from them are shipped as weights only (never the text), and the
model card marks a model using them as non-commercial.  ``--no-nc`` leaves those three out
(only the NER training sentences remain, from CC BY / CC0 / unrestricted sources).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = Path(os.environ.get("CHRONIK_DATA", "/work/shared/data"))
OUT = HERE / "vectors"


def log(msg):
    print(f"[vectors {time.strftime('%H:%M:%S')}] {msg}", flush=True)


NC_SOURCES = {"germaparl", "10kgnad", "redewiedergabe", "ner-train-nc"}


def raw_lines():
    """Yield (source, line) pairs of untokenised raw text."""
    gp = DATA / "raw" / "germaparl" / "germaparl.txt"
    if gp.exists():
        with gp.open(encoding="utf8") as f:
            for line in f:
                yield "germaparl", line.strip()
    gn = DATA / "raw" / "10kgnad" / "test.csv"
    if gn.exists():
        with gn.open(encoding="utf8", newline="") as f:
            for row in csv.reader(f, delimiter=";", quotechar="'"):
                if len(row) >= 2:
                    yield "10kgnad", row[1].strip()


def token_lines():
    """Yield (source, tokens) for already tokenised corpora."""
    rw = DATA / "quotes" / "redewiedergabe" / "data" / "main" / "tsv"
    for path in sorted(rw.glob("*.tsv")) if rw.exists() else []:
        sent = []
        with path.open(encoding="utf8") as f:
            next(f, None)
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 6:
                    continue
                if cols[5] == "yes" and sent:
                    yield "redewiedergabe", sent
                    sent = []
                sent.append(cols[0])
        if sent:
            yield "redewiedergabe", sent
    train = HERE / "corpus" / "train.spacy"
    if train.exists():
        import spacy
        from spacy.tokens import DocBin

        vocab = spacy.blank("de").vocab
        for doc in DocBin().from_disk(train).get_docs(vocab):
            yield "ner-train", [t.text for t in doc]


def build_text(path: Path, no_nc: bool = False) -> dict:
    import spacy

    tok = spacy.blank("de").tokenizer
    seen, counts = set(), {}
    with path.open("w", encoding="utf8") as out:
        def emit(src, words):
            line = " ".join(w for w in words if w.strip())
            if not line:
                return
            h = hash(line)
            if h in seen:
                return
            seen.add(h)
            c = counts.setdefault(src, [0, 0])
            c[0] += 1
            c[1] += line.count(" ") + 1
            out.write(line + "\n")

        for src, line in raw_lines():
            if line and not (no_nc and src in NC_SOURCES):
                emit(src, [t.text for t in tok(line)])
        for src, words in token_lines():
            if not (no_nc and src in NC_SOURCES):
                emit(src, words)
    return {k: {"lines": v[0], "tokens": v[1]} for k, v in counts.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dim", type=int, default=96)
    ap.add_argument("--bucket", type=int, default=40000, help="rows of the vector table")
    ap.add_argument("--hash-count", type=int, default=2)
    ap.add_argument("--minn", type=int, default=4)
    ap.add_argument("--maxn", type=int, default=5)
    ap.add_argument("--epoch", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-nc", action="store_true",
                    help="leave out the non-commercial texts (germaparl, 10kGNAD, Redewiedergabe)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--skip-text", action="store_true", help="reuse vectors/text.txt")
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    text = out / "text.txt"
    info = {"args": {k: str(v) for k, v in vars(args).items()}}
    if not args.skip_text or not text.exists():
        t0 = time.time()
        info["sources"] = build_text(text, args.no_nc)
        log(f"text: {info['sources']} ({time.time() - t0:.0f} s)")
    import floret

    t0 = time.time()
    model = floret.train_unsupervised(
        str(text), model="cbow", mode="floret", hashCount=args.hash_count, bucket=args.bucket,
        minn=args.minn, maxn=args.maxn, dim=args.dim, epoch=args.epoch,
        minCount=args.min_count, thread=args.threads, verbose=1)
    info["train_seconds"] = round(time.time() - t0)
    info["words_in_vocab"] = len(model.words)
    log(f"floret trained in {info['train_seconds']} s; {len(model.words)} words seen >= {args.min_count}x")
    model.save_floret_vectors(str(out / "vectors.floret"))
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "de",
                    str(out / "vectors.floret"), str(out / "model"), "--mode", "floret"],
                   check=True, cwd=ROOT)
    for w in ["Merkel", "Bundeskanzlerin", "Wien", "Flixbus", "Klimaschutzgesetz"]:
        info.setdefault("neighbours", {})[w] = [x for _, x in model.get_nearest_neighbors(w, k=5)]
    log(json.dumps(info["neighbours"], ensure_ascii=False))
    (out / "info.json").write_text(json.dumps(info, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
