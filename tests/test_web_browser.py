"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from test_api import TOKEN, Server  # tests/ is on sys.path (pytest's prepend import mode)

from chronik.record import Article
from chronik.store import Store

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Under CI a missing browser is a broken install step: the tests fail instead of skipping.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None and not IN_CI, reason="no chromium binary (apt-get install chromium)"),
]


@pytest.fixture(scope="module", autouse=True)
def _chromium_present():
    if CHROMIUM is None:
        pytest.fail("CI=true but no chromium binary: .ci/run must install Debian's chromium")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, analyzer, seed_text):
    """A demo database holding the seed article, ingested through the Python API, served on loopback."""
    path = tmp_path_factory.mktemp("web") / "demo.db"
    record = analyzer.analyse(Article(id="seed-anti-is-coalition", text=seed_text, date=dt.date(2020, 2, 14),
                                      title="Anti-IS-Koalition: Kampf gegen den IS geht weiter"))
    with Store(path) as store:
        store.add(record)
    with Server(path, TOKEN) as client:
        yield client, record


@pytest.fixture(scope="module")
def page(demo):
    if IN_CI:
        import playwright.sync_api as playwright  # a missing test dependency fails under CI
    else:
        playwright = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
        yield page
        browser.close()


def test_search_article_person_timeline(demo, page):
    client, record = demo
    base = str(client.base_url)
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    page.fill("input[name=q]", "Zwei-Prozent-Ziel")
    page.click("button[type=submit]")
    page.wait_for_url("**/?q=*")
    assert page.locator("ol.hits li.hit").count() >= 1
    assert page.locator("ol.hits mark").count() >= 1 and "[" not in page.inner_text("ol.hits")
    total = int(page.inner_text("h1").split()[0])
    assert total == page.locator("ol.hits li.hit").count()  # one page: the heading counts them all
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    # a statement hit opens the article at its sentence
    page.locator("ol.hits li.hit-statement a.said").first.click()
    page.wait_for_url("**/articles/seed-anti-is-coalition#quote-*")
    assert page.locator(".text :target").count() == 1
    assert "Münchner Sicherheitskonferenz" in page.inner_text(".text")
    quotes = page.locator(".text .q[id]")
    assert quotes.count() == len({q.id for q in record.quotes})
    first = record.quotes[0]
    title = page.locator(f"#quote-{first.id}").get_attribute("title")
    speaker = record.entity(first.speaker.entity).name if first.speaker and first.speaker.entity else None
    assert speaker is None or speaker in title
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)

    # the person page of Kramp-Karrenbauer, reached from the article's text
    page.locator(".text a.ent", has_text="Kramp-Karrenbauer").first.click()
    page.wait_for_url("**/entities/P-*")
    assert "Kramp-Karrenbauer" in page.inner_text("h1")
    timeline = page.locator("#timeline li.statement")
    assert timeline.count() >= 3
    text = page.inner_text("#timeline")
    assert "noch nicht besiegt" in text and "Schritt für Schritt" in text
    dates = page.locator("#timeline .date time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates == sorted(dates)  # by statement date (the page shows "Freitag, 14. Februar 2020")
    page.screenshot(path=str(ARTIFACTS / "person.png"), full_page=True)

    # a timeline entry links to its statement in the article
    page.locator("#timeline a.said").first.click()
    assert "#quote-" in page.url
    assert page.locator(":target").count() == 1


def test_docs_and_redoc_render_offline(demo, page):
    """Swagger UI and ReDoc come up (JavaScript on) with every request to anything but Chronik refused."""
    client, _ = demo
    base = str(client.base_url).rstrip("/")
    context = page.context.browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=True)
    try:
        page = context.new_page()
        outside: list[str] = []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                   else (outside.append(route.request.url), route.abort()))
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(base + "/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
        assert "Chronik" in page.inner_text(".swagger-ui .info .title")
        assert page.locator(".opblock").count() >= 5
        page.screenshot(path=str(ARTIFACTS / "docs.png"))
        page.goto(base + "/redoc")
        page.wait_for_selector("h1", timeout=20_000)
        assert "Chronik" in page.inner_text("h1")
        page.screenshot(path=str(ARTIFACTS / "redoc.png"))
    finally:
        context.close()
    assert not [e for e in errors if "Content Security Policy" in e and "script" in e], errors
    assert not [u for u in outside if not u.startswith("data:")], outside


def test_pages_render_on_a_phone(demo, page):
    client, _ = demo
    page.set_viewport_size({"width": 390, "height": 800})
    for path, name in (("/pledges", "pledges"), ("/entities", "entities")):
        page.goto(str(client.base_url) + path)
        assert page.locator("h1").count() == 1 and page.locator("header nav").is_visible()
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
