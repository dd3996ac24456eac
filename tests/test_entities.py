"""chronik_entities: mentions, coreference, roles and links (seed article + hand-written sentences)."""

from __future__ import annotations

import pytest

from chronik.analyse.gazetteer import load


@pytest.fixture(scope="module")
def nlp():
    from chronik.analyse.pipeline import build_nlp

    return build_nlp("rules")


def _by_name(entities, name):
    hits = [e for e in entities if e.name == name]
    assert len(hits) == 1, [e.name for e in entities]
    return hits[0]


def _texts(entity, kind=None):
    return {m.text for m in entity.mentions if kind is None or m.kind == kind}


def _entities(nlp, text):
    return nlp(text)._.chronik_entities


# -- seed article ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(nlp, seed_text):
    return nlp(seed_text)


def test_seed_people(seed):
    ents = seed._.chronik_entities
    for name in ("Annegret Kramp-Karrenbauer", "Mark Esper", "Tod Wolters", "Kassem Soleimani"):
        assert _by_name(ents, name).type == "PER"


def test_seed_kramp_karrenbauer_group(seed):
    akk = _by_name(seed._.chronik_entities, "Annegret Kramp-Karrenbauer")
    assert {"Annegret Kramp-Karrenbauer", "Kramp-Karrenbauer"} <= _texts(akk, "name")
    assert "die Ministerin" in _texts(akk, "nominal")
    assert "ihres" in _texts(akk, "pronoun")
    roles = {r.role: r.text for r in akk.roles}
    assert roles["Bundesverteidigungsministerin"] == "Bundesverteidigungsministerin"
    assert roles["party:CDU"] == "(CDU)"
    assert akk.qid == "Q71359"  # shipped Bundestag gazetteer


def test_seed_esper_group(seed):
    esper = _by_name(seed._.chronik_entities, "Mark Esper")
    assert {"Mark Esper", "Esper", "Espers"} <= _texts(esper, "name")
    assert "der US-Verteidigungsminister" in _texts(esper, "nominal")
    assert {"US-Kollege", "US-Verteidigungsminister"} <= {r.role for r in esper.roles}
    assert esper.qid is None


def test_seed_roles_of_other_people(seed):
    ents = seed._.chronik_entities
    assert [r.text for r in _by_name(ents, "Tod Wolters").roles] == ["US-General"]
    soleimani = _by_name(ents, "Kassem Soleimani").roles
    assert [(r.text, r.role) for r in soleimani] == [("iranischen Generals", "iranischer General")]


def test_seed_organisations(seed):
    ents = seed._.chronik_entities
    nato = _by_name(ents, "Nato")
    assert nato.type == "ORG"
    assert {"das Verteidigungsbündnis", "die Militärallianz"} <= _texts(nato, "nominal")
    isis = _by_name(ents, "Islamischer Staat")
    assert {"IS", "IS-Miliz", "Islamischer Staat"} <= _texts(isis, "name")
    assert "die Dschihadistenmiliz" in _texts(isis, "nominal")
    assert "CDU" in {e.name for e in ents if e.type == "ORG"}


def test_seed_places(seed):
    ents = seed._.chronik_entities
    bagdad = _by_name(ents, "Bagdad")
    assert bagdad.type == "LOC" and bagdad.place == "Baghdad, Iraq"
    assert {"Bagdad", "Bagdads"} == _texts(bagdad)
    assert _by_name(ents, "Irak").place == "Iraq"
    assert _by_name(ents, "München").place == "Munich, Germany"
    assert _by_name(ents, "USA").place == "United States"
    # adjectives ("irakischen", "Münchner") are not mentions
    assert not any("Münchner" in m.text for e in ents for m in e.mentions)


def test_seed_offsets_and_mention_map(seed):
    mention_entity = seed._.chronik_mention_entity
    for ent in seed._.chronik_entities:
        for m in ent.mentions:
            assert seed.text[m.start : m.end] == m.text
            assert mention_entity[(m.start, m.end)] == ent.id
        for r in ent.roles:
            assert seed.text[r.start : r.end] == r.text


def test_seed_ents_written_back(seed):
    ents = {(e.text, e.label_) for e in seed.ents}
    assert {("Mark Esper", "PER"), ("Espers", "PER"), ("Bagdad", "LOC"), ("Nato", "ORG")} <= ents
    assert not any(e.text == "IS-Miliz" for e in seed.ents)  # compounds are not NER spans


def test_record_via_analyzer(seed_record):
    names = {e.name for e in seed_record.entities}
    assert {"Annegret Kramp-Karrenbauer", "Mark Esper", "Nato"} <= names


# -- hand-written sentences -----------------------------------------------------------------------


def test_lone_surname_and_genitive(nlp):
    text = (
        "Die Ministerpräsidentin Malu Dreyer besuchte am Montag Mainz. "
        "Dreyer sprach mit Schülern. Nach Dreyers Angaben soll die Schule erweitert werden."
    )
    dreyer = _by_name(_entities(nlp, text), "Malu Dreyer")
    assert [m.text for m in dreyer.mentions if m.kind == "name"] == ["Malu Dreyer", "Dreyer", "Dreyers"]


def test_surname_before_full_name(nlp):
    text = "Scholz will heute reden. Am Abend traf Olaf Scholz die Gewerkschaften."
    scholz = _by_name(_entities(nlp, text), "Olaf Scholz")
    assert {"Scholz", "Olaf Scholz"} == _texts(scholz, "name")


def test_role_noun_resolution(nlp):
    text = (
        "Außenministerin Petra Lindqvist reiste nach Paris. Dort traf sie den französischen Präsidenten "
        "Pierre Lafond. Die Ministerin lobte die Zusammenarbeit."
    )
    ents = _entities(nlp, text)
    lindqvist = _by_name(ents, "Petra Lindqvist")
    assert "Die Ministerin" in _texts(lindqvist, "nominal")
    assert "sie" in _texts(lindqvist, "pronoun")
    lafond = _by_name(ents, "Pierre Lafond")
    assert any(r.role == "französischer Präsident" for r in lafond.roles)
    assert "Die Ministerin" not in _texts(lafond)


def test_nationality_picks_the_right_person(nlp):
    text = (
        "Verteidigungsminister Boris Pistorius empfing seinen US-Kollegen Lloyd Austin. "
        "Der US-Verteidigungsminister sagte weitere Hilfe zu."
    )
    ents = _entities(nlp, text)
    assert "Der US-Verteidigungsminister" in _texts(_by_name(ents, "Lloyd Austin"), "nominal")
    assert "Der US-Verteidigungsminister" not in _texts(_by_name(ents, "Boris Pistorius"))


def test_pronoun_resolution(nlp):
    text = "Angela Merkel kam am Morgen an. Sie sprach zuerst mit Journalisten."
    merkel = _by_name(_entities(nlp, text), "Angela Merkel")
    assert "Sie" in _texts(merkel, "pronoun")


def test_ambiguous_pronoun_stays_unresolved(nlp):
    text = "Peter Krause traf Thomas Albrecht in Berlin. Er sagte, das Treffen sei gut gewesen."
    ents = _entities(nlp, text)
    assert not any(m.kind == "pronoun" for e in ents for m in e.mentions)


def test_pronouns_in_quotes_are_left_alone(nlp):
    text = 'Anna Schulz sagte: "Sie haben uns enttäuscht."'
    schulz = _by_name(_entities(nlp, text), "Anna Schulz")
    assert not _texts(schulz, "pronoun")


def test_same_surname_different_people_not_merged(nlp):
    text = (
        "Der Abgeordnete Thomas Becker kritisierte den Plan. Auch Maria Becker, seine Schwester, "
        "widersprach. Becker sagte, man müsse neu verhandeln."
    )
    ents = _entities(nlp, text)
    thomas, maria = _by_name(ents, "Thomas Becker"), _by_name(ents, "Maria Becker")
    assert thomas.id != maria.id
    # the lone "Becker" could be either: it joins neither
    assert "Becker" not in _texts(thomas) | _texts(maria)


def test_same_gender_role_noun_without_evidence_unresolved(nlp):
    text = "Jens Weber und Paul Richter diskutierten lange. Der Politiker verließ danach den Saal."
    ents = _entities(nlp, text)
    assert not any(m.kind == "nominal" for e in ents for m in e.mentions)


def test_acronym_in_parentheses(nlp):
    text = "Das Bundesamt für Migration und Flüchtlinge (BAMF) prüft die Anträge. Das BAMF rechnet mit Verzögerungen."
    ents = [e for e in _entities(nlp, text) if e.type == "ORG"]
    assert len(ents) == 1
    assert ents[0].name == "Bundesamt für Migration und Flüchtlinge"
    assert [m.text for m in ents[0].mentions] == ["Bundesamt für Migration und Flüchtlinge", "BAMF", "BAMF"]


def test_model_ents_are_merged(nlp):
    from spacy.tokens import Span

    doc = nlp.make_doc("Der Konzern Siemens Energy meldete Gewinne. Bundeskanzler Olaf Scholz lobte Siemens Energy.")
    doc.ents = [Span(doc, 2, 4, "ORG"), Span(doc, 7, 10, "PER")]  # the model's spans: one too long
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    ents = doc._.chronik_entities
    assert _by_name(ents, "Olaf Scholz").roles[0].role == "Bundeskanzler"
    siemens = _by_name(ents, "Siemens Energy")
    assert siemens.type == "ORG" and len(siemens.mentions) == 2
    assert ("Olaf Scholz", "PER") in {(e.text, e.label_) for e in doc.ents}


def test_model_span_starting_with_a_role_keeps_its_label(nlp):
    from spacy.tokens import Span

    doc = nlp.make_doc("Der Revolutionsführer Khomeini sprach lange.")
    doc.ents = [Span(doc, 1, 3, "PER")]  # role noun + name: the role is trimmed off
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert ("Khomeini", "PER") in {(e.name, e.type) for e in doc._.chronik_entities}


def test_model_tagging_an_adjective_is_not_an_entity(nlp):
    from spacy.tokens import Span

    doc = nlp.make_doc("Das irakische Parlament stimmte zu.")
    doc.ents = [Span(doc, 1, 2, "LOC")]  # a model mistake: the adjective as a place
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert "irakische" not in {e.name for e in doc._.chronik_entities}


def test_gazetteer_parses_role_nouns():
    gaz = load()
    r = gaz.role("US-Verteidigungsministers")
    assert (r.lemma, r.head, r.gender, r.nationality) == ("US-Verteidigungsminister", "minister", "m", "US")
    assert gaz.role("Bundesverteidigungsministerin").gender == "f"
    assert gaz.role("Ministerinnen").plural
    assert gaz.role("Anti-IS-Koalition") is None
    assert gaz.adjective("iranischen") == "IR"
    assert gaz.place("Iraks").place == "Iraq"


# -- hygiene of model spans (issue 11): each sentence written for its defect ---------------------


def _with_model(nlp, text: str, spans: list[tuple[str, str]]):
    """Run the rules pipeline as if the NER model had tagged ``spans`` (substring, label):
    the model is replaced by fixed spans, so these tests do not depend on its weights."""
    doc = nlp.make_doc(text)
    ents = []
    for sub, label in spans:
        start = text.index(sub)
        ents.append(doc.char_span(start, start + len(sub), label=label))
    doc.ents = ents
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.chronik_entities


def _pairs(ents):
    return {(e.name, e.type) for e in ents}


def test_an_organisations_body_named_by_a_compound_stays(nlp):
    ents = _with_model(nlp, "Die EU-Kommission legte einen Entwurf vor.", [("EU-Kommission", "ORG")])
    assert _pairs(ents) == {("EU-Kommission", "ORG")}


def test_demonyms_and_adjectives_are_not_places(nlp):
    text = ("Die niederösterreichischen Gemeinden und die Wiener Ärzte planen gemeinsam. Die Wiener Zeitung "
            "berichtet, die Brüsseler Militärkreisen nahestehen.")  # fmt: skip
    spans = [("niederösterreichischen", "LOC"), ("Wiener", "LOC"), ("Wiener Zeitung", "ORG"),
             ("Brüsseler Militärkreisen", "ORG")]  # fmt: skip
    assert _pairs(_with_model(nlp, text, spans)) == {("Wiener Zeitung", "ORG")}


def test_a_sentence_initial_adverb_is_no_name_but_a_name_written_again_is(nlp):
    text = "Schlussendlich gab der Rat nach. Mildernd wirkte das Geständnis. Tolkar kam spät. Später ging Tolkar."
    spans = [("Schlussendlich", "PER"), ("Mildernd", "MISC"), ("Tolkar", "PER")]
    assert _pairs(_with_model(nlp, text, spans)) == {("Tolkar", "PER")}


def test_a_dateline_glued_to_a_name_is_cut(nlp):
    ents = _with_model(nlp, "Wien - Wird die Reform teurer? Das fragen viele.", [("Wien - Wird", "LOC")])
    assert _pairs(ents) == {("Wien", "LOC")}


def test_descriptors_are_split_from_names(nlp):
    text = ("IfW-Konjunkturchef Stefan Kooths erwartet wenig. In der Pazifikmetropole Guayaquil regnet es. "
            "Der Japaner Akito Watabe siegte.")  # fmt: skip
    spans = [("IfW-Konjunkturchef Stefan Kooths", "ORG"), ("Pazifikmetropole Guayaquil", "LOC"),
             ("Japaner Akito Watabe", "ORG")]  # fmt: skip
    ents = _with_model(nlp, text, spans)
    assert _pairs(ents) >= {("Stefan Kooths", "PER"), ("Guayaquil", "LOC"), ("Akito Watabe", "PER")}
    assert [r.role for r in _by_name(ents, "Stefan Kooths").roles] == ["IfW-Konjunkturchef"]


def test_companies_and_media_are_organisations(nlp):
    text = ("Der Streamingdienst Spotify wächst. Das meldete die Frankfurter Allgemeine Zeitung. "
            "Die spanische Bahngesellschaft Renfe streikt.")  # fmt: skip
    spans = [("Spotify", "PER"), ("Frankfurter Allgemeine Zeitung", "LOC")]  # Renfe: the model missed it
    assert _pairs(_with_model(nlp, text, spans)) == {
        ("Spotify", "ORG"), ("Frankfurter Allgemeine Zeitung", "ORG"), ("Renfe", "ORG")}


def test_inflected_names_get_their_nominative(nlp):
    text = "Ein Sprecher der Deutschen Bahn widersprach der Europäischen Kommission und zitierte Marshall McLuhans Buch."
    spans = [("Deutschen Bahn", "ORG"), ("Europäischen Kommission", "ORG"), ("Marshall McLuhans Buch", "PER")]
    ents = _with_model(nlp, text, spans)
    assert _pairs(ents) == {("Deutsche Bahn", "ORG"), ("Europäische Kommission", "ORG"), ("Marshall McLuhan", "PER")}
    assert _by_name(ents, "Deutsche Bahn").aliases == ["Deutschen Bahn"]


def test_acronym_defined_with_the_model_span_keeps_one_entity(nlp):
    text = "Das Deutsche Institut für Wirtschaftsforschung (DIW) warnt. Das DIW sieht Risiken."
    spans = [("Deutsche Institut für Wirtschaftsforschung", "ORG"), ("DIW", "ORG")]
    (diw,) = _with_model(nlp, text, spans)
    assert diw.name == "Deutsches Institut für Wirtschaftsforschung" and "DIW" in diw.aliases
    assert len(diw.mentions) == 3


def test_entity_confidence_rises_with_evidence(nlp):
    text = "Gestern kam Zorkelmann zu Quarvix. Die Bundeskanzlerin Angela Merkel sprach in Berlin."
    ents = {e.name: e.confidence for e in _with_model(nlp, text, [("Zorkelmann", "PER"), ("Quarvix", "ORG")])}
    assert ents["Quarvix"] == 0.5  # one word, the model alone, once: hidden in the KB by default
    assert ents["Zorkelmann"] == 0.4  # a person by one unknown word: news would give the full name
    assert ents["Angela Merkel"] >= 0.8 and ents["Berlin"] >= 0.7


def test_gazetteer_knows_nouns_compounds_and_demonyms():
    gaz = load()
    assert gaz.noun("Marktverhältnissen").lemma == "Marktverhältnis"
    assert gaz.noun("Pazifikmetropole").genus == "f"
    assert gaz.noun("Hartberg") is None and gaz.noun("Jayapura") is None  # place-name endings, foreign words
    assert (gaz.demonym("Wiener"), gaz.demonym("Japanerin"), gaz.demonym("Münchner")) == ("Wien", "Japan", "München")
    assert gaz.lemma_name(["Europäischen", "Rechnungshofs"]) == "Europäischer Rechnungshof"
    assert gaz.lemma_name(["Vienna", "Insurance", "Group"]) is None


def test_a_dateline_names_a_place_and_headline_phrases_are_no_names(nlp):
    text = ("San Juan – Das verschuldete Territorium zahlt. Zehn Jahre Stress haben ihn geschwächt. "
            "Europäische Führungsspitzen berieten. Rotes Kreuz und Weißes Haus halfen.")  # fmt: skip
    spans = [("San Juan", "PER"), ("Zehn Jahre Stress", "MISC"), ("Europäische Führungsspitzen", "ORG"),
             ("Rotes Kreuz", "ORG"), ("Weißes Haus", "LOC")]  # fmt: skip
    assert _pairs(_with_model(nlp, text, spans)) == {("San Juan", "LOC"), ("Rotes Kreuz", "ORG"), ("Weißes Haus", "LOC")}


def test_a_known_organisation_in_the_genitive_is_that_organisation(nlp):
    ents = _with_model(nlp, "Die Abgeordneten des Bundestages stimmten zu. Die Champions League beginnt.",
                       [("Bundestages", "ORG"), ("Champions League", "ORG")])  # fmt: skip
    assert _pairs(ents) == {("Bundestag", "ORG"), ("Champions League", "ORG")}


def test_a_bracket_ends_a_model_span(nlp):
    ents = _with_model(nlp, "Die Fans fahren nach St. Gallen (Schweiz) zum Einkauf.", [("St. Gallen (Schweiz", "LOC")])
    assert ("St. Gallen", "LOC") in _pairs(ents) and not any("(" in e.name for e in ents)


def test_inflected_and_nominative_forms_in_one_article_are_one_entity(nlp):
    text = "Die Deutsche Bahn erhöht die Preise. Der Chef der Deutschen Bahn verteidigte das."
    ents = _with_model(nlp, text, [("Deutsche Bahn", "ORG"), ("Deutschen Bahn", "ORG")])
    (bahn,) = ents
    assert bahn.name == "Deutsche Bahn" and len(bahn.mentions) == 2


# -- round 5: defect classes read from the earlier KB samples' wrong verdicts -------------------


def test_a_thing_after_a_persons_name_is_not_part_of_it(nlp):
    """First name + surname + a common noun (also a compound or hyphen compound): the name ends
    before the noun; a genitive before the noun is undone (round 13) unless a given name or English
    word ends in it (Tom Hanks)."""
    text = ("Das Orchester spielte Peter Hellmanns Klavierkonzert. Zu sehen ist Tom Hanks Regie-Debüt. "
            "Wie Tom Rostons Buch zeigt, irrte Roston nie. Richter Oliver Schoßwohl sprach das Urteil.")  # fmt: skip
    names = _pairs(_entities(nlp, text))
    assert {("Peter Hellmann", "PER"), ("Tom Hanks", "PER"), ("Tom Roston", "PER"),
            ("Oliver Schoßwohl", "PER")} <= names  # fmt: skip
    assert not any(n in name for name, _ in names for n in ("Klavierkonzert", "Regie", "Buch"))


def test_a_descriptor_noun_before_a_name_is_cut_but_a_class_word_of_the_name_stays(nlp):
    text = ("Der Stadtkonkurrent Atlético Madrid verlor. Am Grenzübergang Freilassing warteten viele. "
            "Der Hersteller Canonical zog nach. Die Universität Wien und die Zielpunkt GmbH luden ein. "
            "Er kurte in Bad Aussee.")  # fmt: skip
    spans = [("Stadtkonkurrent Atlético Madrid", "ORG"), ("Grenzübergang Freilassing", "ORG"),
             ("Hersteller Canonical", "ORG"), ("Universität Wien", "ORG"), ("Zielpunkt GmbH", "ORG"),
             ("Bad Aussee", "LOC")]  # fmt: skip
    assert _pairs(_with_model(nlp, text, spans)) == {
        ("Atlético Madrid", "ORG"), ("Freilassing", "ORG"), ("Canonical", "ORG"), ("Universität Wien", "ORG"),
        ("Zielpunkt GmbH", "ORG"), ("Bad Aussee", "LOC")}  # fmt: skip


def test_a_thing_named_after_a_name_by_a_hyphen_compound_is_no_entity(nlp):
    text = "Frankreich streitet über das El Khomri-Gesetz. Die Drone Racing Championships-Rennen laufen. Die EU-Kommission prüft."
    spans = [("El Khomri-Gesetz", "ORG"), ("Drone Racing Championships-Rennen", "ORG"), ("EU-Kommission", "ORG")]
    assert _pairs(_with_model(nlp, text, spans)) == {("Frankreich", "LOC"), ("EU-Kommission", "ORG")}


def test_a_place_adjective_no_lexicon_knows_before_a_plain_noun_is_no_name(nlp):
    text = "Das Erdberger Asylquartier schließt. Die Wiener Zeitung berichtet darüber."
    spans = [("Erdberger Asylquartier", "ORG"), ("Wiener Zeitung", "ORG")]
    assert _pairs(_with_model(nlp, text, spans)) == {("Wiener Zeitung", "ORG")}


def test_an_abbreviated_concept_is_no_organisation_but_an_abbreviated_office_is(nlp):
    text = ("Das Bruttoinlandsprodukt (BIP) sank. Der Windpark leistet 39 Megawatt (MW). "
            "Das Bundeskriminalamt (BKA) ermittelt. Die Frau eines Wiener Arztes reiste ab.")  # fmt: skip
    spans = [("Bruttoinlandsprodukt", "ORG"), ("Megawatt", "ORG"), ("Wiener Arztes", "ORG")]
    names = {n for n, _ in _pairs(_with_model(nlp, text, spans))}
    assert "Bundeskriminalamt" in names
    assert not names & {"Bruttoinlandsprodukt", "Megawatt", "Wiener Arztes", "Wiener Arzt"}


def test_a_descriptor_noun_is_evidence_and_a_capitalised_particle_continues_a_name(nlp):
    text = ("Der Wohnungskonzern Vonovia hofft. Bundespräsident Alexander Van der Bellen unterschrieb. "
            "Im Plan E steht nichts.")  # fmt: skip
    ents = {e.name: e for e in _with_model(nlp, text, [("Vonovia", "ORG"), ("E", "ORG")])}
    assert ents["Vonovia"].type == "ORG" and ents["Vonovia"].confidence >= 0.7  # listed by the KB
    assert ents["Alexander Van der Bellen"].type == "PER"
    assert "E" not in ents  # one letter is no name


def test_a_word_paired_with_a_common_noun_is_one_even_if_it_names_a_city_or_person(nlp):
    text = "Man bestellt Kleidung oder Essen online. Dann folgen Blitz und Donner. Die Messe ist in Essen."
    ents = _with_model(nlp, text, [("Donner", "PER")])
    assert _pairs(ents) == {("Essen", "LOC")}
    (essen,) = ents
    assert [m.text for m in essen.mentions] == ["Essen"] and len(essen.mentions) == 1  # only "in Essen"


def test_events_and_holdings_are_typed_by_their_last_word(nlp):
    text = "Karlovic schlug bei den Gerry Weber Open 45 Asse. Die Moser Holding klagt gegen die Behörde."
    ents = _with_model(nlp, text, [("Gerry Weber Open", "PER"), ("Moser Holding", "PER")])
    assert _pairs(ents) == {("Gerry Weber Open", "MISC"), ("Moser Holding", "ORG")}


def test_a_surname_lexicon_is_no_evidence_for_a_place(nlp):
    """The model types players in a line-up as places; knowing the word as a surname must not
    lift such a place over the KB's listing threshold."""
    ents = {e.name: e for e in _with_model(nlp, "Salzburg: Walke – Schwegler.", [("Walke", "LOC")])}
    assert ents["Walke"].confidence < 0.7 <= ents["Salzburg"].confidence


def test_referees_clubs_possessors_and_role_phrases(nlp):
    text = ("Wörthersee-Stadion, SR Weinberger. Der Macher von Bayern München ist frei. "
            "Dänemarks Pione Sisto ist gefragt. Gezeigt wird Sodom von Milo Rau. Das Wiener Metalab trickste. "
            "Es sprach der Wiener serbisch-orthodoxe Bischof.")  # fmt: skip
    spans = [("SR Weinberger", "ORG"), ("Bayern München", "LOC"), ("Dänemarks Pione", "ORG"),
             ("Sodom von Milo Rau", "PER"), ("Wiener Metalab", "ORG"), ("Wiener serbisch-orthodoxe Bischof", "ORG")]  # fmt: skip
    ents = {e.name: e for e in _with_model(nlp, text, spans)}
    assert ents["Weinberger"].type == "PER" and ents["Weinberger"].confidence >= 0.7
    assert ents["Bayern München"].type == "ORG"
    district = _with_model(nlp, "Die Pavillons in Wien Währing wurden verkauft.", [("Wien Währing", "LOC")])
    assert ("Wien Währing", "LOC") in _pairs(district)  # a city's district, no club
    assert "Pione Sisto" in ents and "Dänemarks Pione" not in ents
    assert ents["Milo Rau"].type == "PER" and "Metalab" in ents
    assert not any("Bischof" in n for n in ents)


# -- issue 11, round 8: classes of errors found in the KB samples ---------------------------------


def test_a_city_in_a_teams_slot_of_a_sports_report_is_the_club(nlp):
    text = ("Der FC Bayern siegte 2:0 und führt. Augsburg gelang ein 1:0 gegen Ingolstadt. "
            "Ingolstadts Manager Thomas Linke lobte den Trainer. Das Wetter in Ingolstadt war kalt.")  # fmt: skip
    pairs = _pairs(_with_model(nlp, text, []))
    assert {("Augsburg", "ORG"), ("Ingolstadt", "ORG"), ("Ingolstadt", "LOC")} <= pairs
    # without match scores or sports words the same slots name the places
    plain = _pairs(_with_model(nlp, "Augsburg gelang ein Coup gegen Ingolstadt bei der Wahl.", []))
    assert {("Augsburg", "LOC"), ("Ingolstadt", "LOC")} <= plain and not any(t == "ORG" for _, t in plain)


def test_squad_lists_results_and_line_ups_name_clubs(nlp):
    text = ("Tor: Ramazan Özcan (Ingolstadt, 4), Heinz Lindner (Frankfurt, 7). Salzburg – Augsburg 2:1 (0:1). "
            "Augsburg: Walke – Schwegler, Miranda.")  # fmt: skip
    ents = _with_model(nlp, text, [])
    assert {("Ingolstadt", "ORG"), ("Frankfurt", "ORG"), ("Augsburg", "ORG")} <= _pairs(ents)


def test_works_and_products_are_misc_and_bands_organisations(nlp):
    text = ("Nina Gantz zeigt im Puppenfilm Edmond einen Helden. Sie werkten an Titeln wie The Witcher 3, "
            "The Division und Enemy Front. Davor gab es Bands wie Sam Gopal oder The Rocking Vicars. "
            "Gigaset zeigt das ME Pro mit einer Maxwell GPU.")  # fmt: skip
    spans = [("Edmond", "PER"), ("Enemy Front", "ORG"), ("Sam Gopal", "PER"), ("ME Pro", "ORG"), ("Maxwell GPU", "PER")]
    pairs = _pairs(_with_model(nlp, text, spans))
    assert {("Edmond", "MISC"), ("Enemy Front", "MISC"), ("Sam Gopal", "ORG"), ("ME Pro", "MISC"),
            ("Maxwell GPU", "MISC")} <= pairs  # fmt: skip


def test_glued_headings_particles_possessors_and_line_up_headers_are_cut(nlp):
    text = ("20.15 ARCHÄOLOGIEIndiana Jones und der Tempel des Todes. Kerry traf Präsident Abdel Fattah al-Sisi. "
            "Rooney ist nun zusammen mit Sir Bobby Charlton Englands Rekordtorschütze. "
            "Spiridonovic – Monschein Salzburg: Walke – Lainer, Miranda.")  # fmt: skip
    spans = [("ARCHÄOLOGIEIndiana Jones", "ORG"), ("Abdel Fattah al-Sisi", "PER"), ("Monschein Salzburg", "ORG")]
    names = {e.name for e in _with_model(nlp, text, spans)}
    assert "Abdel Fattah al-Sisi" in names and "Sir Bobby Charlton" in names
    assert not any("ARCHÄOLOGIE" in n or "England" in n or n == "Monschein Salzburg" for n in names)


def test_a_currency_after_a_place_adjective_is_no_place_anywhere_in_the_article(nlp):
    text = "Die Banken vergaben Kredite in Schweizer Franken. Der Franken stieg danach stark."
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(k, k + 7, label="LOC") for k in (text.index("Franken"), text.rindex("Franken"))]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert doc._.chronik_entities == []


def test_one_name_has_one_type_in_an_article(nlp):
    text = "Forscher untersuchten die Software-Hosting-Plattform Github. Github hat Probleme."
    ents = _with_model(nlp, text, [("Github", "LOC"), ("Github hat", "LOC")])
    assert [(e.name, e.type) for e in ents] == [("Github", "ORG")] and len(ents[0].mentions) == 2


def test_first_names_decide_people_and_words_that_open_no_name_lower_the_confidence(nlp):
    text = ("Windows bekommt den Task Switcher. Österreichs Nummer eins Mensur Suljović wirft. Das zeigte er im "
            "Magna-Konzern Frank Stronachs unter Beweis. Die Jungstar Belinda Bencic gewann. Der Club Hertha BSC verlor. "
            "Es spricht Lukas Rotpuller von FK Austria. Die Kritik am Film The Martian blieb aus.")  # fmt: skip
    spans = [("Task Switcher", "PER"), ("Mensur Suljović", "ORG"), ("Frank Stronachs", "ORG"),
             ("Jungstar Belinda Bencic", "PER"), ("Hertha BSC", "PER"), ("Lukas Rotpuller von FK Austria", "PER"),
             ("The Martian", "ORG")]  # fmt: skip
    ents = {e.name: e for e in _with_model(nlp, text, spans)}
    assert ents["Task Switcher"].confidence < 0.7
    assert ents["Mensur Suljović"].type == ents["Frank Stronach"].type == ents["Belinda Bencic"].type == "PER"
    assert ents["Hertha BSC"].type == "ORG" and ents["Lukas Rotpuller"].type == "PER"
    assert ents["The Martian"].type == "MISC"  # "The" is a given name too, but no person's opener before a film


def test_a_demonym_before_a_surname_named_in_full_is_the_person(nlp):
    text = "Michael Weiss war zufrieden. Der Niederösterreicher Weiss wurde 16."
    ents = _with_model(nlp, text, [("Michael Weiss", "PER"), ("Niederösterreicher Weiss", "LOC")])
    assert _pairs(ents) == {("Michael Weiss", "PER")} and len(ents[0].mentions) == 2


# -- every example of issue 11's text, in sentences written for the purpose --------------------


def _listed(ents):
    """What the KB lists by default: entities at or above its confidence threshold."""
    from chronik.store.kb import MIN_CONFIDENCE

    return {(e.name, e.type) for e in ents if e.confidence is None or e.confidence >= MIN_CONFIDENCE}


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        pytest.param("Die Bundeslinie bleibt, sagte der Sprecher. Im Radio lief ein alter Schlager. Unter diesen "
                     "Marktverhältnissen wird das Kartoffelpüree in der Kantine teurer.",
                     [("Bundeslinie", "ORG"), ("Schlager", "PER"), ("Marktverhältnissen", "ORG"),
                      ("Kartoffelpüree", "LOC")], id="common-nouns"),
        pytest.param("Der ÖVP-Chef lobte den FPÖ-Kandidat, die FPÖ-Abgeordneten schwiegen dazu.",
                     [("ÖVP-Chef", "ORG"), ("FPÖ-Kandidat", "ORG"), ("FPÖ-Abgeordneten", "ORG")],
                     id="role-and-party-compounds"),
        pytest.param("Der Harlekin tanzte, und Jesu Liebe war das Thema der Predigt.",
                     [("Harlekin", "PER"), ("Jesu Liebe", "PER")], id="issue-phrases-as-people"),
        pytest.param("Die FPÖ-Aktion lief an, die Vote Leave-Leute jubelten, der Zipfer TV Spot lief.",
                     [("FPÖ-Aktion", "ORG"), ("Vote Leave-Leute", "ORG"), ("Zipfer TV Spot", "ORG")],
                     id="issue-thing-compounds"),
        pytest.param("Der Werbeblocker half. Im Morgengrauen füllte sich der Steuertopf, die Hauptschule machte "
                     "Furore und zollte Tribut.",
                     [("Werbeblocker", "ORG"), ("Morgengrauen", "LOC"), ("Steuertopf", "ORG"), ("Hauptschule", "ORG"),
                      ("Furore", "MISC"), ("Tribut", "PER")], id="issue-more-common-nouns"),
    ],
)  # fmt: skip
def test_what_the_model_tags_in_these_sentences_is_no_listed_entity(nlp, text, spans):
    """Common nouns, roles, party and thing compounds the model took for names: the KB lists none
    (and, but for the two issue lists, no entity is made at all)."""
    ents = _with_model(nlp, text, spans)
    assert _listed(ents) == set()
    if not any(s == "Zipfer TV Spot" or s == "Tribut" for s, _ in spans):
        assert ents == []


def test_issue_companies_the_model_calls_people_are_not_listed_as_people(nlp):
    text = "Die Busse von Flixbus und die Züge von Flixtrain fahren. Warner kündigte den Film an."
    ents = _with_model(nlp, text, [("Flixbus", "PER"), ("Flixtrain", "PER"), ("Warner", "PER")])
    assert not any(t == "PER" for _, t in _listed(ents))


def test_issue_descriptors_and_adjectives_glued_to_names_are_cut(nlp):
    text = "Die Anteilsscheine der Erste Group stiegen. Thomas Bernhard österreichische Prosa ist berühmt."
    ents = _with_model(nlp, text, [("Anteilsscheine der Erste Group", "ORG"), ("Thomas Bernhard österreichische", "PER")])
    assert _pairs(ents) == {("Erste Group", "ORG"), ("Thomas Bernhard", "PER")}


def test_issue_media_are_organisations(nlp):
    assert _pairs(_with_model(nlp, "Die serbische Zeitung Danas berichtete.", [("Danas", "LOC")])) == {("Danas", "ORG")}


def test_issue_a_slash_dateline_is_cut_and_inflected_names_get_their_nominative(nlp):
    ents = _with_model(nlp, "Wien/Spielfeld – Die Polizei kontrolliert.", [("Wien/Spielfeld", "LOC")])
    assert _pairs(ents) == {("Wien", "LOC")}
    ents = _with_model(nlp, "Der Antrag kam im Deutschen Bundestag zur Abstimmung.", [("Deutschen Bundestag", "ORG")])
    assert _pairs(ents) == {("Deutscher Bundestag", "ORG")}


def test_issue_names_the_model_cut_short_are_whole(nlp):
    text = "Der Sportler Sergey Kiselev sprach. Danach empfing König Abdullah II. den Gast."
    ents = _with_model(nlp, text, [("Sergey", "PER"), ("Abdullah", "PER")])
    assert {("Sergey Kiselev", "PER"), ("Abdullah II.", "PER")} <= _pairs(ents)


def test_issue_a_place_inside_an_organisations_name_opens_no_second_place(nlp):
    text = "Die Vienna Insurance Group wächst. In Wien regnet es."
    ents = _with_model(nlp, text, [("Vienna Insurance Group", "ORG")])
    assert _pairs(ents) == {("Vienna Insurance Group", "ORG"), ("Wien", "LOC")}
    assert [e.aliases for e in ents if e.name == "Vienna Insurance Group"] == [[]]  # it holds no "Wien"


def test_issue_bahn_forms_rundfunk_acronym_and_rechnungshof(nlp):
    text = ("Der Chef der Deutschen Bahn sprach. Laut Bahn-Angaben fuhr der Zug. Der Bayerische Rundfunk (BR) "
            "sendet, der BR bleibt dabei. Der Präsident des Europäischen Rechnungshofs warnte.")  # fmt: skip
    spans = [("Deutschen Bahn", "ORG"), ("Bahn-Angaben", "ORG"), ("Europäischen Rechnungshofs", "ORG")]
    ents = {e.name: e for e in _with_model(nlp, text, spans)}
    assert set(ents) == {"Deutsche Bahn", "Bayerischer Rundfunk", "Europäischer Rechnungshof"}
    assert "BR" in ents["Bayerischer Rundfunk"].aliases


def test_issue_current_political_names_are_found_without_the_model(nlp):
    text = "Alice Weidel von der AfD kritisierte das Ifo-Institut."
    assert _pairs(_with_model(nlp, text, [])) == {("Alice Weidel", "PER"), ("AfD", "ORG"), ("Ifo-Institut", "ORG")}


def test_a_double_space_inside_a_name_and_an_organisations_genitive(nlp):
    text = ("Der grüne Agrarsprecher Wolfgang  Pirklhuber brachte ihn ein. Das zeigt das Ranking des "
            "Weltwirtschaftsforums (WEF) klar.")  # fmt: skip
    ents = _with_model(nlp, text, [("Wolfgang", "PER"), ("Weltwirtschaftsforums", "ORG")])
    assert {("Wolfgang Pirklhuber", "PER"), ("Weltwirtschaftsforum", "ORG")} <= _pairs(ents)


# -- round 9: what the round-8 samples and a real Bundesliga report still showed -------------------


def test_in_a_match_report_a_city_outside_a_place_preposition_is_its_club(nlp):
    text = ("Der FC Bayern siegte 2:0 und führt. Augsburg kann mit seinem 1:0 zufrieden sein, neuer "
            "Tabellenletzter ist Mainz. Nach der Niederlage in Freiburg fällt Bochum zurück, nachdem Leverkusen "
            "und Dortmund gewinnen konnten. Estland – Litauen 1:0 (0:0) Tallinn. Die Mannschaft holte fünf Siegen.")  # fmt: skip
    pairs = _pairs(_with_model(nlp, text, []))
    assert {("Augsburg", "ORG"), ("Mainz", "ORG"), ("Bochum", "ORG"), ("Leverkusen", "ORG"), ("Dortmund", "ORG"),
            ("Freiburg", "LOC"), ("Tallinn", "LOC")} <= pairs  # fmt: skip
    assert not any(n == "Siegen" for n, _ in pairs)  # "fünf Siegen": the noun, not the city
    # a race has venues, no teams: without two results the subjects stay places
    race = _pairs(_with_model(nlp, "Vettel siegte in der Saison oft. Abu Dhabi liegt ihm, Monza auch.", []))
    assert not any(t == "ORG" for _, t in race)


def test_a_describing_compound_and_a_demonym_noun_are_cut_from_names(nlp):
    text = ("Zuletzt gelang dem Schweden Mats Sundin eine Serie. Es stimmten die Abgeordneten der "
            "Neonazi-Partei Goldene Morgenröte dagegen.")  # fmt: skip
    ents = _with_model(nlp, text, [("Schweden Mats", "ORG"), ("Neonazi-Partei Goldene Morgenröte", "ORG")])
    assert {("Mats Sundin", "PER"), ("Goldene Morgenröte", "ORG")} <= _pairs(ents)


# -- round 10: media, and what the round-8/9 samples still showed -------------------------------


def test_media_in_ascii_quotes_and_with_a_reporting_cue_are_organisations(nlp):
    text = ('Das sagte Friedrich Merz der "Rheinischen Post". Wie die "Rheinische Post" weiter berichtete, bleibt er. '
            "Das berichtete der Spiegel am Montag. Er sagte dem Handelsblatt nichts. Laut Standard ist es fix. "
            'Dem Kurier zufolge stimmt das. Das schrieb die "Badische Zeitung", auch die Frankfurter Rundschau.')  # fmt: skip
    ents = _with_model(nlp, text, [("Frankfurter Rundschau", "LOC")])
    assert _pairs(ents) == {("Friedrich Merz", "PER"), ("Rheinische Post", "ORG"), ("Der Spiegel", "ORG"),
                            ("Handelsblatt", "ORG"), ("Der Standard", "ORG"), ("Kurier", "ORG"),
                            ("Badische Zeitung", "ORG"), ("Frankfurter Rundschau", "ORG")}  # fmt: skip
    assert len(_texts(_by_name(ents, "Rheinische Post"))) == 2  # both forms, one entity


def test_media_words_without_a_cue_stay_common_nouns(nlp):
    text = ("Die Zeit drängt, sagte er. Er sah sich im Spiegel an. Filzmaier erklärt die Welt der Politik. "
            "Der Standard der Branche ist hoch, die Presse war da. Diese Audiovisuelle Medienangebote-Regel gilt.")  # fmt: skip
    assert not any(t == "ORG" for _, t in _pairs(_with_model(nlp, text, [])))


def test_a_descriptor_before_a_media_word_is_cut_and_a_defined_acronym_beats_the_agency(nlp):
    text = ("Das Papier lag dem Magazin Spiegel vor. Er teilte ein Flugblatt der Arbeitsgemeinschaft für "
            "demokratische Politik (AFP). Die AFP wurde verboten. Ein Sprecher des ORF Salzburg bestätigte das.")  # fmt: skip
    ents = _with_model(nlp, text, [("Magazin Spiegel", "ORG"), ("ORF Salzburg", "ORG")])
    pairs = _pairs(ents)
    assert {("Der Spiegel", "ORG"), ("Arbeitsgemeinschaft für demokratische Politik", "ORG"),
            ("ORF Salzburg", "ORG")} <= pairs  # fmt: skip
    assert not any(n == "Agence France-Presse" for n, _ in pairs)
    assert _texts(_by_name(ents, "Arbeitsgemeinschaft für demokratische Politik")) >= {"AFP"}


def test_a_place_word_after_a_place_preposition_is_a_place_not_a_person(nlp):
    text = ("Thiem feierte seinen Turniersieg in Acapulco. Sie wurde nahe  Saigon geboren. Der Anschlag geschah "
            "nahe der Großsiedlung Ariel. Ariel Sharon kam nicht.")  # fmt: skip
    pairs = _pairs(_with_model(nlp, text, [("Acapulco", "PER"), ("Saigon", "PER"), ("Ariel", "PER")]))
    assert {("Acapulco", "LOC"), ("Saigon", "LOC"), ("Ariel", "LOC")} <= pairs
    # a place word that the article also writes after a first name is that person's surname
    text = "In Karas sahen viele den Favoriten. Othmar Karas sprach."
    assert ("Karas", "LOC") not in _pairs(_with_model(nlp, text, [("Karas", "PER"), ("Othmar Karas", "PER")]))


def test_place_genitives_name_the_place_and_stay_in_the_name_of_a_body(nlp):
    text = ("Die Elf hatte mit der Spielweise Moldaus Probleme. Ein Sprecher von Baden-Württembergs Minister "
            "widersprach. Die Rebellen sind mit der Arbeiterpartei Kurdistans verbunden, sagte der Chef des Ifo "
            "Instituts.")  # fmt: skip
    spans = [("Moldaus", "LOC"), ("Baden-Württembergs", "LOC"), ("Kurdistans", "ORG"), ("Ifo Instituts", "ORG")]
    pairs = _pairs(_with_model(nlp, text, spans))
    assert {("Moldau", "LOC"), ("Baden-Württemberg", "LOC"), ("Arbeiterpartei Kurdistans", "ORG"),
            ("Ifo Institut", "ORG")} <= pairs  # fmt: skip
    # the model took only the place: the body is still named; and the rule finds it where the model saw nothing
    for spans in ([("Kurdistans", "LOC")], []):
        pairs = _pairs(_with_model(nlp, "Sie sind mit der verbotenen Arbeiterpartei Kurdistans verbunden.", spans))
        assert pairs == {("Arbeiterpartei Kurdistans", "ORG")}
    # a name that ends in -s as written stays ("Paris"), an English plural is no genitive ("Calgary Flames")
    pairs = _pairs(_with_model(nlp, "Er flog nach Paris. Die Calgary Flames siegten.", [("Calgary Flames", "ORG")]))
    assert {("Paris", "LOC"), ("Calgary Flames", "ORG")} <= pairs


def test_a_sentence_initial_preposition_that_is_a_first_name_opens_no_name(nlp):
    text = ("Per Infrarotsender lassen sich Geräte schalten. Per Smart Remote wird das Handy zur Fernbedienung. "
            "Per Mertesacker spielte. Mertesacker traf.")  # fmt: skip
    spans = [("Per Infrarotsender", "PER"), ("Per Smart", "PER"), ("Per Mertesacker", "PER")]
    assert _pairs(_with_model(nlp, text, spans)) == {("Per Mertesacker", "PER")}


def test_an_event_with_its_year_is_no_organisation(nlp):
    text = "Er holte sich den Vorgeschmack für die WM 2017 in Lahti. Die Umweltorganisation Global 2000 warnt."
    pairs = _pairs(_with_model(nlp, text, [("WM 2017", "ORG"), ("Global 2000", "ORG")]))
    assert {("WM 2017", "MISC"), ("Global 2000", "ORG")} <= pairs


def test_one_side_of_a_result_is_a_team_and_a_persons_thing_is_cut_off(nlp):
    text = ("St. Louis Blues – San Jose Sharks 1:3 \nColorado Avalanche – Dallas Stars 3:4 \nDie Zahlungen für "
            "Wehrschütz Büro wurden gestoppt, Wehrschütz habe nichts gewusst. In der SVP Getränke bezahlt, sagt die SVP. "
            "Teil III folgt.")  # fmt: skip
    spans = [("San Jose Sharks", "PER"), ("Wehrschütz Büro", "PER"), ("SVP Getränke", "ORG"), ("III", "LOC")]
    pairs = _pairs(_with_model(nlp, text, spans))
    assert {("San Jose Sharks", "ORG"), ("Wehrschütz", "PER"), ("SVP", "ORG")} <= pairs
    assert not any(n in {"Wehrschütz Büro", "SVP Getränke", "III"} for n, _ in pairs)
    # a surname that is a common noun stays when the article never writes the first part alone
    pairs = _pairs(_with_model(nlp, "Ibrahima Fall traf zweimal. Die IG Metall streikt.", [("Ibrahima Fall", "PER"),
                                                                                        ("IG Metall", "ORG")]))
    assert {("Ibrahima Fall", "PER"), ("IG Metall", "ORG")} <= pairs


def test_periodicals_and_english_bodies_are_organisations_and_a_name_in_s_before_a_comma_keeps_it(nlp):
    text = ("Die Anschläge auf die Satirezeitschrift Charlie Hebdo trafen Paris. Die Richter am Supreme Court "
            "entschieden. Es sprach Rebecca Harms, die Grünen-Chefin.")  # fmt: skip
    spans = [("Charlie Hebdo", "PER"), ("Supreme Court", "LOC"), ("Rebecca Harms", "PER")]
    pairs = _pairs(_with_model(nlp, text, spans))
    assert {("Charlie Hebdo", "ORG"), ("Supreme Court", "ORG"), ("Rebecca Harms", "PER")} <= pairs


def test_a_word_in_a_list_of_common_nouns_is_one(nlp):
    text = "Das Gespräch über Kunst, Markt, Geld und Politik fand in Wien, der Hauptstadt Österreichs, statt."
    pairs = _pairs(_with_model(nlp, text, [("Kunst", "PER")]))
    assert not any(n == "Kunst" for n, _ in pairs) and ("Wien", "LOC") in pairs


# -- round 11 (KB precision): each class with sentences written for it ---------------------------


def test_a_surname_of_a_person_named_in_full_is_no_city_and_a_role_opens_a_name_ending_in_a_place(nlp):
    text = ("Lewis Hamilton fuhr die schnellste Runde. Am Ende lag Hamilton vor Vettel. Das Team flog danach nach "
            "Hamilton. Der Polizeichef Karimo Haiti sprach am Abend.")  # fmt: skip
    spans = [("Lewis Hamilton", "PER"), ("Karimo Haiti", "ORG")]
    ents = {e.name: e for e in _with_model(nlp, text, spans)}
    assert len(ents["Lewis Hamilton"].mentions) >= 2  # "Hamilton vor Vettel" is the driver
    assert any(e.type == "LOC" and "Hamilton" in e.name for e in ents.values())  # "nach Hamilton" stays the city
    assert ents["Karimo Haiti"].type == "PER" and not any(e.name == "Haiti" for e in ents.values())


def test_a_place_genitive_after_a_describing_noun_and_a_river_are_places(nlp):
    text = ("In Graz fuhr die älteste Pferdestraßenbahn Europas. Die Isar ist sauber. Auf der Wiener Donau trieb "
            "ein Frachter. Der Zug hielt in Wiener Neustadt.")  # fmt: skip
    spans = [("Europas", "LOC"), ("Isar", "MISC"), ("Wiener Donau", "LOC"), ("Wiener Neustadt", "LOC")]
    pairs = _pairs(_with_model(nlp, text, spans))
    assert {("Europa", "LOC"), ("Isar", "LOC"), ("Donau", "LOC"), ("Wiener Neustadt", "LOC")} <= pairs
    assert not any(n == "Europas" or t == "ORG" for n, t in pairs)


def test_a_person_whose_name_ends_in_s_is_no_genitive_of_a_place_only_wiktionary_knows(nlp):
    # "Nahle" is a Wiktionary toponym, not a city Chronik knows: the model's person stays a person
    text = "Nahles sagte am Montag, die Reform sei überfällig. Die Kritik an Wiens Bürgermeister wächst."
    pairs = _pairs(_with_model(nlp, text, [("Nahles", "PER"), ("Wiens", "PER")]))
    assert ("Nahles", "PER") in pairs and not any(n == "Nahle" for n, _ in pairs)
    assert ("Wien", "LOC") in pairs  # a city's genitive the model took for a person is still the city


def test_a_common_noun_after_a_full_name_is_the_verbs_object_when_the_surname_stands_alone_elsewhere(nlp):
    text = "Angesichts der Flaute hat Parteichef Markus Vogler Neuwahlen gefordert. Das sei nötig, sagte Vogler der Zeitung."
    pairs = _pairs(_with_model(nlp, text, [("Markus Vogler Neuwahlen", "PER")]))
    assert ("Markus Vogler", "PER") in pairs and not any("Neuwahlen" in n for n, _ in pairs)
    # without the surname written alone elsewhere there is no evidence where the name ends: the span stays
    alone = _pairs(_with_model(nlp, "Gestern hat Parteichef Markus Vogler Neuwahlen gefordert.",
                               [("Markus Vogler Neuwahlen", "PER")]))
    assert ("Markus Vogler", "PER") not in alone


def test_awards_are_misc_and_a_ranking_before_a_player_is_cut(nlp):
    text = "Der Laureat erhielt den Karl W. Mertens Preis. Thiem trifft auf den Weltranglisten-45. Rubenko."
    pairs = _pairs(_with_model(nlp, text, [("Karl W. Mertens Preis", "PER"), ("Weltranglisten-45. Rubenko", "ORG")]))
    assert ("Karl W. Mertens Preis", "MISC") in pairs and ("Rubenko", "PER") in pairs
    assert not any(n.startswith("Weltranglisten") for n, _ in pairs)


def test_a_name_the_model_ran_on_into_fuer_ends_before_it_unless_a_noun_opens_it(nlp):
    text = ("Ein Beitrag des NDR für Aufregung sorgte. Microsoft bringt Windows 10 für Smartphones. Das Institut "
            "für Höhere Studien und die Alternative für Deutschland widersprachen.")  # fmt: skip
    spans = [("NDR für Aufregung", "ORG"), ("Windows 10 für Smartphones", "MISC"),
             ("Institut für Höhere Studien", "ORG"), ("Alternative für Deutschland", "ORG")]  # fmt: skip
    names = {e.name for e in _with_model(nlp, text, spans)}
    assert {"Norddeutscher Rundfunk", "Windows 10", "Institut für Höhere Studien", "Alternative für Deutschland"} <= names
    assert not any("Aufregung" in n or "Smartphones" in n for n in names)


def test_genitives_of_bodies_get_their_nominative_also_without_an_adjective(nlp):
    text = ("Ein Sprecher des Instituts für Höhere Studien und der Präsident des Österreichischen "
            "Rechtsanwaltskammertages warnten. Die Ärzte von Doctors for Refugees halfen.")  # fmt: skip
    spans = [("Instituts für Höhere Studien", "ORG"), ("Österreichischen Rechtsanwaltskammertages", "ORG"),
             ("Doctors for Refugees", "ORG")]  # fmt: skip
    names = {e.name for e in _with_model(nlp, text, spans)}
    assert names == {"Institut für Höhere Studien", "Österreichischer Rechtsanwaltskammertag", "Doctors for Refugees"}


def test_a_family_name_written_first_joins_the_full_name(nlp):
    text = "Die Anwältin Wu Meiling half der Frau. Später sagte Wu, der Prozess sei unfair. Auch Gerhard Bauer kam, Gerhard nickte."
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label="PER") for s in ("Wu Meiling", "Gerhard Bauer")] \
        + [doc.char_span(text.rindex(s), text.rindex(s) + len(s), label="PER") for s in ("Wu", "Gerhard")]  # fmt: skip
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    ents = {e.name: e for e in doc._.chronik_entities}
    assert _texts(ents["Wu Meiling"], "name") == {"Wu Meiling", "Wu"} and "Wu" not in ents
    assert "Gerhard" in ents  # a given name opening a western name is not a family name: no join


def test_an_owners_genitive_before_a_thing_is_the_owner_and_a_plain_noun_after_a_role_no_name(nlp):
    text = ("Das Update kommt vorerst nur für Googles Betriebssystem. Politiker und Ökonomen Kunst halten Kunst für "
            "wichtig.")  # fmt: skip
    for spans in ([("Googles Betriebssystem", "ORG")], [("Googles Betriebssystem", "ORG"), ("Ökonomen Kunst", "PER")]):
        pairs = _pairs(_with_model(nlp, text, spans))  # the rule alone, and the model's span after the role
        assert ("Google", "ORG") in pairs
        assert not any("Betriebssystem" in n or n == "Kunst" for n, _ in pairs)


def test_a_town_named_with_a_demonym_stays_whole_and_a_name_ending_in_a_city_is_a_club_in_a_match_report(nlp):
    text = "Die Zahl stieg in Wiener Neustadt um zwei Prozent."
    assert _pairs(_with_model(nlp, text, [("Wiener Neustadt", "ORG")])) == {("Wiener Neustadt", "LOC")}
    text = ("Lazio Rom verlor 1:2 gegen Napoli. Rapid siegte 3:0 (1:0). In St. Petersburg regnete es. Inter Mailand "
            "spielte 0:0.")  # fmt: skip
    pairs = _pairs(_with_model(nlp, text, [("Lazio Rom", "LOC"), ("St. Petersburg", "LOC"), ("Inter Mailand", "LOC")]))
    assert {("Lazio Rom", "ORG"), ("Inter Mailand", "ORG"), ("St. Petersburg", "LOC")} <= pairs


def test_a_match_heading_with_vs_is_no_name_of_its_own(nlp):
    text = "Bochum vs. Bayern 3:2\nDer VfL Bochum gewann gegen den FC Bayern."
    names = {e.name for e in _with_model(nlp, text, [("Bochum vs. Bayern", "LOC")])}
    assert not any("vs." in n for n in names)


def test_a_second_role_particles_a_second_surname_and_a_language_before_a_name(nlp):
    text = ("Der Salafistenführer Scheich Omar al-Rafi wurde festgenommen. Der Preis ging an Carlos Ortega Ybarrolaza. "
            "1215 unterzeichnete King John - auf Deutsch Johann Ohneland - die Urkunde. Ridley Scotts Blade Runner "
            "lief.")  # fmt: skip
    spans = [("Carlos Ortega", "PER"), ("Deutsch Johann Ohneland", "PER"), ("Ridley Scotts", "PER")]
    names = {e.name for e in _with_model(nlp, text, spans) if e.type == "PER"}
    assert {"Omar al-Rafi", "Carlos Ortega Ybarrolaza", "Johann Ohneland"} <= names
    assert not any(n.startswith(("Scheich", "Deutsch")) or "Blade" in n for n in names)


# -- round 12 (KB precision): each class with sentences written for it ---------------------------


def test_a_document_or_doctrine_noun_types_the_title_for_all_its_mentions(nlp):
    text = ("Das Museum zeigt die alte Urkunde Lex Aurea. Die Lex Aurea gilt als Grundstein des Rechts. Kritiker "
            "verspotten die Harmonielehre Qi Lun.")  # fmt: skip
    doc = nlp.make_doc(text)
    second = text.index("Lex Aurea", text.index("Die Lex"))
    doc.ents = [doc.char_span(s, s + len(w), label="PER")
                for s, w in ((text.index("Lex Aurea"), "Lex Aurea"), (second, "Lex Aurea"), (text.index("Qi Lun"), "Qi Lun"))]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    pairs = _pairs(doc._.chronik_entities)
    assert ("Lex Aurea", "MISC") in pairs and ("Qi Lun", "MISC") in pairs
    assert not any(t == "PER" for _, t in pairs)


def test_a_person_shaped_name_after_in_that_nobody_bears_is_a_place(nlp):
    text = ("Der Forscher sprach am Institut in Maria Trebbing über Zellen. Er las in Tom Kestels Buch. Kestel "
            "schreibt gut. Viele setzen Hoffnung in Paula Brenner. Brenner schwieg.")  # fmt: skip
    spans = [("Maria Trebbing", "PER"), ("Tom Kestels", "PER"), ("Paula Brenner", "PER")]
    pairs = _pairs(_with_model(nlp, text, spans))
    assert ("Maria Trebbing", "LOC") in pairs
    assert ("Tom Kestel", "PER") in pairs and ("Paula Brenner", "PER") in pairs  # the name comes back: a person


def test_a_compound_adjective_noun_before_a_name_describes_it(nlp):
    text = "Freiburg liegt sieben Punkte vor Drittplatziertem Nürnberg. Die Deutsche Bahn und die Sächsische Schweiz."
    spans = [("Drittplatziertem Nürnberg", "LOC"), ("Deutsche Bahn", "ORG"), ("Sächsische Schweiz", "LOC")]
    pairs = _pairs(_with_model(nlp, text, spans))
    assert ("Nürnberg", "LOC") in pairs and not any(n.startswith("Drittplatz") for n, _ in pairs)
    assert ("Deutsche Bahn", "ORG") in pairs and ("Sächsische Schweiz", "LOC") in pairs  # short adjectives stay


def test_an_abbreviations_expansion_and_an_english_office_are_no_organisations(nlp):
    text = ("Die Firma bietet LTS, kurz für Long-Term Service, an. Die WHO, kurz für World Health Organization, warnte. "
            "Die First Lady winkte.")  # fmt: skip
    spans = [("Long-Term Service", "ORG"), ("World Health Organization", "ORG"), ("First Lady", "ORG")]
    names = {e.name for e in _with_model(nlp, text, spans)}
    assert "World Health Organization" in names or "Weltgesundheitsorganisation" in names
    assert not names & {"Long-Term Service", "First Lady"}


def test_a_media_name_in_swiss_quotes_is_an_organisation(nlp):
    text = "Wie die «Bild» berichtete, trat er zurück. Er sagte der «Badener Zeitung», er sei müde."
    pairs = _pairs(_with_model(nlp, text, []))
    assert ("Bild", "ORG") in pairs and ("Badener Zeitung", "ORG") in pairs


def test_result_compounds_make_a_sports_report_and_coordinated_venues_share_their_preposition(nlp):
    text = ("Nach dem 2:1-Sieg gegen Hannover jubelte Köln. Durch die 0:3-Niederlage fiel Mainz zurück. Mainz "
            "verliert den Anschluss.")  # fmt: skip
    pairs = _pairs(_with_model(nlp, text, [("Hannover", "LOC"), ("Mainz", "LOC")]))
    assert ("Mainz", "ORG") in pairs  # "Mainz verliert": the club, in a report whose results are compounds
    text = "Zuvor gab es ein 0:0 in Dortmund und Bielefeld, ein 1:3 in Bremen. Bielefeld bleibt Letzter."
    pairs = _pairs(_with_model(nlp, text, [("Dortmund", "LOC"), ("Bielefeld", "LOC"), ("Bremen", "LOC")]))
    assert {("Dortmund", "LOC"), ("Bielefeld", "LOC"), ("Bremen", "LOC")} <= pairs  # the venues


def test_an_inflected_name_ending_in_a_place_gets_its_nominative(nlp):
    text = "Ein Team der Technischen Universität Graz und der Medizinischen Universität Innsbruck forscht."
    spans = [("Technischen Universität Graz", "ORG"), ("Medizinischen Universität Innsbruck", "ORG")]
    names = {e.name for e in _with_model(nlp, text, spans)}
    assert {"Technische Universität Graz", "Medizinische Universität Innsbruck"} <= names
    assert load().lemma_name(["Vienna", "Insurance", "Group"]) is None  # no German adjective: no declension


# -- round 13 (KB precision): one case per rule, each with a sentence where it must not fire ------

_ROUND13 = [
    # a person's genitive before a common noun names the person, also where the first name made the name
    ("saxon genitive", "In Jack Pellmans Drehbuch streiten zwei Brüder.", [("Jack Pellmans", "PER")],
     {("Jack Pellman", "PER")}, {("Jack Pellmans", "PER")}),
    ("genitive after a title", "Der Graf war Prinz Lothars Gefährte und Berater.", [("Lothars", "PER")],
     {("Lothar", "PER")}, {("Lothars", "PER")}),
    ("English surname in -s", "In Chris Evans Rolle steckt viel Witz.", [("Chris Evans", "PER")],
     {("Chris Evans", "PER")}, {("Chris Evan", "PER")}),
    ("given name without -s", "In Tom Hanks Regiedebüt spielt eine Band.", [("Tom Hanks", "PER")],
     {("Tom Hanks", "PER")}, {("Tom Hank", "PER")}),
    ("-s form alone elsewhere", "In Lena Wurms Buch geht es um Geld. Wurms sagte, sie schreibe weiter.",
     [("Lena Wurms", "PER")], {("Lena Wurms", "PER")}, {("Lena Wurm", "PER")}),
    # a person's genitive (written after a first name elsewhere) before any noun is the owner
    ("owner before an institution", "Rudolf Brandstätters Rede war kurz. Ein Beamter aus Brandstätters "
     "Sozialministerium schwieg.", [("Rudolf Brandstätters", "PER"), ("Brandstätters Sozialministerium", "ORG")],
     {("Rudolf Brandstätter", "PER")}, {("Brandstätters Sozialministerium", "ORG")}),
    # English company heads
    ("firm head", "Die Unternehmensberater Nora Partners legten einen Bericht vor.", [("Nora Partners", "PER")],
     {("Nora Partners", "ORG")}, {("Nora Partners", "PER"), ("Nora", "PER")}),
    ("company after a first name", "Den Film produziert die Lisa Marten Company aus Kalifornien.",
     [("Lisa Marten Company", "PER")], {("Lisa Marten Company", "ORG")}, {("Lisa Marten Company", "PER")}),
    ("work noun no lexicon splits", "Der ORF zeigt die Dorfserie Kaltenbach. Kaltenbach läuft am Montag.",
     [("Dorfserie Kaltenbach", "ORG")], {("Kaltenbach", "MISC")}, {("Dorfserie Kaltenbach", "ORG")}),
    ("no firm head", "Die Beraterin Nora Lindqvist legte einen Bericht vor.", [("Nora Lindqvist", "PER")],
     {("Nora Lindqvist", "PER")}, set()),
    # a name after a person's genitive (and an adjective) is the person's work
    ("work of a person", "Er drehte nach Wes Kellers schrägem The Blue Lagoon Motel einen Krimi.",
     [("The Blue Lagoon Motel", "ORG")], {("The Blue Lagoon Motel", "MISC")}, {("The Blue Lagoon Motel", "ORG")}),
    ("owner's party", "Angela Ketterers CDU verlor die Wahl.", [("CDU", "ORG")], {("CDU", "ORG")}, set()),
    # one-word events
    ("event", "Die Stadt will die Kanäle bis Olympia sanieren.", [("Olympia", "LOC")],
     {("Olympia", "MISC")}, {("Olympia", "LOC")}),
    ("affair", "Die Causa Hypo beschäftigt die Gerichte.", [("Causa Hypo", "ORG")],
     {("Causa Hypo", "MISC")}, {("Causa Hypo", "ORG")}),
    # clubs in sports reports
    ("club words", "Der Stürmer wechselt von Admira Wacker Mödling zu Celta Vigo. Zuvor gewann er 2:1 und 3:0 im Cup.",
     [("Admira Wacker Mödling", "PER"), ("Celta Vigo", "PER")],
     {("Admira Wacker Mödling", "ORG"), ("Celta Vigo", "ORG")}, {("Celta Vigo", "PER")}),
    ("club word as a first name", "Viktoria Asarenka gewann 6:2 und 6:3 gegen die Vorjahressiegerin.",
     [("Viktoria Asarenka", "PER")], {("Viktoria Asarenka", "PER")}, set()),
    ("player, then the club", "Gegen Hartberg gab es zuletzt ein 2:1 nach Verlängerung. Dann brachte Jonas Kerber Hartberg mit 1:0 "
     "in Front.", [("Hartberg", "LOC"), ("Jonas Kerber Hartberg", "PER")],
     {("Jonas Kerber", "PER")}, {("Jonas Kerber Hartberg", "PER")}),
    ("club and minute", "Rot sah Iker Sola (Bilbao/86.). Bilbao gewann 2:1 und davor 3:0 im Cup.",
     [("Iker Sola", "PER"), ("Bilbao", "LOC")], {("Bilbao", "ORG")}, {("Bilbao", "LOC")}),
    # a role before a name with an acronym or a number names the role's club, no person
    ("role before a club", "Alfred Maier (Trainer TSG 1899 Kleindorf) lobte sein Team.", [("TSG 1899 Kleindorf", "ORG")],
     {("TSG 1899 Kleindorf", "ORG")}, {("TSG 1899 Kleindorf", "PER")}),
    ("role before a person", "Gestern sprach Minister Anton Gruber im Landtag.", [("Anton Gruber", "ORG")],
     {("Anton Gruber", "PER")}, {("Anton Gruber", "ORG")}),
    # a name runs through "von der" only into a surname, and never ends on a particle
    ("von der before a body", "Das sagte Anna Stelzhammer von der Europäischen Raumfahrtagentur gestern.", [],
     {("Anna Stelzhammer", "PER")}, {("Anna Stelzhammer von der Europäischen", "PER")}),
    ("von der before a bank", "Das sagte Eugen Kramreiter von der Commerzbank am Montag.", [],
     {("Eugen Kramreiter", "PER")}, {("Eugen Kramreiter von der Commerzbank", "PER")}),
    ("no particle at the end", "Das sagte Franz Gassner von Konzernen wie Siemens.", [],
     {("Franz Gassner", "PER")}, {("Franz Gassner von", "PER"), ("Franz Gassner von Konzernen", "PER")}),
    # bodies, venues, media
    ("seat after a body", "Die Internationale Organisation für Atomforschung in Genf lädt ein.",
     [("Internationale Organisation für Atomforschung in Genf", "ORG")],
     {("Internationale Organisation für Atomforschung", "ORG")}, {("Internationale Organisation für Atomforschung in Genf", "ORG")}),
    ("in der", "Das Bundesamt für Sicherheit in der Informationstechnik warnt.",
     [("Bundesamt für Sicherheit in der Informationstechnik", "ORG")],
     {("Bundesamt für Sicherheit in der Informationstechnik", "ORG")}, set()),
    ("venue", "Er sprach im Estadio Pedro Almeida vor Journalisten.", [("Pedro Almeida", "PER")],
     {("Pedro Almeida", "LOC")}, {("Pedro Almeida", "PER")}),
    ("agency, then who it quotes", "Premier Peter Dvorsky schwieg lange. Dann zitierte die Nachrichtenagentur "
     "TASR Dvorsky am Mittwoch.", [("Peter Dvorsky", "PER"), ("TASR Dvorsky", "ORG")],
     {("TASR", "ORG")}, {("TASR Dvorsky", "ORG")}),
    ("radio station", "Die Antenne Kärnten verlor Hörer an Kronehit.", [("Antenne Kärnten", "LOC")],
     {("Antenne Kärnten", "ORG"), ("Kronehit", "ORG")}, {("Antenne Kärnten", "LOC")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "spans", "present", "absent"), [c[1:] for c in _ROUND13],
                         ids=[c[0] for c in _ROUND13])  # fmt: skip
def test_round13_kb_rules(nlp, text, spans, present, absent):
    pairs = _pairs(_with_model(nlp, text, spans))
    assert present <= pairs, pairs
    assert not absent & pairs, pairs
