"""Lexicons for entity recognition and linking, loaded once from ``chronik/lexicons/*.tsv``.

``docs/entities.md`` says where each file comes from; ``training/lexicons/build.py`` rebuilds
the derived ones. Every lookup here is a dict access on a token's text.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .resources import lexicon_path, tsv_rows

# Inflection endings stripped from role nouns: Generals, Kollegen, Präsidenten, Ministerinnen.
_ROLE_ENDINGS = ("", "s", "es", "n", "en", "nen")
_MIN_ROLE = 4  # shortest compound tail accepted as a role noun (Chef)
_ADJ_ENDINGS = ("en", "er", "es", "em", "e", "")
# Place-name and surname endings that are also nouns (Hartberg, Kaindorf, Lindemann): a word
# ending so is not taken for a compound common noun.
_NAME_TAILS = ("berg", "burg", "dorf", "bach", "stadt", "feld", "heim", "kirchen", "hofen", "brunn", "furt",
               "see", "tal", "thal", "wald", "hausen", "stein", "brück", "brücke", "mann", "bauer", "meier",
               "mayer", "huber", "müller", "schmidt", "hofer", "horn", "kamp", "land", "hof", "bühl", "beck",
               "graben", "markt", "haus", "hain", "au", "ort", "weg", "gasse", "platz", "straße", "allee",
               "damm", "ufer", "kai", "ring")  # fmt: skip
# Demonyms from place names: (ending of the word, what replaces it to give the place).
_DEMONYM = (("aner", "a"), ("aner", ""), ("ier", "ien"), ("ner", "en"), ("er", "en"), ("er", ""), ("ese", "a"))
_DEMONYM_INFL = ("innen", "in", "n", "s", "")
# Compound heads of organisation names and descriptors ("Bahngesellschaft Renfe", "Frankfurter
# Allgemeine Zeitung"); hand-written for Chronik (Apache-2.0).
ORG_HEADS = ("zeitung", "gesellschaft", "konzern", "unternehmen", "firma", "holding", "group", "gruppe",
             "verlag", "rundfunk", "sender", "senders", "agentur", "bank", "partei", "verband", "verein",
             "gewerkschaft", "institut", "instituts", "universität", "ministerium", "ministeriums", "stiftung",
             "anbieter", "anbieters", "hersteller", "herstellers", "portal", "portals", "plattform", "dienst",
             "dienstes", "magazin", "magazins", "blatt", "blattes", "airline", "airlines", "fluglinie",
             "fluggesellschaft", "bahn", "club", "klub", "band")  # fmt: skip
# Last words of the names of newspapers, magazines and broadcasters ("Badische Zeitung", "Kieler
# Nachrichten", "Frankfurter Rundschau", "Washington Post", "Fox News"): a name ending so is
# an organisation, never a place or person; compared with the last word's end, lowercased.
# Hand-written for Chronik (Apache-2.0).
MEDIA_HEADS = ("zeitung", "zeitungen", "post", "rundschau", "anzeiger", "kurier", "tagblatt", "nachrichten",
               "presse", "blatt", "journal", "magazin", "allgemeine", "allgemeinen", "bote", "boten", "merkur",
               "volksblatt", "spiegel", "times", "herald", "tribune", "gazette", "guardian", "telegraph",
               "observer", "news", "online", "rundfunk", "rundfunks", "fernsehen", "morgenpost", "abendblatt")  # fmt: skip


# Party short forms in role nouns ("SPD-Politiker", "Grünen-Chefin", "Unions-Fraktionsvize") and in bracketed
# parties ("(Grüne)"), each to the parties it may name. Hand-written for Chronik (Apache-2.0).
PARTIES = {"spd": {"spd"}, "cdu": {"cdu"}, "csu": {"csu"}, "fdp": {"fdp"}, "afd": {"afd"}, "grüne": {"grüne"},
           "grünen": {"grüne"}, "linke": {"linke"}, "linken": {"linke"}, "bsw": {"bsw"}, "union": {"cdu", "csu"},
           "unions": {"cdu", "csu"}, "cdu/csu": {"cdu", "csu"}, "spö": {"spö"}, "övp": {"övp"}, "fpö": {"fpö"},
           "neos": {"neos"}, "kpö": {"kpö"}, "bzö": {"bzö"}, "svp": {"svp"}, "sp": {"sp"}, "fdp.die liberalen": {"fdp"}}


def parties(word: str) -> set[str]:
    """The parties a role noun's prefix ("SPD-Politiker") or a party's name ("Grüne") names; empty for
    any other word ("US-Präsident", "EU-Kommissarin", "Politiker")."""
    low = word.lower()
    return set(PARTIES.get(low.split("-", 1)[0] if "-" in low else low, ()))


_NAME_LINKS = {"für", "der", "des", "von", "vom", "zur", "zum", "gegen", "ohne"}  # "Instituts für Höhere Studien"


def media_head(word: str) -> bool:
    """The word ends a media name: one of MEDIA_HEADS, or a compound ending in a long one
    ("Sonntagszeitung", "Stadt-Anzeiger"; not "Medienangebote" for "bote")."""
    low = word.lower().rpartition("-")[2]
    return low in MEDIA_HEADS or low.endswith(_LONG_MEDIA_HEADS)


_LONG_MEDIA_HEADS = tuple(h for h in MEDIA_HEADS if len(h) >= 6)  # heads that also end a compound
# Descriptors of places ("Pazifikmetropole Guayaquil", "Stadtteil Molenbeek"), hand-written.
PLACE_HEADS = ("stadt", "metropole", "stadtteil", "bezirk", "provinz", "region", "gemeinde", "ortschaft",
               "dorf", "insel", "bundesland", "bundesstaat", "hafenstadt", "grenzort", "ort", "kanton",
               "herzogtum", "herzogtums", "königreich", "königreichs", "landkreis", "viertel", "distrikt",
               "siedlung")  # fmt: skip


@dataclass(frozen=True)
class Place:
    place: str  # canonical place: "Iraq", "Baghdad, Iraq"
    iso: str
    kind: str  # "country" | "city"
    gender: str = "n"
    capital_of: str | None = None


@dataclass(frozen=True)
class Org:
    name: str
    type: str
    gender: str
    classes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RoleNoun:
    lemma: str  # the token without its inflection ending: "US-Kollege", "Bundesverteidigungsministerin"
    head: str  # the lexicon lemma, lowercase: "kollege", "ministerin"
    gender: str  # m | f | u
    plural: bool
    nationality: str | None  # iso2 from a prefix such as "US-"


_ADJ_STEMS = ("isch", "lich", "ig", "sch", "ein", "bar", "los", "sam", "haft")


@dataclass(frozen=True, slots=True)
class Noun:
    lemma: str  # nominative singular: "Bundestag", compounds rebuilt: "Pazifikmetropole"
    genus: str  # m | f | n | - (plural-only or unknown)
    adjectival: bool  # declined like an adjective ("Abgeordnete", "Deutsche", "Europäische")
    plural: bool  # the form is only a plural form
    countable: bool = True  # Wiktionary gives plural forms (brand names such as "Microsoft" have none)


class NounForms:
    """Noun forms -> :class:`Noun`, each Noun made on its first look-up and then shared by its
    forms (making all 250,000 at load time was most of the lexicon's second of start-up)."""

    __slots__ = ("_rows", "_made")

    def __init__(self, rows: dict[str, tuple[str, str, bool, bool, bool]]) -> None:
        self._rows = rows
        self._made: dict[int, Noun] = {}  # id of a (shared) row -> its Noun

    def get(self, form: str) -> Noun | None:
        row = self._rows.get(form)
        if row is None:
            return None
        noun = self._made.get(id(row))
        if noun is None:
            noun = self._made[id(row)] = Noun(*row)
        return noun

    def __contains__(self, form: object) -> bool:
        return form in self._rows

    def __len__(self) -> int:
        return len(self._rows)


def _rows(name: str) -> list[list[str]]:
    if not name.endswith(".gz"):
        return tsv_rows(name)
    text = gzip.decompress(lexicon_path(name).read_bytes()).decode("utf-8")  # nouns.tsv.gz: 1 MB instead of 7
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _split(cell: str) -> list[str]:
    return [x for x in cell.split("|") if x]


def _media_variants(toks: tuple[str, ...], gender: str) -> list[tuple[str, ...]]:
    """A media name and its oblique forms: adjectives before the head take the weak ending
    ("Rheinische Post" -> "Rheinischen Post", "Bayerischer Rundfunk" -> "Bayerischen Rundfunk"),
    a masculine or neuter head its genitive -s ("des Bayerischen Rundfunks")."""
    out = [toks]
    weak = tuple(
        w[:-2] + "en" if k < len(toks) - 1 and w.endswith(("er", "es")) and w[:-2].lower().endswith(_ADJ_STEMS + ("eu",))
        else w + "n" if k < len(toks) - 1 and w.endswith("e") and w[:1].isupper()
        else w
        for k, w in enumerate(toks)
    )  # fmt: skip
    if weak != toks:
        out.append(weak)
    last = toks[-1]
    if gender in {"m", "n"} and last.isalpha() and last[-1:].islower() and not last.endswith(("s", "x", "z")):
        out += [(*form[:-1], last + "s") for form in list(out)]
    return out


class Gazetteer:
    """All entity lexicons; use :func:`load` for the shared instance."""

    def __init__(self) -> None:
        self.first_names = {r[0]: r[1] for r in _rows("first_names.tsv")}
        self.titles = {r[0]: r[1] for r in _rows("titles.tsv")}
        self.roles = {r[0].lower(): r[1] for r in _rows("roles.tsv")}
        self.common = {r[0] for r in _rows("common_nouns.tsv")}
        self.mdb = {r[0]: (r[1], r[2], r[3]) for r in _rows("mdb.tsv")}
        self.surnames = {name.rsplit(" ", 1)[-1] for name in self.mdb}
        self.places: dict[str, Place] = {}
        self.adjectives: dict[str, str] = {}  # adjective stem -> iso2
        self.country_place: dict[str, str] = {}  # iso2 -> canonical place
        self._load_places()
        self.orgs: dict[tuple[str, ...], Org] = {}
        self.org_first: dict[str, int] = {}  # first token -> longest form length starting with it
        self.class_nouns: set[str] = set()
        self.media_cued: dict[str, Org] = {}  # "Spiegel", "Welt": an outlet only with a cue (entities.py)
        self.media_names: set[str] = set()  # canonical names of media.tsv
        self._load_orgs()
        self._load_media()
        self._role_memo: dict[str, RoleNoun | None] = {}
        self.proper = {r[0]: r[1] for r in _rows("names_de.tsv")}  # Wiktionary proper names
        self._noun_memo: dict[str, Noun | None] = {}
        self._head_memo: dict[tuple[str, tuple[str, ...]], str | None] = {}

    @cached_property
    def given(self) -> dict[str, str]:
        """Given names with gender from gender-guesser's list (GNU FDL; ``given_names.tsv``):
        evidence that a name is a person's, never a reason on its own to find one."""
        return {r[0]: r[1] for r in _rows("given_names.tsv")}

    @cached_property
    def english(self) -> frozenset[str]:
        """Frequent English words that are no given name (wordfreq, CC BY-SA; ``english_words.tsv``)."""
        return frozenset(r[0] for r in _rows("english_words.tsv"))

    def unlike_first_name(self, word: str) -> bool:
        """A word that opens no person's name: no given name or surname any lexicon knows, but a
        frequent English word ("Task Switcher", "Square Enix"), a German common noun or a word
        the corpus mostly writes outside names ("Klubobfrau Krismer", "Lieber Boateng")."""
        if self.given_name(word) or word in self.surnames or self.proper.get(word) in {"Vorname", "Nachname"}:
            return False
        return word.lower() in self.english or (len(word) >= 4 and (word in self.common or self.noun(word) is not None))

    def given_name(self, word: str) -> bool:
        """A known first name (also each part of "Heinz-Christian") or an initial ("F.")."""
        if len(word) == 2 and word[1] == "." and word[0].isupper():
            return True
        parts = word.split("-")
        return all(p in self.first_names or p in self.given for p in parts)

    @cached_property
    def nouns(self) -> NounForms:
        """Every form of every German common noun (Wiktionary), loaded on first use."""
        out: dict[str, tuple[str, str, bool, bool, bool]] = {}
        rows = _rows("nouns.tsv.gz")
        lemmas = {r[0] for r in rows}  # a lemma is its own form first: "Haus" is not the genitive of "Hau"
        for lemma, genus, adj, sing, plur in rows:
            # Wiktionary does not flag every nominalised adjective ("das Europäische")
            forms = sing.split("|")
            adjectival = bool(adj) or (lemma.endswith("e") and (
                lemma[:-1].lower().endswith(_ADJ_STEMS) or lemma[:-1] + "er" in forms))  # "Rote", "Roter"
            # one row per lemma and number, shared by its forms; its Noun is made on first look-up
            singular, plural = (lemma, genus, adjectival, False, bool(plur)), (lemma, genus, adjectival, True, True)
            for form in forms:
                if form and (form == lemma or form not in lemmas):
                    out.setdefault(form, singular)
            for form in plur.split("|"):
                if form:
                    out.setdefault(form, plural)
        return NounForms(out)

    def known_name(self, text: str, people: bool = True) -> bool:
        """A place, organisation or Wiktionary proper name (also genitive -s); with ``people``
        also a first name or Bundestag surname (those lists hold some common nouns: Schlager)."""
        for t in (text, text[:-1] if text.endswith("s") and len(text) > 3 else None):
            if t and (t in self.proper or t in self.places or (t,) in self.orgs
                      or (people and (t in self.first_names or t in self.surnames))):  # fmt: skip
                return True
        return False

    def noun(self, text: str) -> Noun | None:
        """The common noun a capitalised word is, also as a compound or hyphen compound
        ("Pazifikmetropole", "ÖVP-Chef"); None for names and for words ending like place
        names or surnames (Hartberg, Lindemann)."""
        if text not in self._noun_memo:
            self._noun_memo[text] = self._parse_noun(text)
        return self._noun_memo[text]

    def _parse_noun(self, text: str) -> Noun | None:
        genitives = (text[:-1], text[:-2]) if text.endswith("s") else ()
        if not text[:1].isupper() or text in self.places or any((t,) in self.orgs for t in (text, *genitives)) \
                or self.proper.get(text, "Eigenname") != "Eigenname":  # fmt: skip
            return None  # "Welt" (also a newspaper) is a noun; "Koch", "Wien" are names
        hit = self.nouns.get(text)
        if hit is not None:
            return hit
        prefix, _, tail = text.rpartition("-")
        if prefix and tail[:1].isupper():
            sub = self.nouns.get(tail) or self._compound(tail)
            return Noun(f"{prefix}-{sub.lemma}", sub.genus, sub.adjectival, sub.plural) if sub else None
        return self._compound(text)

    def _compound(self, text: str) -> Noun | None:
        """Longest noun tail of a closed compound: "Marktverhältnissen" -> Verhältnis."""
        low = text.lower()
        if not text[1:].islower() or not text.isalpha() or low.endswith(_NAME_TAILS):
            return None
        for i in range(3, len(text) - 3):
            sub = self.nouns.get(text[i].upper() + text[i + 1 :])
            if sub is not None and not sub.adjectival and self._compound_head(text[:i]):
                return Noun(text[:i] + sub.lemma.lower(), sub.genus, False, sub.plural)
        return None

    def _compound_head(self, head: str) -> bool:
        """The first part of a compound is a German noun or name, with or without a linking
        element (Markt|verhältnisse, Bundes|linie, Pazifik|metropole; not Jaya|pura)."""
        for link in ("", "s", "es", "n", "en", "e", "er"):
            if link and not head.endswith(link):
                continue
            base = head[: len(head) - len(link)] if link else head
            if len(base) >= 3 and (base in self.nouns or base in self.proper or base in self.places):
                return True
        return False

    def demonym(self, text: str) -> str | None:
        """The place a demonym or place adjective comes from: "Wiener" -> Wien, "Japanerin"
        -> Japan, "Münchner" -> München, "Amerikaner" -> Amerika; None otherwise."""
        if not text[:1].isupper() or text in self.places:
            return None
        for infl in _DEMONYM_INFL:
            if infl and not text.endswith(infl):
                continue
            stem = text[: len(text) - len(infl)] if infl else text
            for end, repl in _DEMONYM:
                if stem.endswith(end) and len(stem) > len(end) + 2:
                    place = stem[: len(stem) - len(end)] + repl
                    if place in self.places or self.proper.get(place) == "Toponym":
                        return place
        return None

    def lemma_name(self, words: list[str]) -> str | None:
        """The nominative of an inflected multi-word name, from the gender of its head noun:
        "Deutschen Bahn" -> "Deutsche Bahn", "Europäischen Rechnungshofs" -> "Europäischer
        Rechnungshof", "Deutschen Instituts für Wirtschaftsforschung" -> "Deutsches Institut für
        Wirtschaftsforschung". None when the name does not have that shape ("Vienna Insurance Group")."""
        k = next((i for i, w in enumerate(words) if not w[:1].isupper()), len(words))
        if k < 1 or (k == 1 and (len(words) < 2 or words[1] not in _NAME_LINKS)):
            return None  # (a head alone only before a German link: not "Doctors for Refugees")
        head, adjs = words[k - 1], words[: k - 1]
        if k >= 3 and k == len(words) and self.place(head) is not None and self.noun(head) is None:
            front = self.lemma_name(words[: k - 1])  # "Technischen Universität Wien": the place after the name stays
            return f"{front} {head}" if front else None
        noun = self.noun(head) or self.nouns.get(head) or self._tail_noun(head)  # "Deutschen Bundestag": a known organisation's head
        if noun is None or noun.adjectival or (k == 1 and (noun.plural or noun.lemma == head)):
            return None  # (a head alone changes only in the genitive: "Instituts für Höhere Studien")
        out = []
        for adj in adjs:
            if self.demonym(adj):
                out.append(adj)  # "Frankfurter", "Wiener": place adjectives do not decline
                continue
            end = next((e for e in ("en", "er", "es", "em", "e") if adj.endswith(e)), None)
            if end is None or not self._adjective_like(adj, end):
                return None
            new = "e" if noun.plural else {"m": "er", "n": "es"}.get(noun.genus, "e")
            out.append(adj[: len(adj) - len(end)] + new)
        head_form = head if noun.plural else noun.lemma
        return " ".join([*out, head_form, *words[k:]])

    def _tail_noun(self, text: str) -> Noun | None:
        """Gender and lemma of a compound no lexicon splits, from its longest known noun tail
        ("Rechtsanwaltskammertages" -> Rechtsanwaltskammertag, m): only used to decline a name."""
        if not text[1:].islower() or not text.isalpha():
            return None
        for i in range(3, len(text) - 2):
            sub = self.nouns.get(text[i].upper() + text[i + 1 :])
            if sub is not None and not sub.adjectival:
                return Noun(text[:i] + sub.lemma.lower(), sub.genus, False, sub.plural)
        return None

    def _adjective_like(self, word: str, end: str) -> bool:
        stem = word[: len(word) - len(end)]
        noun = self.noun(stem + "e")
        return bool(self.adjective(word)) or stem.lower().endswith(_ADJ_STEMS) or (noun is not None and noun.adjectival)

    def head_class(self, text: str, heads: tuple[str, ...]) -> str | None:
        """The descriptor head a capitalised word ends with ("Bahngesellschaft" -> gesellschaft)."""
        key = (text, heads)
        if key not in self._head_memo:
            low = text.lower().rpartition("-")[2]
            self._head_memo[key] = next((h for h in heads if low.endswith(h)), None)
        return self._head_memo[key]

    def _load_places(self) -> None:
        capitals = {}
        for iso, de, en, aliases, adjs, gender, capital in _rows("countries.tsv"):
            self.country_place[iso] = en
            capitals[iso] = capital
            for form in [de, *_split(aliases)]:
                self.places[form] = Place(en, iso, "country", gender)
            for adj in _split(adjs):
                self.adjectives[adj] = iso
        for form, place, iso, capital in _rows("cities.tsv"):
            # Countries win over same-named cities (Luxemburg, Singapur, Mexiko).
            if form not in self.places:
                cap = self.country_place.get(iso) if capital == "1" else None
                self.places[form] = Place(place, iso, "city", "n", cap)

    def _load_orgs(self) -> None:
        for name, typ, gender, forms, classes in _rows("orgs.tsv"):
            org = Org(name, typ, gender, frozenset(_split(classes)))
            self.class_nouns |= org.classes
            for form in [name, *_split(forms)]:
                toks = tuple(form.split())
                self.orgs[toks] = org
                self.org_first[toks[0]] = max(self.org_first.get(toks[0], 0), len(toks))

    def _load_media(self) -> None:
        """``media.tsv``: each outlet is an ORG; its forms (and their weak adjective forms,
        "Rheinischen Post", and genitives, "Bayerischen Rundfunks") are organisation forms, but a
        single word that is also a common German word ("Spiegel", "Presse") only goes to
        ``media_cued``; a leading article is no form ("Die Zeit" is found as "Zeit")."""
        for name, gender, forms, use in _rows("media.tsv"):
            org = Org(name, "ORG", gender)
            self.media_names.add(name)
            for form in {name, *_split(forms)}:
                toks = tuple(form.split())
                if toks[0] in {"Der", "Die", "Das"}:
                    toks = toks[1:]
                for variant in _media_variants(toks, gender):
                    if len(variant) == 1 and use == "cue" and variant[0].isalpha():
                        self.media_cued.setdefault(variant[0], org)
                        continue
                    if variant not in self.orgs:
                        self.orgs[variant] = org
                        self.org_first[variant[0]] = max(self.org_first.get(variant[0], 0), len(variant))

    def toponym_genitive(self, text: str) -> str | None:
        """The place a genitive names when Wiktionary lists the bare form as a place name and
        the form itself as nothing ("Moldaus", "Baden-Württembergs", "Kurdistans"; not "Paris")."""
        if len(text) <= 3 or not text.endswith("s") or text.endswith("ss") or text in self.places or text in self.proper:
            return None
        return text[:-1] if self.proper.get(text[:-1]) == "Toponym" or text[:-1] in self.places else None

    def place(self, text: str) -> Place | None:
        """The place a token names, also in the genitive (Bagdads, Iraks)."""
        hit = self.places.get(text)
        if hit is None and text.endswith("s") and len(text) > 3:
            hit = self.places.get(text[:-1])
        return hit

    def adjective(self, text: str) -> str | None:
        """iso2 of a country adjective in any inflection: "iranischen" -> "IR"."""
        low = text.lower()
        for end in _ADJ_ENDINGS:
            if low.endswith(end):
                iso = self.adjectives.get(low[: len(low) - len(end)] if end else low)
                if iso:
                    return iso
        return None

    def role(self, text: str) -> RoleNoun | None:
        """Parse a (compound, inflected, prefixed) role noun: "US-Verteidigungsministers"."""
        if not text[:1].isupper():
            return None
        if text not in self._role_memo:
            self._role_memo[text] = self._parse_role(text)
        return self._role_memo[text]

    def _parse_role(self, text: str) -> RoleNoun | None:
        prefix, _, rest = text.rpartition("-")
        if not rest[:1].isupper():
            return None
        nationality = None
        if prefix:
            place = self.place(prefix)
            if place is not None and place.kind == "country":
                nationality = place.iso
            elif not prefix[:1].isupper():
                return None
            # else an organisation or party before the role: "ÖVP-Chef", "IfW-Konjunkturchef"
        low = rest.lower()
        for end in _ROLE_ENDINGS:
            if end and not low.endswith(end):
                continue
            base = low[: len(low) - len(end)]
            for i in range(len(base) - _MIN_ROLE + 1):
                gender = self.roles.get(base[i:])
                if gender is not None:
                    lemma = text[: len(text) - len(end)] if end else text
                    return RoleNoun(lemma, base[i:], gender, end == "nen", nationality)
        return None

    def org_class(self, text: str) -> str | None:
        """The class noun a capitalised compound ends with: "Verteidigungsbündnis" -> "bündnis"."""
        if "-" in text or not text[:1].isupper():
            return None
        low = text.lower()
        for i in range(len(low) - 4):
            if low[i:] in self.class_nouns:
                return low[i:]
        return None


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    return Gazetteer()
