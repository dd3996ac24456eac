"""The corpus REDEWIEDERGABE (column format) as extra training text for the statement tagger.

    .venv/bin/python training/quotes/redewiedergabe.py DATA_DIR/quotes/redewiedergabe OUT.spacy
                                                       [--fiction] [--full-nonfict]

Brunner et al. 2020 annotate speech, thought and writing representation (STWR) in German fiction
and non-fiction 1840–1919: ``direct``, ``indirect``, ``freeIndirect``, ``indirect freeIndirect``
and ``reported``, with the speaker and the introducing expression (``intexpr``, the cue) per
instance. Each sample (one ``.tsv`` file of ``data/main/tsv``; by default only the non-fictional
ones: newspapers and magazines, the nearest to news) becomes one doc in the tagger's scheme, as
``spkatt.py`` does for the debates:

* a **kept** instance — medium speech or writing (also combined with thought: the Wikinews
  dataset annotates speech, writing and their mixtures, not thought alone), none of the secondary
  attributes ``nonfact`` (negated or hypothetical), ``border``, ``prag`` (a figure of speech) or
  ``metaph`` — labels its tokens ``B-``/``I-`` + ``DIR``/``IND``/``FI``/``IFI``/``REP``; outermost
  (longest) first, a message never overlaps another (as ``convert.py``); its speaker tokens ``SPK``
  and its intexpr tokens ``CUE`` where no message covers them. A reported instance covers its
  speaker and verb, as the Wikinews ``Reported`` statements do (*Napoleon bestand auf …*: the whole
  clause is the message).
* tokens of an instance not kept (thought, negated, borderline …) and of its speaker or intexpr
  get **no label** (an empty tag: spaCy's tagger takes it as missing), unless a kept instance
  labels them: they are neither statements in the Wikinews sense nor clear non-statements.
* everything else is ``O``.

Words are the corpus's normalised spelling (``normtok``: *Theil* → *Teil*, *giebt* → *gibt*) where
it has one for a word (punctuation and quotation marks stay as printed); footnote text (``note``)
is left out. ``--fiction`` adds the fictional samples, ``--full-nonfict`` the single-annotated
non-fictional full texts, ``--text-types`` keeps only samples of those text types (metadata);
``--reported-needs-speaker`` labels a reported instance only where the corpus marks both its
speaker and its introducing expression (the corpus's *reported* is broader than Wikinews'
``Reported``: *Hierauf beginnt das Zeugenverhör*, *verbot alles dogmatische Gezänk*), else leaves it
unlabelled; ``--only-statement-sentences`` leaves every sentence without a labelled message, speaker
or cue unlabelled (the corpus then adds statements and their sentences, not its plain text);
``--reported-sentence`` widens a reported instance to its whole sentence where no other
instance touches that sentence (only 14 % of the non-fictional reported instances are whole
sentences, the Wikinews ``Reported`` statements mostly are). Licence CC BY-NC-SA 4.0 (the statement model's own).
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass, field
from pathlib import Path

FORMS = {"direct": "DIR", "indirect": "IND", "freeIndirect": "FI", "indirect freeIndirect": "IFI", "reported": "REP"}
KEPT_MEDIA = frozenset(["speech", "writing"])
DROP_ATTRS = ("nonfact", "border", "prag", "metaph")
PRIORITY = {"O": 0, "SPK": 1, "CUE": 2}
COLUMNS = ("tok", "normtok", "lemma", "pos", "rfpos", "sentstart", "stwr", "frame", "speaker", "intexpr", "note")

_NO_SPACE_BEFORE = frozenset([".", ",", ";", ":", "!", "?", ")", "]", "“", "«", "%", "'"])
_NO_SPACE_AFTER = frozenset(["(", "[", "„", "»"])


@dataclass
class Instance:
    """One STWR annotation: its type, media, secondary attributes and tokens (indices into the sample)."""

    type: str
    media: frozenset[str]
    attrs: tuple[str, ...]
    tokens: list[int] = field(default_factory=list)

    @property
    def kept(self) -> bool:
        return (self.type in FORMS and bool(self.media & KEPT_MEDIA)
                and not any(a.split("=")[0] in DROP_ATTRS for a in self.attrs))


@dataclass
class Sample:
    """One corpus sample: words, the space after each, its STWR instances and their speaker/intexpr tokens by id."""

    name: str
    words: list[str]
    spaces: list[bool]
    instances: dict[str, Instance]
    speakers: dict[str, list[int]]
    intexprs: dict[str, list[int]]
    frames: dict[str, list[int]]
    sent_starts: list[bool] = field(default_factory=list)

    def kept(self, ident: str, reported_needs_speaker: bool = False) -> bool:
        """Instance ``ident`` labelled (see the module doc); ``reported_needs_speaker``: a reported
        instance only where the corpus marks its speaker and its introducing expression."""
        a = self.instances[ident]
        if not a.kept:
            return False
        return not (reported_needs_speaker and a.type == "reported"
                    and not (self.speakers.get(ident) and self.intexprs.get(ident)))


def _word(tok: str, norm: str) -> str:
    """The normalised spelling of a word; punctuation, quotation marks and empty normalisations as printed."""
    if norm and any(c.isalpha() for c in tok) and "&" not in norm and " " not in norm:
        return norm
    return tok


def parse_stwr(value: str) -> list[tuple[str, str, frozenset[str], tuple[str, ...]]]:
    """``direct.speech writing.3|reported.thought.6.nonfact`` → [(id, type, media, attrs), …] (one per level)."""
    out = []
    if value in ("", "-"):
        return out
    for level in value.split("|"):
        parts = level.split(".")
        if len(parts) < 3:
            raise ValueError(f"stwr value {value!r}: want type.medium.id[.attr…]")
        kind, media, ident = parts[0].replace("_", " "), parts[1].replace("_", " "), parts[2]
        out.append((ident, kind, frozenset(media.split()), tuple(parts[3:])))
    return out


def parse_ids(value: str, name: str) -> list[str]:
    """``speaker.12_19`` (or ``frame.3|frame.5``) → ['12', '19']."""
    ids: list[str] = []
    if value in ("", "-"):
        return ids
    for part in value.split("|"):
        head, _, rest = part.partition(".")
        if head != name or not rest:
            raise ValueError(f"{name} value {value!r}: want {name}.ID[_ID…]")
        ids.extend(rest.split(".")[0].split("_"))
    return ids


def read(path: Path) -> Sample:
    """One ``.tsv`` sample (header row, then one token a row); footnote rows are left out."""
    words: list[str] = []
    sent_starts: list[bool] = []
    instances: dict[str, Instance] = {}
    roles: dict[str, dict[str, list[int]]] = {"speaker": {}, "intexpr": {}, "frame": {}}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if header is None or tuple(header[:len(COLUMNS)]) != COLUMNS:
            raise ValueError(f"{path}: not a REDEWIEDERGABE column file (header {header!r})")
        for n, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) < len(COLUMNS):
                raise ValueError(f"{path}:{n}: {len(row)} columns, want {len(COLUMNS)}")
            col = dict(zip(COLUMNS, row))
            if col["note"] == "note":
                continue
            i = len(words)
            words.append(_word(col["tok"], col["normtok"]))
            sent_starts.append(col["sentstart"] == "yes")
            for ident, kind, media, attrs in parse_stwr(col["stwr"]):
                instances.setdefault(ident, Instance(kind, media, attrs)).tokens.append(i)
            for name, ids in roles.items():
                for ident in parse_ids(col[name], name):
                    ids.setdefault(ident, []).append(i)
    spaces = [k + 1 < len(words) and words[k + 1] not in _NO_SPACE_BEFORE and w not in _NO_SPACE_AFTER
              for k, w in enumerate(words)]
    return Sample(path.stem, words, spaces, instances, roles["speaker"], roles["intexpr"], roles["frame"], sent_starts)


def _sentences(sample: Sample) -> list[tuple[int, int]]:
    starts = [i for i, s in enumerate(sample.sent_starts) if s or i == 0] + [len(sample.words)]
    return list(zip(starts, starts[1:]))


def labels(sample: Sample, reported_needs_speaker: bool = False, only_statement_sentences: bool = False,
           reported_sentence: bool = False) -> list[str]:
    """Per-token tagger labels (``""``: no label, see the module doc); ``only_statement_sentences``: a
    sentence (the corpus's ``sentstart``) without a labelled message, speaker or cue gets no label;
    ``reported_sentence``: a reported instance's message is its whole sentence(s), where no other
    instance (kept or not) touches them (the Wikinews ``Reported`` statements are whole sentences; the
    corpus's are mostly clauses or phrases: *… verbot alles dogmatische Gezänk und …*)."""
    out = ["O"] * len(sample.words)
    kept = {i: a for i, a in sample.instances.items() if sample.kept(i, reported_needs_speaker)}
    if reported_sentence:
        sents = _sentences(sample)
        owner: dict[int, set[str]] = {}
        for ident, a in sample.instances.items():
            for i in a.tokens:
                owner.setdefault(i, set()).add(ident)
        for ident, a in list(kept.items()):
            if a.type != "reported":
                continue
            touched = [(s, e) for s, e in sents if any(s <= i < e for i in a.tokens)]
            wide = [i for s, e in touched for i in range(s, e)]
            if all(owner.get(i, {ident}) <= {ident} for i in wide):
                kept[ident] = Instance(a.type, a.media, a.attrs, wide)
    for ident in kept:
        for ids, label in ((sample.speakers.get(ident, []), "SPK"), (sample.intexprs.get(ident, []), "CUE")):
            for i in ids:
                if PRIORITY[label] > PRIORITY[out[i]]:
                    out[i] = label
    for a in sorted(kept.values(), key=lambda a: -len(a.tokens)):
        ids = sorted(set(a.tokens))
        if any(out[i][:2] in ("B-", "I-") for i in ids):
            continue
        for k, i in enumerate(ids):
            out[i] = f"{'B' if k == 0 else 'I'}-{FORMS[a.type]}"
    unsure = set()
    for ident, a in sample.instances.items():
        if ident not in kept:
            unsure.update(a.tokens)
            for role in (sample.speakers, sample.intexprs, sample.frames):
                unsure.update(role.get(ident, []))
    for i in unsure:
        if out[i] == "O":
            out[i] = ""
    if only_statement_sentences:
        for a, b in _sentences(sample):
            if all(t in ("O", "") for t in out[a:b]):
                out[a:b] = [""] * (b - a)
    return out


def tagger_doc(sample: Sample, nlp, lex, reported_needs_speaker: bool = False, only_statement_sentences: bool = False,
               reported_sentence: bool = False):
    """A sample as the tagger's training doc: the rule features as lemmas, the labels as tags."""
    from spacy.tokens import Doc as SpacyDoc

    from chronik.analyse.quotes_model import shadow
    from chronik.analyse.quotes_reader import Reader

    doc = nlp(SpacyDoc(nlp.vocab, words=sample.words, spaces=sample.spaces))
    out = shadow(doc, Reader(doc, lex))
    for tok, label in zip(out, labels(sample, reported_needs_speaker, only_statement_sentences, reported_sentence)):
        if label:
            tok.tag_ = label
    return out


def samples(root: Path, fiction: bool = False, full_nonfict: bool = False, types: frozenset[str] = frozenset()) -> list[Path]:
    """The sample files chosen by the metadata's ``fictional`` (and ``text_type``, where ``types`` names
    some) column: the main corpus, optionally the full texts."""
    folders = [root / "data" / "main" / "tsv"]
    if full_nonfict:
        folders.append(root / "data" / "additional" / "single_annotated" / "full_nonfict" / "tsv")
    out = []
    for folder in folders:
        meta = folder / "metadata.tsv"
        if not meta.is_file():
            raise FileNotFoundError(f"{meta}: no REDEWIEDERGABE metadata there")
        with meta.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if types and row.get("text_type") not in types:
                    continue
                if row["fictional"] == "no" or (fiction and row["fictional"] == "yes"):
                    out.append(folder / row["file"])
    return sorted(out)


def main() -> None:
    import spacy
    from spacy.tokens import DocBin

    from chronik.analyse.quotes_lexicon import load as load_lexicon

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path, help="the corpus folder (data/main/tsv inside)")
    ap.add_argument("out", type=Path)
    ap.add_argument("--fiction", action="store_true", help="the fictional samples too")
    ap.add_argument("--full-nonfict", action="store_true", help="the single-annotated non-fictional full texts too")
    ap.add_argument("--text-types", default="", help="comma-separated text_type values of the metadata "
                    "to keep (e.g. Nachrichten,Reportage); default all")
    ap.add_argument("--reported-needs-speaker", action="store_true", help="a reported instance is labelled only "
                    "where the corpus marks its speaker and intexpr (else no label)")
    ap.add_argument("--only-statement-sentences", action="store_true", help="sentences without a labelled "
                    "instance get no label (the corpus adds statements, not a share of plain text)")
    ap.add_argument("--reported-sentence", action="store_true", help="a reported instance's message is its whole "
                    "sentence where no other instance touches it (as Wikinews' Reported)")
    args = ap.parse_args()
    types = frozenset(t for t in args.text_types.split(",") if t)
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    lex = load_lexicon()
    db = DocBin(attrs=["ORTH", "LEMMA", "TAG"])
    counts: dict[str, int] = {}
    ntok = 0
    for path in samples(args.root, args.fiction, args.full_nonfict, types):
        sample = read(path)
        db.add(tagger_doc(sample, nlp, lex, args.reported_needs_speaker, args.only_statement_sentences,
                              args.reported_sentence))
        ntok += len(sample.words)
        for ident, a in sample.instances.items():
            key = FORMS[a.type] if sample.kept(ident, args.reported_needs_speaker) else "not kept"
            counts[key] = counts.get(key, 0) + 1
    db.to_disk(args.out)
    print(len(db), "samples,", ntok, "tokens; instances:", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
