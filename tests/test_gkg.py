"""GKG 2.1 export: a hand-made record → its exact row; delimiters, tabs and newlines inside fields; round trips."""

import csv
import datetime as dt
import io

import pytest

from chronik.export.gkg import GKG_COLUMNS, clean, gkg_line, gkg_row, write_gkg
from chronik.record import Amount, Entity, Mention, Quote, Record, Span, Speaker, Time

# Written for this test; offsets checked in test_fixture_offsets.
TEXT = (
    "Berlin (dpa) – Olaf Scholz hat am 14. Februar 2020 in Wien gesagt: „Wir schaffen #das | sicher\tbald.“ "
    "Die SPD will 2 Millionen Euro für Österreich bis März 2021. Er sagte, man werde im Jahr 2022 weitersehen. "
    "Seit drei Wochen gilt das, sagte Scholz am 1. Mai: „Ja.“"
)


def _span(start, end, cls=Span, **kw):
    return cls(start=start, end=end, text=TEXT[start:end], **kw)


def fixture_record(**changes) -> Record:
    scholz = _span(15, 26, Speaker, entity="e1")
    record = Record(
        id="gkg-1", title="Scholz & SPD\tin Wien", date=dt.date(2020, 2, 15),
        url="https://www.example.de/politik/scholz", source="Beispiel-Zeitung", lang="de", text=TEXT,
        place="Berlin", agency="dpa", credits=[_span(0, 14)],
        entities=[
            Entity(id="e1", name="Olaf Scholz", type="PER", qid="Q61053", mentions=[
                _span(15, 26, Mention), _span(162, 164, Mention, kind="pronoun"), _span(241, 247, Mention)]),
            Entity(id="e2", name="Wien", type="LOC", place="Vienna, Austria", mentions=[_span(54, 58, Mention)]),
            Entity(id="e3", name="SPD", type="ORG", mentions=[_span(106, 109, Mention)]),
            Entity(id="e4", name="Österreich", type="LOC", place="Austria", mentions=[_span(136, 146, Mention)]),
        ],
        quotes=[
            Quote(id="q1", kind="direct", content=[_span(68, 100)], cue=_span(59, 65), speaker=scholz, confidence=0.9),
            Quote(id="q2", kind="indirect", content=[_span(172, 206)], cue=_span(165, 170),
                  speaker=_span(162, 164, Speaker, entity="e1")),
            Quote(id="q3", kind="direct", content=[_span(260, 263)], cue=_span(235, 240),
                  speaker=_span(241, 247, Speaker, entity="e1")),
        ],
        times=[
            _span(34, 50, Time, type="DATE", value="2020-02-14"),
            _span(151, 160, Time, type="DATE", value="2021-03", role="deadline"),
            _span(190, 194, Time, type="DATE", value="2022"),
            _span(213, 224, Time, type="DURATION", value="P3W"),
            _span(251, 257, Time, type="DATE", value="XXXX-05-01"),
        ],
        amounts=[_span(115, 131, Amount, value=2_000_000.0, unit="EUR")],
    )
    return record.model_copy(update=changes)


EXPECTED = {
    "GKGRECORDID": "20200215000000-gkg-1",
    "V2.1DATE": "20200215000000",
    "V2SOURCECOLLECTIONIDENTIFIER": "1",
    "V2SOURCECOMMONNAME": "Beispiel-Zeitung",
    "V2DOCUMENTIDENTIFIER": "https://www.example.de/politik/scholz",
    "V1LOCATIONS": "4#Vienna, Austria#####;1#Austria#####",
    "V2ENHANCEDLOCATIONS": "4#Vienna, Austria#######54;1#Austria#######136",
    "V1PERSONS": "Olaf Scholz",
    "V2ENHANCEDPERSONS": "Olaf Scholz,15;Olaf Scholz,241",
    "V1ORGANIZATIONS": "SPD",
    "V2ENHANCEDORGANIZATIONS": "SPD,106",
    "V2.1ENHANCEDDATES": "4#2#14#2020#34;2#3#0#2021#151;1#0#0#2022#190;3#5#1#0#251",
    "V2.1QUOTATIONS": "68|32|gesagt|Wir schaffen  das   sicher bald.#260|3|sagte|Ja.",
    "V2.1ALLNAMES": "Olaf Scholz,15;Wien,54;SPD,106;Österreich,136;Olaf Scholz,241",
    "V2.1AMOUNTS": "2000000,EUR,115",
    "V2.1TRANSLATIONINFO": "srclc:deu",
    "V2EXTRASXML": (
        "<PAGE_TITLE>Scholz &amp; SPD in Wien</PAGE_TITLE>"
        '<CHRONIK_ARTICLE id="gkg-1" source="Beispiel-Zeitung" place="Berlin" agency="dpa" copy_of="wire-1"'
        ' story="wire-1"/>'
        "<CHRONIK_STATEMENTS>"
        '<STATEMENT id="q1" kind="direct" offset="68" length="32" speaker="Olaf Scholz" speaker_qid="Q61053"'
        ' cue="gesagt" confidence="0.9"/>'
        '<STATEMENT id="q2" kind="indirect" offset="172" length="34" speaker="Olaf Scholz" speaker_qid="Q61053"'
        ' cue="sagte"/>'
        '<STATEMENT id="q3" kind="direct" offset="260" length="3" speaker="Olaf Scholz" speaker_qid="Q61053"'
        ' cue="sagte"/>'
        "</CHRONIK_STATEMENTS>"
    ),
}
LINKS = {"copy_of": "wire-1", "story": "wire-1"}


def test_fixture_offsets():
    assert TEXT[68:100] == "Wir schaffen #das | sicher\tbald." and TEXT[172:206] == "man werde im Jahr 2022 weitersehen"
    assert TEXT[235:240] == "sagte" and TEXT[260:263] == "Ja."


def test_fixture_record_gives_the_exact_row():
    row = gkg_row(fixture_record(), LINKS)
    assert len(row) == len(GKG_COLUMNS) == 27
    assert dict(zip(GKG_COLUMNS, row, strict=True)) == {c: EXPECTED.get(c, "") for c in GKG_COLUMNS}


def test_empty_columns_stay_empty_and_nothing_breaks_a_line():
    line = gkg_line(fixture_record(), LINKS)
    assert line.endswith("\n") and line.count("\n") == 1 and line.count("\t") == 26
    for col in ("V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1.5TONE", "V2GCAM", "V2.1SHARINGIMAGE"):
        assert gkg_row(fixture_record())[GKG_COLUMNS.index(col)] == ""


def test_record_without_url_date_or_language():
    row = dict(zip(GKG_COLUMNS, gkg_row(fixture_record(url=None, date=None, lang=None, source=None)), strict=True))
    assert row["GKGRECORDID"] == "gkg-1" and row["V2.1DATE"] == ""
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "2" and row["V2DOCUMENTIDENTIFIER"] == "gkg-1"
    assert row["V2SOURCECOMMONNAME"] == "" and row["V2.1TRANSLATIONINFO"] == ""
    # without a url the outlet comes from nowhere; with one, its host stands in for a missing source
    row = dict(zip(GKG_COLUMNS, gkg_row(fixture_record(source=None)), strict=True))
    assert row["V2SOURCECOMMONNAME"] == "www.example.de"


HOSTILE = 'Er sagte: „A;b,c#d|e\tf\ng\r\nh \x00 <i> & "j"“ Ende.'


def hostile_record() -> Record:
    start = HOSTILE.index("A")
    end = HOSTILE.index("“")
    who = Span(start=0, end=2, text="Er")
    return Record(
        id="id\twith\ttabs", text=HOSTILE, title="Titel\nzweite Zeile", lang="de",
        entities=[Entity(id="e1", name="Müller, Hans; Dr.#1|x", type="PER", mentions=[Mention(**who.model_dump())])],
        quotes=[Quote(id="q1", kind="direct", content=[Span(start=start, end=end, text=HOSTILE[start:end])],
                      cue=Span(start=3, end=8, text="sagte"), speaker=Speaker(**who.model_dump(), entity="e1"))],
        amounts=[Amount(start=0, end=2, text="Er", value=1.5, unit="EUR", object="Tonnen, netto; brutto")],
    )


def test_delimiters_tabs_and_newlines_inside_fields_are_replaced_one_for_one():
    record = hostile_record()
    row = dict(zip(GKG_COLUMNS, gkg_row(record), strict=True))
    assert all("\t" not in v and "\n" not in v and "\r" not in v for v in row.values())
    (quotation,) = row["V2.1QUOTATIONS"].split("#")
    offset, length, verb, quote = quotation.split("|")
    assert (int(offset), int(length), verb) == (11, len(record.quotes[0].content[0].text), "sagte")
    assert quote == 'A;b,c d e f g  h   <i> & "j"' and len(quote) == int(length)
    assert row["V2ENHANCEDPERSONS"] == "Müller  Hans  Dr. 1|x,0"  # ',' ';' '#' go, '|' is no person delimiter
    assert row["V2.1ALLNAMES"] == "Müller  Hans  Dr.#1|x,0"
    assert row["V2.1AMOUNTS"] == "1.5,Tonnen  netto  brutto,0"
    assert row["GKGRECORDID"] == row["V2DOCUMENTIDENTIFIER"] == "id with tabs"
    assert row["V2EXTRASXML"].startswith("<PAGE_TITLE>Titel zweite Zeile</PAGE_TITLE>")
    assert 'speaker="Müller, Hans; Dr.#1|x"' in row["V2EXTRASXML"]


def test_clean():
    assert clean("a\tb\nc;d", ";") == "a b c d"
    assert clean(None, ";") == ""


def _written(header: bool) -> tuple[str, list[list[str]]]:
    records = [fixture_record(), hostile_record()]
    fh = io.StringIO()
    assert write_gkg(records, fh, links=lambda i: LINKS if i == "gkg-1" else {}, header=header) == 2
    return fh.getvalue(), [gkg_row(records[0], LINKS), gkg_row(records[1])]


def test_round_trip_through_the_csv_module():
    text, expected = _written(header=True)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows == [list(GKG_COLUMNS), *expected]


def test_round_trip_through_pandas():
    pd = pytest.importorskip("pandas")
    text, expected = _written(header=True)
    frame = pd.read_csv(io.StringIO(text), sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(GKG_COLUMNS) and frame.values.tolist() == expected


def test_round_trip_through_duckdb(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    text, expected = _written(header=False)  # as GDELT's own files: no header, names given when reading
    path = tmp_path / "export.gkg.tsv"
    path.write_text(text, encoding="utf-8")
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in GKG_COLUMNS) + "}"
    rows = duckdb.connect().execute(
        f"SELECT * FROM read_csv('{path}', delim='\t', quote='', escape='', header=false, columns={columns})"
    ).fetchall()
    assert [[v or "" for v in r] for r in rows] == expected


def test_events_go_to_extras_xml():
    from chronik import record as schema

    if "events" not in Record.model_fields:
        pytest.skip("Record has no events yet (the events model lands with issue 16's events work)")
    event = schema.Event(  # type: ignore[attr-defined]
        id="v1", type="request", trigger=_span(59, 65), actor=_span(15, 26, Speaker, entity="e1"),
        target=_span(136, 146, Speaker, entity="e4"), place=_span(54, 58, Speaker, entity="e2"), time="2020-02-14",
        evidence=_span(15, 101), confidence=0.8,
    )
    xml = gkg_row(fixture_record(events=[event]))[GKG_COLUMNS.index("V2EXTRASXML")]
    assert xml.endswith(
        '<CHRONIK_EVENTS><EVENT id="v1" type="request" offset="59" length="6" trigger="gesagt" actor="Olaf Scholz"'
        ' actor_qid="Q61053" target="Österreich" place="Wien" time="2020-02-14" confidence="0.8"'
        ' sentence="15-101"/></CHRONIK_EVENTS>'
    )


def test_cli_exports_from_records_and_from_the_kb(tmp_path, run):
    from chronik.store import Store

    record = fixture_record()
    records = tmp_path / "records.jsonl"
    records.write_text(record.to_json() + "\n", encoding="utf-8")
    result = run("export", "--records", records, "--format", "gkg")
    assert result.exit_code == 0, result.output
    assert result.stdout == gkg_line(record)
    db = tmp_path / "kb.db"
    with Store(db) as kb:
        kb.add(record)
    out = tmp_path / "kb.gkg.tsv"
    result = run("export", "--db", db, "--format", "gkg", "--output", out, "--header")
    assert result.exit_code == 0, result.output
    header, line = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert header.rstrip("\n").split("\t") == list(GKG_COLUMNS)
    assert line == gkg_line(record, {"copy_of": None, "story": None})


def test_cli_names_the_line_that_is_not_a_record(tmp_path, run):
    records = tmp_path / "records.jsonl"
    records.write_text(fixture_record().to_json() + '\n{"id": "x"}\n', encoding="utf-8")
    result = run("export", "--records", records, "--format", "gkg", "--output", tmp_path / "out.tsv")
    assert result.exit_code == 2 and f"{records}:2: not a Chronik record" in result.output.replace("\n", "")
    result = run("export", "--records", tmp_path / "missing.jsonl", "--format", "gkg")
    assert result.exit_code == 2 and "no such file" in result.output
    assert run("export", "--format", "xml").exit_code == 2
