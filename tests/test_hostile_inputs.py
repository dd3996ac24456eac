"""Inputs that used to stop a batch or were silently mangled: each is now a clear rejection
(naming the input and the reason) while the batch goes on, or read correctly."""

from __future__ import annotations

import codecs
import gzip
import http.server
import io
import ipaddress
import json
import sys
import threading
import time

import pytest

from chronik.ingest import Reader, Rejected
from chronik.record import Article

GOOD = "Die Ministerin sagte am Montag in Berlin, der Haushalt werde verlängert."


def line(i: int, **extra) -> str:
    return json.dumps({"id": f"a{i}", "text": f"{GOOD} Nummer {i}.", **extra}, ensure_ascii=False)


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Rejected)]


# -- 1. inputs that stopped a batch ---------------------------------------------------------------
def nested_json(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_deeply_nested_jsonl_line_is_rejected_and_the_folder_goes_on(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(line(i) for i in range(5)) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(nested_json(100_000) + "\n" + line(5) + "\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text("\n".join(line(i) for i in range(6, 11)) + "\n", encoding="utf-8")
    articles, rejected = split(Reader().read([tmp_path]))
    assert [a.id for a in articles] == [f"a{i}" for i in range(11)]
    assert [(r.origin, r.reason) for r in rejected] == [(f"{tmp_path / 'b.jsonl'}:1", "JSON nested deeper than 32 levels")]


def test_deeply_nested_json_file_is_rejected(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(nested_json(100_000), encoding="utf-8")
    (item,) = Reader().read([path])
    assert isinstance(item, Rejected) and item.reason == "JSON nested deeper than 32 levels"


@pytest.mark.parametrize("levels", [33, 300, 999])
def test_deeply_nested_extra_field_is_rejected_by_name(tmp_path, levels):
    deep = '{"k":' * levels + '"x"' + "}" * levels
    path = tmp_path / "in.jsonl"
    path.write_text(line(1)[:-1] + f', "extra": {deep}}}' + "\n" + line(2, extra={"a": [1, {"b": 2}]}) + "\n",
                    encoding="utf-8")
    (bad,), = [split(Reader().read([path]))[1]]
    assert bad.origin.endswith("in.jsonl:1") and "nested deeper than 32 levels" in bad.reason
    (ok,) = split(Reader().read([path]))[0]
    assert ok.extra == {"extra": {"a": [1, {"b": 2}]}}


def test_batch_with_a_nested_line_stores_the_rest_and_resumes(tmp_path, analyzer):
    from chronik.batch import Batch
    from chronik.store import Store

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text(line(1) + "\n" + nested_json(50_000) + "\n" + line(2) + "\n", encoding="utf-8")
    (src / "b.jsonl").write_text(line(3) + "\n", encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        first = Batch(analyzer, workers=1).ingest([src], store)
        again = Batch(analyzer, workers=1).ingest([src], store)
        assert store.count() == 3
    assert (first.added, len(first.rejected)) == (3, 1)
    assert (again.added, again.skipped, len(again.rejected)) == (0, 3, 1)


def test_jsonl_is_streamed_whatever_its_size_with_a_limit_per_line(tmp_path):
    path = tmp_path / "big.jsonl"
    long_line = json.dumps({"id": "long", "text": "Wort " * 2000})
    path.write_text("\n".join([line(i) for i in range(50)] + [long_line, line(50)]) + "\n", encoding="utf-8")
    assert path.stat().st_size > 5_000  # far over the limit as a whole file
    articles, rejected = split(Reader(max_bytes=5_000).read([path]))
    assert len(articles) == 51
    assert [(r.origin, r.reason) for r in rejected] == [
        (f"{path}:51", "line is over the limit of 5,000 bytes (--max-bytes)")
    ]


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_jsonl_on_stdin_is_streamed_with_the_same_limit(monkeypatch):
    data = "\n".join([line(1), json.dumps({"text": "x" * 300}), line(2)]).encode()
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\n  " + data))
    articles, rejected = split(Reader(max_bytes=200).read(["-"]))
    assert [a.id for a in articles] == ["a1", "a2"]
    assert [r.origin for r in rejected] == ["<stdin>:2"] and "over the limit of 200 bytes" in rejected[0].reason


def test_plain_text_on_stdin_over_the_limit_is_rejected(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(GOOD.encode() * 20))
    (item,) = Reader(max_bytes=100).read(["-"])
    assert isinstance(item, Rejected) and item.origin == "<stdin>" and "over the limit of 100 bytes" in item.reason


def test_long_article_is_analysed_in_pieces_with_offsets_joined(analyzer, seed_text):
    """A text far longer than a piece (and than nlp.max_length) becomes one consistent record."""
    import datetime as dt

    from chronik.analyse import Analyzer

    text = "\n\n".join([seed_text.strip()] * 3)
    pieces = Analyzer(nlp=analyzer.nlp, piece_chars=len(seed_text) // 2 + 100)
    saved = analyzer.nlp.max_length
    analyzer.nlp.max_length = len(seed_text)  # spaCy would refuse the whole text (E088)
    try:
        record = pieces.analyse(Article(id="long", text=text, date=dt.date(2020, 2, 14)))
    finally:
        analyzer.nlp.max_length = saved
    spans = [m for e in record.entities for m in e.mentions] + record.times + record.amounts
    spans += [p for q in record.quotes for p in q.content] + [q.speaker for q in record.quotes if q.speaker]
    assert spans and all(text[s.start : s.end] == s.text for s in spans)
    assert len({e.id for e in record.entities}) == len(record.entities)
    assert len({(e.type, e.name) for e in record.entities}) == len(record.entities)  # merged across pieces
    ids = {e.id for e in record.entities}
    assert all(q.speaker.entity in ids for q in record.quotes if q.speaker and q.speaker.entity)
    assert [q.id for q in record.quotes] == [f"q{i + 1}" for i in range(len(record.quotes))]
    esper = [e for e in record.entities if e.name.endswith("Esper")]
    assert esper and {m.start // (len(text) // 3 + 1) for m in esper[0].mentions} == {0, 1, 2}
    assert all(0 <= p.amount < len(record.amounts) for p in record.pledges if p.amount is not None)


def test_split_text_cuts_at_paragraphs_and_covers_the_text():
    from chronik.analyse.pipeline import split_text

    text = ("Ein Satz. " * 30 + "\n\n") * 10 + "x" * 1000
    pieces = list(split_text(text, 500))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 500 for _, p in pieces)
    assert all(text[start : start + len(p)] == p for start, p in pieces)
    assert pieces[0][1].endswith("\n\n")


# -- 2. encodings --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "bom,encoding",
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
     (codecs.BOM_UTF8, "utf-8")],
)
def test_byte_order_marks_are_honoured(tmp_path, bom, encoding):
    text = "Die Maßnahmen würden verlängert, sagte Müller."
    (tmp_path / "a.txt").write_bytes(bom + text.encode(encoding))
    (tmp_path / "b.jsonl").write_bytes(bom + (line(1) + "\n" + line(2) + "\n").encode(encoding))
    articles, rejected = split(Reader().read([tmp_path]))
    assert not rejected
    assert [a.text for a in articles] == [text, f"{GOOD} Nummer 1.", f"{GOOD} Nummer 2."]


def test_utf8_with_a_few_invalid_bytes_is_rejected_not_mangled(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(("Die Regierung will die Frist verlängern. " * 5).encode() + b"\xff\xfe kaputt")
    (item,) = Reader().read([path])
    assert isinstance(item, Rejected)
    assert item.reason.startswith("invalid UTF-8 at byte 210 (2 bad byte sequence(s)")


def test_invalid_utf8_in_a_jsonl_line_rejects_that_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(line(1).encode() + b"\n" + line(2).encode()[:-3] + b"\xc3(\"}\n" + line(3).encode() + b"\n")
    articles, rejected = split(Reader().read([path]))
    assert [a.id for a in articles] == ["a1", "a3"]
    assert rejected[0].origin == f"{path}:2" and "invalid UTF-8" in rejected[0].reason


def test_nul_anywhere_is_rejected(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(GOOD.encode() * 400 + b"\x00" + GOOD.encode())  # after the first 8 KB
    (item,) = Reader().read([path])
    assert isinstance(item, Rejected) and "NUL" in item.reason
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(json.dumps({"text": GOOD + "\u0000"}) + "\n", encoding="utf-8")
    (item,) = Reader().read([jsonl])
    assert isinstance(item, Rejected) and "NUL" in item.reason


def test_control_characters_are_dropped_from_text_and_metadata(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "c\u0007", "text": "Merz\u0001 sagte\u001b das.", "title": "Ti\u0008tel"}) + "\n")
    (article,) = Reader().read([path])
    assert (article.id, article.text, article.title) == ("c", "Merz sagte das.", "Titel")


HTML_PAGE = """<html><head><title>Haushalt</title></head><body><article><h1>Haushalt verlängert</h1>
<p>Die Ministerin sagte am Montag in Berlin: „Wir werden die
Ausgaben deutlich erhöhen und das Ziel noch in diesem
Jahr erreichen.“ Das kündigte sie vor Journalisten an.</p>
<figure><img src="a.jpg"><figcaption>Die Ministerin am Montag in Berlin. Bild: dpa</figcaption></figure>
<p>Foto: Michael Kappeler/dpa</p>
<p>Die Ministerin vor dem Kanzleramt in Berlin Foto: Paula Beispiel</p>
<p>Foto/Quelle: Beispielagentur</p>
<p>Die Ministerin bei einem Besuch in Paris. (Archivbild)</p>
<p>Die Opposition kritisierte den Plan als unzureichend und forderte eine Debatte im Bundestag, in der
die Regierung ihre Zahlen offenlegen müsse.</p>
<p>Bild: dpa</p>
</article></body></html>"""


def test_html_line_breaks_inside_sentences_are_joined_and_captions_dropped(tmp_path, analyzer):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    (article,) = Reader().read([path])
    assert "„Wir werden die Ausgaben deutlich erhöhen und das Ziel noch in diesem Jahr erreichen.“" in article.text
    assert "in der die Regierung" in article.text
    assert "dpa" not in article.text and "Bild" not in article.text and "Foto" not in article.text
    assert "Kanzleramt" not in article.text  # a caption ending in its credit
    assert "Paris" not in article.text and "Beispielagentur" not in article.text
    record = analyzer.analyse(article)
    direct = [" ".join(p.text for p in q.content) for q in record.quotes if q.kind == "direct"]
    assert any("Ziel noch in diesem Jahr erreichen" in d for d in direct)


# -- 3. WARC -------------------------------------------------------------------------------------
def warc_bytes(gz: bool, pages: int = 2) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = "<html><body><article>" + f"<p>{GOOD} Ein Absatz über Leipzig und die Straßenbahn.</p>" * 20
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n in range(1, pages + 1):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = (html + f"<p>Seite {n}.</p></article></body></html>").encode()
        writer.write_record(writer.create_warc_record(f"https://news.example/{n}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


@pytest.mark.parametrize("data", [b"WARC/1.0\r\nfoo\r\n\r\n" + b"garbage" * 100, gzip.compress(b"hello world " * 100),
                                  b"\x00\x01garbage" * 50])
def test_garbage_warc_is_rejected_with_a_reason(tmp_path, data):
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    (item,) = Reader().read([path])
    assert isinstance(item, Rejected) and item.reason.startswith("not a valid WARC file")


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("keep", [0.8, 0.97])
def test_truncated_warc_rejects_its_last_record_instead_of_storing_it_cut(tmp_path, gz, keep):
    data = warc_bytes(gz)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data[: int(len(data) * keep)])
    articles, rejected = split(Reader().read([path]))
    assert [a.id for a in articles] == ["https://news.example/1"]
    assert articles[0].text.endswith("Seite 1.")
    assert rejected and any("truncated" in r.reason for r in rejected)


def test_complete_warc_has_no_rejection(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(True))
    articles, rejected = split(Reader().read([path]))
    assert len(articles) == 2 and not rejected


# -- 3. URLs: overall deadline, no requests into private networks ----------------------------------
class _Site(http.server.BaseHTTPRequestHandler):
    """/slow trickles one byte a second; /to?url redirects; /secret is what must never be fetched."""

    requested: list[str]
    pages: dict[str, tuple[str, bytes]]

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.requested.append(self.path)
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(60):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(1)
        elif self.path == "/big":  # fast, but not done by a tight deadline
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(("Wort " * 100_000).encode())
            self.wfile.flush()
            time.sleep(1.2)
            self.wfile.write(("Ende " * 100_000).encode())
        elif self.path.startswith("/to?"):
            self.send_response(302)
            self.send_header("Location", self.path[4:])
            self.end_headers()
        elif self.path in self.pages:
            ctype, body = self.pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture
def site():
    """A real HTTP server on loopback; yields (port, list of requested paths, pages to serve)."""
    requested: list[str] = []
    pages: dict[str, tuple[str, bytes]] = {
        "/secret": ("text/plain", ("internal-secret " + GOOD).encode()),
    }
    handler = type("Handler", (_Site,), {"requested": requested, "pages": pages})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], requested, pages
    server.shutdown()
    server.server_close()


@pytest.fixture
def public_name(monkeypatch):
    """'public.test' connects to loopback but passes for a public address (as a DNS name of a real site would)."""
    import socket

    from chronik.ingest import web

    real_getaddrinfo, real_resolve = socket.getaddrinfo, web._resolve

    def getaddrinfo(host, *args, **kwargs):
        return real_getaddrinfo("127.0.0.1" if host == "public.test" else host, *args, **kwargs)

    def resolve(host, port):
        return [ipaddress.ip_address("93.184.216.34")] if host == "public.test" else real_resolve(host, port)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(web, "_resolve", resolve)
    return "public.test"


def test_slow_url_stops_at_the_overall_deadline(site):
    port, _, _ = site
    started = time.monotonic()
    (item,) = Reader(allow_private_urls=True, url_deadline_s=2).read([f"http://127.0.0.1:{port}/slow"])
    assert isinstance(item, Rejected) and "overall deadline of 2 s" in item.reason
    assert time.monotonic() - started < 6


def test_a_fast_transfer_may_run_past_the_deadline(site):
    port, _, _ = site
    (item,) = Reader(allow_private_urls=True, url_deadline_s=0.5).read([f"http://127.0.0.1:{port}/big"])
    assert isinstance(item, Article) and item.text.rstrip().endswith("Ende")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "10.1.2.3", "169.254.169.254", "192.168.0.1"])
def test_private_targets_are_refused(host):
    (item,) = Reader(url_deadline_s=3).read([f"http://{host}:9/x.html"])
    assert isinstance(item, Rejected) and item.reason.startswith("refused:")
    assert "--allow-private-urls" in item.reason


def test_redirect_to_loopback_is_refused(site, public_name):
    port, requested, _ = site
    for target in (f"http://127.0.0.1:{port}/secret", f"http://localhost:{port}/secret", "http://169.254.169.254/"):
        (item,) = Reader().read([f"http://{public_name}:{port}/to?{target}"])
        assert isinstance(item, Rejected) and item.reason.startswith("refused:"), item
    assert "/secret" not in requested
    # explicitly allowed, the same redirect is followed
    (article,) = Reader(allow_private_urls=True).read([f"http://{public_name}:{port}/to?http://127.0.0.1:{port}/secret"])
    assert isinstance(article, Article) and article.text.startswith("internal-secret")


def test_feed_teaser_links_into_private_networks_are_not_fetched(site, public_name):
    port, requested, pages = site
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Beispiel</title><link>http://{public_name}/</link>
<item><title>Anreißer</title><link>http://127.0.0.1:{port}/secret</link><guid>t1</guid>
<description>Nur ein Anreißer.</description></item></channel></rss>"""
    pages["/feed.rss"] = ("application/rss+xml", feed.encode())
    (item,) = Reader().read([f"http://{public_name}:{port}/feed.rss"])
    assert isinstance(item, Article) and item.text == "Nur ein Anreißer."
    assert requested == ["/feed.rss"]
