"""Read the SpkAtt-2023 parliamentary debates (task 1) as Wikinews-style evaluation docs.

Each speech (one JSON file: ``Sentences`` of tokens, ``Annotations`` with ``Cue``, ``Source``,
``Message``, ``Addr`` as ``"sentence:token"`` ids) becomes a :class:`chronik.eval.quotes.Doc`:
the tokens are joined into plain text (no space before closing punctuation, none after an
opening bracket or quotation mark), each token keeps its character offsets, and every speech
event becomes a gold statement (message, speaker = Source, cue; form unknown). Used to add
training groups to the speaker chooser (``speaker.py --spkatt DIR``) and, as a DocBin in the
statement tagger's format, extra training text for the tagger (``cv.py vec-spkatt --spkatt FILE``):

    .venv/bin/python training/quotes/spkatt.py DIR [DIR …] OUT.spacy

There each token gets the tagger's label: Source ``SPK``, Cue ``CUE``, Message ``B-``/``I-`` + a
form the corpus does not give: ``DIR`` when most of the message is inside a quotation, else ``IND``
(longest message first, messages never overlap). Licence CC BY-SA 4.0.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from chronik.eval.quotes import Doc, Statement

PRIORITY = {"O": 0, "SPK": 1, "CUE": 2}

_NO_SPACE_BEFORE = frozenset([".", ",", ";", ":", "!", "?", ")", "]", "“", "%"])
_NO_SPACE_AFTER = frozenset(["(", "[", "„"])
_DATE = re.compile(r"_(\d{2})\.(\d{2})\.(\d{4})\.json$")


def load(path: Path) -> Doc:
    """One speech as a Doc with its speech events as gold statements."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    ids: dict[str, int] = {}
    pos = 0
    prev = ""
    for sent in raw["Sentences"]:
        for k, tok in enumerate(sent["Tokens"]):
            if parts and tok not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            ids[f"{sent['SentenceId']}:{k}"] = len(starts)
            starts.append(pos)
            parts.append(tok)
            pos += len(tok)
            ends.append(pos)
            prev = tok
    gold = []
    for a in raw["Annotations"]:
        role = {key: frozenset(ids[t] for t in a.get(key) or [] if t in ids) for key in ("Message", "Source", "Cue")}
        if role["Message"]:
            gold.append(Statement(message=role["Message"], speaker=role["Source"], cue=role["Cue"]))
    m = _DATE.search(path.name)
    date = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    return Doc(id=path.stem, text="".join(parts), date=date, gold=gold, starts=starts, ends=ends)


def tagger_doc(path: Path, nlp, lex):
    """One speech as the tagger's training doc: the rule features as lemmas, the labels as tags."""
    from spacy.tokens import Doc as SpacyDoc

    from chronik.analyse.quotes_model import shadow
    from chronik.analyse.quotes_reader import Reader

    d = load(path)
    words = [d.text[s:e] for s, e in zip(d.starts, d.ends)]
    spaces = [e < len(d.text) and d.text[e] == " " for e in d.ends]
    doc = nlp(SpacyDoc(nlp.vocab, words=words, spaces=spaces))
    reader = Reader(doc, lex)
    out = shadow(doc, reader)
    labels = ["O"] * len(doc)
    for st in d.gold:
        for role, label in ((st.speaker, "SPK"), (st.cue, "CUE")):
            for i in role:
                if labels[i][:2] not in ("B-", "I-") and PRIORITY[label] > PRIORITY[labels[i]]:
                    labels[i] = label
    for st in sorted(d.gold, key=lambda st: -len(st.message)):
        ids = sorted(st.message)
        if any(labels[i][:2] in ("B-", "I-") for i in ids):
            continue
        form = "DIR" if 2 * sum(reader.qid[i] >= 0 for i in ids) > len(ids) else "IND"
        for k, i in enumerate(ids):
            labels[i] = f"{'B' if k == 0 else 'I'}-{form}"
    for tok, label in zip(out, labels):
        tok.tag_ = label
    return out


def main() -> None:
    import argparse

    import spacy
    from spacy.tokens import DocBin

    from chronik.analyse.quotes_lexicon import load as load_lexicon

    ap = argparse.ArgumentParser(description="SpkAtt speeches → the statement tagger's training DocBin")
    ap.add_argument("dirs", nargs="+", type=Path, help="folders of task1 JSON files")
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    lex = load_lexicon()
    db = DocBin(attrs=["ORTH", "LEMMA", "TAG"])
    for folder in args.dirs:
        for path in sorted(folder.glob("*.json")):
            db.add(tagger_doc(path, nlp, lex))
    db.to_disk(args.out)
    print(len(db), "speeches")


if __name__ == "__main__":
    main()
