"""Convert the NER corpora under the shared data folder into spaCy DocBin files.

Reads (never writes) ``$CHRONIK_DATA/ner/*`` (default ``/work/shared/data``) and writes
``training/ner/corpus/{train,tune,heldout}.spacy`` plus ``corpus/stats.json``.

Every source is mapped to the four coarse classes PER, LOC, ORG, MISC.  Three kinds of
target per token: an entity tag, ``O`` (definitely no entity) or *missing* (``None``:
the source annotates something there that does not map cleanly to our scheme, so the
model is neither rewarded nor punished for what it predicts on those tokens).
The per-source mapping tables below are the documentation of record (MODEL_CARD.md
summarises them).

GermEval 2014 dev is split deterministically by sentence order: the first 1,100
sentences are the *tune* half (early stopping / model selection), the remaining 1,100
the *heldout* half (reported only, never used for any decision).  Neither half is used
as training data.  In these two files, -deriv / -part gold spans are marked missing.
"""
from __future__ import annotations

import argparse
import collections
import io
import json
import os
import random
import re
import sys
import zipfile
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from chronik.eval.events import json_stream

DATA = Path(os.environ.get("CHRONIK_DATA", "/work/shared/data")) / "ner"
HERE = Path(__file__).resolve().parent
MISSING = "-"  # internal marker for "no supervision on this token"

# --------------------------------------------------------------------------- label maps
# value: coarse label, "O" (treat as no entity) or MISSING (leave tokens unannotated)
EUROPARL = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
WIKIANN = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
WIKINEURAL = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
EUROPEANA = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}  # noisy variants handled below
HIPE = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "HumanProd": "MISC", "PROD": "MISC",
        "TIME": "O"}
LER = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG",
    "MRK": "MISC",
    # norms, laws, EU norms, regulations, contracts, court decisions, literature:
    # not entities in GermEval's sense *as a whole*, but they contain names -> missing
    "GS": MISSING, "VO": MISSING, "EUN": MISSING, "VS": MISSING, "VT": MISSING,
    "RS": MISSING, "LIT": MISSING,
}
SMARTDATA = {  # also used for MobIE (same DFKI type system)
    "person": "PER",
    "organization": "ORG", "organization-company": "ORG",
    "location": "LOC", "location-city": "LOC", "location-street": "LOC",
    "location-stop": "LOC",
    "location-route": MISSING,  # "A 9", "S1", "RE 5": GermEval has no clear rule
    "org-position": "O", "date": "O", "time": "O", "duration": "O", "number": "O",
    "distance": "O", "money": "O", "percent": "O", "set": "O", "trigger": "O",
    "event-cause": "O", "disaster-type": "O",
}
MULTICONER22 = {"PER": "PER", "LOC": "LOC", "GRP": "ORG", "CORP": "ORG",
                "CW": "MISC", "PROD": "MISC"}
MULTICONER23 = {
    **{k: "PER" for k in ["Artist", "Athlete", "Cleric", "OtherPER", "Politician",
                          "Scientist", "SportsManager"]},
    **{k: "LOC" for k in ["HumanSettlement", "OtherLOC", "Station", "Facility"]},
    **{k: "ORG" for k in ["ORG", "MusicalGRP", "PublicCorp", "PrivateCorp", "SportsGRP",
                          "AerospaceManufacturer", "CarManufacturer"]},
    **{k: "MISC" for k in ["ArtWork", "MusicalWork", "VisualWork", "WrittenWork",
                           "Software", "OtherPROD", "Vehicle"]},
    # generic product / medical types: mostly common nouns in German -> O
    **{k: "O" for k in ["Clothing", "Drink", "Food", "AnatomicalStructure", "Disease",
                        "MedicalProcedure", "Medication/Vaccine", "Symptom"]},
}

# Sentence caps per source (after dedup, deterministic shuffle).  None = all.
CAPS_DEFAULT = {
    "europarl": None, "smartdata": None, "mobie": None,
    "wikiann": 20000, "ler": 8000,
    "multiconer2022": 9000, "multiconer2023": 4000,
    "europeana": 3000, "hipe": 2000,
    "wikineural": 0,  # NC licence: off unless --with-nc
}
# how many times a (small, gold, news-like) source is repeated in train
REPEAT = {"europarl": 2}


# --------------------------------------------------------------------------- helpers
def norm_tag(tag: str, mapping: dict, scheme="iob2"):
    """Map one raw tag like 'B-location-city' to ('B', 'LOC') / ('O', None) / MISSING."""
    tag = tag.strip()
    if tag in ("O", "", "_"):
        return "O"
    m = re.match(r"^([BIES])[-_.](.+)$", tag)
    if not m:
        return MISSING
    pre, typ = m.group(1), m.group(2)
    lab = mapping.get(typ)
    if lab is None:
        lab = mapping.get(typ.lower())
    if lab is None:
        lab = mapping.get(typ.upper())
    if lab is None:
        return MISSING
    if lab in ("O", MISSING):
        return lab
    return (pre, lab)


def to_iob(raw: list) -> list:
    """Turn per-token results of norm_tag into a valid IOB2 list for Doc(ents=...)."""
    out, prev = [], None
    for r in raw:
        if r == "O":
            out.append("O")
            prev = None
        elif r == MISSING:
            out.append(None)
            prev = None
        else:
            pre, lab = r
            if pre in ("B", "S") or prev != lab:
                out.append("B-" + lab)
            else:
                out.append("I-" + lab)
            prev = lab
    return out


def read_columns(lines, tok_col, tag_col, sep=None, comment=("#",), boundary=None):
    """Generic CoNLL-ish reader yielding (words, tags) sentences."""
    words, tags = [], []
    for line in lines:
        line = line.rstrip("\n").rstrip("\r")
        if not line.strip():
            if words:
                yield words, tags
            words, tags = [], []
            continue
        if any(line.startswith(c) for c in comment):
            continue
        parts = line.split(sep)
        if len(parts) <= max(tok_col, tag_col):
            continue
        words.append(parts[tok_col])
        tags.append(parts[tag_col])
        if boundary and boundary(parts):
            yield words, tags
            words, tags = [], []
    if words:
        yield words, tags


def misc_adjectives_missing(words, tags):
    """CoNLL-style MISC on lowercase words (nationality adjectives such as 'europäischen')
    is -deriv in GermEval (left out of gold there): mark such spans missing instead."""
    tags = list(tags)
    i = 0
    while i < len(tags):
        t = tags[i]
        if isinstance(t, tuple) and t[1] == "MISC":
            j = i + 1
            while j < len(tags) and isinstance(tags[j], tuple) and tags[j] == ("I", "MISC"):
                j += 1
            if words[i][:1].islower():
                for k in range(i, j):
                    tags[k] = MISSING
            i = j
        else:
            i += 1
    return tags


def surname_variant(words, tags):
    """Copy of a sentence whose multi-token PER spans are cut to their last token
    ('Jürgen Rüttgers sagte' -> 'Rüttgers sagte'); None if there is no such span."""
    out_w, out_t, changed, i = [], [], False, 0
    while i < len(tags):
        t = tags[i]
        if isinstance(t, tuple) and t[1] == "PER" and t[0] in ("B", "S"):
            j = i + 1
            while j < len(tags) and tags[j] == ("I", "PER"):
                j += 1
            span = words[i:j]
            if j - i >= 2 and all(w[:1].isupper() for w in span) and len(span[-1]) > 2:
                out_w.append(span[-1])
                out_t.append(("B", "PER"))
                changed = True
            else:
                out_w.extend(span)
                out_t.extend(tags[i:j])
            i = j
        else:
            out_w.append(words[i])
            out_t.append(t)
            i += 1
    return (out_w, out_t) if changed else None


# --------------------------------------------------------------------------- sources
def src_europarl():
    out = []
    for split in ["train", "dev", "test"]:
        with open(DATA / "europarl-faruqui-pado" / f"{split}.iob2.tsv", encoding="utf8") as f:
            for w, t in read_columns(f, 0, -1, sep="\t", comment=()):
                tags = [norm_tag(x, EUROPARL) for x in t]
                out.append((w, misc_adjectives_missing(w, tags)))
    return out


def src_wikiann():
    out = []
    for split in ["train", "dev", "test"]:
        with open(DATA / "wikiann" / split, encoding="utf8") as f:
            for w, t in read_columns(f, 0, -1, comment=()):
                w = [x[3:] if x.startswith("de:") else x for x in w]
                out.append((w, [norm_tag(x, WIKIANN) for x in t]))
    return out


def src_wikineural():
    out = []
    for split in ["val", "test"]:
        with open(DATA / "wikineural" / f"{split}.conllu", encoding="utf8") as f:
            for w, t in read_columns(f, 1, 2, sep="\t"):
                tags = [norm_tag(x, WIKINEURAL) for x in t]
                out.append((w, misc_adjectives_missing(w, tags)))
    return out


def src_ler():
    with open(DATA / "ler" / "ler_train_derived.strict.conll", encoding="utf8") as f:
        return [(w, [norm_tag(x, LER) for x in t]) for w, t in read_columns(f, 0, -1, comment=())]


def _is_caps(w):
    return w[:1].isupper()


def truecaser(cased_sents):
    """Build a lowercase->most frequent surface form map from cased (non-NC) corpora."""
    counts = collections.defaultdict(collections.Counter)
    for words, _ in cased_sents:
        for i, w in enumerate(words):
            if i == 0:
                continue  # sentence-initial casing says nothing
            counts[w.lower()][w] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


NOUN_SUFFIX = re.compile(r"(ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tion|tionen|"
                         r"ität|itäten|ismus|ist|isten|ur|ment|ments|nis|nisse|tum|tümer|"
                         r"chen|lein|haus|straße|stadt|platz|werk|bahn|kirche|berg|burg)$")


def recase(words, tags, tc):
    """Heuristically restore German casing of an all-lowercase sentence."""
    out = []
    for i, (w, t) in enumerate(zip(words, tags)):
        in_ent = isinstance(t, tuple)
        if w in tc:
            nw = tc[w]
            if in_ent and not _is_caps(nw) and len(w) > 3:
                nw = w[:1].upper() + w[1:]
        elif in_ent or NOUN_SUFFIX.search(w):
            nw = w[:1].upper() + w[1:]
        else:
            nw = w
        if i == 0:
            nw = nw[:1].upper() + nw[1:]
        out.append(nw)
    return out


def src_multiconer(which, tc, lower_share):
    rng = random.Random(13)
    out = []
    if which == "multiconer2022":
        files, mapping = ["de_train.conll", "de_dev.conll"], MULTICONER22
    else:
        files, mapping = ["de-train.conll", "de-dev.conll"], MULTICONER23
    for fn in files:
        with open(DATA / which / fn, encoding="utf8") as f:
            for w, t in read_columns(f, 0, -1, comment=("# id",)):
                tags = [norm_tag(x, mapping) for x in t]
                if rng.random() >= lower_share:
                    w = recase(w, tags, tc)
                out.append((w, tags))
    return out


def src_smartdata(nlp):
    """SmartData v1 train+test (all 2.4k documents; v3 dev/test are a subset of them)."""
    out, seen = [], set()
    for fn in ["train.json.gz", "test.json.gz"]:
        for o in json_stream(DATA / "smartdata" / "v1_20180119" / fn):
            if o["id"] in seen:
                continue
            seen.add(o["id"])
            text = o["text"]["string"]
            ments = (o.get("conceptMentions") or {}).get("array") or []
            doc = nlp(text)
            raw = ["O"] * len(doc)
            for m in sorted(ments, key=lambda m: (m["span"]["start"], -m["span"]["end"])):
                sp = doc.char_span(m["span"]["start"], m["span"]["end"],
                                   alignment_mode="expand")
                if sp is None:
                    continue
                t = SMARTDATA.get(m["type"], MISSING)
                for k in range(sp.start, sp.end):
                    if raw[k] != "O":
                        continue  # overlapping mention: keep first/longest
                    if t in ("O", MISSING):
                        raw[k] = t
                    else:
                        raw[k] = ("B" if k == sp.start else "I", t)
            words, tags = [], []
            for sent in doc.sents:
                for tok in sent:
                    if tok.is_space:
                        continue
                    words.append(tok.text)
                    tags.append(raw[tok.i])
                if words:
                    out.append((words, tags))
                    words, tags = [], []
    return out


def src_mobie():
    out = []
    with zipfile.ZipFile(DATA / "mobie" / "v1_20210811" / "ner_conll03_formatted.zip") as z:
        for fn in ["train.conll2003", "dev.conll2003", "test.conll2003"]:
            lines = io.TextIOWrapper(z.open(fn), encoding="utf8")
            for w, t in read_columns(lines, 0, -1, sep="\t", comment=("-DOCSTART-",)):
                out.append((w, [norm_tag(x, SMARTDATA) for x in t]))
    return out


def src_europeana():
    out = []
    for sub in ["lft", "onb", "sbb"]:
        p = DATA / "europeana" / f"enp_DE.{sub}.bio" / f"enp_DE.{sub}.bio"
        words, tags = [], []
        with open(p, encoding="utf8") as f:
            for line in f:
                parts = line.split()
                if len(parts) != 2:
                    continue
                w, t = parts
                t = t.replace("_", "-").replace(".", "-")
                t = {"B-PEr": "B-PER", "I-PEr": "I-PER", "B-ORg": "B-ORG"}.get(t, t)
                words.append(w)
                tags.append(norm_tag(t, EUROPEANA))
                if w in (".", "!", "?") and len(words) > 3:
                    out.append((words, tags))
                    words, tags = [], []
        if words:
            out.append((words, tags))
    return out


def src_hipe():
    """HIPE-2022 newseye + sonar (CC BY); hipe2020 (NC-SA) is NOT used."""
    out = []
    base = DATA / "hipe2022" / "data" / "v2.1"
    files = sorted((base / "newseye" / "de").glob("*.tsv")) + sorted((base / "sonar" / "de").glob("*.tsv"))
    for p in files:
        words, tags = [], []
        with open(p, encoding="utf8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#") or line.startswith("TOKEN\t"):
                    if line.startswith("# hipe2022:document_id") and words:
                        out.append((words, tags))
                        words, tags = [], []
                    continue
                parts = line.split("\t")
                if len(parts) < 2:
                    continue
                words.append(parts[0].replace("ſ", "s"))
                tags.append(norm_tag(parts[1], HIPE))
                if "EndOfSentence" in parts[-1]:
                    out.append((words, tags))
                    words, tags = [], []
        if words:
            out.append((words, tags))
    return out


# --------------------------------------------------------------------------- GermEval
def germeval_sentences(path):
    """Yield (words, outer_tags) of a GermEval 2014 TSV."""
    words, tags = [], []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#\t") or line.startswith("# "):
                continue
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            parts = line.split("\t")
            words.append(parts[1])
            tags.append(parts[2])
    if words:
        yield words, tags


def germeval_doc(vocab, words, tags):
    raw = []
    for t in tags:
        if t == "O":
            raw.append("O")
            continue
        pre, typ = t.split("-", 1)
        if typ.endswith("deriv") or typ.endswith("part"):
            raw.append(MISSING)
        else:
            raw.append((pre, {"OTH": "MISC"}.get(typ, typ)))
    return Doc(vocab, words=words, ents=to_iob(raw))


# --------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE / "corpus"))
    ap.add_argument("--with-nc", action="store_true", help="add WikiNEuRal (CC BY-NC-SA)")
    ap.add_argument("--cap", action="append", default=[],
                    help="override a source cap, e.g. --cap wikiann=10000")
    ap.add_argument("--lower-share", type=float, default=0.2,
                    help="share of MultiCoNER sentences kept lowercase (rest recased)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--surname-aug", type=int, default=6000,
                    help="add up to N sentence copies with full names cut to the surname")
    args = ap.parse_args(argv)

    caps = dict(CAPS_DEFAULT)
    if args.with_nc:
        # round 1's cap; round 5 took all 24,702 (--cap wikineural=all; EXPERIMENTS.md)
        caps["wikineural"] = 12000
    for c in args.cap:
        k, v = c.split("=")
        caps[k] = None if v == "all" else int(v)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")

    sources = {}
    sources["europarl"] = src_europarl()
    sources["wikiann"] = src_wikiann()
    sources["ler"] = src_ler()
    sources["smartdata"] = src_smartdata(nlp)
    sources["mobie"] = src_mobie()
    sources["europeana"] = src_europeana()
    sources["hipe"] = src_hipe()
    tc = truecaser([s for k in ["europarl", "wikiann", "ler", "smartdata", "mobie"]
                    for s in sources[k]])
    sources["multiconer2022"] = src_multiconer("multiconer2022", tc, args.lower_share)
    sources["multiconer2023"] = src_multiconer("multiconer2023", tc, args.lower_share)
    if caps.get("wikineural", 0) != 0:  # None = all
        sources["wikineural"] = src_wikineural()

    stats = {"caps": caps, "lower_share": args.lower_share, "surname_aug": args.surname_aug,
             "sources": {}}
    train, picked = [], {}
    for name, sents in sources.items():
        # dedup identical sentences, drop empty / overlong
        seen, uniq = set(), []
        for w, t in sents:
            key = " ".join(w)
            if not w or len(w) > 200 or key in seen:
                continue
            seen.add(key)
            uniq.append((w, t))
        random.Random(f"{args.seed}-{name}").shuffle(uniq)
        cap = caps.get(name)
        if cap is not None:
            uniq = uniq[:cap]
        ents = collections.Counter()
        ntok = 0
        for w, t in uniq:
            ntok += len(w)
            for x in t:
                if isinstance(x, tuple) and x[0] in ("B", "S"):
                    ents[x[1]] += 1
        picked[name] = uniq
        stats["sources"][name] = {"sentences": len(uniq), "tokens": ntok, "entities": dict(ents),
                                  "repeat": REPEAT.get(name, 1)}
        print(f"{name:15s} {len(uniq):6d} sents {ntok:8d} tok {dict(ents)}", file=sys.stderr)
        for _ in range(REPEAT.get(name, 1)):
            train.extend(uniq)
    if args.surname_aug:
        # gold (non-silver, cased) sources only
        pool = [v for name in ["europarl", "smartdata", "mobie", "ler", "hipe", "europeana",
                               "multiconer2022", "multiconer2023"]
                for v in (surname_variant(w, t) for w, t in picked[name]) if v]
        random.Random(f"{args.seed}-aug").shuffle(pool)
        pool = pool[:args.surname_aug]
        stats["sources"]["surname_aug"] = {"sentences": len(pool), "tokens": sum(len(w) for w, _ in pool),
                                           "entities": {}, "repeat": 1}
        print(f"surname_aug     {len(pool):6d} sents", file=sys.stderr)
        train.extend(pool)
    random.Random(args.seed).shuffle(train)

    db = DocBin(store_user_data=False)
    for w, t in train:
        db.add(Doc(nlp.vocab, words=w, ents=to_iob(t)))
    db.to_disk(out / "train.spacy")

    ge = list(germeval_sentences(DATA / "germeval2014" / "NER-de-dev.tsv"))
    half = len(ge) // 2
    for name, part in [("tune", ge[:half]), ("heldout", ge[half:])]:
        db = DocBin()
        for w, t in part:
            db.add(germeval_doc(nlp.vocab, w, t))
        db.to_disk(out / f"{name}.spacy")
    stats["train_docs"] = len(train)
    stats["germeval_split"] = {"tune": half, "heldout": len(ge) - half}
    (out / "stats.json").write_text(json.dumps(stats, indent=1))
    print(f"train docs {len(train)}; tune {half}; heldout {len(ge) - half}", file=sys.stderr)


if __name__ == "__main__":
    main()
