"""Turn the Wikinews quotation dataset into spaCy DocBins for the statement tagger.

    .venv/bin/python training/quotes/convert.py DATA_DIR/quotes/wikinews OUT_DIR

Each article is tokenised and split into units as at run time; each token gets a
gold label (``tag_``) and the rule feature (``lemma_``) of
:mod:`chronik.analyse.quotes_model`. Overlapping gold is reduced to the outermost:
nested statements are left out (the component re-emits quotations inside a message),
and message beats cue beats speaker.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from chronik.analyse.quotes_lexicon import load as load_lexicon
from chronik.analyse.quotes_model import FORMS, shadow
from chronik.analyse.quotes_reader import Reader

PRIORITY = {"O": 0, "SPK": 1, "CUE": 2}  # messages (B-/I-) rank above all


def _token_ids(doc, char_spans) -> list[int]:
    ids: list[int] = []
    for begin, end in char_spans:
        span = doc.char_span(begin, end, alignment_mode="expand")
        if span is not None:
            ids.extend(range(span.start, span.end))
    return ids


def _spans(role: dict | None) -> list[tuple[int, int]]:
    return [(s["charBegin"], s["charEnd"]) for s in (role or {}).get("spans", [])]


def gold_labels(doc, annotations: list[dict]) -> list[str]:
    """Per-token labels from the dataset's statements (outermost wins)."""
    labels = ["O"] * len(doc)

    def put(ids, label):
        for i in ids:
            if labels[i][:2] not in ("B-", "I-") and PRIORITY.get(label, 9) > PRIORITY[labels[i]]:
                labels[i] = label

    for a in annotations:
        put(_token_ids(doc, _spans(a.get("speaker"))), "SPK")
        put(_token_ids(doc, _spans(a.get("cue"))), "CUE")
    outer = sorted((a for a in annotations if not a.get("isNested")),
                   key=lambda a: -sum(e - s for s, e in _spans(a.get("quote"))))
    for a in outer:
        ids = sorted(set(_token_ids(doc, _spans(a.get("quote")))))
        if not ids or any(labels[i][:2] in ("B-", "I-") for i in ids):
            continue
        form = FORMS[a["type"]]
        for k, i in enumerate(ids):
            labels[i] = f"{'B' if k == 0 else 'I'}-{form}"
    return labels


def convert(src: Path, nlp) -> DocBin:
    lex = load_lexicon()
    db = DocBin(attrs=["ORTH", "LEMMA", "TAG"])
    for path in sorted(src.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        doc = nlp(raw["originalText"])
        reader = Reader(doc, lex)
        out = shadow(doc, reader)
        for tok, label in zip(out, gold_labels(doc, raw["annotations"])):
            tok.tag_ = label
        db.add(out)
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the wikinews folder (train/ and dev/ inside)")
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    args.out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        db = convert(args.data / split, nlp)
        db.to_disk(args.out / f"{split}.spacy")
        print(split, len(db), "docs")


if __name__ == "__main__":
    main()
