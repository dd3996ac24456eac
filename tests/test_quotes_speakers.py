"""Who is the speaker: one hand-written sentence per rule (issue 12), through the whole pipeline."""

import pytest

import chronik
from chronik.analyse.quotes import DEFAULT_MODEL

needs_model = pytest.mark.skipif(not (DEFAULT_MODEL / "speaker.json").exists(), reason="statement model not built")


def _record(text):
    return chronik.extract(text, date="2024-03-05")


def _find(quotes, fragment):
    found = [q for q in quotes if any(fragment in c.text for c in q.content)]
    assert found, f"no statement with {fragment!r} in {[[c.text for c in q.content] for q in quotes]}"
    return found[0]


def _speaker_name(record, quote):
    """The entity name a statement's speaker resolves to, else its mention text, else None."""
    if quote.speaker is None:
        return None
    names = {e.id: e.name for e in record.entities}
    return names.get(quote.speaker.entity, quote.speaker.text) if quote.speaker.entity else quote.speaker.text


@needs_model
def test_a_dative_object_is_not_part_of_the_speaker():
    rec = _record("Jonas Falkner eröffnete am Morgen die Messe. „Die Aufträge ziehen wieder an“, "
                  "sagte der FDP-Politiker dem Morgenmagazin des NDR.")
    q = _find(rec.quotes, "Die Aufträge ziehen")
    assert q.speaker.text == "der FDP-Politiker"


@needs_model
def test_a_sentence_adverb_is_not_the_speaker_the_subject_after_the_verb_is():
    rec = _record("Konkret nannte Falkner eine Senkung der Gebühren für Handwerksbetriebe.")
    assert _find(rec.quotes, "Senkung der Gebühren").speaker.text == "Falkner"


@needs_model
@pytest.mark.parametrize("text, fragment, mention, person", [
    # a nominal speaker names the person just named
    ("Jonas Falkner eröffnete am Morgen die Messe in Hannover. „Die Aufträge ziehen wieder an“, sagte der "
     "FDP-Politiker.", "Die Aufträge ziehen", "der FDP-Politiker", "Jonas Falkner"),
    # a source phrase with a possessive is the source, resolved to whom the possessive refers, not the clause after it
    ("Der SPD-Fraktionschef Frank Meier äußerte sich nach dem Treffen enttäuscht. Nach seiner Aussage blieben alle "
     "harten Konfliktfelder ungelöst.", "Konfliktfelder", "seiner Aussage", "Frank Meier"),
    # … also after a statement of "er": the possessive stands for the last speaker as "er" would
    ("Berlin: Trotz der Flaute bleibt Verkehrsminister Brenner zuversichtlich. Den Zeitungen sagte er, derzeit "
     "planten zwei Dutzend Reedereien neue Schiffe. Nach seinen Worten geht es um rund 80 Millionen Euro.",
     "geht es um", "seinen Worten", "Brenner"),
])
def test_a_nominal_or_source_speaker_resolves_to_the_person_named_before(text, fragment, mention, person):
    rec = _record(text)
    q = _find(rec.quotes, fragment)
    assert q.speaker.text == mention
    assert _speaker_name(rec, q) == person


@needs_model
def test_a_possessive_source_that_does_not_fit_the_last_speaker_names_no_one():
    rec = _record("Die Ministerin Petra Köhler sprach mit Olaf Berger. Er sagte, die Lage sei ernst. Nach ihren "
                  "Angaben sind die Gespräche gescheitert.")
    q = _find(rec.quotes, "Gespräche gescheitert")
    assert q.speaker is not None and q.speaker.entity is None  # "ihren" is not Berger's


@needs_model
def test_a_nominal_speaker_that_does_not_fit_stays_a_description():
    # "der Finanzminister" (masculine) cannot be Anna Roth: no entity rather than a wrong one
    rec = _record("Anna Roth leitet das Amt seit Mai. „Das ist erst der Anfang“, sagte der Finanzminister.")
    q = _find(rec.quotes, "erst der Anfang")
    assert q.speaker.text == "der Finanzminister"
    assert q.speaker.entity is None


@needs_model
def test_title_and_name_give_the_person():
    rec = _record("„Die Industrie läuft auf Hochtouren“, sagte DIW-Konjunkturchefin Martina Vogt.")
    q = _find(rec.quotes, "Die Industrie läuft")
    assert _speaker_name(rec, q) == "Martina Vogt"
    assert next(e for e in rec.entities if e.id == q.speaker.entity).type == "PER"


@needs_model
def test_an_anonymous_source_never_becomes_a_named_person():
    rec = _record("Tobias Berger kündigte am Montag neue Regeln an. Vom größten Problem für die Branche spricht "
                  "der Chef eines anderen Anbieters, der nicht genannt werden will.")
    q = _find(rec.quotes, "größten Problem")
    assert q.speaker is None or q.speaker.entity is None


@needs_model
def test_the_object_of_a_demand_is_not_the_speaker():
    rec = _record("Jetzt zieht auch die Taxibranche nach und verlangt vergleichbare Ausnahmen.")
    for q in rec.quotes:
        assert q.speaker is None or "Ausnahmen" not in q.speaker.text


@needs_model
def test_the_target_of_a_reproach_is_not_the_speaker():
    rec = _record("Die Opposition hat Bauministerin Karin Wendt (SPD) vorgeworfen, sie verschleppe den Wohnungsbau.")
    q = _find(rec.quotes, "verschleppe den Wohnungsbau")
    assert q.speaker.text == "Die Opposition"


@needs_model
@pytest.mark.parametrize("text, fragment, speaker", [
    ("Das Landwirtschaftsministerium wies die Vorwürfe am Abend zurück.", "wies die Vorwürfe", "Das Landwirtschaftsministerium"),
    ("Der Verband hatte die Länder dazu aufgerufen, die Gebühr zu senken.", "die Gebühr zu senken", "Der Verband"),
])
def test_reported_speech_acts_are_statements(text, fragment, speaker):
    assert _find(_record(text).quotes, fragment).speaker.text == speaker


@needs_model
def test_a_quotation_closing_its_sentence_ends_the_unit():
    # the speaker of the next sentence is not the pronoun that opened the one with the quotation
    rec = _record("Sie zogen durch die Stadt und riefen „Genug ist genug!“ Bürgermeisterin Lea Brandt sagte, "
                  "der Protest sei friedlich verlaufen.")
    assert _find(rec.quotes, "friedlich verlaufen").speaker.text == "Bürgermeisterin Lea Brandt"


@needs_model
def test_a_konjunktiv_sentence_after_a_quotation_continues_it():
    rec = _record("Kanzlerin Maria Lenz sprach am Montag in Erfurt. „Wir haben eine solide Entwicklung.“ "
                  "Die Nachfrage steige zum Beispiel weiter an.")
    q = _find(rec.quotes, "Die Nachfrage steige")
    assert q.kind == "free_indirect"
    assert _speaker_name(rec, q) == "Maria Lenz"


@needs_model
def test_a_statement_does_not_run_into_the_next_sentence_subject():
    rec = _record("Parteichefin Lena Ott sagte der „Rundschau“, für den Haushalt sei das schlecht. Über die Verluste "
                  "könne sie sich nicht freuen. Umweltminister Jan Brix hob hervor, dass die Partei stabil sei.")
    q = _find(rec.quotes, "Verluste")
    assert "Umweltminister" not in " ".join(c.text for c in q.content)


@needs_model
def test_a_source_phrase_is_the_source_and_the_whole_clause_the_message():
    # not "Frau Berger": she is what the ministry reports about; no fragment starting after her name
    rec = _record("Laut dem Bundesgesundheitsministerium besuchte Frau Berger am Dienstagmorgen die Klinik in Kassel.")
    q = _find(rec.quotes, "die Klinik in Kassel")
    assert "Bundesgesundheitsministerium" in q.speaker.text
    assert q.content[0].text.startswith("besuchte Frau Berger")


@needs_model
def test_a_konjunktiv_sentence_continues_a_statement_across_a_paragraph():
    rec = _record("„Wir haben viel erreicht“, sagte Ministerin Petra Hahn am Montag in Kiel.\n\n"
                  "Doch es betreffe auch die Kommunen, die nun mehr Geld bräuchten.")
    q = _find(rec.quotes, "betreffe auch die Kommunen")
    assert q.kind == "free_indirect"
    assert _speaker_name(rec, q) == "Petra Hahn"


@needs_model
@pytest.mark.parametrize("text, fragment, speaker", [
    ("Finanzexperte Paul Weber warf dem Bürgermeister am Montag Untätigkeit in der Wohnungsfrage vor.",
     "Untätigkeit", "Finanzexperte Paul Weber"),
    ("Zuvor hatte Fraktionschef Otto Kranz die Regierung dazu aufgerufen, die Reform sofort zu stoppen.",
     "die Reform sofort zu stoppen", "Fraktionschef Otto Kranz"),
])
def test_the_actor_of_a_speech_act_is_the_speaker_not_its_target(text, fragment, speaker):
    q = _find(_record(text).quotes, fragment)
    assert q.speaker.text == speaker


@needs_model
def test_quoted_fragments_are_shown_only_as_whole_statements():
    rec = _record("Der Innenpolitiker Karl Thamm (CDU) sagte, mit Blick auf die Sicherheitslage sei es "
                  "„ein fatales Signal“, dass die Ministerin fehle.")
    whole = _find(rec.quotes, "Sicherheitslage")
    assert "dass die Ministerin fehle" in whole.content[-1].text
    for q in rec.quotes:
        for piece in q.content:
            # a piece never opens a quotation it does not close, and a name is never a statement
            assert piece.text.count("„") == piece.text.count("“"), piece.text
            assert piece.text not in ("Karl Thamm (CDU)", "Der Innenpolitiker Karl Thamm (CDU)")


@needs_model
@pytest.mark.parametrize("text, fragment, addressee", [
    ("„Die Aufträge ziehen wieder an“, sagte der FDP-Politiker dem Morgenmagazin des NDR.", "Die Aufträge",
     "dem Morgenmagazin des NDR"),
    ("Die Ministerin sagte gegenüber der „Rundschau“, die Lage sei ernst.", "die Lage sei ernst", "der „Rundschau“"),
    ("Dem Sender sagte der Trainer, er werde bleiben.", "er werde bleiben", "Dem Sender"),
    ("Der Minister sagte am Abend, die Lage sei ernst.", "die Lage sei ernst", None),
])
def test_the_addressee_is_given_where_the_text_names_one(text, fragment, addressee):
    q = _find(_record(text).quotes, fragment)
    assert (q.addressee.text if q.addressee else None) == addressee


@needs_model
def test_swiss_guillemets_pair_as_quotations():
    # «…» (Swiss, French): each closing mark must not pair with the next opening one across the frame
    rec = _record("Kanzlerin Maria Lenz spricht nicht mehr mit dem «Tagblatt». Ihr Sprecher Jonas Pfister sagte "
                  "dem Radio «Lokal», die Kanzlerin habe ihre Schlüsse gezogen.")
    q = _find(rec.quotes, "ihre Schlüsse gezogen")
    assert q.speaker.text == "Ihr Sprecher Jonas Pfister"
    assert all("Pfister" not in c.text for q in rec.quotes for c in q.content)


@needs_model
def test_a_possessive_does_not_make_the_speaker_the_person_it_refers_to():
    rec = _record("Kanzlerin Maria Lenz spricht nicht mehr mit der Zeitung. Ihr Sprecher Jonas Pfister sagte, "
                  "die Kanzlerin habe ihre Schlüsse gezogen.")
    q = _find(rec.quotes, "ihre Schlüsse gezogen")
    assert _speaker_name(rec, q) == "Jonas Pfister"


@needs_model
def test_a_prepositional_prefield_is_no_speaker_even_when_it_holds_a_name():
    rec = _record("Die Parteichefin Berger hatte die Grünen am Dienstag hart angegriffen. Wegen der Beteiligung "
                  "der Grünen an der Wahl des Linken-Politikers Paul Kramer zum Bürgermeister von Hannover sagte "
                  "Berger, dieses Verhalten sei ein schwerer Fehler.")
    q = _find(rec.quotes, "dieses Verhalten sei")
    assert _speaker_name(rec, q) == "Berger" and "Kramer" not in q.speaker.text


@needs_model
def test_a_quotation_ending_in_a_name_stays_whole():
    rec = _record("Die Landesregierung legte ihren Haushalt vor. „Die Stadt bekommt inzwischen weniger Geld "
                  "als die EU“, so Bürgermeisterin Karla Brenner weiter.")
    q = _find(rec.quotes, "Die Stadt bekommt")
    assert q.content[-1].text.endswith("als die EU“")


@needs_model
def test_a_role_with_a_genitive_and_the_name_after_it_is_the_person_not_the_party():
    rec = _record("Im Landtag wurde bis in die Nacht gestritten. „Das ist ein schwerer Fehler der Regierung“, "
                  "so die Fraktionsvorsitzende der Grünen, Petra Lindholm (48).")
    q = _find(rec.quotes, "schwerer Fehler")
    assert _speaker_name(rec, q) == "Petra Lindholm"
    # the apposition is part of the speaker, never a statement of its own
    assert not [x for x in rec.quotes if x.content[0].text.startswith("Petra Lindholm")]


@needs_model
def test_a_role_with_a_genitive_and_no_name_is_not_the_organisation():
    rec = _record("Im Landtag wurde bis in die Nacht gestritten. „Das Gesetz kommt viel zu spät“, "
                  "sagte die Fraktionsvorsitzende der Grünen.")
    q = _find(rec.quotes, "Gesetz kommt")
    names = {e.id: e for e in rec.entities}
    assert q.speaker is not None and (q.speaker.entity is None or names[q.speaker.entity].type == "PER")



# --- round 8: phrases in another part of the sentence never speak (issue 12, "no speaker rather than a wrong one")


@needs_model
def test_the_addressee_of_a_letter_is_not_its_speaker():
    rec = _record("In einem Schreiben an Gesundheitsminister Tom Krüger werfen mehr als 300 Ärztinnen ihm vor, "
                  "die Praxen zu vernachlässigen.")
    q = _find(rec.quotes, "die Praxen zu vernachlässigen")
    assert q.speaker is None or ("Krüger" not in q.speaker.text and _speaker_name(rec, q) != "Tom Krüger")


@needs_model
@pytest.mark.parametrize("text, fragment, speaker", [
    ("Bei dem Treffen mit Bürgermeister Karl Hahn forderten die Anwohner mehr Lärmschutz.", "mehr Lärmschutz",
     "die Anwohner"),
    ("Über Verkehrsminister Karl Stein sagte die Opposition, er sei überfordert.", "er sei überfordert",
     "die Opposition"),
])
def test_a_person_after_a_preposition_of_company_or_topic_is_not_the_speaker(text, fragment, speaker):
    assert _find(_record(text).quotes, fragment).speaker.text == speaker


@needs_model
@pytest.mark.parametrize("text, fragment", [
    ("Das Urteil nannte er einen Skandal.", "einen Skandal"),
    # a fronted dative object with a role before the name: the target of the reproach
    ("Der Oppositionsführer Max Kern sprach am Montag im Landtag. Finanzminister Karl Stein warf er vor, "
     "den Haushalt zu verschleiern.", "den Haushalt zu verschleiern"),
])
def test_an_object_before_the_verb_and_a_subject_pronoun_is_not_the_speaker(text, fragment):
    assert _find(_record(text).quotes, fragment).speaker.text == "er"


@needs_model
def test_nach_eigenen_angaben_is_the_source_and_the_subject_stays_in_the_message():
    q = _find(_record("Die Firma will nach eigenen Angaben weitere Filialen eröffnen.").quotes, "Filialen")
    assert q.speaker.text == "eigenen Angaben"
    assert any("weitere Filialen" in c.text for c in q.content)


@needs_model
def test_a_relative_clause_is_cut_from_the_speaker_and_its_person_does_not_speak():
    rec = _record("Die Eltern, denen die Schulleiterin Petra Vogt geschrieben hatte, sagten, sie seien enttäuscht.")
    q = _find(rec.quotes, "sie seien enttäuscht")
    assert q.speaker.text == "Die Eltern"
    assert _speaker_name(rec, q) != "Petra Vogt"


def _reader(words: str):
    import spacy

    from chronik.analyse.quotes_lexicon import load
    from chronik.analyse.quotes_reader import Reader

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return Reader(nlp(words), load())


def test_a_phrase_inside_a_relative_clause_without_the_cue_cannot_speak():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader("Der Behörde liegen Briefe vor , in denen der Bürgermeister Geld verlangt .")
    assert reader.relative_clauses == [(6, 12)]  # "in denen … verlangt"
    st = Statement("indirect", [(0, 5)], None, None, 0)
    assert reader.wrong_role(st, 8, 10)  # "der Bürgermeister"
    assert not reader.wrong_role(st, 0, 2)  # "Der Behörde" is outside the clause
    # the cue inside the clause links them: "…, der … sagte, …"
    reader = _reader("Die Ministerin , deren Sprecher am Montag sagte , die Lage sei ernst , reiste ab .")
    st = Statement("indirect", [(9, 13)], (7, 8), None, 0)
    assert not reader.wrong_role(st, 3, 5)  # "deren Sprecher"


def test_a_phrase_governed_by_a_preposition_of_address_cannot_speak_a_document_can():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader("In einem Brief an Ministerin Anna Roth fordern die Lehrer , die Schulen zu stärken .")
    st = Statement("indirect", [(11, 15)], (7, 8), None, 0)
    assert reader.governing_word(5) == "an"  # back over the role noun "Ministerin"
    assert _reader("ein Brief an Hessens Ministerin Lea Vogt").governing_word(4) == "an"  # and a genitive name
    assert reader.wrong_role(st, 5, 7)  # "Anna Roth"
    assert not reader.wrong_role(st, 8, 10)  # "die Lehrer"
    reader = _reader("Es gebe Mängel , heißt es in einer Mitteilung an die Presse .")
    st = Statement("indirect", [(0, 3)], (5, 6), None, 0)
    assert not reader.wrong_role(st, 8, 10)  # "einer Mitteilung": the document is a source


def test_a_speaker_phrase_loses_a_relative_clause_and_a_trailing_article():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader("Angaben der , die Eltern , denen die Lehrerin schrieb , sagten , es sei gut .")
    st = Statement("indirect", [(13, 16)], (11, 12), None, 0)
    assert reader.trim_speaker(st, (0, 3)) == (0, 1)  # "Angaben der ," → "Angaben"
    assert reader.trim_speaker(st, (3, 10)) == (3, 5)  # "die Eltern , denen die Lehrerin schrieb" → "die Eltern"
    assert reader.wrong_role(st, 1, 2)  # a lone article
    reader = _reader("Er habe mit Ministerin Anna Roth ( SPD ) gesprochen , sagte Landrat Udo Pfeil .")
    st = Statement("indirect", [(0, 10)], (11, 12), None, 0)
    assert reader.wrong_role(st, 7, 8)  # "SPD": the party in brackets belongs to the phrase before it
    assert not reader.wrong_role(st, 12, 15)  # "Landrat Udo Pfeil"


def test_a_name_inside_another_statements_quotation_does_not_speak_for_the_next():
    from chronik.analyse.quotes_reader import Statement
    from chronik.analyse.quotes_speaker import _other_messages

    reader = _reader("Der Verband erklärte : „ Die Ministerin Anna Roth hat versagt . “ Sie müsse gehen .")
    quote = Statement("direct", [(4, 13)], (2, 3), (0, 2), 0)
    follow = Statement("free_indirect", [(13, 17)], None, None, 1)
    others = _other_messages(reader, follow, [quote, follow])
    assert (4, 13) in others  # "die Ministerin Anna Roth" lies in what the Verband said
    assert not any(a <= 0 and b >= 2 for a, b in others)  # the Verband, its speaker, stays a candidate
    # a statement nested in the quotation is linked to it: the quotation is no "other" message there
    inner = Statement("indirect", [(9, 11)], None, None, 0)
    assert (4, 13) not in _other_messages(reader, inner, [quote, inner])


def test_a_date_or_an_object_phrase_cannot_speak_a_source_after_laut_can():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader("Seinen Rücktritt verkündete er , dass er gehe , laut dem Ministerium .")
    st = Statement("indirect", [(5, 9)], (2, 3), None, 0)
    assert reader.wrong_role(st, 0, 2)  # "Seinen Rücktritt": an accusative object
    assert not reader.wrong_role(st, 11, 13)  # "dem Ministerium" after "laut": the source


@needs_model
def test_a_date_is_not_the_speaker():
    rec = _record("Ende März 2023 hatte die Stadt angekündigt, man werde die Gebühren senken.")
    q = _find(rec.quotes, "die Gebühren senken")
    assert q.speaker is None or "März" not in q.speaker.text


@needs_model
def test_a_pronoun_never_resolves_to_a_person_of_the_other_gender():
    # coreference leaves these pronouns open; the fallback to the last speaker must not give "er" a woman
    # or "sie" a man: the pronoun stays unresolved rather than wrong
    rec = _record("Anna Berger hat das Projekt geleitet. „Wir sind zufrieden“, sagte Berger am Montag. "
                  "„Das Geld reicht nicht“, sagte er.")
    assert _speaker_name(rec, _find(rec.quotes, "Wir sind zufrieden")) == "Anna Berger"
    q = _find(rec.quotes, "Das Geld reicht nicht")
    assert q.speaker.text == "er" and q.speaker.entity is None
    rec = _record("Thomas Krüger leitet die Behörde. „Wir liegen im Plan“, sagte Krüger. "
                  "Mehr Geld werde gebraucht, sagte sie.")
    q = _find(rec.quotes, "Mehr Geld werde gebraucht")
    assert q.speaker.text == "sie" and q.speaker.entity is None
    # the same pronoun still takes a speaker of its gender
    rec = _record("Thomas Krüger leitet die Behörde. „Wir liegen im Plan“, sagte Krüger. "
                  "Mehr Geld werde gebraucht, sagte er.")
    assert _speaker_name(rec, _find(rec.quotes, "Mehr Geld werde gebraucht")) == "Thomas Krüger"


def test_an_object_pronoun_cannot_speak_alone_or_opening_a_run():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader("In dem Brief werfen die Eltern ihm vor , die Schule verfallen zu lassen .")
    st = Statement("indirect", [(9, 14)], (7, 8), None, 0)
    assert reader.not_a_speaker(st, 6, 7, set())  # "ihm": the dative, the target of the reproach
    assert not reader.not_a_speaker(st, 4, 6, set())  # "die Eltern"
    reader = _reader("Mir sind keine Gründe bekannt , die das rechtfertigen .")
    st = Statement("indirect", [(6, 10)], (4, 5), None, 0)
    assert reader.wrong_role(st, 0, 4)  # a run opened by "Mir" is no noun phrase that speaks


@needs_model
def test_a_run_cut_to_an_object_pronoun_does_not_speak():
    # the tagger's run "Berger: Mir" is cut at the colon to "Mir", which is read again and refused
    rec = _record("Interviewer: Wie sehen Sie das?\n\nBerger: Mir sind keine Gründe bekannt, "
                  "die eine Schließung rechtfertigen könnten.")
    for q in rec.quotes:
        assert q.speaker is None or q.speaker.text.lower() != "mir"


@needs_model
@pytest.mark.parametrize("text, fragment, speaker", [
    ("BERLIN: Die Vorsitzende der Grünen, Lena Hoff, hat Bundeskanzler Max Adler (SPD) vorgeworfen, "
     "viele Chancen verpasst zu haben.", "viele Chancen verpasst", "Lena Hoff"),
    ("Arbeitsminister Hubert Keil sprach am Montag in Berlin. Keil warnte Brügger vor einem Kahlschlag bei den "
     "Renten.", "Keil warnte Brügger", "Hubert Keil"),
])
def test_the_object_after_the_cue_verb_is_not_the_speaker(text, fragment, speaker):
    # a subject stands before the verb; the person after it is whom the reproach or warning is about
    rec = _record(text)
    assert _speaker_name(rec, _find(rec.quotes, fragment)) == speaker


def test_a_phrase_in_the_middle_field_after_a_subject_is_an_object():
    reader = _reader("Die Chefin der Grünen , Lena Hoff , warf der Regierung Adler Wortbruch vor .")
    names = {5, 6, 11}  # the mentions a NER model would give: "Lena Hoff", "Adler"
    assert reader.middle_field_object(9, 12, names)  # "der Regierung Adler"
    assert not reader.middle_field_object(5, 7, names)  # the subject's own apposition
    reader = _reader("Er warf Adler Wortbruch vor .")
    assert reader.middle_field_object(2, 3, set())  # after "Er" + verb


@pytest.mark.parametrize("words, span, names", [
    ("Adler habe versagt , sagte Lena Hoff .", (5, 7), {0, 5, 6}),  # the prefield is a message
    ("Die Regierung , sagte Lena Hoff , sei gut .", (4, 6), {4, 5}),  # a parenthetical frame
    ("Die Forderungen Brüggers wurden von Minister Keil als falsch bezeichnet .", (5, 7), {2, 6}),  # the agent
    ("Gegenwärtig wirft Minister Keil dem Kollegen Untätigkeit vor .", (2, 4), {3}),  # an adverb prefield
    ("Nach dem „ mangelhaft “ der Stiftung hat die Schauspielerin geklagt .", (8, 10), {6}),  # a quotation before
])
def test_a_phrase_after_the_verb_is_not_taken_for_an_object_without_a_subject_before_it(words, span, names):
    assert not _reader(words).middle_field_object(*span, names)


@needs_model
@pytest.mark.parametrize("text, fragment, person", [
    # a sentence-opening "Er" is the subject of the sentence before, not its object
    ("„Wir bleiben dabei“, sagte Kanzler Max Adler. Ministerpräsident Tim Vogt nennt das Verhalten von Jan Kramer "
     "„schlimm“. Er sagt: „Diese Strategie kann nicht aufgehen.“", "Diese Strategie", "Tim Vogt"),
    # whom the pronoun's own sentence names only after a preposition is talked about, not speaking
    ("Ministerpräsident Tim Vogt hat die eigene Partei kritisiert. Von den Angriffen auf Minister Jan Kramer halte "
     "er nicht viel, sagte er dem Sender.", "halte er nicht viel", "Tim Vogt"),
    # an unnamed spokesman stands between the last speaker and "Er": the pronoun is not the last speaker
    ("„Das Ergebnis ist ein Erfolg“, sagte Präsident Ralf Berg. Eine Überlastung des Netzes schloss ein Sprecher "
     "des Konzerns aus. Er erklärte: „Eine Überlastung gab es nicht.“", "Eine Überlastung gab es nicht", None),
    # a plural "sie" (the verb says so) is no one person
    ("„Wir liegen im Plan“, sagte Ministerin Anna Roth. Fachleute sehen das anders. Sie erklärten: "
     "„Der Plan ist nicht zu halten.“", "Der Plan ist nicht zu halten", None),
])
def test_a_pronoun_speaker_is_the_subject_before_never_a_person_talked_about_or_an_unnamed_source(text, fragment, person):
    rec = _record(text)
    q = _find(rec.quotes, fragment)
    assert q.speaker is not None
    assert ({e.id: e.name for e in rec.entities}.get(q.speaker.entity) if q.speaker.entity else None) == person


def test_the_prefield_person_is_a_name_before_any_verb_or_preposition():
    from chronik.analyse.coref import Cand, _prefield_person

    words = ["Ministerpräsident", "Tim", "Vogt", "nennt", "das", "Verhalten", "von", "Jan", "Kramer", "schlimm", "."]
    vogt, kramer = Cand(1, 3, "PER", entity=0), Cand(7, 9, "PER", entity=1)
    assert _prefield_person([kramer, vogt], 0, words) == 0
    words = ["Tim", "Vogt", "traf", "Jan", "Kramer", "in", "Berlin", "."]  # the object is as likely: left open
    assert _prefield_person([Cand(0, 2, "PER", entity=0), Cand(3, 5, "PER", entity=1)], 0, words) is None
    words = ["Am", "Montag", "traf", "Tim", "Vogt", "Jan", "Kramer", "."]
    assert _prefield_person([Cand(3, 5, "PER", entity=0), Cand(5, 7, "PER", entity=1)], 0, words) is None
    words = ["Nach", "Angaben", "des", "Direktors", "Tim", "Vogt", "sei", "alles", "gut", "."]
    assert _prefield_person([Cand(2, 4, "PER", kind="nominal", entity=1), Cand(4, 6, "PER", entity=0)], 0, words) is None


def test_someone_else_between_reads_people_and_person_nouns_outside_quotations():
    from chronik.analyse.coref import someone_else_between

    def noun(word):
        return word == "Sprecher"

    text = "sagte Berg. Das schloss ein Sprecher aus. Er erklärte"
    assert someone_else_between(text, 10, text.index("Er"), [], [], noun)
    text = "sagte Berg, ein Sprecher des Verbands. Er erklärte"  # an apposition of the speaker himself
    assert not someone_else_between(text, 10, text.index("Er"), [], [], noun)
    text = "sagte Berg: „Der Sprecher irrt.“ Er erklärte"  # inside his own quotation
    assert not someone_else_between(text, 10, text.index("Er"), [], [], noun)
    text = "sagte Berg. Vogt widersprach. Er erklärte"
    assert someone_else_between(text, 10, text.index("Er"), [], [(12, 16)], noun)


@needs_model
def test_an_apposition_is_not_a_message_and_its_verbs_object_not_a_speaker():
    rec = _record("Die Opposition kritisierte die Regierungserklärung. Der Fraktionschef der Linken, Otto Grau, "
                  "warf der zweiten Regierung Adler eine Politik auf Kosten der Kommunen vor.")
    for q in rec.quotes:
        assert not q.content[0].text.startswith("Der Fraktionschef"), q.content[0].text
        assert q.speaker is None or "Adler" not in q.speaker.text


def test_a_role_phrase_and_its_name_alone_is_no_message():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader("Der Chef der Linken , Otto Grau , warf der Regierung Untätigkeit vor .")
    assert reader.apposition_only(Statement("indirect", [(0, 8)], None, None, 0))
    reader = _reader("Die Regierung werde sparen , sagte Otto Grau .")
    assert not reader.apposition_only(Statement("indirect", [(0, 4)], None, None, 0))  # a verb: a message


@needs_model
def test_a_speaker_run_that_stops_at_an_opening_quotation_mark_is_not_shown():
    rec = _record('BERLIN - Der Geschäftsführer der Landtagsfraktion, Karl Brenner (CDU), sagte der "Nordpost" '
                  '(Mittwoch): "Das Bild der Regierung gibt wirklich Anlass zur Sorge."')
    for q in rec.quotes:
        assert q.speaker is None or not q.speaker.text.endswith('"'), q.speaker.text


def test_a_speaker_phrase_loses_the_mark_opening_a_quotation():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader('sagte der „ Nordpost “ : „ Das ist gut . “')
    st = Statement("direct", [(6, 12)], (0, 1), None, 0)
    assert reader.trim_speaker(st, (1, 3)) == (1, 2)  # 'der „' → 'der'
    assert reader.trim_speaker(st, (1, 5)) == (1, 5)  # 'der „ Nordpost “': a quoted name stays whole


@needs_model
def test_er_goes_on_from_the_subject_pronoun_before_never_to_its_object():
    rec = _record("„Wir haben viel erreicht“, sagte der CDU-Chef Jan Kramer. Max Adler hatte im Februar von einer Wende "
                  "gesprochen. Er warf Kramer am Mittwoch eine verzerrte Darstellung vor. Dessen Rede habe ihn an ein "
                  "Märchen erinnert, entgegnete er.")
    assert _speaker_name(rec, _find(rec.quotes, "Dessen Rede")) in ("Max Adler", "er")


@needs_model
def test_a_pronoun_is_never_the_object_of_its_own_clause_and_an_open_er_stays_open():
    # "Er warf Kramer … vor": Er is not Kramer, whoever spoke last; the next "er" is the same unknown man
    rec = _record("„Das ist ein Fehler“, sagte Jan Kramer. Weitere Fragen blieben offen. Er warf Kramer eine "
                  "verzerrte Darstellung vor. Das sei unfair, sagte er am Abend.")
    assert _speaker_name(rec, _find(rec.quotes, "Er warf Kramer")) != "Jan Kramer"
    assert _speaker_name(rec, _find(rec.quotes, "Das sei unfair")) != "Jan Kramer"


@needs_model
def test_the_people_after_a_verb_and_its_subject_pronoun_are_its_objects():
    rec = _record("Fraktionschefin Anna Nolte sparte nicht mit Kritik. Im Interview nimmt sie sich die Minister Karl "
                  "Seeger und Jan Spohn vor und fordert: Weniger Selbstdarstellung, lieber die eigene Arbeit erledigen.")
    q = _find(rec.quotes, "Weniger Selbstdarstellung")
    assert _speaker_name(rec, q) in ("Anna Nolte", "sie", None)


def test_a_verb_and_a_subject_pronoun_open_the_middle_field():
    reader = _reader("Im Interview nimmt sie sich die Minister Seeger und Spohn vor .")
    assert reader.middle_field_object(5, 8, set())  # "die Minister Seeger"
    assert reader.middle_field_object(9, 10, set())  # "Spohn", coordinated
    reader = _reader("Die Kritik , die sie an Minister Seeger übte , war scharf .")
    assert not reader.middle_field_object(6, 8, set())  # a relative clause: "die sie …" is no verb and subject


@needs_model
def test_a_frame_after_a_quotation_beats_the_subject_before_its_colon():
    # the criticism is Frei's, not the minister's whose resignation opens the sentence
    rec = _record("Der Rücktritt von Ministerin Anne Seidel gab Anlass zu scharfer Kritik: „Das Bild der Regierung "
                  "gibt Anlass zur Sorge“, findet CDU-Politiker Thomas Frey.")
    assert _speaker_name(rec, _find(rec.quotes, "Das Bild der Regierung")) == "Thomas Frey"


def test_a_colon_quotation_takes_the_speaker_of_the_frame_after_it():
    reader = _reader("Die Lage sei ernst : „ Das ist gut “ , findet Minister Frey .")
    st = reader._colon_quote(0, 14, 0)
    assert st is not None and (st.speaker, st.cue) == ((12, 14), (11, 12))  # "Minister Frey", "findet"
    reader = _reader("Der Minister sagte : „ Das ist gut “ .")
    assert reader._colon_quote(0, 10, 0).speaker == (0, 2)


def test_a_speaker_phrase_ends_at_the_persons_name_not_the_object_the_run_went_on_into():
    import spacy
    from spacy.tokens import Span as SpacySpan

    from chronik.analyse.quotes_lexicon import load
    from chronik.analyse.quotes_reader import Reader, Statement

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    doc = nlp("Dort hat Parteichef Markus Vogler Neuwahlen gefordert .")
    doc.ents = [SpacySpan(doc, 3, 5, label="PER")]
    reader = Reader(doc, load())
    st = Statement("reported", [(5, 7)], (6, 7), None, 0)
    assert reader.trim_speaker(st, (2, 6)) == (2, 5)  # "Parteichef Markus Vogler", without "Neuwahlen"
    doc.ents = [SpacySpan(doc, 3, 5, label="PER"), SpacySpan(doc, 5, 6, label="ORG")]
    assert Reader(doc, load()).trim_speaker(st, (2, 6)) == (2, 6)  # a name after the person's stays in the run


# --- round 10 (spk5): frames after "?“,", addressees, the own message, other offices, other parties ---


def test_a_comma_never_ends_a_unit_so_a_question_keeps_its_frame():
    # the sentencizer cuts after "?“,": the quotation then took the speaker of the sentence before
    reader = _reader("Merkel sprach zuerst . „ Wo bleibt der Aufbruch ? “ , fragte Lindner .")
    assert [reader.text[a:b][0] for a, b in reader.units] == ["Merkel", "„"]
    # a sentence that ends at its mark still ends there
    reader = _reader("Merkel sprach zuerst . „ Wo bleibt der Aufbruch ? “ Lindner schwieg .")
    assert len(reader.units) == 3


@needs_model
def test_a_question_quoted_before_its_frame_is_the_frames_speakers():
    rec = _record("Kanzlerin Anna Roth sprach zuerst. Danach redete FDP-Chef Jonas Falkner. „Wo bleibt der Aufbruch?“, "
                  "fragte Falkner.")
    assert _speaker_name(rec, _find(rec.quotes, "Wo bleibt der Aufbruch")) == "Jonas Falkner"


@pytest.mark.parametrize("words, addressed", [
    ("„ Nein “ , sagte Falkner an die Adresse von Kanzlerin Roth .", True),
    ("„ Nein “ , sagte Falkner an die Adresse der Kanzlerin .", True),
    ("„ Nein “ , sagte Falkner an die Kanzlerin gerichtet .", True),
    ("„ Nein “ , sagte Falkner in Richtung der Kanzlerin .", True),
    ("„ Nein “ , sagte Falkner nach einem Treffen mit Kanzlerin Roth .", False),
    ("„ Nein “ , sagte Falkner von der FDP .", False),
])
def test_an_addressee_phrase_is_read_as_such(words, addressed):
    reader = _reader(words)
    assert reader.addressed(len(reader.text) - 2) is addressed  # the phrase's last word, before "."


@needs_model
def test_the_addressee_of_a_statement_never_speaks_it():
    # "der FDP-Politiker" must not become the chancellor the words are aimed at (no one else is named)
    rec = _record("Die Kanzlerin verteidigte im Bundestag ihren Kurs. Roth sprach von einer Wende. „Sie verwalten nur "
                  "noch“, fügte der FDP-Politiker an die Kanzlerin gerichtet hinzu.")
    q = _find(rec.quotes, "Sie verwalten nur noch")
    assert q.speaker.text == "der FDP-Politiker" and _speaker_name(rec, q) == "der FDP-Politiker"
    # the speaker named before still resolves
    rec = _record("FDP-Chef Jonas Falkner sprach nach Kanzlerin Anna Roth. „Sie haben keinen Plan“, sagte der "
                  "FDP-Politiker an die Kanzlerin gewandt.")
    assert _speaker_name(rec, _find(rec.quotes, "Sie haben keinen Plan")) == "Jonas Falkner"


@needs_model
def test_a_role_noun_never_names_the_person_its_own_message_is_about():
    rec = _record("Unionsfraktionsvize Tobias Brandt (CDU) sieht die Koalition am Ende. So finde Gesundheitsminister "
                  "Jens Kordes (SPD) für seine Reform keine Mehrheit mehr, so der CDU-Politiker.")
    q = _find(rec.quotes, "keine Mehrheit mehr")
    assert q.speaker.text == "der CDU-Politiker" and _speaker_name(rec, q) == "Tobias Brandt"
    # a pronoun inside the message is no such person: "Er habe …, sagte er" is his own
    rec = _record("Jens Kordes sprach lange über die Reform. Er habe keine Mehrheit mehr, sagte er.")
    assert _speaker_name(rec, _find(rec.quotes, "keine Mehrheit mehr")) == "Jens Kordes"


@needs_model
def test_a_pronoun_falls_back_to_a_person_not_to_the_party_in_brackets_after_him():
    rec = _record("Tobias Brandt (CDU) sieht die Koalition am Ende. Kordes habe keine Mehrheit mehr, sagte er.")
    assert _speaker_name(rec, _find(rec.quotes, "keine Mehrheit mehr")) == "Tobias Brandt"


@needs_model
@pytest.mark.parametrize("text, needle, person", [
    # another office: the chancellor is not the CDU chairman named before
    ("„Die Regierung ist am Ende“, sagte CDU-Chef Tobias Brandt am Dienstag. Der Kanzler nannte das „ein "
     "durchschaubares Manöver“.", "Manöver", None),
    # the same office, and a generic noun, name him
    ("Bundeskanzler Jens Kordes (SPD) verteidigte die Reform. „Das ist ein Meilenstein“, sagte der Kanzler.",
     "Meilenstein", "Jens Kordes"),
    ("Bundeskanzler Jens Kordes (SPD) verteidigte die Reform. „Das ist ein Meilenstein“, sagte der SPD-Politiker.",
     "Meilenstein", "Jens Kordes"),
    # another party: a party role noun never names its member
    ("Tobias Brandt (CDU) griff die Regierung an. „Das ist unanständig“, sagte der SPD-Politiker.", "unanständig", None),
    ("CDU-Chef Tobias Brandt griff die Regierung an. „Das ist unanständig“, sagte der SPD-Politiker.", "unanständig",
     None),
    ("Tobias Brandt (CSU) griff die Regierung an. „Das ist unanständig“, sagte der Unions-Politiker.", "unanständig",
     "Tobias Brandt"),
    ("Tobias Brandt (SPD) griff die Regierung an. „Das ist unanständig“, sagte der SPD-Politiker.", "unanständig",
     "Tobias Brandt"),
])
def test_a_role_noun_of_another_office_or_party_names_someone_else(text, needle, person):
    rec = _record(text)
    q = _find(rec.quotes, needle)
    assert q.speaker is not None and q.speaker.text.lower().startswith("der ")
    assert (_speaker_name(rec, q) if q.speaker.entity else None) == person


@needs_model
def test_a_role_noun_never_names_the_person_the_sentence_before_its_cue_talks_about():
    # a quoted piece inside the sentence: the criticised chancellor named before the cue is not the critic
    rec = _record("Oppositionsführer Tobias Brandt hat Kanzler Jens Kordes (SPD) Versäumnisse vorgeworfen. Kordes hätte "
                  "längst eine Rede halten müssen, «die das Land mitreißt», kritisierte der Vorsitzende der Fraktion.")
    q = _find(rec.quotes, "die das Land mitreißt")
    assert _speaker_name(rec, q) == "Tobias Brandt"


@needs_model
def test_a_party_role_noun_names_the_member_of_that_party_not_the_person_named_since():
    rec = _record("Die FDP-Vizechefin Clara Winter wirft Kanzlerin Anna Roth vor, die FDP übergangen zu haben. Roth habe "
                  "die Anliegen der Partei ignoriert. „Wir haben uns nicht wiedergefunden“, sagte die FDP-Politikerin.")
    assert _speaker_name(rec, _find(rec.quotes, "Wir haben uns nicht")) == "Clara Winter"
    # without a member of that party named, the last person still resolves
    rec = _record("Clara Winter eröffnete am Morgen die Messe. „Wir haben uns nicht wiedergefunden“, sagte die "
                  "FDP-Politikerin.")
    assert _speaker_name(rec, _find(rec.quotes, "Wir haben uns nicht")) == "Clara Winter"


def test_a_second_role_noun_after_the_first_opens_the_object():
    from chronik.analyse.quotes_reader import Statement

    reader = _reader("Zugleich attackierte der Oppositionsführer Bundeskanzler Jens Kordes .")
    st = Statement("direct", [(0, 1)], (1, 2), None, 0)
    assert reader.trim_speaker(st, (2, 7)) == (2, 4)  # "der Oppositionsführer"
    reader = _reader("Zugleich sagte der SPD-Vorsitzende Jens Kordes .")
    assert reader.trim_speaker(st, (2, 6)) == (2, 6)  # role and name: one phrase


@needs_model
def test_the_subject_not_the_object_run_into_speaks():
    rec = _record("„Das ist ein Skandal“, ergänzte Brandt. Zugleich attackierte der Oppositionsführer Bundeskanzler "
                  "Jens Kordes (SPD). „Der Bundeskanzler sollte endlich führen.“")
    q = _find(rec.quotes, "sollte endlich führen")
    assert _speaker_name(rec, q) != "Jens Kordes"


@needs_model
def test_a_pronoun_does_not_go_on_with_a_name_in_the_genitive_after_a_noun():
    rec = _record("Der frühere Minister Tobias Brandt (CDU) hat den Rauswurf Jan Webers kritisiert. «Das entspricht nicht "
                  "meinen Vorstellungen», sagte er dem Blatt.")
    assert _speaker_name(rec, _find(rec.quotes, "Das entspricht nicht")) == "Tobias Brandt"


def test_a_wie_frame_leaves_its_verb_out_of_the_message():
    rec = _record("Spuren soll es gegeben haben, wie das Polizeirevier des Landkreises mitteilte, aber die Ursache "
                  "ist bisher unklar.")
    q = _find(rec.quotes, "Spuren soll es")
    assert q.cue is not None and q.cue.text == "mitteilte"
    assert all(not (c.start < q.cue.end and q.cue.start < c.end) for c in q.content)
    assert q.speaker is not None and q.speaker.text == "das Polizeirevier des Landkreises"


def test_a_speech_act_object_before_its_speaker_is_not_the_speaker():
    rec = _record('Verkehrsminister Jonas Falkner (SPD) warf der Regierung Versagen vor. "Sie verlieren den Bezug zur '
                  'Realität", sagte er am Donnerstag. Scharfe Kritik äußerte Falkner auch an der Tatsache, dass kaum '
                  'Mittel für die Bahn abfließen. Das sei "ein Skandal", für den die Regierung verantwortlich sei.')
    for fragment in ("kaum Mittel", "ein Skandal"):
        q = _find(rec.quotes, fragment)
        assert q.speaker is not None and q.speaker.text != "Scharfe Kritik"
        assert _speaker_name(rec, q) == "Jonas Falkner"


def test_a_pronoun_after_one_person_named_as_subject_since_the_last_speaker_is_that_person():
    rec = _record("Die Partei jubelt. „Heute ist ein guter Tag für die Partei“, sagte Generalsekretär Karl Brenner am "
                  "Sonntag. Spitzenkandidat und Altkanzler Jonas Falkner zeigte sich vom Ergebnis der Wahl "
                  "„überwältigt“.\n\nEr habe „definitiv“ nicht mit einem solchen Ausgang gerechnet, sagte er in der "
                  "Wahlzentrale.")
    q = _find(rec.quotes, "nicht mit einem solchen Ausgang")
    assert _speaker_name(rec, q) == "Jonas Falkner"


def test_a_pronoun_after_two_people_named_since_the_last_speaker_names_no_one():
    rec = _record("Die Partei jubelt. „Heute ist ein guter Tag für die Partei“, sagte Generalsekretär Karl Brenner am "
                  "Sonntag. Jonas Falkner und Peter Köhler zeigten sich vom Ergebnis der Wahl „überwältigt“.\n\nEr "
                  "habe „definitiv“ nicht mit einem solchen Ausgang gerechnet, sagte er in der Wahlzentrale.")
    q = _find(rec.quotes, "nicht mit einem solchen Ausgang")
    assert q.speaker is not None and q.speaker.entity is None


def test_a_time_adverbial_before_the_verb_is_not_the_speaker():
    rec = _record("Die Betriebsrätin Birgit Kramer bekam im November einen Preis. Ein paar Tage später kündigte dann "
                  "Vorstandschef Roland Brenner überraschend einen Stellenabbau an, was Kramer empört.")
    speakers = [q.speaker.text for q in rec.quotes if q.speaker]
    assert "Ein paar Tage später" not in speakers


def test_a_relative_was_clause_after_a_closed_frame_is_no_message():
    rec = _record("Die Betriebsrätin Birgit Kramer bekam im November einen Preis. Ein paar Tage später kündigte dann "
                  "Vorstandschef Roland Brenner überraschend einen Stellenabbau an, was Kramer empört.")
    assert not [q for q in rec.quotes if q.content[0].text.startswith("was Kramer")]


def test_the_rules_carry_no_speaker_past_a_writers_sentence_and_a_blank_line(analyzer):
    import datetime as dt

    from chronik.analyse.quotes_lexicon import load
    from chronik.analyse.quotes_reader import Reader
    from chronik.record import Article

    text = ("Der Betriebsratschef Achim Brenner sagte, die Lage sei ernst. Die Menschen hätten Angst um ihre Arbeit "
            "und seien nicht bereit, mehr zu leisten."
            "\n\nAktuell sprechen Vorstand und Betriebsrat über die Sparte.\n\n"
            "Die Gespräche sollen bis Ende September abgeschlossen sein.")
    doc = analyzer.nlp(analyzer.make_doc(Article(id="t", text=text, date=dt.date(2025, 9, 30))))
    start = text.index("Die Gespräche")
    hearsay = [st for st in Reader(doc, load()).rules() if doc[st.content[0][0]].idx == start]
    assert [st.kind for st in hearsay] == ["free_indirect"]  # still found, as hearsay ("soll")
    assert hearsay[0].speaker is None  # but not the works council chief's: the writer spoke in between
