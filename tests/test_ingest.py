"""Readers: every kind of bad input is rejected with a reason naming it; the rest goes on."""

import datetime as dt
import json

import pytest

from chronik.ingest import Reader, Rejected

GERMAN = "Die Ministerin sagte am Freitag in Berlin, die Lage sei ernst. " * 3


def read(*paths, **kw):
    return list(Reader(**kw).read([str(p) for p in paths]))


def test_txt_with_metadata_header(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"title: Lage in Berlin\ndate: 2020-02-14\nsource: dpa\n\n{GERMAN}", encoding="utf-8")
    [a] = read(f)
    assert a.title == "Lage in Berlin" and a.date == dt.date(2020, 2, 14) and a.source == "dpa"
    assert a.text == GERMAN
    assert a.origin == str(f)


def test_txt_without_header_takes_date_default(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Titel: kein Header\n" + GERMAN, encoding="utf-8")
    [a] = read(f, defaults={"date": "2020-02-14"})
    assert a.text.startswith("Titel: kein Header") and a.date == dt.date(2020, 2, 14)


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Scholz kündigt Investitionen an\n\n" + GERMAN, "Scholz kündigt Investitionen an"),
        ("Scholz kündigt Investitionen an\r\n\r\n" + GERMAN, "Scholz kündigt Investitionen an"),
        ("Opposition kritisiert Seehofers „Masterplan“\n\n" + GERMAN, "Opposition kritisiert Seehofers „Masterplan“"),
        ("Der Kanzler hat am Mittwoch gesprochen.\n\n" + GERMAN, None),  # a sentence, not a headline
        ("Er sagte: „Wir kommen.“\n\n" + GERMAN, None),
        ("BERLIN (dpa) - Der Kanzler sprach\n" + GERMAN, None),  # no blank line after it
        ("Nur eine Zeile ohne Punkt", None),  # nothing after it
        ("title: Aus dem Kopf\n\nScholz kündigt Investitionen an\n\n" + GERMAN, "Aus dem Kopf"),
    ],
)
def test_txt_headline_becomes_the_title_and_stays_in_the_text(tmp_path, content, title):
    f = tmp_path / "a.txt"
    f.write_bytes(content.encode("utf-8"))
    [a] = read(f)
    assert a.title == title
    assert a.text.replace("\r\n", "\n").endswith(GERMAN if GERMAN in content else content)
    if title and not content.startswith("title:"):
        assert a.text.startswith(title)  # the text keeps the headline: ids and offsets as before


def test_sidecar_title_wins_over_the_headline(tmp_path):
    (tmp_path / "seed.txt").write_text("Eine Schlagzeile\n\n" + GERMAN, encoding="utf-8")
    (tmp_path / "seed.json").write_text(json.dumps({"title": "Aus der Seitendatei"}))
    [a] = read(tmp_path)
    assert a.title == "Aus der Seitendatei"


def test_sidecar_json_gives_metadata_and_is_not_an_article(tmp_path):
    (tmp_path / "seed.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "seed.json").write_text(json.dumps({"id": "s1", "date": "2020-02-14", "text_file": "seed.txt"}))
    [a] = read(tmp_path)
    assert a.id == "s1" and a.date == dt.date(2020, 2, 14)


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    [r] = read(f)
    assert isinstance(r, Rejected) and r.origin == str(f) and "empty" in r.reason


def test_binary_file(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    [r] = read(f)
    assert isinstance(r, Rejected) and "binary" in r.reason


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_detected(tmp_path, encoding):
    text = "Die Bürgermeisterin äußerte sich über die Größe der Straße – „schön“ sei das nicht. " * 4
    if encoding == "latin-1":
        text = text.replace("–", "-").replace("„", '"').replace("“", '"')
    f = tmp_path / "old.txt"
    f.write_bytes(text.encode(encoding))
    [a] = read(f)
    assert a.text.strip() == text.strip()


def test_jsonl_with_broken_line_and_missing_text(tmp_path):
    f = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GERMAN, "date": "2020-02-14T10:00:00", "feed": "x"}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": GERMAN, "date": "14.02.2020"}),
        json.dumps({"id": "e", "text": GERMAN}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(f)
    ok = [i for i in items if not isinstance(i, Rejected)]
    bad = {i.origin: i.reason for i in items if isinstance(i, Rejected)}
    assert [a.id for a in ok] == ["a", "e"]
    assert ok[0].date == dt.date(2020, 2, 14) and ok[0].extra == {"feed": "x"}
    assert "invalid JSON" in bad[f"{f}:2"]
    assert "missing 'text'" in bad[f"{f}:3"]
    assert "not an ISO date" in bad[f"{f}:4"]


def test_size_limit(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text(GERMAN * 100, encoding="utf-8")
    [r] = read(f, max_bytes=1000)
    assert isinstance(r, Rejected) and "over the limit of 1,000" in r.reason


def test_unknown_extension_and_missing_file(tmp_path):
    f = tmp_path / "sheet.xlsx"
    f.write_bytes(b"PK\x03\x04")
    items = read(f, tmp_path / "nope.txt")
    assert "unknown file type '.xlsx'" in items[0].reason
    assert "no such file" in items[1].reason


def test_html_main_text(tmp_path):
    f = tmp_path / "page.html"
    body = "".join(f"<p>{GERMAN} Absatz {i}.</p>" for i in range(5))
    f.write_text(
        f"<html><head><title>Lage</title></head><body><nav>Menü Startseite Impressum</nav>"
        f"<article><h1>Lage in Berlin</h1>{body}</article><footer>© Verlag</footer></body></html>",
        encoding="utf-8",
    )
    [a] = read(f)
    assert "Die Ministerin sagte" in a.text and "Impressum" not in a.text


def test_directory_recurses(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "b.txt").write_text(GERMAN + "Zweiter.", encoding="utf-8")
    assert len(read(tmp_path)) == 2


def test_same_text_same_id(tmp_path):
    (tmp_path / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GERMAN, encoding="utf-8")
    a, b = read(tmp_path)
    assert a.id == b.id
