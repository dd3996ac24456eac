"""The ``chronik_entities`` component: mentions -> entities with coreference, roles and links.

Reads ``doc.ents`` (a statistical NER, when the pipeline has one) and adds rule mentions from
the lexicons in :mod:`.gazetteer`: first name + capitalised words, role noun + name
("US-General Tod Wolters"), forms of address, known places and organisations, acronyms in
parentheses, and lone surnames of people already named in full. :mod:`.coref` groups them.
Writes ``doc._.chronik_entities`` (``record.Entity``), ``doc._.chronik_mention_entity`` and the
merged name spans back to ``doc.ents``. ``docs/entities.md`` documents the decisions.
"""

from __future__ import annotations

import re
from typing import cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..record import Entity, Mention, Role
from . import extensions  # noqa: F401
from .coref import Cand, Cluster, cluster_names, resolve_nominals, resolve_pronouns
from .extensions import token_texts
from .gazetteer import ORG_HEADS, PLACE_HEADS, Gazetteer, Noun, RoleNoun, load, media_head, parties

RULE, MODEL, STRONG = 3, 2, 4
_DEFINITE = {"der", "die", "das", "des", "dem", "den"}
_PARTICLES = {"von", "van", "de", "da", "di", "al", "bin", "ibn", "zu"}
_INNER_PARTICLES = {"der", "den"}  # only after another particle: "van der Bellen", "von der Leyen"
_PRONOUNS = {
    "er": "m", "ihn": "m", "ihm": "mn", "seine": "mn", "seinen": "mn", "seinem": "mn",
    "seiner": "mn", "seines": "mn", "sie": "fp", "ihr": "fp", "ihre": "fp", "ihren": "fp",
    "ihrem": "fp", "ihrer": "fp", "ihres": "fp",
}  # fmt: skip
_OPEN_Q, _CLOSE_Q, _TOGGLE_Q = {"„", "»"}, {"«"}, {'"', "“", "”"}
_MAX_NAME = 4
_ADJ_ENDS = ("e", "en", "er", "es", "em")
_CUTS = {"-", "–", "—", "/", "|", ":", "(", ")", ";", ",", "vs.", "vs"}  # a dateline, separator, bracket or "vs." ends a model span
_DETERMINERS = {"der", "die", "das", "ein", "eine", "einer", "jene", "jener", "jenes", "diese", "dieser", "dieses",
                "alle", "manche", "viele", "einige", "beide", "kein", "keine", "mehrere", "zwei", "drei"}
_NUMERALS = {"zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf", "hundert",
             "tausend", "erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "neunt", "zehnt", "elft"}
_BODIES = ("amt", "amtes", "forum", "forums", "organisation", "bund", "bundes", "rates", "union", "fonds")  # "Weltwirtschaftsforum (WEF)"
# Last words of event names (hand-written): the name is MISC whatever the words before it name
_EVENT_HEADS = {"Open", "Cup", "Trophy", "Games", "Award", "Awards", "Festival", "Championships", "Championship",
                "Prix", "Festspiele", "Festwochen", "Olympics", "Preis", "Prize", "Medal", "Medaille"}  # fmt: skip
_LEGAL = {"GmbH", "AG", "SE", "KG", "OG", "Inc", "Inc.", "Ltd", "Ltd.", "Corp", "Corp.", "LLC", "plc", "SA", "NV", "eG"}
_LINKS = {"der", "des", "von", "vom"}
# Organisation class words that describe a name rather than open it ("der Hersteller Canonical")
_DESCRIBING_HEADS = ("hersteller", "herstellers", "anbieter", "anbieters", "konzern", "unternehmen", "firma",
                     "dienst", "dienstes", "sender", "senders", "agentur", "plattform", "portal", "portals",
                     "airline", "fluglinie", "fluggesellschaft", "zeitung", "magazin", "magazins", "zeitschrift",
                     "blatt")  # fmt: skip  # "Anteilsscheine der Erste Group": descriptor + link word
_AGENT = ("er", "ist", "ent", "ant", "eur", "or", "graf", "loge", "at", "in", "ar", "e", "iker", "ier")  # person nouns
# Sports reports (hand-written word lists): a city named in a team's slot is the club ("gegen Salzburg",
# "Ingolstadts Manager", "(Ingolstadt, 4)", "Augsburg gelang ..."), not the place.
_SCORE = re.compile(r"^\(?\d{1,3}:\d{1,3}\)?$")
_SCORE_COMPOUND = re.compile(r"^\d{1,3}:\d{1,3}-[A-ZÄÖÜ]")  # "3:2-Niederlage", "1:0-Sieg": a result as a compound
_SPORT_WORDS = {"Tor", "Tore", "Toren", "Treffer", "Trainer", "Liga", "Bundesliga", "Spieltag", "Tabelle", "Saison",
                "Meisterschaft", "Elfmeter", "Stürmer", "Verteidiger", "Torhüter", "Goalie", "Abstieg", "Aufstieg",
                "Halbfinale", "Viertelfinale", "Achtelfinale", "Finale", "Heimspiel", "Auswärtsspiel", "Remis",
                "Niederlage", "Sieg", "Punkte", "Tabellenführer", "Cup", "Play-off", "Playoff", "Klub", "Coach"}  # fmt: skip
_TEAM_BEFORE = {"gegen", "bei"}
_PLACE_OPENERS = {"San", "Santa", "Sankt", "Saint", "Santo", "São", "Bad", "New", "Port", "Fort"}  # "San Sebastián"
_PLACE_PREP = {"in", "nach", "aus", "bei", "gegen", "von", "vor", "bis", "nahe", "um"}
# Words before a city's name that make it the place even in a sports report ("in Freiburg", "aus Wien")
_LOCATIVE = {"in", "im", "ins", "nach", "aus", "von", "vom", "bis", "zwischen", "nahe", "durch", "über", "am", "an",
             "auf", "um", "Richtung", "unweit", "nördlich", "südlich", "östlich", "westlich", "ab", "zum", "zur"}  # fmt: skip
_TEAM_VERBS = {"gewann", "gewinnt", "siegte", "siegt", "verlor", "verliert", "unterlag", "unterliegt", "besiegte",
               "schlug", "bezwang", "bezwingt", "holte", "feierte", "kassierte", "trennte", "gelang", "empfängt",
               "empfing", "remisierte", "führt", "führte", "liegt", "lag", "spielte", "traf", "setzte", "musste"}  # fmt: skip
_TEAM_HEADS = ("ligist", "ligisten", "tabellenführer", "spitzenreiter", "meister", "titelverteidiger", "aufsteiger",
               "absteiger", "verfolger", "gegner", "rivale", "rivalen", "klub", "club", "verein", "mannschaft",
               "schlusslicht", "gastgeber", "tabellenletzte", "tabellenletzten", "tabellenzweite", "tabellenzweiten")  # fmt: skip
_TEAM_PEOPLE = ("trainer", "manager", "coach", "torhüter", "goalie", "keeper", "stürmer", "verteidiger", "kapitän",
                "sportdirektor", "spieler", "angreifer", "torjäger", "fans", "anhänger", "präsident", "abwehr",
                "defensive", "offensive", "profis", "legionär", "neuzugang", "trainerin", "spielerin")  # fmt: skip
_DASHES = {"–", "-", "—"}
_PREPOSITIONS = {"per", "via", "pro", "ab", "bis", "mit", "ohne", "seit", "trotz", "dank", "laut", "gegen", "um"}
_SCORE_OPENS = re.compile(r"^\(?\d{1,3}:\d{1,3}(?:\)|$|[A-ZÄÖÜ])")
# Last words of English names of bodies (hand-written): such a name is an organisation, no place
_ENGLISH_ORG_HEADS = {"Court", "Council", "Committee", "Agency", "Association", "Institute", "University", "College",
                      "Foundation", "Party", "Union", "Commission", "Authority", "Bureau", "Department", "Ministry",
                      "Corporation", "Company", "Bank", "Fund", "Society", "League", "Federation", "Board",
                      "Organization", "Organisation", "Network", "Group", "Inc", "Ltd"}  # fmt: skip
# Last words of English company names (hand-written): no person's or place's name ends in them ("Alix Partners")
_ENGLISH_FIRM_HEADS = {"Partners", "Capital", "Holdings", "Ventures", "Labs", "Studios", "Records", "Entertainment",
                       "Technologies", "Airlines", "Airways", "Motors", "Pharmaceuticals", "Investments", "Consulting",
                       "Advisors", "Industries", "Enterprises", "Brands", "Robotics", "Therapeutics", "Securities",
                       "Company", "Corporation"}  # fmt: skip
# Words that open football and other sports clubs' names (hand-written): in a sports report a name
# they open is the club's even where the model saw a person or a place ("Celta Vigo", "Admira Wacker Mödling")
_CLUB_WORDS = {"Admira", "Wacker", "Celta", "Rapid", "Sturm", "Borussia", "Eintracht", "Dynamo", "Dinamo", "Lokomotive",
               "Lokomotiv", "Spartak", "Torpedo", "Atlético", "Atletico", "Sporting", "Olympique", "Olympiakos",
               "Juventus", "Lazio", "Hertha", "Fortuna", "Arminia", "Alemannia", "Viktoria", "Slavia", "Sparta",
               "Partizan", "Zenit", "Galatasaray", "Fenerbahçe", "Beşiktaş", "Besiktas", "Benfica", "Ajax", "Feyenoord",
               "Anderlecht", "Celtic", "Rangers", "Hapoel", "Maccabi", "Legia", "Ferencváros", "Schalke", "Werder",
               "Kickers", "Grasshoppers", "Servette", "Deportivo", "Espanyol", "Betis", "Austria", "Vorwärts"}  # fmt: skip
_VENUES = ("stadion", "estadio", "arena", "flughafen", "airport")  # descriptors of places that bear people's names
# Events named by one word that the model types as a place or body ("bis Olympia")
_EVENT_NAMES = {"Olympia", "Olympics", "Paralympics", "Eurovision", "Oktoberfest"}
_RANKED = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+-\d{1,4}\.$")  # "Weltranglisten-45.": a ranking before a player's name
_ROMAN = re.compile(r"^[IVXLC]{2,}\.?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# What makes "Spiegel", "Welt", "Presse" the outlet (gazetteer.media_cued): a media noun before it
# ("Nachrichtenmagazin Spiegel"), a verb of saying before its article ("sagte der Welt",
# "berichtete der Spiegel") or of reporting after it ("der Standard berichtete", "der Zeit zufolge").
_MEDIA_NOUNS = ("zeitung", "magazin", "blatt", "sender", "agentur", "zeitschrift", "illustrierte", "portal",
                "wochenzeitung", "nachrichtenmagazin")  # fmt: skip
_PRINT_NOUNS = ("zeitung", "zeitschrift", "magazin", "blatt", "illustrierte")
_SAID_TO = {"sagte", "sagt", "sagten", "erklärte", "erklärt", "bestätigte", "bestätigt", "betonte", "kündigte",
            "berichtete", "berichtet", "meldete", "meldet", "schrieb", "schreibt", "zitierte", "zitiert",
            "enthüllte", "verriet", "versicherte", "sprach"}  # fmt: skip
_REPORTS = {"berichtete", "berichtet", "berichten", "berichteten", "meldete", "meldet", "schrieb", "schreibt",
            "zitierte", "zitiert", "enthüllte", "veröffentlichte", "zufolge", "titelte", "titelt"}  # fmt: skip
# Works and products (hand-written heads): the name after such a noun is MISC ("im Puppenfilm Edmond",
# "Titeln wie The Division"), a band's name an organisation's ("Bands wie Sam Gopal")
_WORK_HEADS = ("film", "filme", "filmen", "films", "serie", "serien", "roman", "romane", "romans", "album", "alben",
               "albums", "song", "songs", "lied", "lieder", "single", "oper", "musical", "theaterstück", "gemälde",
               "gemäldes", "videospiel", "computerspiel", "rollenspiel", "game", "games", "titel", "titeln", "app",
               "apps", "gerät", "geräte", "geräts", "smartphone", "smartphones", "tablet", "konsole", "prozessor",
               "prozessors", "chip", "chips", "modell", "modelle", "modells", "krimi", "thriller", "komödie", "drama",
               "doku", "dokumentation", "sendung", "show", "buch", "bestseller", "werk", "werke", "oratorium",
               "symphonie", "sinfonie", "konzert", "ballett", "musikvideo", "betriebssystem", "software", "browser",
               # documents, doctrines and terms: "die Urkunde Magna Carta", "die Harmonielehre Feng Shui",
               # "der Begriff USB Type C"
               "urkunde", "charta", "begriff", "begriffs", "lehre", "gedicht", "novelle", "erzählung")  # fmt: skip
# Words before an expansion of an abbreviation: "LTS, kurz für Long-Term Support" (a term, no organisation)
_EXPANDS = {("kurz", "für"), ("steht", "für"), ("stehen", "für"), ("Abkürzung", "für"), ("Kürzel", "für")}
# English titles of offices: a role, no name ("die First Lady", "der Prime Minister")
_ENGLISH_ROLES = {("First", "Lady"), ("First", "Gentleman"), ("Prime", "Minister"), ("Chief", "Executive"),
                  ("Chief", "Executive", "Officer"), ("Chief", "Financial", "Officer"), ("Secretary", "General"),
                  ("Attorney", "General"), ("Secretary", "of", "State")}  # fmt: skip
_BAND_HEADS = ("band", "bands", "gruppe", "gruppen", "formation", "duo", "trio", "quartett")
# Last words that make a name a product's ("ME Pro", "Maxwell GPU", "Dirac HD")
_PRODUCT_TAILS = {"Pro", "Plus", "Max", "Mini", "Ultra", "Lite", "HD", "GPU", "CPU", "Edition", "XL", "Neo", "Air"}
_GLUED_CAPS = re.compile(r"^[A-ZÄÖÜ]{3,}[A-ZÄÖÜ][a-zäöüß]")  # "ARCHÄOLOGIEIndiana": a TV listing's genre glued on
_NAME_PARTICLE = re.compile(r"^(?:al|el|as|ad|ash|ar|an|at|az|abu|bin|ibn|ben|bint)-[A-ZÄÖÜ]")  # "Abdel Fattah al-Sisi"


@Language.factory(
    "chronik_entities",
    default_config={"use_ents": True, "write_ents": True, "pronouns": True, "nominal_window": 2},
)
def make_component(nlp: Language, name: str, use_ents: bool, write_ents: bool, pronouns: bool,
                   nominal_window: int) -> EntityLinker:  # fmt: skip
    return EntityLinker(name, use_ents=use_ents, write_ents=write_ents, pronouns=pronouns,
                        nominal_window=nominal_window)  # fmt: skip


class EntityLinker:
    """Mentions from NER + lexicon rules, grouped into entities with roles and links.

    use_ents: take the NER model's ``doc.ents`` as mentions. write_ents: write merged name spans
    back to ``doc.ents``. pronouns: resolve er/sie/sein/ihr. nominal_window: how many sentences
    back a role NP may reach for a person it has no other evidence for.
    """

    def __init__(self, name: str = "chronik_entities", *, use_ents: bool = True, write_ents: bool = True,
                 pronouns: bool = True, nominal_window: int = 2) -> None:  # fmt: skip
        self.name = name
        self.use_ents = use_ents
        self.write_ents = write_ents
        self.pronouns = pronouns
        self.nominal_window = nominal_window
        self.gaz: Gazetteer = load()

    def __call__(self, doc: Doc) -> Doc:
        finder = _Finder(doc, self.gaz)
        names = finder.names(list(doc.ents) if self.use_ents else [])
        clusters = cluster_names(names)
        cands = names + finder.nominals(names)
        roles = _attach_roles(finder, names, clusters)
        if self.pronouns:
            cands += finder.pronouns(names)
        resolve_nominals(cands, clusters, self.nominal_window)
        if self.pronouns:
            mention_starts = {c.start for c in cands if c.entity is not None}
            resolve_pronouns(cands, clusters, finder.in_parens, finder.own_subject(mention_starts), finder.texts, finder.sent)
        _nominal_roles(doc, finder.gaz, cands, roles)
        entities = _to_records(doc, clusters, roles, self.gaz)
        doc._.chronik_entities = entities
        doc._.chronik_mention_entity = {(m.start, m.end): e.id for e in entities for m in e.mentions}
        if self.write_ents:
            _write_ents(doc, names, clusters)
        return doc


class _Finder:
    """One pass over the tokens for each mention kind; token texts cached once."""

    def __init__(self, doc: Doc, gaz: Gazetteer) -> None:
        self.doc, self.gaz = doc, gaz
        self.texts = token_texts(doc)  # shared with later components: read only
        self.sent = _sentence_ids(doc)
        self.quoted = _quoted(self.texts)
        self.in_parens: set[int] = set()
        self.appositive: list[tuple[int, int, Cand]] = []  # (role start, role end, name cand)
        self.org_appositive: list[tuple[int, str, Cand]] = []
        self.flags: dict[tuple[int, int], str] = {}  # model spans that need evidence from the document
        self.not_places: set[str] = set()  # words the article uses as no place ("Schweizer Franken")
        self.work_cued: set[int] = set()  # starts of names a work noun introduces ("die Urkunde Magna Carta")
        self.scores = 0  # match results in the text (set by _sports)
        # words written after a known first name: surnames ("Niederösterreicher Weiss" after "Michael Weiss")
        self.after_first = {t for k, t in enumerate(self.texts[1:], 1) if self.texts[k - 1] in gaz.first_names}

    # -- names -------------------------------------------------------------------------
    def is_name_word(self, text: str) -> bool:
        gaz = self.gaz
        return (
            len(text) > 1
            and text[0].isupper()
            and text.replace("-", "").replace("'", "").isalpha()
            and text not in gaz.common
            and gaz.place(text) is None
            and (text,) not in gaz.orgs
            and gaz.role(text) is None
        )

    def _name_opener(self, k: int) -> bool:
        """After a title or role, a first name or any capitalised word before a name word opens
        a name ("US-General Tod Wolters": Tod is also a common noun)."""
        t, texts = self.texts[k], self.texts
        if t in self.gaz.first_names:
            return True
        if self.gaz.role(t) is not None:
            return False  # "Salafistenführer Scheich Ahmed al-Asir": a second role opens the name after it
        return t.isalpha() and t[0].isupper() and k + 1 < len(texts) and self.is_name_word(texts[k + 1])

    def _surname_word(self, t: str) -> bool:
        """After a first name, role nouns and cities are surnames too (Paul Richter, Lloyd Austin)."""
        place = self.gaz.place(t)
        return t[:1].isupper() and (self.gaz.role(t) is not None or (place is not None and place.kind == "city"))

    def name_run(self, j: int, first: bool = False, inside: bool = False) -> int:
        """End of the run of name words from token j (particles inside allowed; at j too when ``inside``:
        the run goes on after a first name, "Konstantin | von Notz"; not into another name: "Roman von Markus Werner")."""
        texts, k = self.texts, j
        while k < len(texts) and k - j < _MAX_NAME:
            t = texts[k]
            if k > j and t.isspace() and k + 1 < len(texts) and self.is_name_word(texts[k + 1]):
                k += 1  # "Wolfgang  Pirklhuber": a double space inside a name
                continue
            after_first = k > 0 and texts[k - 1] in self.gaz.first_names
            if k > j and texts[k - 1] not in self.gaz.first_names and self._thing_after_name(t):
                break  # "Francis Poulencs Klavierkonzert", "Tom Hanks Regie-Debüt": the name ends before
            if k > j + 1 and texts[k - 1] not in _PARTICLES and _genitive(t) and self.gaz.proper.get(t[:-1]) == "Toponym":
                break  # "Bobby Charlton Englands Rekordtorschütze": whose record, not more of the name
            if (
                self.is_name_word(t)
                or (k > j and _NAME_PARTICLE.match(t) is not None)  # "Ahmed al-Asir"
                or (first and k == j and self._name_opener(k))
                or (after_first and self._surname_word(t))
            ) or (
                (k > j or (inside and texts[k + 1 if k + 1 < len(texts) else k] not in self.gaz.first_names))
                and (t in _PARTICLES or (t in _INNER_PARTICLES and texts[k - 1].lower() in _PARTICLES))
                and k + 1 < len(texts)
                and ((self.is_name_word(texts[k + 1]) and not _acronym(texts[k + 1])
                      and (t not in _INNER_PARTICLES or not self._particle_blocked(texts[k + 1])))
                     or texts[k + 1] in _PARTICLES
                     or (t in _PARTICLES and texts[k + 1] in _INNER_PARTICLES and self._particle_surname(k + 2)))
            ):
                k += 1
            else:
                break
        while k > j and (texts[k - 1] in _PARTICLES or texts[k - 1] in _INNER_PARTICLES):
            k -= 1  # "Nopphol Witvorapong von der| Chulalongkorn-Universität": a name ends on no particle
        return k

    def _particle_surname(self, k: int) -> bool:
        """Token k, after "von der"/"van den", is a plain surname ("von der Leyen"), not an organisation
        ("Alice Weidel von der AfD", "von der Commerzbank"), a common noun ("von der Partei"), an
        adjective or an English word."""
        if k >= len(self.texts):
            return False
        t = self.texts[k]
        return t[:1].isupper() and t[1:].islower() and self.is_name_word(t) and self.gaz.noun(t) is None \
            and not self._particle_blocked(t)  # fmt: skip

    def _particle_blocked(self, t: str) -> bool:
        """A word after "von der"/"van den" that opens no surname: an organisation, an adjective or an
        English word ("von der Europäischen Weltraumorganisation", "von der University of Iowa",
        "von der Commerzbank"; "Van der Bellen" goes on)."""
        gaz = self.gaz
        end = t[-2:] if _adjective_end(t) else ""
        return (t,) in gaz.orgs or gaz.adjective(t) is not None or bool(end and gaz._adjective_like(t, end)) \
            or t.lower() in gaz.english or bool(gaz.head_class(t, ORG_HEADS))  # fmt: skip

    def _thing_after_name(self, t: str) -> bool:
        """A common noun (also a compound) that no lexicon knows as a name: after a surname it
        names a thing of the person's, not more of the name."""
        return t not in self.gaz.first_names and self.gaz.noun(t) is not None and not self.gaz.known_name(t)

    def names(self, ents: list[Span]) -> list[Cand]:
        rules = self._rule_names()
        model = [c for c in (self._from_ent(e) for e in ents) if c is not None]
        if self._sports():
            self._club_glued(rules + model)
        self._currency_like(model)
        model = [c for c in model if not (c.label == "LOC" and c.key is None and self.texts[c.start] in self.not_places
                                          and c.end - c.start == 1)]  # fmt: skip  # "der Franken" after "Schweizer Franken"
        model = self._with_evidence(rules, model)
        surnames = {c.words[-1] for c in rules + model if c.label == "PER" and len(c.words) >= 2}
        for m in model:
            if len(m.words) == 1 and (m.words[0] in surnames or m.words[0][:-1] in surnames):
                m.label = "PER"  # the model's "Kramp-Karrenbauer"/LOC after "Annegret Kramp-Karrenbauer"/PER
            inside = [r for r in rules if m.start <= r.start and r.end <= m.end]
            same = next((r for r in inside if (r.start, r.end) == (m.start, m.end)), None)
            if m.label == "PER" and len(m.words) == 2 and any(r.label == "LOC" and r.end == m.end for r in inside) \
                    and all(r.label in {"PER", "LOC"} for r in inside) \
                    and self._role_before(m.start) and self._unknown_word(self.texts[m.start]):  # fmt: skip
                m.prio = STRONG  # "Polizeichef Badredin Haiti": after a role, a place word ends a person's name
            if m.label == "ORG" and m.end - m.start >= 2 and self.texts[m.end - 1] in _ENGLISH_FIRM_HEADS:
                m.prio = STRONG  # "Alix Partners": a firm's name, not the given name inside it
            if same is not None and same.label == m.label:
                m.key = same.key or m.key  # "Deutsches Institut für Wirtschaftsforschung (DIW)": keep the acronym key
            if inside and m.label != "PER" and all(r.label == m.label for r in inside):
                m.prio = STRONG  # the model saw a longer name of the same kind
            elif inside and m.label == "PER" and all(r.label == "PER" for r in inside) \
                    and sum(r.end - r.start for r in inside) < m.end - m.start and all(  # fmt: skip
                (t[:1].isupper() and self.gaz.role(t) is None) or _numeral(t) or _NAME_PARTICLE.match(t)
                for k, t in enumerate(self.texts[m.start : m.end], m.start)
                if not any(r.start <= k < r.end for r in inside)
            ):
                m.prio = STRONG  # "Jarl Magnus Riiber", "Johannes Paul II.": the model saw more of the name
            elif inside and m.label in {"ORG", "MISC"} and all(r.label == "LOC" or (
                    r.label == "ORG" and r.key and not r.key.startswith(("acr:", "name:"))) for r in inside) \
                    and any(r.label == "LOC" for r in inside) \
                    and m.end - m.start > max(r.end - r.start for r in inside):  # fmt: skip
                m.prio = STRONG  # "Vienna Insurance Group", "RB Leipzig", "ORF Salzburg": a place inside an organisation's name
        chosen = [c for c in _select(rules + model) if _capital(self.texts[c.start])]  # not "für Menschenrechte"
        for c in chosen:
            if c.end - c.start > 1 and self.texts[c.end - 1] in _EVENT_HEADS and c.key is None:
                c.label = "MISC"  # "Gerry Weber Open": a first name opens the name of an event
            if c.label == "PER" and c.key is None and c.prio == RULE:
                c.label = self._listed_as(c.start) or c.label  # "Bands wie Sam Gopal": a first name opens a band's name
                before = self.texts[c.start - 1] if c.start else ""
                if before[:1].isupper() and self.gaz.noun(before) is not None and self.gaz.head_class(before, _PRINT_NOUNS):
                    c.label = "ORG"  # "die Satirezeitschrift Charlie Hebdo"
                if c.end - c.start > 1 and any(_acronym(t) for t in self.texts[c.start : c.end]):
                    c.label = "ORG"  # "Hertha BSC": an acronym in a name is an organisation's, no person's
                if self._venue(before):
                    c.label = "LOC"  # "im Estadio Santiago Bernabeu": a place named after a person
            if c.label != "LOC" and c.key is None and _dateline(self.doc, self.doc[c.start : c.end]):
                c.label = "LOC"  # "San Juan – Das hoch verschuldete ...": a dateline names a place
        self._surname_not_place(chosen)
        self._surname_first(chosen)
        _one_type_per_name(self.texts, chosen, self.work_cued)
        if self._sports():
            self._clubs(chosen)
        self._strip_genitive(chosen)
        chosen += self._propagate(chosen)
        for c in chosen:
            c.sent = self.sent[c.start]
        chosen.sort(key=lambda c: c.start)
        return chosen

    def _owner_of_thing(self, ent: Span) -> str | None:
        """"Googles Betriebssystem", "Apples Chef": a genitive whose bare form the article writes on
        its own (or an organisation lexicon knows) before a plain noun names the owner, not a thing."""
        if len(ent) != 2:
            return None
        first, second = ent[0].text, ent[1].text
        if len(first) <= 3 or not first.endswith("s") or first.endswith("ss") or not _capital(first):
            return None
        bare, gaz = first[:-1], self.gaz
        person = first in self.after_first and _genitive(first)  # "Rudolf Hundstorfers" elsewhere: a person's genitive
        if first.endswith("es"):  # "Googles", not "Rotes Kreuz", "Grünes Licht": only a proper name's -s
            known = gaz.proper.get(bare) in {"Eigenname", "Toponym", "Nachname"}
        else:
            known = (bare,) in gaz.orgs or gaz.known_name(bare, people=False) or bare in self.texts or person
        if not known:
            return None
        # after a person's genitive any common-noun-shaped word is the person's thing ("Hundstorfers Sozialministerium")
        thing = self._plain_noun(second) or (person and second[1:].islower() and second.isalpha())
        return bare if thing and not self.gaz.known_name(second) else None

    def _genitive_only(self, i: int, full: bool) -> bool:
        """The -s name at i reads as a genitive: it is no given name, surname or English word (Evans,
        Gates), after a first name no given name without its -s (Tom Hanks; "Prinz Eugens" is Eugen's),
        and the article never writes it before anything but a common noun."""
        gaz, texts, word = self.gaz, self.texts, self.texts[i]
        if gaz.given_name(word) or (full and gaz.given_name(word[:-1])) or word in gaz.surnames or word.lower() in gaz.english:
            return False
        if gaz.place(word[:-1]) is not None or gaz.proper.get(word[:-1]) == "Toponym":
            return False  # "Wr. Neustadts Präsident": a place's genitive, not a person's
        return all(k + 1 < len(texts) and self._thing_after_name(texts[k + 1])
                   for k, t in enumerate(texts) if t == word)  # fmt: skip

    def _place_genitive(self, word: str) -> bool:
        """The genitive of a place that is no name of its own ("Europas", "Moldaus", "Iraks")."""
        gaz = self.gaz
        return bool(gaz.toponym_genitive(word)) or (_genitive(word) and word not in gaz.places
                                                    and gaz.place(word) is not None)  # fmt: skip

    def _role_before(self, i: int) -> bool:
        prev = self.texts[i - 1] if i else ""
        return prev[:1].isupper() and self.gaz.role(prev) is not None

    def _currency_like(self, model: list[Cand]) -> None:
        """A word the model calls a place that the article also writes after a place adjective
        is no place in the whole article ("Schweizer Franken" ... "der Franken"): the rule for the
        model's own span, extended to the article's other mentions and their repeats."""
        gaz = self.gaz
        words = {self.texts[c.start] for c in model if c.label == "LOC" and c.end - c.start == 1 and c.key is None}
        for k, t in enumerate(self.texts[1:], 1):
            if t not in words or gaz.place(t) is not None or not self._place_adjective(self.texts[k - 1]):
                continue
            home = gaz.places.get(gaz.demonym(self.texts[k - 1]) or "")
            if home is None or home.kind != "city":  # (not "auf der Wiener Donau": a river in the city)
                self.not_places.add(t)

    def _surname_not_place(self, chosen: list[Cand]) -> None:
        """A lone word that is the surname of a person the article names in full is that person,
        not the city of that name, unless a place preposition comes before it ("Lewis Hamilton"
        ... "Hamilton vor Rosberg"; "in Hamilton" stays the city)."""
        surnames = {c.words[-1] for c in chosen if c.label == "PER" and len(c.words) >= 2}
        for c in chosen:
            if c.label != "LOC" or c.end - c.start != 1 or c.place is None or c.place.kind != "city":
                continue
            word = self.texts[c.start]
            before = next((t for t in reversed(self.texts[max(0, c.start - 3) : c.start]) if not t.isspace()), "")
            if word in surnames and before.lower() not in _LOCATIVE and before not in _LOCATIVE:
                c.label, c.key, c.place, c.words, c.prio = "PER", None, None, (word,), MODEL

    def _surname_first(self, chosen: list[Cand]) -> None:
        """East Asian names put the family name first ("Li Yan" ... "Li", "Guo Jianmei" ...
        "Anwältin Guo"): a lone word that opens exactly one two-word name of the article, is no
        given name and ends no other name joins that person."""
        people = [c for c in chosen if c.label == "PER"]
        full: dict[str, set[tuple[str, ...]]] = {}
        for c in people:
            if len(c.words) == 2:
                full.setdefault(c.words[0], set()).add(c.words)
        lasts = {c.words[-1] for c in people if len(c.words) >= 2}
        for c in people:
            if len(c.words) != 1:
                continue
            word = c.words[0]
            names = full.get(word)
            if names and len(names) == 1 and word not in lasts and not self.gaz.given_name(word) \
                    and self.gaz.proper.get(word) != "Vorname":  # fmt: skip
                c.words = next(iter(names))

    def _strip_genitive(self, cands: list[Cand]) -> None:
        """"Gerhard Schröders" -> words (Gerhard, Schröder) when Schröder is a known surname."""
        seen = {c.words[-1] for c in cands if c.label == "PER" and c.words}
        surnames, words = self.gaz.surnames, set(self.texts)  # "Rostons Buch" and "Roston" elsewhere
        for c in cands:
            last = c.words[-1] if c.label == "PER" and c.words else ""
            if len(last) <= 3 or not last.endswith("s"):
                continue
            thing = len(c.words) > 1 and _genitive(last) and c.end < len(self.texts) \
                and self._thing_after_name(self.texts[c.end]) and last[:-1] in words  # fmt: skip
            before = self.texts[c.start - 1] if c.start else ""
            owner = len(c.words) > 1 and _genitive(last) and before[:1].isupper() \
                and self.gaz.noun(before) is not None and bool(self.gaz.head_class(before, ORG_HEADS))  # fmt: skip
            nxt = self.texts[c.end] if c.end < len(self.texts) else ""
            lexicon = last[:-1] in surnames and last not in surnames and (nxt[:1].isupper() or nxt[:1].isdigit())
            # (before a noun or a score: "Max Kruses 3:0"; "Rebecca Harms, ..." stays)
            saxon = _genitive(last) and self._thing_after_name(nxt) and before not in _DEFINITE \
                and self._genitive_only(c.end - 1, len(c.words) > 1)  # fmt: skip  # "In Matt Charmans Drehbuch", "Prinz Eugens Gefährte"
            if thing or owner or last[:-1] in seen or lexicon or saxon:
                c.words = c.words[:-1] + (last[:-1],)

    def _sports(self) -> bool:
        """A sports report: two or more match scores ("2:1", "(0:1)"), or many sports words."""
        texts = self.texts
        self.scores = sum(1 for k, t in enumerate(texts) if (_SCORE.match(t) and (k + 1 == len(texts) or texts[k + 1] != "Uhr"))
                          or _SCORE_COMPOUND.match(t))  # fmt: skip
        return self.scores >= 2 or sum(1 for t in texts if t in _SPORT_WORDS) >= 4

    def _team_slot(self, i: int, j: int) -> bool:
        """Tokens i..j (a city's name) stand where a sports report names a team: after "gegen"/"bei",
        after a team descriptor ("Tabellenführer"), as a genitive before a team's people
        ("Ingolstadts Manager"), a player's club in a squad list ("(Ingolstadt, 4)"), one side of
        a result ("Salzburg – Rapid 2:1"), a line-up's header ("Salzburg: Walke – ...") or the
        subject of a result verb ("Augsburg gelang ...")."""
        texts, gaz, n = self.texts, self.gaz, len(self.texts)
        prev = texts[i - 1] if i else ""
        nxt = texts[j] if j < n else ""
        if prev.lower() in _TEAM_BEFORE:
            return True
        if prev[:1].isupper() and gaz.noun(prev) is not None and prev.lower().rpartition("-")[2].endswith(_TEAM_HEADS):
            return True
        if texts[j - 1].endswith("s") and nxt[:1].isupper() and nxt.lower().endswith(_TEAM_PEOPLE):
            return True
        if prev == "(" and nxt in {",", "/"} and j + 1 < n and texts[j + 1].rstrip(".").isdigit():
            return True  # "(Ingolstadt, 4)", "Platzverweis (Bilbao/86.)": a player's club, the minute
        if prev in _DASHES and nxt and _SCORE_OPENS.match(nxt):
            return True  # "Salzburg – [Rapid] 2:1" (also "2:1Colorado": lines of a results list run together)
        if nxt in _DASHES:
            k = j + 1
            while k < n and k - j <= 4 and texts[k][:1].isupper():
                k += 1
            if k > j + 1 and k < n and _SCORE.match(texts[k]):
                return True  # "[Salzburg] – Rapid Wien 2:1"
        if nxt == ":" and any(t in _DASHES for t in texts[j + 1 : j + 6]) and not any(_SCORE.match(t) for t in texts[j + 1 : j + 3]):
            return True  # a line-up: "Salzburg: Walke – Schwegler, ..."
        opens = i == 0 or self.doc[i].is_sent_start or prev in {".", ":", ";"}
        return opens and nxt.lower() in _TEAM_VERBS

    def _team_subject(self, i: int, j: int) -> bool:
        """Elsewhere in a sports report a city's name names the club unless a word of place comes
        before it ("in Freiburg", "aus Wien", "der Landeshauptstadt Graz"), it is a genitive
        (only a team's people make that the club's) or it opens a dateline: "Augsburg kann mit
        seinem Sieg ...", "neuer Tabellenletzter ist Mainz", "nachdem Leverkusen, Stuttgart und
        Dortmund gewinnen konnten"."""
        texts, gaz = self.texts, self.gaz
        if self.scores < 2:
            return False  # a team sport's report has results; a race or a tournament has venues
        prev = texts[i - 1] if i else ""
        word = texts[j - 1]
        if prev.lower() in _LOCATIVE or prev in _LOCATIVE or (word not in gaz.places and word.endswith("s")):
            return False
        k = i - 1
        while k >= 2 and texts[k] in {"und", "oder", ","} and gaz.place(texts[k - 1]) is not None:
            k -= 2  # "0:0 in Dortmund und Leverkusen": the venues share their preposition
            if texts[k].lower() in _LOCATIVE:
                return False
        if any(_SCORE.match(t) for t in texts[max(0, i - 3) : i]):
            return False  # "Estland – Litauen 1:0 (0:0) Tallinn.": the venue after a result
        if prev[:1].isupper() and gaz.noun(prev) is not None and gaz.head_class(prev, PLACE_HEADS):
            return False  # "die Landeshauptstadt Graz"
        nxt = texts[j] if j < len(texts) else ""
        return not (nxt in _DASHES or nxt == "/" or "/" in nxt)  # "Wien – ...", "Wien/Graz": a dateline

    def _club_glued(self, cands: list[Cand]) -> None:
        """In a sports report, a word after a player's first name and surname that the model
        also tags alone as a place or club is the club the player scored against ("brachte Dominik
        Frieser Kapfenberg in Front" ... "gegen Kapfenberg"), not a second surname."""
        texts = self.texts
        alone = {texts[c.start] for c in cands if c.label in {"LOC", "ORG"} and c.end - c.start == 1}
        for c in cands:
            if c.label == "PER" and c.end - c.start >= 3 and self.gaz.given_name(texts[c.start]) \
                    and texts[c.end - 1] in alone and len(c.words) == c.end - c.start:  # fmt: skip
                c.end -= 1
                c.words = c.words[:-1]

    def _clubs(self, chosen: list[Cand]) -> None:
        """In a sports report, a city's name in a team's slot names the club: an organisation of its
        own ("club:" key), not the place, so the KB keeps the two apart."""
        gaz, texts = self.gaz, self.texts
        for c in chosen:
            first, rest = texts[c.start], texts[c.start + 1 : c.end]
            if c.label in {"LOC", "PER"} and (c.key is None or c.key.startswith("geo")) and first in _CLUB_WORDS and (
                    any(t in _CLUB_WORDS or _acronym(t) or gaz.place(t) is not None or gaz.proper.get(t) == "Toponym" for t in rest)
                    or (not gaz.given_name(first) and (rest or gaz.noun(first) is None))):  # fmt: skip
                c.label, c.key, c.place = "ORG", None, None  # "der FC Sevilla und Celta Vigo", "von Admira Wacker Mödling"
                continue
            if c.label in {"LOC", "PER"} and c.key is None and 2 <= c.end - c.start <= 3 and self._club_name(c.start, c.end):
                c.label = "ORG"  # "Lazio Rom", "Admira Wacker Mödling": a name ending in a city in a sports report
                continue
            if c.label == "PER" and c.key is None and c.end - c.start >= 2 and self.scores >= 2 \
                    and (c.end - c.start >= 3 or not gaz.given_name(texts[c.start])) \
                    and self._team_slot(c.start, c.end):  # fmt: skip
                c.label = "ORG"  # "St. Louis Blues – San Jose Sharks 1:3": one side of a result is a team
                continue
            if c.label == "PER" or c.key and not c.key.startswith(("geo", "name:")) and c.place is None:
                continue
            place = c.place if c.place is not None else gaz.place(texts[c.start]) if c.end - c.start == 1 else None
            if place is None or place.kind != "city" or _dateline(self.doc, self.doc[c.start : c.end]):
                continue
            if gaz.given_name(texts[c.start]):
                continue  # "Hamilton vor Rosberg": also a person's name
            if not (self._team_slot(c.start, c.end) or self._team_subject(c.start, c.end)):
                continue
            word = " ".join(texts[c.start : c.end])
            if c.end - c.start == 1 and word not in gaz.places and word.endswith("s"):
                word = word[:-1]  # "Ingolstadts Manager"
            c.label, c.key, c.place, c.words, c.prio = "ORG", "club:" + word, None, (word,), RULE

    def _club_name(self, i: int, j: int) -> bool:
        """In a sports report, words before a city's name that are no first name, place, demonym
        or common noun name a club of that city ("Lazio Rom"; not "Wiener Neustadt", "St. Petersburg")."""
        gaz, texts = self.gaz, self.texts
        last = texts[j - 1]
        city = gaz.places.get(last)
        if not ((city is not None and city.kind == "city") or gaz.proper.get(last) == "Toponym") or gaz.given_name(last):
            return False
        if " ".join(texts[i:j]) in gaz.places or any(t in _PARTICLES or not _capital(t) for t in texts[i:j]):
            return False
        return all(gaz.place(t) is None and not gaz.given_name(t) and not gaz.demonym(t) and gaz.noun(t) is None
                   and not t.endswith(".") and t not in _PLACE_OPENERS
                   and not gaz.adjective(t) for t in texts[i : j - 1])  # fmt: skip

    def _listed_as(self, start: int) -> str | None:
        """The type a class noun before "wie" gives the names listed after it: "Titeln wie The
        Witcher 3, The Division und Enemy Front" (works: MISC), "Bands wie Sam Gopal" (ORG)."""
        texts, k = self.texts, start - 1
        while k > 0 and start - k <= 12 and texts[k] != "wie":
            t = texts[k]
            if not (t in {",", "und", "oder", "&"} or t[:1].isupper() or t[:1].isdigit()):
                return None
            k -= 1
        if k <= 0 or texts[k] != "wie":
            return None
        head = texts[k - 1]
        low = head.lower().rpartition("-")[2]
        if not head[:1].isupper() or (self.gaz.noun(head) is None and not low.endswith(_BAND_HEADS)):
            return None
        return "MISC" if low.endswith(_WORK_HEADS) else "ORG" if low.endswith(_BAND_HEADS) else None

    def _from_ent(self, ent: Span) -> Cand | None:
        """A model span as a candidate, cleaned (docs/entities.md, "Hygiene"): cut at a dateline
        dash, without a leading descriptor ("US-General", "Pazifikmetropole", "Japaner",
        "Dschihadistenmiliz Islamischer Staat"), retyped by its descriptor or head noun; None for
        a common noun, a role or party compound ("ÖVP-Chef"), a demonym or adjective ("Wiener",
        "niederösterreichischen"), or a possessive phrase ("Obamas Demokraten")."""
        gaz = self.gaz
        label = ent.label_  # slicing a Span drops its label
        ent = _cut(ent)
        if len(ent) and _GLUED_CAPS.match(ent[0].text):
            return None  # "ARCHÄOLOGIEIndiana Jones": a TV listing's genre glued to a title
        if len(ent) >= 2 and _RANKED.match(ent[0].text):
            ent, label = ent[1:], "PER"  # "Weltranglisten-45. Pospisil": the rank, then the player
        ent = self._glued_phrase(ent)
        if label == "ORG" and len(ent) >= 2 and ent[-1].text in self.after_first and not gaz.given_name(ent[-1].text) \
                and (" ".join(t.text for t in ent[:-1]) in gaz.media_names or tuple(t.text for t in ent[:-1]) in gaz.orgs):  # fmt: skip
            ent = ent[:-1]  # "zitierte die Nachrichtenagentur TASR Fico" ... "Robert Fico": the agency, then who it quotes
        if label == "ORG" and len(ent) >= 4 and ent[-2].text in {"in", "im"} and (
                gaz.place(ent[-1].text) is not None or gaz.proper.get(ent[-1].text) == "Toponym"):  # fmt: skip
            ent = ent[:-2]  # "die Europäische Organisation für Kernforschung in Genf": the body, then where it sits
        if label == "PER":
            while len(ent) and ent.end < len(self.doc) and _NAME_PARTICLE.match(self.doc[ent.end].text):
                ent = self.doc[ent.start : ent.end + 1]  # "Abdel Fattah| al-Sisi": the model stopped short
            if len(ent) == 1 and gaz.given_name(ent.text):
                end = ent.end
                while end < len(self.doc) and end - ent.start < 4 and not self.doc[end].is_sent_start and (
                    self._unknown_word(self.texts[end])
                    or (self.doc[end].is_space and end + 1 < len(self.doc) and self._unknown_word(self.texts[end + 1]))
                ):
                    end += 1  # "Sergey| Kiselev", "Wolfgang|  Pirklhuber" (a double space): a first name cut short
                ent = self.doc[ent.start : end]
            elif len(ent) == 2 and gaz.given_name(ent[0].text) and ent.end < len(self.doc) \
                    and not self.doc[ent.end].is_sent_start and self._unknown_word(self.texts[ent.end]) \
                    and gaz.place(self.texts[ent.end]) is None and not gaz.known_name(self.texts[ent.end]) \
                    and self.texts[ent.end].lower() not in gaz.english and not _genitive(ent[1].text):  # fmt: skip
                ent = self.doc[ent.start : ent.end + 1]  # "Alejandro González| Iñárritu": a second surname
                # (not "Ridley Scotts Blade Runner", "Per Smart Remote": a genitive, English words)
            regnal = self.texts[ent.end] if len(ent) and ent.end < len(self.doc) else ""
            if len(regnal) > 2 and regnal.endswith(".") and set(regnal[:-1]) <= set("IVX"):
                ent = self.doc[ent.start : ent.end + 1]  # "Abdullah| II."
        if label in {"ORG", "LOC"} and len(ent) == 1 and ent.start \
                and self._place_genitive_after(self.doc[ent.start - 1 : ent.end]):  # fmt: skip
            ent, label = self.doc[ent.start - 1 : ent.end], "ORG"  # "Arbeiterpartei| Kurdistans": the model took the place
        span_start = ent.start
        while len(ent) and (gaz.role(ent[0].text) or gaz.org_class(ent[0].text)) and not self._place_genitive_after(ent):
            if gaz.role(ent[0].text) and label != "PER" and len(ent) > 1 and gaz.noun(ent[1].text) is None:
                label = "PER"  # "IfW-Konjunkturchef Stefan Kooths": a role before a name makes a person
            ent = ent[1:]
        if not len(ent) or (len(ent) == 1 and _foreign_compound(gaz, ent.text)):
            return None
        if len(ent) == 1 and gaz.adjective(ent.text):
            return None  # "irakischen", "Syrische": nationality evidence, not a mention (GermEval: LOCderiv)
        ent, label = self._descriptor(ent, label)
        first_place = gaz.place(ent[0].text) if len(ent) >= 2 else None
        if first_place is not None and first_place.kind == "country" and gaz.given_name(ent[1].text) \
                and ent[1].text not in gaz.places:  # fmt: skip
            ent, label = ent[1:], "PER"  # "dem Schweden Mats Sundin": the demonym noun, then the person
            while ent.end < len(self.doc) and len(ent) < 3 and self._unknown_word(self.texts[ent.end]):
                ent = self.doc[ent.start : ent.end + 1]
        if label == "PER" and len(ent) >= 3 and gaz.adjective(ent[0].text) and ent[0].text[1:].islower() \
                and gaz.given_name(ent[1].text):  # fmt: skip
            ent = ent[1:]  # "auf Deutsch Johann Ohneland": the language, then the name
        if label == "PER" and len(ent) >= 3 and gaz.given_name(ent[1].text) and not gaz.given_name(ent[0].text) \
                and not gaz.known_name(ent[0].text) and self._describing_word(ent[0].text):  # fmt: skip
            ent = ent[1:]  # "Jungstar Belinda Bencic", "Tennisfan Eva Longoria": a word for the person, then the name
        ent = self._possessor_cut(ent, label)
        von = next((k for k in range(2, len(ent) - 1) if ent[k].text == "von"), None) if label == "PER" else None
        if von is not None and any(_acronym(t.text) or gaz.place(t.text) or (t.text,) in gaz.orgs for t in ent[von + 1 :]):
            ent = ent[:von]  # "Lukas Rotpuller von FK Austria": the person, then where they are from
        if len(ent) > 1 and ent.end < len(self.doc) and self.doc[ent.end].text == ":" and gaz.place(ent[-1].text):
            ent = ent[:-1]  # "Monschein Salzburg: Walke – ...": a line-up's team header after a player
        if label == "PER" and len(ent) > 1 and _genitive(ent[-1].text) and ent[-1].text not in gaz.places \
                and gaz.place(ent[-1].text) is not None and ent[-2].text not in _PARTICLES:  # fmt: skip
            ent = ent[:-1]  # "Sir Bobby Charlton Englands Rekordtorschütze": whose record, not the name
        if len(ent) == 1 and label == "LOC" and ent.start and self._place_adjective(self.texts[ent.start - 1]) \
                and gaz.place(ent.text) is None:  # fmt: skip
            self.not_places.add(ent.text)
            return None  # "Schweizer Franken": a place adjective says this is no place (the currency)
        city = gaz.places.get(gaz.demonym(ent[0].text) or "") if len(ent) == 2 else None
        if city is not None and city.kind == "city" and gaz.proper.get(ent[1].text) == "Toponym" \
                and ent.text not in gaz.places and gaz.place(ent[1].text) is None:  # fmt: skip
            if gaz.head_class(ent[1].text, PLACE_HEADS):
                label = label if self._sports() else "LOC"  # "Wiener Neustadt": a town (in a sports report its club)
            elif label == "LOC":
                ent = ent[1:]  # "auf der Wiener Donau": the river, where in Vienna
        owner = self._owner_of_thing(ent) if label in {"ORG", "MISC"} else None
        if owner is not None:
            ent = ent[:1]  # "Googles Betriebssystem": the owner, written without -s elsewhere, then its thing
        if self._not_a_name(ent):
            return None
        if label in {"ORG", "MISC"} and ent.start >= 2 and (self.texts[ent.start - 2], self.texts[ent.start - 1]) in _EXPANDS \
                and tuple(t.text for t in ent) not in gaz.orgs and not gaz.head_class(ent[-1].text, ORG_HEADS) \
                and ent[-1].text not in _ENGLISH_ORG_HEADS:  # fmt: skip
            return None  # "LTS, kurz für Long-Term Support": an abbreviation's expansion, a term without a body's head
        if len(ent) >= 2 and ent[0].is_sent_start and ent[0].text.lower() in _PREPOSITIONS \
                and all((gaz.unlike_first_name(t.text) or self._describing_word(t.text)) and not any(
                    w == t.text and k and self.texts[k - 1] != ent[0].text for k, w in enumerate(self.texts))
                        for t in ent[1:]):  # fmt: skip
            return None  # "Per Infrarotsender lassen sich ...": the preposition, also a given name, opens a sentence
        if label == "PER" and len(ent) == 2 and not any(gaz.given_name(t.text) for t in ent) \
                and self._plain_noun(ent[-1].text) and self._alone_elsewhere(ent[0].i, ent[1].text) \
                and gaz.proper.get(ent[0].text) != "Toponym" and gaz.place(ent[0].text) is None:  # fmt: skip
            ent = ent[:-1]  # "für Wehrschütz Büro" ... "Wehrschütz habe": the person's office, not more of the name
        if label == "PER" and len(ent) >= 3 and gaz.given_name(ent[0].text) and ent[-2].text[:1].isupper() \
                and self._plain_noun(ent[-1].text) and not gaz.given_name(ent[-1].text) \
                and self._alone_elsewhere(ent[-2].i, ent[-1].text):  # fmt: skip
            ent = ent[:-1]  # "hat Markus Söder Neuwahlen gefordert" ... "sagte Söder": the name, then its verb's object
        if label != "PER" and len(ent) == 2 and _acronym(ent[0].text) and self._plain_noun(ent[1].text) \
                and gaz.role(ent[1].text) is None and self._alone_elsewhere(ent[0].i, ent[1].text):  # fmt: skip
            ent = ent[:1]  # "in der SVP Getränke bezahlt": the party, then the things
        if label == "PER" and len(ent) == 2 and not gaz.known_name(ent[0].text) and ent[0].text + "s" in gaz.proper \
                and not gaz.given_name(ent[0].text) and not gaz.given_name(ent[1].text):  # fmt: skip
            return None  # "Jesu Liebe": an inflected name (Jesus) and its thing, no person's name
        label = self._retype(ent, label)
        in_place = label == "PER" and self._place_after_in(ent)
        if in_place:
            label = "LOC"  # "ein Vortrag in Maria Gugging"
        if label == "PER" and len(ent) > 2 and ent[-2].text.endswith("s") and gaz.noun(ent[-1].text):
            ent = ent[:-1]  # "Marshall McLuhans Thesen": the genitive name, not the thing it has
        words = _strip_words(tuple(t.text for t in ent if not t.is_space))
        before = self.texts[ent.start - 1] if ent.start else ""
        if label == "PER" and len(words) > 1 and _genitive(words[-1]) and (
            (ent.end < len(self.doc) and gaz.noun(self.texts[ent.end]) is not None)
            or (before[:1].isupper() and gaz.noun(before) is not None and gaz.head_class(before, ORG_HEADS))
        ):
            words = (*words[:-1], words[-1][:-1])  # "Marshall McLuhans Buch", "im Magna-Konzern Frank Stronachs"
        cand = Cand(ent.start, ent.end, label, prio=STRONG if in_place else MODEL, words=(owner,) if owner else words,
                    key="name:" + owner if owner else None)  # fmt: skip
        bare = gaz.toponym_genitive(ent.text) if len(ent) == 1 and label == "LOC" else None
        if bare:
            cand.words, cand.key = (bare,), "name:" + bare  # "mit der Spielweise Moldaus", "Baden-Württembergs Minister"
        elif label in {"ORG", "MISC"} and len(words) >= 2 and _genitive(words[-1]) and _capital(words[-2]) \
                and ent.start and self.texts[ent.start - 1] in {"des", "eines"}:  # fmt: skip
            head = gaz.noun(words[-1])
            if head is not None and not head.plural and head.lemma in {words[-1][:-1], words[-1][:-2]} \
                    and not _adjective_end(words[-2]):  # fmt: skip
                cand.key = "name:" + " ".join((*words[:-1], head.lemma))  # "des Ifo Instituts" -> Ifo Institut
        prev = self.texts[ent.start - 1] if ent.start else ""
        described = ent.start != span_start or bool(gaz.role(prev) or gaz.head_class(prev, ORG_HEADS + PLACE_HEADS))
        if described and label == "PER" and len(ent) == 1 and gaz.noun(ent.text) is not None and ent.text not in self.after_first:
            described = False  # "Politiker und Ökonomen Kunst": a role before a plain noun no first name opens
        cand.described = label != "PER" and prev[:1].isupper() and gaz.noun(prev) is not None \
            and bool(gaz.head_class(prev, ORG_HEADS + PLACE_HEADS))  # fmt: skip
        if label == "MISC" and prev[:1].isupper() and gaz.noun(prev) is not None \
                and prev.lower().rpartition("-")[2].endswith(_WORK_HEADS):  # fmt: skip
            self.work_cued.add(ent.start)  # "die Urkunde Magna Carta": the title's type for its other mentions
        noun = gaz.noun(ent.text) if len(ent) == 1 and ent.text not in gaz.first_names else None
        if noun is not None and _institution(noun.lemma):
            noun = None  # "EU-Kommission", "US-Armee": an organisation's body is named by its compound
        if noun is not None and not described and (noun.countable or label != "ORG"):
            self.flags[(ent.start, ent.end)] = "noun"  # not "Microsoft"/ORG: Wiktionary lists brands as nouns
        elif len(ent) == 1 and self._paired_with_noun(ent.start):
            self.flags[(ent.start, ent.end)] = "noun"  # "Blitz und Donner", "Lieben und Leiden"
        elif len(ent) == 1 and ent[0].is_sent_start and not gaz.known_name(ent.text):
            self.flags[(ent.start, ent.end)] = "initial"
        org = self.gaz.orgs.get(tuple(t.text for t in ent))
        if org is None and len(ent) == 1:  # "des Bundestages": the genitive of a known organisation
            org = self.gaz.orgs.get((ent.text[:-2],)) or self.gaz.orgs.get((ent.text[:-1],)) if ent.text.endswith("s") else None
        place = self.gaz.place(ent.text) if len(ent) == 1 else self.gaz.places.get(ent.text)
        lemma = gaz.lemma_name(list(words)) if label != "PER" and len(words) > 1 else None
        if lemma:
            cand.key = "name:" + lemma  # "der Deutschen Bahn" and "die Deutsche Bahn": one entity
        if org:
            cand.label, cand.key, cand.gender, cand.prio = org.type, org.name, org.gender, RULE
        elif place and label in {"LOC", "ORG"}:
            cand.label, cand.key, cand.place = "LOC", place.place, place
        return cand

    def _place_after_in(self, ent: Span) -> bool:
        """After "in", a person-shaped name whose last word no lexicon knows and the article never
        writes again is a place ("ein Vortrag in Maria Gugging"; a person's surname comes back)."""
        gaz, texts = self.gaz, self.texts
        before = next((t for t in reversed(texts[max(0, ent.start - 3) : ent.start]) if not t.isspace()), "")
        last = ent[-1].text
        if len(ent) < 2 or before != "in" or not last[1:].islower() or last in gaz.surnames \
                or gaz.known_name(last) or gaz.given_name(last):  # fmt: skip
            return False
        nxt = texts[ent.end] if ent.end < len(texts) else ""
        if last.endswith("s") and nxt[:1].isupper() and gaz.noun(nxt) is not None:
            return False  # "in Tom Rostons Buch": a person's genitive before the thing
        forms = {last, last[:-1]} if last.endswith("s") else {last, last + "s"}  # "in Fidel Castros Kuba" ... "Castro"
        return sum(t in forms for t in texts) == 1

    def _glued_phrase(self, ent: Span) -> Span:
        """A name the model ran on into "für" + what follows ("NDR für Aufregung", "Windows 10
        für Smartphones", "Bundesliga für Wiener Neustadt") ends before "für" unless the word
        before it is a common noun ("Institut für Höhere Studien", "Alternative für Deutschland")."""
        gaz = self.gaz
        for k in range(1, len(ent) - 1):
            if ent[k].text != "für":
                continue
            before = ent[k - 1].text
            if tuple(t.text for t in ent) in gaz.orgs or gaz.org_class(before) \
                    or gaz.head_class(before, ORG_HEADS + _INSTITUTIONS + _BODIES):  # fmt: skip
                return ent
            if _acronym(before) or before.isdigit() or (gaz.noun(before) is None and not gaz.adjective(before)):
                return ent[:k]
            return ent
        return ent

    def _place_genitive_after(self, ent: Span) -> bool:
        """A class or role noun before only a place's genitive is the name ("Arbeiterpartei
        Kurdistans", "Zentralbank Russlands"), not a descriptor of it."""
        if len(ent) != 2 or not self.gaz.head_class(ent[0].text, _PLACE_OWNED):
            return False
        word = ent[1].text
        return bool(self.gaz.toponym_genitive(word)) or (_genitive(word) and self.gaz.place(word) is not None
                                                         and word not in self.gaz.places)  # fmt: skip

    def _descriptor(self, ent: Span, label: str) -> tuple[Span, str]:
        """Strip leading common nouns that describe the name that follows ("Pazifikmetropole
        Guayaquil", "Japaner Akito Watabe", "Anteilsscheine der Erste Group"); a person noun
        (demonym) makes the rest a person, a place noun a place. Organisation names keep their
        class noun ("Universität Wien")."""
        gaz = self.gaz
        while len(ent) >= 2:
            first = ent[0].text
            demonym = gaz.demonym(first)
            noun = gaz.noun(first) if first not in gaz.first_names else None
            if noun is None and first[1:].islower() and first.lower().endswith(_WORK_HEADS) and first not in gaz.first_names:
                noun = gaz._tail_noun(first)  # "die Miniserie Braunschlag": a work noun no lexicon splits
            if demonym is None and noun is None:
                break
            rest = ent[2:] if ent[1].text in _LINKS else ent[1:]
            if noun is not None and label != "PER" and gaz.head_class(first, PLACE_HEADS) and len(rest) \
                    and rest[0].text[:1].isupper():  # fmt: skip
                ent, label = rest, "LOC"  # "Provinz Papua": the place noun says a name follows
                continue
            prefix = first.rpartition("-")[0]
            if label == "ORG" and noun is not None and prefix[1:].islower() and gaz.head_class(first, ORG_HEADS) \
                    and len(rest) and all(t.text[:1].isupper() for t in rest):  # fmt: skip
                ent = rest  # "Neonazi-Partei Goldene Morgenröte": a describing compound, then the name
                continue
            if noun is not None and len(rest) == 1 and first.lower().rpartition("-")[2].endswith(_WORK_HEADS) \
                    and rest[0].text[:1].isupper() and gaz.place(rest[0].text) is None \
                    and self._alone_elsewhere(rest.start, ""):  # fmt: skip
                ent, label = rest, "MISC"  # "die Miniserie Braunschlag" ... "Braunschlag": a title the article repeats
                break
            if not len(rest) or all((gaz.noun(t.text) and t.text not in gaz.media_cued) or not t.text[:1].isupper()
                                    for t in rest):  # fmt: skip
                break  # "Wiener Zeitung", "Schweizer Durchzugsverkehr": no name follows (but "Magazin Spiegel")
            if demonym is not None and noun is not None and noun.adjectival:
                break
            if demonym is not None:
                if any(gaz.noun(t.text) for t in rest):
                    break  # "Frankfurter Allgemeine Zeitung": the place adjective is part of the name
                while rest.end < len(self.doc) and len(rest) < _MAX_NAME and self._unknown_word(self.texts[rest.end]):
                    rest = self.doc[rest.start : rest.end + 1]  # "Japaner Akito| Watabe": the model stopped short
                if label == "PER" or len(rest) >= 2 or rest[0].text in gaz.first_names or rest[0].text in self.after_first:
                    ent, label = rest, "PER"
                    continue
                if label == "ORG" and len(rest) == 1 and gaz.place(rest[0].text) is None and rest[0].text[1:].islower() \
                        and not gaz.adjective(rest[0].text) and gaz.noun(rest[0].text) is None \
                        and not (gaz.proper.get(rest[0].text) == "Toponym" and gaz.head_class(rest[0].text, PLACE_HEADS)):  # fmt: skip
                    ent = rest  # "das Wiener Metalab": the place adjective says where the organisation is (not "Wiener Neustadt")
                break  # "Wiener Linien", "Frankfurter Allgemeine": a place adjective in a name
            if noun is not None and rest[0].text[:1].isupper() and first.lower().rpartition("-")[2].endswith(_WORK_HEADS):
                ent, label = rest, "MISC"  # "Liebesdrama Carol", "Puppenfilm Edmond": a work's title
                continue
            if demonym is None and noun is not None and noun.adjectival and len(noun.lemma) >= 10 \
                    and not gaz.adjective(first) and all(_capital(t.text) and gaz.noun(t.text) is None for t in rest):  # fmt: skip
                ent = rest  # "vor Drittplatziertem Nürnberg", "beim Tabellenzweiten Leverkusen": a compound adjective noun describes
                continue
            if label == "PER" and noun is not None and not noun.adjectival and len(rest) >= 2 \
                    and gaz.given_name(rest[0].text) and first not in gaz.given:  # fmt: skip
                ent = rest  # "Jungstar Belinda Bencic": a noun before a first name and surname describes
                continue
            if label == "PER" and noun is not None and not noun.lemma.endswith(_AGENT) and ent[1].text not in _LINKS:
                break  # "Marshall McLuhan", "Jarl Magnus Riiber": only a word for a person describes one
            if label != "PER" and gaz.head_class(first, PLACE_HEADS) is None and ent[1].text not in _LINKS:
                if not self._descriptor_noun(first, noun, rest):
                    break  # "Universität Wien", "Cape Canaveral": the noun is part of the name
                ent = rest  # "Stadtkonkurrent Atlético Madrid", "Hersteller Canonical": a descriptor
                continue
            if gaz.head_class(first, PLACE_HEADS):
                label = "LOC"
            ent = rest
        return ent, label

    def _describing_word(self, word: str) -> bool:
        """A common noun, also one whose tail is a German or English noun ("Jungstar", "Tennisfan")."""
        gaz = self.gaz
        if gaz.noun(word) is not None or word.lower() in gaz.english:
            return True
        return word.isalpha() and any(
            gaz.nouns.get(word[k].upper() + word[k + 1 :]) is not None or word[k:].lower() in gaz.english
            for k in range(3, len(word) - 3)
        )

    def _possessor_cut(self, ent: Span, label: str) -> Span:
        """A place's genitive before a name says whose it is ("Dänemarks Pione Sisto" -> Pione
        Sisto, extended over the unknown words the model left out); a work's title before "von"
        and a person's full name is not part of the name ("Sodom von Milo Rau" -> Milo Rau)."""
        gaz, texts = self.gaz, [t.text for t in ent]
        if label == "PER":
            k = next((k for k, t in enumerate(texts[1:-2], 1) if t == "von"), None)
            if k is not None and texts[0] not in gaz.first_names and all(_capital(t) for t in texts[k + 1 :]):
                return ent[k + 1 :]  # two or more name words after "von": a person's full name
        first = texts[0] if texts else ""
        if len(texts) >= 2 and _genitive(first) and first not in gaz.places and gaz.place(first) is not None \
                and texts[1][:1].isupper() and gaz.noun(texts[1]) is None:  # fmt: skip
            rest = ent[1:]
            while rest.end < len(self.doc) and len(rest) < _MAX_NAME and self._unknown_word(self.texts[rest.end]):
                rest = self.doc[rest.start : rest.end + 1]
            return rest
        return ent

    def _descriptor_noun(self, first: str, noun: Noun | None, rest: Span) -> bool:
        """A common noun before a name that describes it rather than being part of it: any
        noun but the bare class word of an organisation name ("Universität Wien", "Bank
        Austria"; a compound such as "Bahngesellschaft" or "Stadtkonkurrent" describes), before
        capitalised words that are no common nouns ("Zielpunkt GmbH" is a name)."""
        gaz = self.gaz
        if noun is None or noun.adjectival or not noun.countable or rest[-1].text in _LEGAL:
            return False
        if len(rest) == 1 and self._place_genitive_after(rest.doc[rest.start - 1 : rest.end]):
            return False  # "Arbeiterpartei Kurdistans", "Zentralbank Russlands": the place's, part of the name
        head = gaz.head_class(first, ORG_HEADS + _INSTITUTIONS)
        prefix = first.rpartition("-")[0]
        bare = head is not None and len(first.rpartition("-")[2]) <= len(head) + 1 \
            and not (prefix and prefix[1:].islower())  # fmt: skip  # "Neonazi-Partei Goldene Morgenröte" describes
        if bare and head not in _DESCRIBING_HEADS:
            return False  # the class word itself (also genitive -s) opens the name
        if not bare and len(first) < 8:
            return False  # short nouns open names of places and buildings: "Bad Aussee", "Schloss Elmau"
        return all(_capital(t.text) and (gaz.noun(t.text) is None or t.text in gaz.media_cued) and gaz.role(t.text) is None
                   for t in rest)  # fmt: skip  # "das Magazin Spiegel"

    def _not_a_name(self, ent: Span) -> bool:
        gaz, texts = self.gaz, [t.text for t in ent]
        if not any(_capital(t) for t in texts):
            return True  # "niederösterreichischen", "15."
        if len(texts) == 1:
            t = texts[0]
            return len(t) == 1 or bool(gaz.demonym(t)) or (any(c.isdigit() for c in t) and t.endswith(".")) \
                or bool(_ROMAN.match(t))  # fmt: skip  # "III": a numeral

        def plain(t: str) -> bool:
            if sum(c.isupper() for c in t.partition("-")[0]) >= 2:
                return False  # "SITE-Institut": an acronym names something
            noun = gaz.noun(t)
            return (noun is not None and not noun.adjectival) or bool(gaz.demonym(t)) or t in gaz.common

        if gaz.role(texts[-1]) is not None and not gaz.known_name(texts[-1]):
            return True  # "Wiener serbisch-orthodoxen Bischof": a role phrase, the name follows it
        if tuple(texts) in _ENGLISH_ROLES:
            return True  # "die First Lady": an English title of an office
        org = gaz.head_class(texts[0], ORG_HEADS) or gaz.head_class(texts[-1], ORG_HEADS + _INSTITUTIONS)
        if len(texts) == 2 and self._place_adjective(texts[0]) and plain(texts[1]) and not org:
            return True  # "Brüsseler Militärkreisen", "Erdberger Asylquartier": no word of it is a name
        last = texts[-1]
        tail = last.rpartition("-")[2]
        noun = gaz.noun(last) if "-" in last and tail[:1].isupper() else None
        if noun is not None and not _institution(noun.lemma) and not gaz.head_class(last, ORG_HEADS):
            return True  # "El Khomri-Gesetz", "… Championships-Rennen": a thing named after a name
        nouns = [gaz.noun(t) for t in texts[1:] if _capital(t)]
        if ent[0].is_sent_start and not org and len(texts) > 1 and self._phrase_opener(texts[0], nouns) \
                and all(plain(t) or not _capital(t) for t in texts[1:]):  # fmt: skip
            return True  # a headline phrase: "Zehn Jahre Stress", "Europäische Führungsspitzen", "Jene Elfjährige"
        first = texts[0]
        # "Obamas Demokraten": a genitive name before common nouns is a phrase, not a name
        return first.endswith("s") and not first.endswith(("es", "ss")) and gaz.noun(first) is None \
            and all(gaz.noun(t) for t in texts[1:])  # ("Rotes Kreuz": an adjective's -es)

    def _alone_elsewhere(self, i: int, noun: str) -> bool:
        """The article writes the word at i elsewhere on its own, before no noun or name ("Wehrschütz
        habe", "die SVP."; not "FC" of "FC Bayern")."""
        texts = self.texts
        return any(t == texts[i] and k != i and (k + 1 == len(texts) or not texts[k + 1][:1].isupper())
                   for k, t in enumerate(texts))  # fmt: skip

    def _plain_noun(self, word: str) -> bool:
        """A German common noun as Wiktionary writes it (no compound guessed from a foreign name:
        "Jinping"), no name any lexicon knows and no head of an organisation, place, media or event
        name ("Büro", "Getränke", "Team"; not "Zeitung", "Stadion", "Koch")."""
        gaz = self.gaz
        noun = gaz.nouns.get(word) if gaz.noun(word) is not None else None
        return noun is not None and not noun.adjectival and noun.countable and len(word) >= 4 \
            and not gaz.known_name(word) and word not in gaz.first_names \
            and not gaz.head_class(word, ORG_HEADS + PLACE_HEADS + _BUILDINGS) and not media_head(word) \
            and word not in _EVENT_HEADS and not _institution(noun.lemma)  # fmt: skip

    def _place_adjective(self, word: str) -> bool:
        """A place adjective: a known demonym ("Brüsseler"), or an -er word that is neither a
        common noun nor a name any lexicon knows ("Erdberger" of a district the gazetteer lacks)."""
        gaz = self.gaz
        return bool(gaz.demonym(word)) or (
            len(word) > 5 and word.endswith("er") and word[:1].isupper() and word[1:].islower()
            and gaz.noun(word) is None and not gaz.known_name(word)
        )

    def _phrase_opener(self, word: str, nouns: list) -> bool:
        """A sentence-initial word that only its position capitalises: a determiner or numeral
        ("Jene", "Zehn", "Elfter"), or an adjective or noun before a plural noun ("Europäische
        Führungsspitzen"; "Rotes Kreuz", "Weißes Haus" are names)."""
        gaz, low = self.gaz, word.lower()
        if low in _DETERMINERS or low.rstrip("r").rstrip("e") in _NUMERALS or low.endswith(("zehn", "zig", "ßig")):
            return True
        if not nouns or nouns[-1] is None or not nouns[-1].plural:
            return False
        end = next((e for e in ("en", "er", "es", "em", "e") if low.endswith(e)), None)
        return gaz.noun(word) is not None or (end is not None and gaz._adjective_like(word, end))

    def _retype(self, ent: Span, label: str) -> str:
        """The type a descriptor before the span or the span's head noun says: "Streamingdienst
        Spotify", "Stadtteil Molenbeek", "Frankfurter Allgemeine Zeitung"."""
        gaz = self.gaz
        prev = self.doc[ent.start - 1].text if ent.start else ""
        person = label == "PER" and len(ent) >= 2 and ent[0].text in gaz.first_names
        if len(ent) >= 2 and ent[0].text == "Causa":
            return "MISC"  # "die Causa Buwog": an affair, not the body it concerns
        if label == "PER" and self._venue(prev):
            return "LOC"  # "im Estadio Santiago Bernabeu", "am Flughafen Franz Josef Strauß": the place named after a person
        if len(ent) >= 2 and ent[-1].text in _ENGLISH_FIRM_HEADS:
            return "ORG"  # "Unternehmensberater Alix Partners" (a role noun before it, the model: PER), "Rockstar Studios"
        if len(ent) == 1 and self._place_genitive(ent.text) and (label != "PER" or gaz.place(ent.text) is not None):
            # "die erste Pferdestraßenbahn Europas": whose tram, not its name; a person the model saw stays one
            # where only Wiktionary knows the bare form as a place ("Nahles" is no genitive of the river Nahle)
            return "LOC"
        if label == "MISC" and len(ent) == 1 and gaz.proper.get(ent.text) == "Toponym" and not self.quoted[ent.start]:
            return "LOC"  # "die Isar", "an der Donau": Wiktionary's place names (rivers, regions) the model calls MISC
        if prev[:1].isupper() and gaz.noun(prev) is not None and gaz.head_class(prev, _PRINT_NOUNS):
            return "ORG"  # "die Satirezeitschrift Charlie Hebdo": a periodical's name, even with a first name in it
        if prev[:1].isupper() and gaz.noun(prev) is not None and not person:  # not "im Magna-Konzern Frank Stronachs"
            tail = prev.lower().rpartition("-")[2]
            if tail.endswith(_WORK_HEADS):
                return "MISC"  # "im Stop-Motion-Puppenfilm Edmond", "die Software-App Tinder"
            if tail.endswith(_BAND_HEADS[:2]):
                return "ORG"  # "die Band Kraftklub"
            if gaz.head_class(prev, ORG_HEADS + _MEDIA_NOUNS):
                return "ORG"  # "die Satirezeitschrift Charlie Hebdo"
            if gaz.head_class(prev, PLACE_HEADS):
                return "LOC"
            if label != "PER" and (gaz.role(prev) or gaz.demonym(prev)) and len(ent) >= 2 \
                    and not any(_acronym(t.text) or t.text.isdigit() for t in ent):  # fmt: skip
                # (not "Trainer TSG 1899 Hoffenheim": an acronym or a number names the role's club or firm)
                return "PER"
        listed = self._listed_as(ent.start)
        if listed is not None:
            return listed
        last = ent[-1].text
        if len(ent) == 2 and _YEAR.match(last) and (gaz.noun(ent[0].text) is not None or (
                _acronym(ent[0].text) and len(ent[0].text) <= 3)):  # fmt: skip
            return "MISC"  # "WM 2017", "Wien-Wahl 2005": an event or an edition of one (not "Global 2000")
        word_before = next((t for t in reversed(self.texts[max(0, ent.start - 3) : ent.start]) if not t.isspace()), "")
        if label == "PER" and len(ent) == 1 and word_before.lower() in _LOCATIVE and gaz.proper.get(ent.text) == "Toponym" \
                and not gaz.given_name(ent.text) and ent.text not in gaz.surnames and not any(
                    t == ent.text and k and gaz.given_name(self.texts[k - 1]) for k, t in enumerate(self.texts)):  # fmt: skip
            return "LOC"  # "in Acapulco", "nahe Saigon": a place word after a place preposition, nobody's surname
        if len(ent) == 1 and ent.text in _EVENT_NAMES:
            return "MISC"  # "bis Olympia": the games, not the place in Greece
        if label != "MISC" and self._work_of_owner(ent):
            return "MISC"  # "Wes Andersons filigranes The Grand Budapest Hotel": a person's work
        if len(ent) >= 2 and last in _ENGLISH_ORG_HEADS and label in {"LOC", "MISC"}:
            return "ORG"  # "Supreme Court", "Security Council": an English name of a body
        if len(ent) >= 2 and media_head(last) and not (label == "PER" and ent[0].text in gaz.first_names):
            return "ORG"  # "Frankfurter Rundschau", "New York Times" (the model: LOC): a newspaper
        if len(ent) >= 2 and (last in _PRODUCT_TAILS or (label == "PER" and any(c.isdigit() for c in ent.text))):
            return "MISC"  # "ME Pro", "Maxwell GPU", "Dirac HD": a product
        if label == "PER" and len(ent) >= 2 and any(_acronym(t.text) for t in ent):
            return "ORG"  # "Hertha BSC", "Sky TV": an acronym in a name is an organisation's, no person's
        if label in {"ORG", "LOC"} and len(ent) == 2 and gaz.given_name(ent[0].text) and gaz.place(ent[0].text) is None \
                and (ent[0].text,) not in gaz.orgs and self._unknown_word(last) and gaz.place(last) is None \
                and not gaz.known_name(last, people=False) and not gaz.head_class(last, ORG_HEADS) \
                and not ({ent[0].text.lower(), last.lower()} & gaz.english) and last not in gaz.given:  # fmt: skip
            return "PER"  # "Mensur Suljović", "Frank Stronachs": a first name and a word no lexicon knows
        first_place = gaz.place(ent[0].text)
        if len(ent) == 2 and (first_place is None or first_place.kind == "country") \
                and all(gaz.place(t.text) is not None or gaz.proper.get(t.text) == "Toponym" for t in ent) \
                and f"{ent[0].text} {last}" not in gaz.places:  # fmt: skip
            return "ORG"  # "Bayern München": a region's and a city's name are a club's ("Wien Währing" is a district)
        if len(ent) >= 2 and last in _EVENT_HEADS:
            return "MISC"  # "Gerry Weber Open", "European Games": an event, whatever its words name
        if len(ent) >= 2 and gaz.head_class(last, ORG_HEADS) and gaz.noun(last) is not None \
                and (label != "PER" or ent[0].text not in gaz.first_names and not gaz.known_name(last)):  # fmt: skip
            return "ORG"  # "Frankfurter Allgemeine Zeitung", "Moser Holding" (the model: PER)
        return label

    def _venue(self, word: str) -> bool:
        """A stadium or airport noun: the name after it is the place's, even a person's name."""
        gaz = self.gaz
        return word[:1].isupper() and (word.lower() in _VENUES or (
            gaz.noun(word) is not None and bool(gaz.head_class(word, _VENUES))))  # fmt: skip

    def _work_of_owner(self, ent: Span) -> bool:
        """Outside sports reports, a name right after a person's genitive (an inflected adjective
        may stand between) that no lexicon knows and no acronym or body's head ends is the person's work: "Wes Andersons filigranes The Grand Budapest
        Hotel", "Ridley Scotts Blade Runner" (not "Merkels CDU", "Putins Russland", "Frank
        Stronachs Team Stronach"; a noun between names a role: "Obamas Sprecher Josh Earnest")."""
        gaz, texts, k = self.gaz, self.texts, ent.start - 1
        if k >= 1 and texts[k][:1].islower() and _adjective_end(texts[k].capitalize()):
            k -= 1
        if k < 1 or not _genitive(texts[k]) or texts[k][:-1] in ent.text \
                or not (texts[k] in self.after_first or gaz.given_name(texts[k - 1])):  # fmt: skip
            return False
        words = tuple(t.text for t in ent)
        if len(words) == 1 and (gaz.known_name(words[0]) or gaz.place(words[0]) is not None):
            return False
        if any(_acronym(w) or w in _LEGAL for w in words) or gaz.head_class(words[-1], ORG_HEADS) or self._sports():
            return False  # "Peter Stögers FC Köln", "Hasenhüttls Ingolstadt": the coach's club
        return words not in gaz.orgs and " ".join(words) not in gaz.places and " ".join(words) not in gaz.media_names

    def _with_evidence(self, rules: list[Cand], model: list[Cand]) -> list[Cand]:
        """Drop a lone common noun or sentence-initial word the model took for a name unless the
        document names it elsewhere: inside a longer name, or capitalised mid-sentence."""
        if not self.flags:
            return model
        longer = [c for c in rules + model if c.end - c.start > 1]
        in_names = {w for c in longer for w in self.texts[c.start : c.end]}
        sent, texts = self.sent, self.texts
        mid = {t for i, t in enumerate(texts) if i and sent[i] == sent[i - 1] and t[:1].isupper()}
        out = []
        for c in model:
            flag = self.flags.get((c.start, c.end))
            word = self.texts[c.start]
            seen = word in in_names or word[:-1] in in_names  # "Bans" after "Ban Ki-moon"
            if flag == "noun" and not seen:
                continue
            if flag == "initial" and not seen and word not in mid:
                continue
            if flag == "noun" and c.label != "PER":
                # "die Bahn" after "die Deutsche Bahn": the short form joins the one name it ends
                heads = [n for n in longer if self.texts[n.end - 1] == word and n.label == c.label]
                if len({tuple(self.texts[n.start : n.end]) for n in heads}) != 1:
                    continue
                full = heads[0]
                words = self.texts[full.start : full.end]
                full.key = full.key or "name:" + (self.gaz.lemma_name(words) or " ".join(words))
                c.key = full.key
            out.append(c)
        return out

    def _rule_names(self) -> list[Cand]:
        out: list[Cand] = []
        texts, i = self.texts, 0
        acronyms = self._acronyms()
        defined = {c.words[0] for c in acronyms if len(c.words) == 1}  # "… Politik (AFP)": not the news agency here
        while i < len(texts):
            known = None if texts[i] in defined else self._org_at(i) or self._media_at(i)
            cand = known or self._person_at(i) or self._place_at(i) or self._described_at(i)
            if cand is None:
                i += 1
                continue
            out.append(cand)
            i = cand.end
        return out + acronyms

    def _org_at(self, i: int) -> Cand | None:
        texts, gaz = self.texts, self.gaz
        t = texts[i]
        for n in range(min(gaz.org_first.get(t, 0), len(texts) - i), 0, -1):
            org = gaz.orgs.get(tuple(texts[i : i + n]))
            if org:
                return Cand(i, i + n, org.type, key=org.name, words=(org.name,), gender=org.gender)
        prefix, _, tail = t.partition("-")
        org = gaz.orgs.get((prefix,)) if tail else None
        if org and any(tail.lower().endswith(c) for c in org.classes):
            cls = next(c for c in org.classes if tail.lower().endswith(c))
            return Cand(i, i + 1, org.type, key=org.name, words=(org.name,), gender=org.gender,
                        compound=True, org_class=cls)  # fmt: skip
        return None

    def _media_at(self, i: int) -> Cand | None:
        """An outlet whose name is also a common word, with a cue ("berichtete der Spiegel",
        "sagte der Welt", "laut Spiegel", "das Nachrichtenmagazin Spiegel", quoted: "die
        "Presse""); or a quoted name ending in a media head that no lexicon lists ("die
        "Badische Zeitung"", "der "Kieler Nachrichten"")."""
        texts, gaz = self.texts, self.gaz
        org = gaz.media_cued.get(texts[i])
        if org is not None and self._media_cue(i, i + 1):
            return Cand(i, i + 1, "ORG", key=org.name, words=(org.name,), gender=org.gender)
        if not i or not (texts[i - 1] in _OPEN_Q or texts[i - 1] in _TOGGLE_Q or texts[i - 1] == "«") \
                or not _capital(texts[i]):  # fmt: skip
            return None
        end = i
        while end < len(texts) and end - i < 5 and _capital(texts[end]):
            end += 1
        if end == len(texts) or not _quotes_around(texts[i - 1], texts[end]):
            return None
        last = texts[end - 1]
        if not media_head(last) or (end - i == 1 and "-" not in last):
            return None  # a single word ("Zeitung") is the noun; "Bild-Zeitung" names one
        words = texts[i:end]
        return Cand(i, end, "ORG", key="name:" + (gaz.lemma_name(words) or " ".join(words)), words=tuple(words))

    def _media_cue(self, i: int, j: int) -> bool:
        texts, n = self.texts, len(self.texts)
        prev, nxt = (texts[i - 1] if i else ""), (texts[j] if j < n else "")
        if _quotes_around(prev, nxt):
            return True  # quoted: a title
        if prev.lower() == "laut" or (prev[:1].isupper() and self.gaz.noun(prev) is not None
                                      and self.gaz.head_class(prev, _MEDIA_NOUNS)):  # fmt: skip
            return True
        before = texts[i - 2] if i >= 2 else ""
        if prev in {"Der", "Die", "Das"} and (before[:1].islower() or before == "," or (
                before[:1].isupper() and self.gaz.head_class(before, _MEDIA_NOUNS))):  # fmt: skip
            return True  # "in Die Zeit", "der Zeitung Die Welt": a title's article, capitalised mid-sentence
        if prev.lower() not in _DEFINITE:
            return False
        if nxt in _REPORTS:
            return True  # "der Spiegel berichtete", "der Zeit zufolge"
        if prev not in {"der", "dem"}:
            return False  # "erklärt die Welt der Politik": only the one told (dative) or a masculine subject
        k = i - 2  # "sagte der Welt", "sagte er dem Spiegel", "berichtete der Spiegel"
        return (k >= 0 and texts[k] in _SAID_TO) or (k >= 1 and texts[k - 1] in _SAID_TO and texts[k].isalpha())

    def _person_at(self, i: int) -> Cand | None:
        texts, gaz = self.texts, self.gaz
        t = texts[i]
        if t in gaz.titles or gaz.role(t):
            end = self.name_run(i + 1, first=True)
            if end == i + 1 or (end == i + 2 and not self._lone_name_ok(i)):
                return None
            if _acronym(texts[i + 1]) and i + 2 < len(texts) and texts[i + 2].isdigit():
                return None  # "Trainer TSG 1899 Hoffenheim": a club's acronym and number, no person's name
            cand = self._person(i + 1, end)
            if t in gaz.titles:
                cand.gender = gaz.titles[t] if cand.gender == "u" else cand.gender
                cand.described = True  # "SR Weinberger", "Frau Gruber": the title is evidence of a person
            else:
                start = i - 1 if i and gaz.adjective(texts[i - 1]) else i
                self.appositive.append((start, i + 1, cand))
            return cand
        if t in gaz.first_names and not self.quoted[i] and not (
                t.lower() in _PREPOSITIONS and self.doc[i].is_sent_start):  # fmt: skip  # "Per Infrarotsender ..."
            end = self.name_run(i + 1, inside=True)
            if end > i + 1:
                return self._person(i, end)
        return None

    def _lone_name_ok(self, i: int) -> bool:
        """One capitalised word after a role is a surname unless the role has an article and the
        word is no known surname ("dem Kanzler Ratschläge geben")."""
        word = self.texts[i + 1]
        if self.gaz.noun(word) is not None and word not in self.after_first:
            return False  # "Politiker und Ökonomen Kunst": a plain noun no first name opens here is no surname
        if word in self.gaz.surnames:
            return True
        # "Bürgermeister Wusterhausens", "Minister Widersprüchliches": genitives, nominalisations
        return not word.endswith("es") and (i == 0 or self.texts[i - 1].lower() not in _DEFINITE)

    def _person(self, start: int, end: int) -> Cand:
        words = _strip_words(tuple(t for t in self.texts[start:end] if not t.isspace()))
        cand = Cand(start, end, "PER", words=words)
        cand.gender = self.gaz.first_names.get(self.texts[start], "u")
        mdb = self.gaz.mdb.get(" ".join(words))
        if mdb and cand.gender == "u":
            cand.gender = mdb[2]
        return cand

    def _paired_with_noun(self, i: int) -> bool:
        """A word joined by "und"/"oder" to a common noun is one too, whatever else it names
        ("Blitz und Donner", "Bücher oder Essen"): city names and surnames that are nouns."""
        texts, gaz = self.texts, self.gaz
        for link, other, after in ((i - 1, i - 2, i - 3), (i + 1, i + 2, i + 3)):
            if not 0 <= other < len(texts):
                continue
            # "über Kunst, Markt, Geld und ...": a comma joins only inside a list (not "Wien, Hauptstadt Österreichs")
            listed = texts[link] == "," and 0 <= after < len(texts) and texts[after] in {",", "und", "oder"}
            if texts[link] in {"und", "oder"} or listed:
                noun = gaz.noun(texts[other])
                if noun is not None and not noun.adjectival and not gaz.known_name(texts[other]):
                    return True
        return False

    def _place_at(self, i: int) -> Cand | None:
        texts, gaz = self.texts, self.gaz
        if i + 1 < len(texts) and f"{texts[i]} {texts[i + 1]}" in gaz.places:
            two = gaz.places[f"{texts[i]} {texts[i + 1]}"]
            return Cand(i, i + 2, "LOC", key=two.place, words=(two.place,), place=two)
        place = gaz.place(texts[i]) if texts[i][:1].isupper() else None
        if place is None or self._paired_with_noun(i):
            return None
        if i and _counted(texts[i - 1]):
            return None  # "mit fünf Siegen": a counted noun (Sieg), not the city of Siegen
        return Cand(i, i + 1, "LOC", key=place.place, words=(place.place,), gender=place.gender, place=place)

    def _described_at(self, i: int) -> Cand | None:
        """A name the model missed after a descriptor noun: "die spanische Bahngesellschaft Renfe"
        (ORG), "im Stadtteil Molenbeek" (LOC). Below the model's spans in priority."""
        texts, gaz = self.texts, self.gaz
        t = texts[i]
        if i == 0 or i + 1 >= len(texts) or not t[:1].isupper() or not texts[i - 1].islower() \
                or not texts[i + 1][:1].isupper():  # fmt: skip
            return None
        label = "ORG" if gaz.head_class(t, ORG_HEADS) else "LOC" if gaz.head_class(t, PLACE_HEADS) else None
        if self._place_genitive_after(self.doc[i : i + 2]):
            return Cand(i, i + 2, "ORG", prio=1, words=(t, texts[i + 1]), described=True)  # "Arbeiterpartei Kurdistans"
        if label is None or gaz.noun(t) is None or texts[i + 1] in gaz.first_names or self._place_genitive(texts[i + 1]):
            return None  # "im Magna-Konzern Frank Stronachs": a person's name follows, whose company it is
        end = i + 1
        while end < len(texts) and end - i <= 3 and self._unknown_word(texts[end]):
            end += 1
        if end == i + 1 or self.quoted[i + 1]:
            return None
        return Cand(i + 1, end, label, prio=1, words=tuple(texts[i + 1 : end]), described=True)

    def _unknown_word(self, t: str) -> bool:
        gaz = self.gaz
        return (len(t) > 1 and _capital(t) and t.replace("-", "").isalnum() and gaz.noun(t) is None
                and gaz.role(t) is None and t not in gaz.common and not gaz.adjective(t) and not gaz.demonym(t))  # fmt: skip

    def _acronyms(self) -> list[Cand]:
        """'Bundesamt für Migration und Flüchtlinge (BAMF)': long form and acronym, one key."""
        out, texts = [], self.texts
        for i in range(1, len(texts) - 2):
            acr = texts[i + 1]
            if texts[i] != "(" or texts[i + 2] != ")":
                continue
            self.in_parens.add(i + 1)
            known = self.gaz.orgs.get((acr,))
            if not (2 <= len(acr) <= 6 and acr.isupper() and acr.isalpha()) or (
                    known is not None and known.name not in self.gaz.media_names):  # fmt: skip
                continue  # (a news agency's acronym yields to a definition: "Arbeitsgemeinschaft … (AFP)")
            start = _initials_start(texts, i, acr)
            if start == i - 1 and self.gaz.noun(texts[start]) is not None \
                    and not self.gaz.head_class(texts[start], ORG_HEADS + _INSTITUTIONS + _BODIES):  # fmt: skip
                continue  # "Bruttoinlandsprodukt (BIP)", "Megawatt (MW)": an abbreviated concept, no organisation
            if start is not None:
                key = f"acr:{acr}"
                out.append(Cand(start, i, "ORG", key=key, words=tuple(texts[start:i])))
                out.append(Cand(i + 1, i + 2, "ORG", key=key, words=(acr,)))
        return out

    def _propagate(self, chosen: list[Cand]) -> list[Cand]:
        """Lone surnames (and their genitive) of people named in full; acronyms seen defined."""
        taken = _taken(len(self.texts), chosen)
        surnames = {c.words[-1] for c in chosen if c.label == "PER" and len(c.words) >= 2}
        acronyms = {c.words[0]: c.key for c in chosen if c.key and c.key.startswith("acr:") and len(c.words) == 1}
        repeats: dict[str, list[Cand]] = {}
        for c in chosen:
            if not c.compound:
                repeats.setdefault(self.texts[c.start], []).append(c)
        out = []
        for i, t in enumerate(self.texts):
            if taken[i] or not t[:1].isupper() or t in self.not_places:
                continue
            rep = self._repeat_at(i, repeats.get(t, []), taken)
            if rep is not None:
                out.append(rep)
                for k in range(rep.start, rep.end):
                    taken[k] = True
                continue
            if i and self.texts[i - 1].lower() in _DEFINITE and t not in acronyms:
                continue  # "der Koch": a surname with an article is a common noun
            base = t if t in surnames else t[:-1] if t.endswith("s") and t[:-1] in surnames else None
            if base:
                out.append(Cand(i, i + 1, "PER", words=(base,), sent=self.sent[i]))
            elif t in acronyms:
                out.append(Cand(i, i + 1, "ORG", key=acronyms[t], words=(t,), sent=self.sent[i]))
        return out

    def _repeat_at(self, i: int, seen: list[Cand], taken: list[bool]) -> Cand | None:
        """A name found elsewhere in the document (by the model or a rule), written again here."""
        for c in sorted(seen, key=lambda c: c.start - c.end):
            n = c.end - c.start
            if self.texts[i : i + n] == self.texts[c.start : c.end] and not any(taken[i : i + n]):
                if n == 1 and self._paired_with_noun(i):
                    return None  # "Kleidung oder Essen" after "in Essen"
                return Cand(i, i + n, c.label, key=c.key, words=c.words, gender=c.gender, place=c.place)
        return None

    # -- nominals and pronouns -------------------------------------------------------------
    def nominals(self, names: list[Cand]) -> list[Cand]:
        """Definite NPs headed by a role noun or an organisation class noun, not before a name."""
        taken = _taken(len(self.texts), names)
        starts = {c.start: c for c in names}
        owners = _genitive_owners(self.texts, names)
        out = []
        for i, t in enumerate(self.texts):
            if taken[i] or not t[:1].isupper():
                continue
            role = self.gaz.role(t)
            cls = None if role else self.gaz.org_class(t)
            if not role and not cls:
                continue
            nxt = starts.get(i + 1)
            det, nationality = self._determiner(i)
            if nxt is not None:
                if cls and nxt.label == "ORG":
                    self.org_appositive.append((i, t, nxt))
                if det is not None and nxt.entity is not None and nxt.label == ("ORG" if cls else "PER") \
                        and nxt.start not in owners:  # "der Anwalt Trumps" is the lawyer, not Trump
                    # "die Dschihadistenmiliz Islamischer Staat": the NP before the name is a mention too
                    out.append(Cand(det, i + 1, nxt.label, kind="nominal", sent=self.sent[i], entity=nxt.entity))
                continue
            if det is None or (cls and det != i - 1):
                continue  # "der internationalen Allianz": a modified class noun is another group
            cand = Cand(det, i + 1, "ORG" if cls else "PER", kind="nominal", sent=self.sent[i],
                        parties=frozenset(parties(t)))
            if cls:
                cand.org_class = cls
            elif not self._person_nominal(cand, role, nationality):
                continue
            out.append(cand)
        return out

    def _determiner(self, i: int) -> tuple[int | None, str | None]:
        """Index of the definite article before token i (up to two adjectives between)."""
        nationality = None
        for j in range(i - 1, max(i - 4, -1), -1):
            low = self.texts[j].lower()
            if low in _DEFINITE:
                return j, nationality
            if not (low.isalpha() and self.texts[j].islower() and low.endswith(_ADJ_ENDS)):
                return None, None
            nationality = nationality or self.gaz.adjective(low)
        return None, None

    def _person_nominal(self, cand: Cand, role, nationality: str | None) -> bool:
        det = self.texts[cand.start].lower()
        if role.plural or det == "das" or (det == "die" and role.gender == "m"):
            return False  # "die Minister": plural; "das" never goes with a person
        gender = role.gender
        if gender == "u":
            gender = {"der": "m", "die": "f"}.get(det, "u")
        cand.gender, cand.head = gender, role.head
        cand.nationality = role.nationality or nationality
        return True

    def pronouns(self, names: list[Cand]) -> list[Cand]:
        out = []
        texts = self.texts
        for i, t in enumerate(texts):
            low = t.lower()
            # "sein" is mostly the verb; only a possessive before a noun counts.
            gender = "mn" if low == "sein" and i + 1 < len(texts) and texts[i + 1][:1].isupper() else _PRONOUNS.get(low)
            if gender and not self.quoted[i] and (t.islower() or self.doc[i].is_sent_start):
                out.append(Cand(i, i + 1, "PER", kind="pronoun", gender=gender, sent=self.sent[i]))
        return out

    def own_subject(self, mention_starts: set[int]) -> set[int]:
        """Sentences that open with a definite NP that names no entity ("Die Nato-Staaten
        hatten ..."): its pronouns most likely refer to that NP, so they do not look back."""
        out, prev = set(), -1
        for i, s in enumerate(self.sent):
            if s != prev:
                prev = s
                if self.texts[i].lower() in _DEFINITE and i + 1 not in mention_starts:
                    out.add(s)
        return out


def _genitive_owners(texts: list[str], names: list[Cand]) -> set[int]:
    """Token positions of one-word person names in the genitive of a name the document uses without it
    ("Weimers" beside "Wolfram Weimer", "Scholz'" beside "Olaf Scholz"): after a role noun they own the role."""
    bare = {t for c in names if c.label == "PER" for t in texts[c.start:c.end]}
    out = set()
    for c in names:
        if c.label != "PER" or c.end - c.start != 1:
            continue
        t = texts[c.start]
        stem = t[:-1] if t.endswith(("s", "'", "’")) else None
        if stem and stem in bare and stem != t:
            out.add(c.start)
    return out


def _attach_roles(finder: _Finder, names: list[Cand], clusters: list[Cluster]) -> dict[int, list[Role]]:
    """Roles with evidence spans: appositive role nouns, "(CDU)" parties, org descriptors;
    and the gender/nationality/role heads that nominal and pronoun resolution need."""
    doc, gaz, texts = finder.doc, finder.gaz, finder.texts
    roles: dict[int, list[Role]] = {}

    def add(idx: int, start: int, end: int, role: str) -> None:
        span = doc[start:end]
        roles.setdefault(idx, []).append(Role(start=span.start_char, end=span.end_char, text=span.text, role=role))

    owners = _genitive_owners(texts, names)
    for start, end, cand in finder.appositive:
        if cand.entity is None or cand.start in owners:
            continue  # "ein Sprecher Weimers": the role is someone else's
        rn = cast(RoleNoun, gaz.role(texts[end - 1]))  # the finder keeps appositions ending in a role noun
        cl = clusters[cand.entity]
        adj_iso = gaz.adjective(texts[start]) if start < end - 1 else None
        label = rn.lemma
        if adj_iso:
            stem = next(a for a, iso in gaz.adjectives.items() if iso == adj_iso and texts[start].lower().startswith(a))
            label = f"{stem}{'e' if rn.gender == 'f' else 'er'} {rn.lemma}"
        add(cand.entity, start, end, label)
        cl.heads.add(rn.head)
        cl.parties |= parties(texts[end - 1])  # "CDU-Chef Friedrich Merz"
        cl.nationality = cl.nationality or rn.nationality or adj_iso
        if rn.gender in "mf" and cl.gender == "u":
            cl.gender = rn.gender
    by_start = {c.start: c for c in names}
    for c in names:
        party = by_start.get(c.end + 1)
        if c.label == "PER" and c.entity is not None and party and party.label == "ORG" and party.key \
                and c.end + 2 < len(texts) and texts[c.end] == "(" and texts[party.end] == ")":  # fmt: skip
            add(c.entity, c.end, party.end + 1, f"party:{party.key}")
            clusters[c.entity].parties |= parties(party.key)
    for i, text, org in finder.org_appositive:
        if org.entity is not None:
            add(org.entity, i, i + 1, text)
            clusters[org.entity].classes.add(gaz.org_class(text))
    for cl in clusters:
        _cluster_features(cl, gaz)
    return roles


def _nominal_roles(doc: Doc, gaz: Gazetteer, cands: list[Cand], roles: dict[int, list[Role]]) -> None:
    """A resolved role NP that says more than the roles known so far becomes a role too."""
    for c in cands:
        if c.kind != "nominal" or c.label != "PER" or c.entity is None:
            continue
        lemma = cast(RoleNoun, gaz.role(doc[c.end - 1].text)).lemma  # a nominal ends in a role noun
        known = roles.setdefault(c.entity, [])
        if not any(r.role.lower().endswith(lemma.lower()) for r in known):
            span = doc[c.end - 1 : c.end]
            known.append(Role(start=span.start_char, end=span.end_char, text=span.text, role=lemma))


def _cluster_features(cl: Cluster, gaz: Gazetteer) -> None:
    for m in cl.mentions:
        if cl.gender == "u" and m.gender in {"m", "f", "n", "p"}:
            cl.gender = m.gender
        if m.org_class:
            cl.classes.add(m.org_class)
    org = next((gaz.orgs[(m.key,)] for m in cl.mentions if m.key and (m.key,) in gaz.orgs), None)
    if org:
        cl.classes |= org.classes
        cl.gender = org.gender


def _to_records(doc: Doc, clusters: list[Cluster], roles: dict[int, list[Role]], gaz: Gazetteer) -> list[Entity]:
    order = sorted(range(len(clusters)), key=lambda i: min(m.start for m in clusters[i].mentions))
    out = []
    for n, idx in enumerate(order, 1):
        cl = clusters[idx]
        ms = sorted(cl.mentions, key=lambda m: m.start)
        names = [m for m in ms if m.kind == "name"]
        forms = list(dict.fromkeys(_display(doc, m) for m in names if not m.compound))
        canon = max(forms, key=lambda f: (len(f.split()), len(f))) if forms else _display(doc, names[0])
        known_org = next((m.key for m in names if m.key and (m.key,) in gaz.orgs), None)
        if known_org and canon != known_org and canon.startswith(known_org) and len(canon) - len(known_org) <= 2:
            canon = known_org  # "des Bundestages" -> Bundestag: the lexicon's name, not a genitive
            forms.append(canon)
        lemma = gaz.lemma_name(canon.split()) if cl.label != "PER" else None
        if cl.label in {"ORG", "MISC"} and " " not in canon and canon.endswith("s") and lemma is None:
            noun = gaz.noun(canon)  # "des Weltwirtschaftsforums (WEF)" -> Weltwirtschaftsforum
            if noun is not None and not noun.plural and canon in {noun.lemma + "s", noun.lemma + "es"}:
                lemma = noun.lemma
        if lemma and lemma != canon:
            forms.append(lemma)  # "Deutschen Bahn" -> "Deutsche Bahn"; the written form stays an alias
            canon = lemma
        place = next((m.place for m in ms if m.place is not None), None)
        qid = gaz.mdb.get(canon, ("",))[0] or None if cl.label == "PER" else None
        mentions = [_mention(doc, m) for m in ms]
        out.append(
            Entity(
                id=f"e{n}",
                name=canon,
                type=cl.label,
                mentions=mentions,
                aliases=[f for f in forms if f != canon],
                roles=roles.get(idx, []),
                qid=qid,
                place=place.place if place else None,
                confidence=_confidence(cl, names, gaz, qid),
            )
        )
    return out


def _confidence(cl: Cluster, names: list[Cand], gaz: Gazetteer, qid: str | None) -> float:
    """Evidence that this is a named entity of this type, 0.4-1.0: a lexicon knows it or a
    descriptor noun introduces it ("der Wohnungskonzern Vonovia") (+0.2),
    a multi-word name (+0.15, +0.05 more when built like a name of its type, :func:`_shaped`),
    named twice or more (+0.1), a role or class noun (+0.05); a
    person named by one unknown word only, with no role, -0.1; MISC no lexicon knows, -0.1.
    A lone word the model alone found once scores 0.5 (0.4 as a person) and the KB hides it
    by default."""
    known = qid is not None or any(
        (m.key and not m.key.startswith("name:")) or m.place is not None or m.described for m in names
    ) or any(_known_as(gaz, w, cl.label) for m in names for w in m.words[:1])
    multi = any(m.end - m.start > 1 for m in names)
    score = 0.5 + 0.2 * known + 0.15 * multi + 0.1 * (len(names) > 1) + 0.05 * bool(cl.heads or cl.classes)
    score += 0.05 * (multi and not known and any(_shaped(m, gaz) for m in names if m.end - m.start > 1)
                     and not (cl.label == "PER" and all(gaz.unlike_first_name(m.words[0]) for m in names if m.words)))
    if cl.label == "PER" and not multi and not known and not cl.heads:
        score -= 0.1  # news introduce people by their full name; a lone unknown word is rarely one
    if cl.label == "PER" and multi and qid is None and not cl.heads \
            and all(gaz.unlike_first_name(m.words[0]) for m in names if m.end - m.start > 1):  # fmt: skip
        score -= 0.15  # "Task Switcher", "Dirty Campaigning", "Klubobfrau Krismer": no first name opens it
    if cl.label == "MISC" and not known:
        score -= 0.1  # the NER model's weakest type (GermEval held-out MISC F1 0.39, PER/LOC 0.69)
    return round(min(score, 1.0), 2)


def _known_as(gaz: Gazetteer, word: str, label: str) -> bool:
    """A lexicon knows the word as a name of this type: a first name or surname is evidence for
    a person, not for a place or organisation the model made of it ("Walke" as LOC)."""
    if label == "PER":
        return gaz.known_name(word)
    if not gaz.known_name(word, people=False):
        return False
    base = word[:-1] if word.endswith("s") and word not in gaz.proper else word
    return gaz.proper.get(base) not in {"Vorname", "Nachname"} or base in gaz.places or (base,) in gaz.orgs


def _shaped(m: Cand, gaz: Gazetteer) -> bool:
    """A multi-word name built like one of its type: a person's of name words only (no common
    noun, no word the corpus mostly writes outside names: "Roberta Jacobson", not "Redmond Pie");
    an organisation's or place's with an acronym or a known place or organisation in it, or an
    organisation's head word first or last ("SK Sturm Graz", "ORF Salzburg", "Frankfurter
    Allgemeine Zeitung")."""
    words = [w for w in m.words if w[:1].isupper()]
    if m.label == "PER":
        return len(words) == len(m.words) and all(gaz.noun(w) is None and w not in gaz.common for w in words)
    if m.label not in {"ORG", "LOC"}:
        return False
    last = gaz.noun(words[-1]) if len(words) >= 3 and len(words) == len(m.words) and _acronym(words[-2]) else None
    if last is not None and not last.adjectival and not gaz.head_class(words[-1], ORG_HEADS + _INSTITUTIONS + _BODIES):
        return False  # "Zipfer TV Spot": a thing (a common noun after an acronym) named after a name
    return any(sum(c.isupper() for c in w) >= 2 or gaz.known_name(w, people=False) for w in words) \
        or (m.label == "ORG" and any(gaz.head_class(w, ORG_HEADS + _INSTITUTIONS + _BODIES) for w in (words[0], words[-1])))


def _display(doc: Doc, m: Cand) -> str:
    """The name as written, genitive -s removed where the name matching removed it."""
    text = " ".join(doc[m.start : m.end].text.split())  # "Wolfgang  Pirklhuber": one space
    if m.key and m.key.startswith("club:"):
        return m.key[5:]
    if m.key and m.key != text and m.key in load().media_names:
        return m.key  # "der Rheinischen Post", "Spiegels": the outlet's name
    if m.key and m.key.startswith("name:") and text.endswith("s") and m.key[5:] in {text[:-1], text[:-2]} | {
            " ".join((*text.split()[:-1], w)) for w in (text.split()[-1][:-1], text.split()[-1][:-2])}:  # fmt: skip
        return m.key[5:]  # "Moldaus" -> Moldau, "Ifo Instituts" -> Ifo Institut
    if m.place is not None and m.end - m.start == 1 and text not in load().places:
        return text[:-1]
    if m.label == "PER" and m.words and text.endswith("s") and not text.endswith(m.words[-1]):
        return text[:-1]
    return text


def _mention(doc: Doc, m: Cand) -> Mention:
    span = doc[m.start : m.end]
    return Mention(start=span.start_char, end=span.end_char, text=span.text, kind=m.kind)


def _write_ents(doc: Doc, names: list[Cand], clusters: list[Cluster]) -> None:
    spans = [
        Span(doc, c.start, c.end, label=clusters[c.entity].label if c.entity is not None else c.label)
        for c in names
        if not c.compound
    ]
    doc.ents = filter_spans(spans)


def _counted(prev: str) -> bool:
    """A numeral or a declined adjective before a word: it is a noun ("fünf Siegen"), no name."""
    low = prev.lower()
    return prev.isdigit() or low in _NUMERALS or low in {"vielen", "mehreren", "einigen", "zahlreichen", "weiteren",
                                                          "beiden", "allen", "ersten", "letzten", "sieben"}


def _one_type_per_name(texts: list[str], cands: list[Cand], work_cued: set[int]) -> None:
    """One name, one type in an article: where the model typed the same name differently
    ("Software-Hosting-Plattform Github" ORG, then "Github" LOC), the type of the mention with
    evidence (a lexicon, a rule, a descriptor) wins, else the majority. People are left to the
    surname rules, unless a work noun introduces the name ("die Urkunde Magna Carta") and no rule
    saw a person in it."""
    groups: dict[str, list[Cand]] = {}
    for c in cands:
        if not c.compound:
            groups.setdefault(" ".join(texts[c.start : c.end]), []).append(c)
    for group in groups.values():
        labels = {c.label for c in group}
        if len(labels) < 2:
            continue
        if "PER" in labels:
            if any(c.label == "MISC" and c.start in work_cued for c in group) \
                    and all(c.prio < RULE for c in group if c.label == "PER"):  # fmt: skip
                for c in group:
                    c.label = "MISC"  # "die Urkunde Magna Carta" ... "Die Magna Carta gilt": a title throughout
            continue
        strong = {c.label for c in group if c.described or c.place is not None or c.prio >= RULE
                  or (c.key and not c.key.startswith("name:"))}  # fmt: skip
        if len(strong) == 1:
            label = strong.pop()
        else:
            counts = sorted(((sum(c.label == lab for c in group), lab) for lab in labels), reverse=True)
            if counts[0][0] == counts[1][0]:
                continue
            label = counts[0][1]
        for c in group:
            c.label = label


def _select(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates, higher priority first, then longer."""
    taken: set[int] = set()
    out = []
    for c in sorted(cands, key=lambda c: (-c.prio, -(c.end - c.start), c.start)):
        toks = range(c.start, c.end)
        if not any(t in taken for t in toks):
            taken.update(toks)
            out.append(c)
    return out


def _cut(ent: Span) -> Span:
    """A model span up to a dateline dash or separator ("Wien - Wird" -> "Wien"), without
    lowercase words at its ends ("Bernhard österreichische")."""
    for k, tok in enumerate(ent):
        if tok.text in _CUTS or (len(tok.text) > 1 and "/" in tok.text):
            ent = ent[:k]
            break
    while len(ent) and not _capital(ent[0].text) and not ent[0].text[:1].isdigit():
        ent = ent[1:]
    while len(ent) > 1 and not _capital(ent[-1].text) and not _numeral(ent[-1].text) \
            and not _NAME_PARTICLE.match(ent[-1].text):  # fmt: skip
        ent = ent[:-1]
    return ent


_INSTITUTIONS = ("kommission", "rat", "parlament", "regierung", "gericht", "gerichtshof", "ministerium",
                 "behörde", "polizei", "armee", "luftwaffe", "marine", "fraktion", "zentrale", "senat")


_BUILDINGS = ("stadion", "arena", "halle", "park", "platz", "bahnhof", "flughafen", "theater", "oper", "museum",
              "kirche", "dom", "palast", "schloss", "turm", "brücke", "center", "zentrum", "hotel", "saal", "tunnel")  # fmt: skip
# Bodies whose proper name ends in a place's genitive ("Arbeiterpartei Kurdistans", "Zentralbank
# Russlands"); "Regierung Serbiens" describes (the Serbian government), so offices are not here.
_PLACE_OWNED = ("partei", "bank", "bewegung", "front", "rat")


def _institution(lemma: str) -> bool:
    """A hyphen compound naming an organisation's body: "EU-Kommission", "US-Armee" (singular)."""
    prefix, _, tail = lemma.rpartition("-")
    return bool(prefix) and tail.lower().endswith(_INSTITUTIONS)


def _dateline(doc: Doc, ent: Span) -> bool:
    """A span that opens a sentence and is followed by a dash and more text: "Bregenz – Die ..."."""
    return (ent[0].is_sent_start or (ent.start > 0 and doc[ent.start - 1].text in {".", "?", "!", '"', "“"})) \
        and ent.end + 1 < len(doc) and doc[ent.end].text in {"–", "-", "—"} and doc[ent.end + 1].text[:1].isupper()


def _genitive(word: str) -> bool:
    """A name's genitive -s ("McLuhans", "Schäubles"); not Latin or Greek endings (Iohannis, Tsipras)."""
    return len(word) > 3 and word.endswith("s") and word[-2] not in "aiousxzß" and word[-2].isalpha()


def _adjective_end(word: str) -> bool:
    """An inflected adjective before the head ("Deutschen Instituts": lemma_name's case)."""
    return word.endswith(("en", "er", "es", "em")) and word[:1].isupper() and word[1:].islower()


def _acronym(text: str) -> bool:
    """2-4 capitals ("BSC", "TV"), not a regnal number ("III")."""
    return 2 <= len(text) <= 4 and text.isalpha() and text.isupper() and not set(text) <= set("IVX")


def _capital(text: str) -> bool:
    """Written like a name: capitalised, or with a capital inside ("iPhone", "eBay")."""
    return text[:1].isupper() or (text[:1].isalpha() and any(c.isupper() for c in text[1:]))


def _numeral(text: str) -> bool:
    """A regnal number or digits ending a name: "Abdullah II.", "Ö3", "G7"."""
    return text.rstrip(".").isdigit() or (text.endswith(".") and set(text[:-1]) <= set("IVX") and len(text) > 1)


def _foreign_compound(gaz: Gazetteer, text: str) -> bool:
    """A hyphen compound led by a country or organisation that names neither ("Nato-Mission")."""
    prefix, _, tail = text.partition("-")
    if not tail or gaz.place(text) or (text,) in gaz.orgs or _institution(text):
        return False
    place = gaz.place(prefix)
    return (place is not None and place.kind == "country") or (prefix,) in gaz.orgs


def _taken(n: int, cands: list[Cand]) -> list[bool]:
    taken = [False] * n
    for c in cands:
        for t in range(c.start, c.end):
            taken[t] = True
    return taken


def _strip_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a possessive/genitive -s on the last name word when it is not part of the name:
    the surname propagation handles the genitive, so here only strip the apostrophe form."""
    last = words[-1] if words else ""
    if last.endswith("'") or last.endswith("’"):
        return words[:-1] + (last[:-1],)
    return words


def _initials_start(texts: list[str], paren: int, acr: str) -> int | None:
    """Start of the capitalised words before ``paren`` that spell ``acr``: each word gives the
    next letters, its initial first ("Bundesamt für Migration und Flüchtlinge" -> BA, M, F)."""
    letters = acr.lower()
    for start in range(paren - 1, max(paren - 9, -1), -1):
        t = texts[start]
        if not t.isalpha():
            return None
        if not t[:1].isupper():
            continue
        words = [w.lower() for w in texts[start:paren] if w[:1].isupper()]
        if len(words) <= len(letters) and _spells(words, letters):
            return start
    return None


def _spells(words: list[str], letters: str) -> bool:
    """Whether ``letters`` splits into one chunk per word, each its word's initial plus letters
    found later in that word, in order."""
    if not words:
        return not letters
    word = words[0]
    if not letters or letters[0] != word[0]:
        return False
    for n in range(1, len(letters) - len(words) + 2):
        chunk, pos = letters[1:n], 1
        for ch in chunk:
            pos = word.find(ch, pos) + 1
            if pos == 0:
                break
        else:
            if _spells(words[1:], letters[n:]):
                return True
    return False


def _sentence_ids(doc: Doc) -> list[int]:
    """Each token's sentence number (from the SENT_START array: no Token objects)."""
    ids, n = [], -1
    for k, start in enumerate(doc.to_array(SENT_START).tolist() if len(doc) else []):
        if start == 1 or k == 0:
            n += 1
        ids.append(n)
    return ids


def _quotes_around(prev: str, nxt: str) -> bool:
    """Quotation marks before and after a span: German („…“, »…«, "…") or Swiss («…»)."""
    return ((prev in _OPEN_Q or prev in _TOGGLE_Q) and (nxt in _CLOSE_Q or nxt in _TOGGLE_Q)) or (prev, nxt) == ("«", "»")


def _quoted(texts: list[str]) -> list[bool]:
    """Whether each token lies inside quotation marks (pronouns there speak for the speaker)."""
    inside, swiss, out = False, False, []
    for k, t in enumerate(texts):
        if t == "«" and not inside and "»" in texts[k + 1 : k + 30]:
            out.append(True)  # Swiss quotes: «Bild»
            inside = swiss = True
        elif swiss and t == "»":
            out.append(True)
            inside = swiss = False
        elif t in _OPEN_Q or (t in _TOGGLE_Q and not inside):
            out.append(True)
            inside = True
        elif t in _CLOSE_Q or t in _TOGGLE_Q:
            out.append(True)
            inside = False
        else:
            out.append(inside)
    return out
