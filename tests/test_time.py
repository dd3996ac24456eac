"""chronik_time: the seed article and hand-written sentences (article date Friday 2020-02-14)."""

import datetime as dt

import pytest

from chronik.analyse.time import find_times

FRIDAY = dt.date(2020, 2, 14)


def one(sentence: str, date=FRIDAY, genre="news"):
    times = find_times(sentence, date, genre)
    assert len(times) == 1, times
    return times[0]


def by_text(record, text):
    return next(t for t in record.times if t.text == text)


def test_seed_article(seed_record):
    fridays = [t for t in seed_record.times if t.text == "Freitag"]
    assert fridays and all(t.value == "2020-02-14" for t in fridays)
    january = by_text(seed_record, "Anfang Januar")
    assert (january.value, january.mod) == ("2020-01", "START")
    assert by_text(seed_record, "November").value == "2019-11"
    assert by_text(seed_record, "Mittwoch").value == "2020-02-12"
    assert (by_text(seed_record, "2024").role, by_text(seed_record, "2024").value) == ("end", "2024")
    assert (by_text(seed_record, "2031").role, by_text(seed_record, "2031").value) == ("deadline", "2031")
    assert by_text(seed_record, "derzeit").value == "PRESENT_REF"
    weeks = by_text(seed_record, "den kommenden Wochen")
    assert (weeks.type, weeks.value) == ("DURATION", "PXW")
    for t in seed_record.times:
        assert seed_record.text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("Er wird am Montag entscheiden.", "Montag", "2020-02-17"),
        ("Sie sprach am Dienstag.", "Dienstag", "2020-02-11"),
        ("Die Ministerin kommt am kommenden Mittwoch.", "kommenden Mittwoch", "2020-02-19"),
        ("Die Sitzung findet am 3. März statt.", "3. März", "2020-03-03"),
        ("Die Sitzung fand am 3. März statt.", "3. März", "2019-03-03"),
        ("Am dritten März kommt er.", "dritten März", "2020-03-03"),
        ("Am 14. Februar 2020 begann die Konferenz.", "14. Februar 2020", "2020-02-14"),
        ("Der Vertrag vom 14.02.2020 gilt.", "14.02.2020", "2020-02-14"),
        ("Sie hatte im März gewonnen.", "März", "2019-03"),
        ("Im Jahr 2031 soll es so weit sein.", "Jahr 2031", "2031"),
        ("Die Firma wurde 1990 gegründet.", "1990", "1990"),
        ("Im Sommer 2019 war es heiß.", "Sommer 2019", "2019-SU"),
        ("Das geschah im 19. Jahrhundert.", "19. Jahrhundert", "18"),
        ("Im zwanzigsten Jahrhundert war das anders.", "zwanzigsten Jahrhundert", "19"),
        ("Im Jahr 490 v. Chr. siegten die Griechen.", "Jahr 490 v. Chr.", "BC0490"),
        ("Vorgestern kam er an.", "Vorgestern", "2020-02-12"),
        ("Er kommt bald.", "bald", "FUTURE_REF"),
        ("Künftig soll alles besser werden.", "Künftig", "FUTURE_REF"),
        ("Inzwischen ist es ruhig.", "Inzwischen", "PRESENT_REF"),
        ("Jetzt reicht es.", "Jetzt", "PRESENT_REF"),
        ("Vor zwei Wochen war er da.", "Vor zwei Wochen", "2020-01-31"),
        ("Im folgenden Jahr kam er zurück.", "folgenden Jahr", "2021"),
        ("Am Freitag, dem 14. Februar 2020, war es kalt.", "Freitag, dem 14. Februar 2020", "2020-02-14"),
        # a sentence-opening relative word is capitalised
        ("Vergangene Woche sagte er ab.", "Vergangene Woche", "2020-W06"),
        ("Nächste Woche kommt er.", "Nächste Woche", "2020-W08"),
        ("Diese Woche wird gewählt.", "Diese Woche", "2020-W07"),
        # a weekday of a named week: that week's day, whatever the tense
        ("Am Dienstag kommender Woche tagt der Rat.", "Dienstag kommender Woche", "2020-02-18"),
        ("Am Montag der kommenden Woche tagt der Rat.", "Montag der kommenden Woche", "2020-02-17"),
        ("Am Donnerstag vergangener Woche tagte der Rat.", "Donnerstag vergangener Woche", "2020-02-06"),
        # the day before the day last named, or the article's
        ("Am Vortag hatte er abgesagt.", "Vortag", "2020-02-13"),
    ],
)
def test_dates(sentence, text, value):
    t = one(sentence)
    assert (t.text, t.value, t.type) == (text, value, "DATE")


def test_a_sunday_paper_is_no_date():
    times = find_times("Das sagte die Ministerin der Welt am Sonntag. Am Sonntag reist sie nach Rom.", FRIDAY)
    assert [(t.text, t.value) for t in times] == [("Sonntag", "2020-02-16")]
    assert [t.text for t in find_times("Sie sagte dem Tagesspiegel am Sonntag, es gehe voran.", FRIDAY)] == []


def test_deictic_days():
    times = find_times("Heute sagte er, gestern sei es anders gewesen, morgen komme er.", FRIDAY)
    assert [t.value for t in times] == ["2020-02-14", "2020-02-13", "2020-02-15"]


def test_the_eve_of_an_event_is_no_date():
    assert find_times("Am Vorabend der Wahl gab es Streit.", FRIDAY, "news") == []


@pytest.mark.parametrize(
    "sentence, value, mod",
    [
        ("Ende Januar reiste sie ab.", "2020-01", "END"),
        ("Mitte März soll entschieden werden.", "2020-03", "MID"),
        ("Mitte der 1990er-Jahre begann der Umbau.", "199", "MID"),
        ("Mitte der Woche wird gewählt.", "2020-W07", "MID"),
        ("Ende der kommenden Woche tagt der Rat.", "2020-W08", "END"),
        ("Zum Monatsende läuft die Frist ab.", "2020-02", "END"),
        ("Zu Wochenbeginn fiel der Kurs.", "2020-W07", "START"),
        ("Im Laufe der Woche wird entschieden.", "2020-W07", None),
    ],
)
def test_modifiers(sentence, value, mod):
    t = one(sentence)
    assert (t.value, t.mod) == (value, mod)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Die Verhandlungen dauerten zwei Wochen.", "P2W"),
        ("Das dauerte kaum länger als einer Woche.", "P1W"),
        ("Die Entscheidung fällt in zwei Stunden.", "PT2H"),
        ("Die Reform dauert drei Jahre.", "P3Y"),
        ("Der Umbau dauert ein halbes Jahr.", "P6M"),
    ],
)
def test_durations(sentence, value):
    t = one(sentence)
    assert (t.type, t.value) == ("DURATION", value)


@pytest.mark.parametrize(
    "sentence, value",
    [("Der Markt findet mittwochs statt.", "XXXX-WXX-3"), ("Der Bericht erscheint jährlich.", "P1Y"),
     ("Er joggt jeden Montag.", "XXXX-WXX-1")],
)
def test_sets(sentence, value):
    t = one(sentence)
    assert (t.type, t.value) == ("SET", value)


@pytest.mark.parametrize(
    "sentence, text, value",
    [("Das Treffen beginnt um 15 Uhr.", "15 Uhr", "2020-02-14T15:00"),
     ("Um 15.30 Uhr sprach er.", "15.30 Uhr", "2020-02-14T15:30"),
     ("Heute Abend spielt die Band.", "Heute Abend", "2020-02-14TEV")],
)
def test_times_of_day(sentence, text, value):
    t = one(sentence)
    assert (t.type, t.text, t.value) == ("TIME", text, value)


@pytest.mark.parametrize(
    "sentence, role",
    [("Seit 2014 ist sie im Amt.", "begin"), ("Ab Montag gilt die Regel.", "begin"),
     ("Das Werk soll bis 2024 fertig sein.", "end"), ("Das Ziel soll bis spätestens 2031 erreicht sein.", "deadline")],
)
def test_roles(sentence, role):
    assert one(sentence).role == role


def test_ab_montag_looks_forward():
    assert one("Ab Montag gilt die Regel.").value == "2020-02-17"


def test_range_borrows_month():
    begin, end = find_times("Die Messe läuft vom 3. bis 5. März.", FRIDAY)
    assert (begin.text, begin.value, begin.role) == ("3.", "2020-03-03", "begin")
    assert (end.value, end.role) == ("2020-03-05", "end")


def test_counted_four_digit_number_is_no_year():
    assert find_times("Er befehligte 1500 Soldaten.", FRIDAY) == []


def test_no_season_inside_compound():
    assert find_times("Der Winterkrieg war kurz.", FRIDAY) == []


def test_narrative_resolves_against_last_date():
    text = "Im März 1990 kam er. Im folgenden Jahr ging er. Am 3. Mai kam er zurück. Zwei Tage später ging er."
    values = [t.value for t in find_times(text, None, "narrative")]
    assert values == ["1990-03", "1991", "1991-05-03", "1991-05-05"]


def test_narrative_without_reference_stays_underspecified():
    t = one("Am 3. Mai kam er.", date=None, genre="narrative")
    assert t.value == "XXXX-05-03"
    assert one("Heute ist das anders.", date=None, genre="narrative").value == "PRESENT_REF"


def test_component_in_pipeline():
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("chronik_time")
    doc = nlp.make_doc("Die Nato kündigte am Freitag an, bald zu handeln.")
    doc._.chronik_date = FRIDAY
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [t.value for t in doc._.chronik_times] == ["2020-02-14", "FUTURE_REF"]


# --- news dates as a careful reader resolves them (sentences written for the purpose) -----------

WED = dt.date(2023, 10, 18)  # a Wednesday


def value_of(text, sentence, date=FRIDAY):
    return next(t.value for t in find_times(sentence, date) if t.text == text)


def test_explicit_date_beside_weekday_wins():
    # the weekday alone would look ahead ("will ... sprechen"); the date in brackets names the day
    text = "Innenministerin will im Amt bleiben\nSie will am Dienstagmorgen (17. Oktober) in Berlin sprechen."
    assert value_of("Dienstagmorgen", text, WED) == "2023-10-17TMO"
    assert value_of("17. Oktober", text, WED) == "2023-10-17"
    # and a weekday fixes the year of a yearless date: 2 January 2024 is a Tuesday
    assert value_of("Dienstag, den 2. Januar", "Er kam am Dienstag, den 2. Januar.", WED) == "2024-01-02"


def test_headline_does_not_set_the_direction():
    text = "Minister will bleiben\nDie Ministerin sagte am Dienstag, sie bleibe."
    assert value_of("Dienstag", text, WED) == "2023-10-17"


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Das Institut hatte seine Prognose am Mittwoch deutlich angehoben.", "2020-02-12"),  # pluperfect
        ("Ein Zinsschritt am Donnerstag wäre angebracht, sagte er.", "2020-02-20"),  # subjunctive of a plan
        ("Die Parteien hatten erklärt, am Dienstag das Verfahren einzuleiten.", "2020-02-18"),  # zu-infinitive
        ("Der Airbus startet am Mittwoch zu seinem ersten Flug.", "2020-02-19"),  # news present: scheduled
        ("Erst am Montag sei dies möglich, teilte die Firma mit.", "2020-02-17"),
        ("Die Hunde, die ihn aufspüren sollen, sind am Samstag eingetroffen.", "2020-02-08"),  # perfect
        ("Nach dem Beben, das sich am Dienstagnachmittag ereignete, wird Hilfe erwartet.", "2020-02-11TAF"),
        ("Am Freitag wurde er gewählt.", "2020-02-14"),  # the article's own day
        ("Am Donnerstag folgen die Debatten zu Finanzen und Wirtschaft.", "2020-02-20"),  # fronted date, present
        ("Die Minister sprechen in der bis Freitag dauernden Sitzung.", "2020-02-21"),  # "bis" today is "bis heute"
        ("Bis Mittwoch erwartet die Partei eine Million Demonstranten.", "2020-02-19"),
    ],
)
def test_weekday_direction_from_its_own_clause(sentence, value):
    assert one(sentence).value == value


@pytest.mark.parametrize(
    "sentence, date, value",
    [
        ("Der Kanzler will am 16. Dezember die Vertrauensfrage stellen.", dt.date(2024, 12, 2), "2024-12-16"),
        ("Die Neuwahl am 23. Februar gilt als sicher.", dt.date(2024, 11, 20), "2025-02-23"),
        ("Die Neuwahl soll am 23. Februar stattfinden.", dt.date(2024, 12, 28), "2025-02-23"),
        ("Die Messe hat noch bis zum 15. März geöffnet.", dt.date(2009, 3, 9), "2009-03-15"),  # a week's slack
        ("Die Sitzung fand am 28. Dezember statt.", dt.date(2024, 1, 3), "2023-12-28"),
        ("Die Stadt wird seit Ende April von Unruhen erschüttert.", dt.date(2006, 5, 27), "2006-04"),
        ("Seit dem 3. Juni gilt die Regel.", dt.date(2006, 5, 27), "2005-06-03"),
        ("Im März dieses Jahres begann der Streit.", dt.date(2007, 5, 1), "2007-03"),
        ("Sie hatte im April des letzten Jahres zugestimmt.", dt.date(2010, 3, 4), "2009-04"),
    ],
)
def test_yearless_dates_nearest_consistent_with_tense(sentence, date, value):
    t = find_times(sentence, date)
    assert [x.value for x in t] == [value]


@pytest.mark.parametrize(
    "sentence, date, value, mod",
    [
        ("Die Zahl der Arbeitslosen lag am Jahresende bei 2,2 Millionen.", dt.date(2019, 1, 4), "2018", "END"),
        ("Die Zahl soll bis Ende des Jahres sinken.", dt.date(2019, 1, 4), "2019", "END"),
        ("Zum Jahreswechsel soll das Gesetz gelten.", dt.date(2019, 12, 4), "2019", "END"),
        ("Das Gesetz soll Anfang des Jahres gelten.", dt.date(2019, 11, 4), "2020", "START"),
        ("Im dritten Quartal stieg der Umsatz.", dt.date(2019, 11, 4), "2019-Q3", None),
        ("Der Test soll Ende des ersten Quartals 2005 beginnen.", dt.date(2004, 12, 4), "2005-Q1", "END"),
    ],
)
def test_year_edges_and_quarters(sentence, date, value, mod):
    t = one(sentence, date)
    assert (t.value, t.mod) == (value, mod)


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("In der Nacht zum Sonntag brannte eine Halle.", "Nacht zum Sonntag", "2020-02-08TNI"),
        ("In der Nacht zum Sonntag soll gestreikt werden.", "Nacht zum Sonntag", "2020-02-15TNI"),
        ("Am Wochenende kam es zu Protesten.", "Wochenende", "2020-W06-WE"),
        ("Am kommenden Wochenende soll gestreikt werden.", "kommenden Wochenende", "2020-W08-WE"),
        ("Die Razzia fand Anfang letzter Woche statt.", "Anfang letzter Woche", "2020-W06"),
        ("In dieser Woche kamen viele.", "dieser Woche", "2020-W07"),
        ("Vor zwei Wochen war er da.", "Vor zwei Wochen", "2020-01-31"),
        ("Vor einem Monat war er da.", "Vor einem Monat", "2020-01"),
        ("Die Wahl muss in sechzig Tagen stattfinden.", "sechzig Tagen", "2020-04-14"),
        ("Er wurde heute vor 75 Jahren geboren.", "heute vor 75 Jahren", "1945-02-14"),
        ("Die Versicherung hatte schon vor Jahresfrist Probleme.", "vor Jahresfrist", "2019"),
    ],
)
def test_nights_weekends_weeks_shifts(sentence, text, value):
    assert value_of(text, sentence) == value


@pytest.mark.parametrize(
    "sentence, date, value",
    [
        ("Am Karfreitag kam es zu einem Unfall.", dt.date(2018, 4, 6), "2018-03-30"),  # Easter 2018: 1 April
        ("Am Pfingstmontag bleiben die Läden zu.", dt.date(2024, 5, 10), "2024-05-20"),
        ("Am zweiten Weihnachtstag wird gespielt.", dt.date(2024, 12, 2), "2024-12-26"),
        ("Die Hacker schlugen an Weihnachten zu.", dt.date(2011, 12, 28), "2011-12-25"),
        ("Bis Neujahr sollen 90 Stellen wegfallen.", dt.date(2006, 11, 15), "2007-01-01"),
        ("Allein zu Silvester brannten 100 Autos.", dt.date(2005, 11, 4), "2004-12-31"),
    ],
)
def test_holidays(sentence, date, value):
    assert one(sentence, date).value == value


def test_generic_holiday_is_no_date():
    times = find_times("Die Konferenz findet jährlich zwischen Weihnachten und Silvester statt.", FRIDAY)
    assert [t.text for t in times] == ["jährlich"]


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("Beim gestrigen Unglück starben zwei Menschen.", "gestrigen", "2020-02-13"),
        ("Am vorgestrigen Mittwoch jährte sich der Anschlag.", "vorgestrigen Mittwoch", "2020-02-12"),
        ("Erst am heutigen Morgen beginnen die Ermittlungen.", "heutigen Morgen", "2020-02-14TMO"),
        ("Vor dem heutigen Besuch der Delegation gab es Streit.", "heutigen", "2020-02-14"),
        ("Die diesjährige Saison begann im März.", "diesjährige", "2020"),
        ("Für das abgelaufene Jahr meldet die Firma Gewinn.", "abgelaufene Jahr", "2019"),
        ("Sie verbrachte Jahre in der heutigen Ukraine.", "heutigen", "PRESENT_REF"),
    ],
)
def test_date_adjectives(sentence, text, value):
    assert value_of(text, sentence) == value


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Heute wurde der Vertrag unterzeichnet.", "2020-02-14"),
        ("Die Firma veröffentlichte heute neue Zahlen.", "2020-02-14"),
        ("Er ist seit heute ein freier Mann.", "2020-02-14"),
        ("Viele benutzen auch heute noch die alte Flagge.", "PRESENT_REF"),
        ("Heute lebt die Autorin in Berlin.", "PRESENT_REF"),
        ("Die Methode wurde rasch verfeinert und ist heute Standard.", "PRESENT_REF"),
        ("Bis heute ist der Fall ungeklärt.", "PRESENT_REF"),
    ],
)
def test_heute_today_or_nowadays(sentence, value):
    assert next(t.value for t in find_times(sentence, FRIDAY) if t.text.lower() == "heute") == value


def test_previous_year_after_a_named_year():
    text = "Im Jahr 2007 flogen 2,2 Millionen. Das waren 31 Prozent mehr als im Vorjahr."
    assert value_of("Vorjahr", text, dt.date(2008, 8, 15)) == "2006"


def test_surnames_and_places_are_no_dates():
    assert find_times("Namen wie Jerzy Montag standen auf der Liste.", FRIDAY) == []
    assert find_times("Die Stadt Chiang Mai wurde überflutet.", FRIDAY) == []


def test_factory_declares_what_it_assigns():
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("chronik_time")
    summary = nlp.analyze_pipes()
    assert summary["summary"]["chronik_time"]["assigns"] == ["doc._.chronik_times"]
    assert not summary["problems"]["chronik_time"]


def test_clock_takes_the_day_named_just_before():
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    text = "Am Donnerstagabend stießen zwei Autos zusammen. Der Streifenwagen fuhr gegen 19:00 Uhr über die Kreuzung."
    doc = nlp(text)
    times = find_times(text, FRIDAY, "news", [s.start_char for s in doc.sents])
    assert [t.value for t in times] == ["2020-02-13TEV", "2020-02-13T19:00"]
    # a new paragraph starts afresh: the article's day
    text = "Am Donnerstag stießen zwei Autos zusammen.\nDer Ausschuss tagt um 15 Uhr."
    assert find_times(text, FRIDAY)[-1].value == "2020-02-14T15:00"


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("Der Beamte war Samstagnacht einem Auto ausgewichen.", "Samstagnacht", "2020-02-08TNI"),
        ("In der vergangenen Nacht wurden zwei Polizisten verletzt.", "vergangenen Nacht", "2020-02-13TNI"),
    ],
)
def test_nights(sentence, text, value):
    assert value_of(text, sentence) == value


def test_sentence_starts_from_arrays_equal_doc_sents():
    import spacy

    from chronik.analyse.time import _sentence_starts

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    for text in ["Am Montag kam er. Am Dienstag ging sie! Und dann?", "Ein Satz", ""]:
        doc = nlp(text)
        assert _sentence_starts(doc) == [s.start_char for s in doc.sents]


def test_a_passive_infinitive_with_werden_points_forward_not_back():
    # "beschlossen" looks like a past participle; with "werden … solle" it is the future's passive
    t = one("Die Regierung kündigte an, dass der Entwurf in der Sitzung am 24. Juni beschlossen werden solle.",
            date=dt.date(2025, 6, 4))
    assert t.value == "2025-06-24"
