"""End to end on the bundled seed article (Munich, Friday 14 February 2020): the spine's promise."""


def speaker_name(record, quote):
    entity = record.entity(quote.speaker.entity) if quote.speaker else None
    return entity.name if entity else None


def quote_containing(record, fragment):
    for q in record.quotes:
        if any(fragment in p.text for p in q.content):
            return q
    raise AssertionError(f"no statement contains {fragment!r}")


def test_is_militia_not_defeated_is_kramp_karrenbauer(seed_record):
    q = quote_containing(seed_record, "noch nicht besiegt")
    assert speaker_name(seed_record, q) == "Annegret Kramp-Karrenbauer"


def test_es_ist_unerlaesslich_is_esper(seed_record):
    q = quote_containing(seed_record, "Es ist unerlässlich")
    assert q.kind == "direct"
    assert speaker_name(seed_record, q) == "Mark Esper"


def test_dates_resolved_against_the_article(seed_record):
    # TIMEX convention: the span is the expression without its preposition ("am", "im")
    values = {t.text: t.value for t in seed_record.times}
    assert values["Freitag"] == "2020-02-14"
    assert values["November"] == "2019-11"


def test_people(seed_record):
    people = {e.name for e in seed_record.entities if e.type == "PER"}
    assert {"Annegret Kramp-Karrenbauer", "Mark Esper", "Tod Wolters", "Kassem Soleimani"} <= people


def test_offsets_point_into_the_text(seed_record):
    text = seed_record.text
    spans = [m for e in seed_record.entities for m in e.mentions] + list(seed_record.times) + list(seed_record.amounts)
    spans += [p for q in seed_record.quotes for p in q.content]
    assert spans
    for s in spans:
        assert text[s.start : s.end] == s.text
