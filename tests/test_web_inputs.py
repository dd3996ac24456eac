"""WARC / WARC.gz, RSS and Atom inputs, local and over http (a loopback server started here)."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import threading
from functools import partial

import pytest

from chronik.ingest import Reader, Rejected
from chronik.ingest.web import html_to_text

PARAGRAPHS = [
    "Die Stadtwerke Leipzig haben am Donnerstag angekündigt, bis zum Jahr 2028 alle Straßenbahnen "
    "auf Ökostrom umzustellen. Das Vorhaben soll rund 45 Millionen Euro kosten.",
    "„Wir wollen zeigen, dass eine Großstadt klimaneutral fahren kann“, sagte Geschäftsführerin "
    "Karin Albrecht bei der Vorstellung der Pläne im Rathaus.",
    "Der Fahrgastverband begrüßte die Pläne, mahnte aber dichtere Takte in den Außenbezirken an. "
    "Die Finanzierung sei noch nicht vollständig gesichert, hieß es aus dem Stadtrat.",
]


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Start</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Impressum</footer></body></html>"
    )


ARTICLE_HTML = page("Straßenbahnen fahren bald mit Ökostrom", PARAGRAPHS)


def write_warc(path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def response(uri: str, status: str, ctype: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2021-06-10T08:00:00Z"},
            )
            writer.write_record(rec)

        response("https://news.example/tram", "200 OK", "text/html; charset=utf-8", ARTICLE_HTML.encode())
        response("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n")
        response("https://news.example/gone", "404 Not Found", "text/html", b"<html>weg</html>")
        response("https://news.example/empty", "200 OK", "text/html", b"<html><body></body></html>")


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_records_become_articles(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz)
    items = list(Reader().read([path]))
    articles = [i for i in items if not isinstance(i, Rejected)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(articles) == 1
    a = articles[0]
    assert a.id == a.url == "https://news.example/tram"
    assert a.date == dt.date(2021, 6, 10)  # the page has none: the capture date
    assert "Karin Albrecht" in a.text and "Impressum" not in a.text
    assert [r.origin for r in rejected] == [f"{path}#https://news.example/empty"]


def test_not_a_warc_is_rejected(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is no archive\n" * 10)
    (item,) = list(Reader().read([path]))
    assert isinstance(item, Rejected) and "not a valid WARC" in item.reason


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Leipziger Beispielzeitung</title><link>https://news.example/</link>
<item><title>Ökostrom für die Tram</title><link>https://news.example/tram</link>
<guid>https://news.example/tram</guid><pubDate>Thu, 10 Jun 2021 08:00:00 +0200</pubDate>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Kurz</title><link>{base}/kurz</link><guid>kurz-1</guid>
<pubDate>Fri, 11 Jun 2021 09:00:00 +0200</pubDate><description>Nur ein Anreißer.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Beispiel-Atom</title><id>urn:feed</id>
<updated>2021-06-12T10:00:00Z</updated>
<entry><title>Tram mit Ökostrom</title><id>urn:tram</id><link href="{base}/tram.html"/>
<updated>2021-06-12T10:00:00Z</updated><summary>Leipzig stellt um.</summary></entry>
<entry><title>Verschwunden</title><id>urn:gone</id><link href="{base}/missing.html"/>
<updated>2021-06-12T11:00:00Z</updated><summary>Dieser Text bleibt als Anreißer.</summary></entry>
</feed>"""


def test_local_rss_entries(tmp_path):
    path = tmp_path / "feed.rss"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    path.write_text(RSS.format(body=body, base="https://news.example"), encoding="utf-8")
    first, second = list(Reader().read([path]))
    assert (first.id, first.title, first.source) == (
        "https://news.example/tram",
        "Ökostrom für die Tram",
        "Leipziger Beispielzeitung",
    )
    assert first.date == dt.date(2021, 6, 10)
    assert first.text.split("\n\n") == PARAGRAPHS
    # A local file is read offline: the teaser stays a teaser.
    assert (second.id, second.text) == ("kurz-1", "Nur ein Anreißer.")


def test_xml_that_is_no_feed_is_rejected(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><table><row>1</row></table>", encoding="utf-8")
    (item,) = list(Reader().read([path]))
    assert isinstance(item, Rejected) and "not an RSS/Atom feed" in item.reason


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def served(tmp_path):
    """A loopback HTTP server for ``tmp_path``; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_atom_feed_by_url_follows_teasers(tmp_path, served):
    (tmp_path / "tram.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "feed.atom").write_text(ATOM.format(base=served), encoding="utf-8")
    tram, gone = list(Reader(allow_private_urls=True).read([f"{served}/feed.atom"]))
    assert tram.id == "urn:tram" and tram.url == f"{served}/tram.html"
    assert "Karin Albrecht" in tram.text and tram.source == "Beispiel-Atom"
    assert tram.date == dt.date(2021, 6, 12)
    assert gone.text == "Dieser Text bleibt als Anreißer."


def test_urls_of_pages_warcs_and_errors(tmp_path, served):
    (tmp_path / "tram.html").write_text(ARTICLE_HTML, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", gz=True)
    items = list(
        Reader(allow_private_urls=True).read([f"{served}/tram.html", f"{served}/crawl.warc.gz", f"{served}/nope.html"])
    )
    page_article, warc_article, *rejected = items
    assert page_article.id == f"{served}/tram.html" and "Karin Albrecht" in page_article.text
    assert warc_article.id == "https://news.example/tram"
    assert [str(r) for r in rejected][-1] == f"{served}/nope.html: HTTP 404"


def test_html_to_text_keeps_paragraphs():
    assert html_to_text("<p>Eins <b>zwei</b></p><p>drei</p>") == "Eins zwei\n\ndrei"
    assert html_to_text("kein  HTML ") == "kein  HTML"
