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
def test_a_nominal_speaker_resolves_to_the_person_just_named():
    rec = _record("Jonas Falkner eröffnete am Morgen die Messe in Hannover. „Die Aufträge ziehen wieder an“, "
                  "sagte der FDP-Politiker.")
    q = _find(rec.quotes, "Die Aufträge ziehen")
    assert q.speaker.text == "der FDP-Politiker"
    assert _speaker_name(rec, q) == "Jonas Falkner"


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

