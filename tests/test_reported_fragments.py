"""A reported-speech stretch the tagger finds in a sentence that holds another statement's message is a
piece of that statement's frame, not a report of its own. Sentences written for the test."""

from __future__ import annotations

import datetime as dt

from chronik.record import Article


def test_the_frame_after_a_quotation_is_no_reported_statement(analyzer):
    text = ('Unionsfraktionschef Jonas Falkner (CDU) wirft der Regierung Versagen vor. "Bei Ihnen fallen Wahrnehmung '
            'und Lage auseinander", sagte er am Donnerstag im Landtag in seiner Replik auf die Regierungserklärung '
            'von Ministerpräsident Peter Köhler (SPD). "Sie verlieren den Bezug."')
    record = analyzer.analyse(Article(id="t", text=text, date=dt.date(2025, 3, 6)))
    frame = text.index("in seiner Replik")
    assert not [q for q in record.quotes if q.kind == "reported" and q.content[0].start >= frame]
    assert any(q.kind == "direct" and "Wahrnehmung" in q.content[0].text for q in record.quotes)
