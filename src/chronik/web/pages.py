"""The web pages: search, article, entity, entities, stories and pledges (server-rendered, no JavaScript needed).

Parameters are those of the API (:mod:`chronik.params`), validated the same way: an
unknown or invalid one is a 400 page naming it. Every id in a link is percent-encoded,
so any article id (URLs with ``/``, ``?``, ``#`` too) can be reached; only http(s)
links to sources are rendered.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from .. import params as P
from ..dates import reader_date
from ..projection import shown_text, statement_text
from ..store import QueryTimeout
from ..store.sqlite import marked_html
from .export import FORMATS, streamed
from .limits import Busy, expensive
from .render import KIND_LABEL, highlight, marks, speaker_name

log = logging.getLogger("chronik.web")
HERE = Path(__file__).resolve().parent
KINDS = P.KINDS
TYPES = P.TYPES
PAGE = 50  # hits per page


def _entity_name(store, value: str | None) -> str | None:
    """The name of the KB entity ``value`` names (a filter given as an id), else None."""
    return store.entity_name(value) if value else None


@functools.lru_cache(maxsize=8192)  # an entity page quotes the same few hundred ids over and over
def url_part(value: Any) -> str:
    """``value`` as one percent-encoded path segment or fragment ("/", "?", "#" included)."""
    return quote(str(value), safe="")


def http_url(value: str | None) -> str | None:
    """``value`` if it is an http(s) URL, else None (a javascript: or data: URL is never a link)."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None

STRENGTH_LABEL = {"promise": "Zusage", "plan": "Plan", "aim": "Ziel"}
STRENGTHS = tuple(STRENGTH_LABEL)
STATUS_LABEL = {"made": "gegeben", "repeated": "bekräftigt", "questioned": "infrage gestellt",
                "withdrawn": "zurückgenommen", "deadline_passed": "Frist verstrichen", "follow_up": "erwähnt"}
STATUSES = ("made", "repeated", "questioned", "withdrawn", "deadline_passed")
EVENT_LABEL = {
    "agree": "Einigung", "consult": "Treffen, Gespräch", "support": "Unterstützung", "concede": "Zugeständnis",
    "cooperate": "Zusammenarbeit", "aid": "Hilfe", "retreat": "Rückzug", "request": "Forderung",
    "accuse": "Vorwurf, Kritik", "reject": "Ablehnung", "threaten": "Drohung", "protest": "Protest",
    "sanction": "Sanktion", "mobilize": "Mobilmachung", "coerce": "Zwang, Festnahme", "assault": "Angriff",
    "acquisition": "Übernahme", "merger": "Fusion", "spin_off": "Abspaltung", "insolvency": "Insolvenz",
    "layoffs": "Stellenabbau", "strike": "Streik", "accident": "Unfall", "disaster": "Katastrophe",
    "traffic_jam": "Stau", "obstruction": "Sperrung", "delay": "Verspätung", "canceled_route": "Zugausfall",
    "canceled_stop": "Halt entfällt", "rail_replacement": "Ersatzverkehr",
}


# auto_reload off: Jinja otherwise stats every template file, includes too, on each use (an entity page
# includes one per statement); templates change with a new release, which restarts the server
env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                  auto_reload=False)
env.globals["kind_label"] = KIND_LABEL
env.globals["event_label"] = EVENT_LABEL
# only a direct quote appears in quotation marks; paraphrase reads as paraphrase
env.filters["said"] = lambda text, kind: shown_text(kind, text)
# roles are machine-readable in the record ("party:CDU"); people read "CDU (Partei)"
env.filters["role_label"] = lambda role: f"{role[6:]} (Partei)" if role.startswith("party:") else role
# dates are TIMEX3 values in the record ("2020-02-14"); people read "Freitag, 14. Februar 2020"
env.filters["reader_date"] = functools.lru_cache(maxsize=8192)(
    lambda value, mod=None: reader_date(str(value), mod) if value else "")
env.filters["u"] = url_part
env.filters["http_url"] = http_url


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=status)


def _not_found(what: str) -> HTMLResponse:
    return _page("error.html", 404, title="Nicht gefunden", message=f"{what} gibt es nicht.")


def _bad(exc: P.ParamError) -> HTMLResponse:
    return _page("error.html", 400, title="Ungültige Anfrage", message=f"Parameter „{exc.name}“: {exc.problem}")


def mount(app: FastAPI) -> None:
    """Add the pages and ``/static`` to the app (reads go through ``app.state.reading``)."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(_router(app), include_in_schema=False)


def _guarded(render):
    """Unknown parameters and invalid values give a 400 page, a too expensive query a 503 page."""

    @functools.wraps(render)
    def page(request: Request, *args, **kwargs) -> Response:
        unknown = P.unknown_query_params(request)
        try:
            if unknown:
                raise P.ParamError(unknown[0], "unknown parameter")
            return render(request, *args, **kwargs)
        except P.ParamError as exc:
            return _bad(exc)
        except QueryTimeout as exc:
            if isinstance(exc, Busy):  # every slot for expensive searches taken (chronik.api.expensive)
                page = _page("error.html", 503, title="Gerade ausgelastet", message=(
                    "Gerade laufen zu viele aufwendige Suchen (sehr häufige Wörter, tiefe Seiten). "
                    f"Bitte in {exc.retry_after} Sekunden erneut versuchen oder die Suche eingrenzen."))
                page.headers["Retry-After"] = str(exc.retry_after)
                return page
            return _page("error.html", 503, title="Zu aufwendig", message="Die Suche dauerte zu lange; bitte eingrenzen.")

    return page


def _router(app: FastAPI) -> APIRouter:
    router = APIRouter()
    reading = app.state.reading

    @router.get("/", response_class=HTMLResponse)
    @_guarded
    def search_page(request: Request, q: str = "", what: str = "", kind: str = "", speaker: str = "",
                    entity: str = "", source: str = "", date_from: str = Query("", alias="from"),
                    date_to: str = Query("", alias="to"), sort: str = "", limit: str = "", offset: str = "",
                    format: str = "") -> Response:
        params = {"what": P.choice(what, P.WHATS, "what") or "all", "kind": P.choice(kind, KINDS, "kind"),
                  "speaker": P.text(speaker, "speaker", 200), "entity": P.text(entity, "entity", 200),
                  "source": P.text(source, "source", 200), "date_from": P.date_bound(date_from, "from"),
                  "date_to": P.date_bound(date_to, "to")}
        query = P.text(q, "q") or ""
        order = P.choice(sort, P.SORTS, "sort")
        size = P.number(limit, "limit", 1, P.MAX_LIMIT) or PAGE
        start = P.number(offset, "offset", 0, P.MAX_OFFSET) or 0
        fmt = P.choice(format, FORMATS, "format")
        filtered = any(params[k] for k in ("kind", "speaker", "entity", "source", "date_from", "date_to"))
        floor = app.state.min_confidence  # chronik serve --min-confidence
        if fmt:
            def fetch(n: int, k: int) -> list[dict[str, Any]]:
                with reading() as store:
                    return store.search(query, sort=order, limit=n, offset=k, min_confidence=floor, **params)
            return streamed(fetch, fmt, "search")
        if not (query or filtered):
            with reading() as store:
                recent = store.articles(limit=20)
                people = store.entities(limit=20)
            return _page("search.html", title="Chronik", params={"q": "", **params}, recent=recent, people=people,
                         kinds=KINDS, listing=False)
        order = order or ("relevance" if query else "-date")
        with reading() as store, expensive(app, store, query, offset=start):
            hits = store.search(query, sort=order, limit=size, offset=start, min_confidence=floor, **params)
            total = store.search_total(query, min_confidence=floor, estimate=True, **params)
            facets = store.facets(query, min_confidence=floor, total=total if params["what"] == "statements" else None,
                                  **params) if params["what"] != "articles" else {}
            entity_name = _entity_name(store, params["entity"])
            speaker_name = _entity_name(store, params["speaker"])
        for h in hits:
            h["snippet_html"] = Markup(marked_html(h["snippet"]))
        state: dict[str, Any] = {"q": query, "what": params["what"], "kind": params["kind"], "speaker": params["speaker"],
                 "entity": params["entity"], "source": params["source"], "from": params["date_from"],
                 "to": params["date_to"], "sort": order}
        if size != PAGE:
            state["limit"] = size

        def link(**change: Any) -> str:
            values = {**state, **change}
            return "/?" + urlencode({k: v for k, v in values.items() if v not in (None, "", 0, "all")})

        pages = {
            "previous": link(offset=max(start - size, 0)) if start > 0 else None,
            "next": link(offset=start + size) if start + size < total and start + size <= P.MAX_OFFSET else None,
        }
        return _page("search.html", title=f"Suche: {query}" if query else "Aussagen", params={"q": query, **params},
                     hits=hits, total=total, start=start, pages=pages, facets=facets, link=link, sort=order,
                     kinds=KINDS, listing=True, entity_name=entity_name, speaker_name=speaker_name,
                     exports={fmt: link(format=fmt, offset=0) for fmt in FORMATS})

    @router.get("/articles/{article_id:path}", response_class=HTMLResponse)
    @_guarded
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        with reading() as store:
            record = store.get(article_id)
            links = store.links(article_id) if record else {}
            # the statements other outlets report too: their count and any speaker dispute
            merged = {r["quote_id"]: r for r in store.statements(article=article_id, limit=10_000)} if record else {}
        if record is None:
            return _not_found("Diesen Artikel")
        statements = [
            {"quote": q, "speaker": speaker_name(record, q.speaker),
             "kb": links.get(q.speaker.entity) if q.speaker and q.speaker.entity else None,
             "text": statement_text(q), "across": merged.get(q.id)}
            for q in record.quotes
        ]
        return _page("article.html", title=record.title or record.id, record=record, links=links,
                     body=highlight(record.text, marks(record, links)), statements=statements,
                     names={e.id: e.name for e in record.entities})

    @router.get("/entities", response_class=HTMLResponse)
    @_guarded
    def entities_page(request: Request, q: str = "", type: str = "", limit: str = "", offset: str = "") -> HTMLResponse:
        query, etype = P.text(q, "q", 200), P.choice(type, TYPES, "type")
        size = P.number(limit, "limit", 1, P.MAX_LIMIT) or 100
        start = P.number(offset, "offset", 0, P.MAX_OFFSET) or 0
        with reading() as store:
            found = store.entities(query, type=etype, limit=size, offset=start)
            total = store.entities_total(query, type=etype)

        def link(at: int) -> str:
            values = {"q": query, "type": etype, "limit": size if size != 100 else None, "offset": at or None}
            return "/entities?" + urlencode({k: v for k, v in values.items() if v})

        return _page("entities.html", title="Personen und Organisationen", q=query or "", type=etype,
                     entities=found, types=TYPES, total=total, start=start,
                     previous=link(max(start - size, 0)) if start else None,
                     next=link(start + size) if start + size < total and start + size <= P.MAX_OFFSET else None)

    @router.get("/entities/{entity_id}", response_class=HTMLResponse)
    @_guarded
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        with reading() as store:
            entity = store.entity(entity_id)
        if entity is None:
            return _not_found("Diese Entität")
        return _page("entity.html", title=entity["name"], e=entity)

    @router.get("/stories", response_class=HTMLResponse)
    @_guarded
    def stories_page(request: Request) -> HTMLResponse:
        with reading() as store:
            rows = store.stories(limit=200)
        return _page("stories.html", title="Geschichten", stories=rows)

    @router.get("/stories/{story_id:path}", response_class=HTMLResponse)
    @_guarded
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        with reading() as store:
            found = store.story(story_id)
        if found is None:
            return _not_found("Diese Geschichte")
        return _page("story.html", title=found["title"] or found["id"], story=found)

    @router.get("/pledges", response_class=HTMLResponse)
    @_guarded
    def pledges_page(request: Request, actor: str = "", date_from: str = Query("", alias="from"),
                     date_to: str = Query("", alias="to"), strength: str = "", status: str = "") -> HTMLResponse:
        params = {"actor": P.text(actor, "actor", 200), "deadline_from": P.date_bound(date_from, "from"),
                  "deadline_to": P.date_bound(date_to, "to"), "strength": P.choice(strength, STRENGTHS, "strength"),
                  "status": P.choice(status, STATUSES, "status")}
        with reading() as store:
            rows = store.kb_pledges(limit=200, **params)
        return _page("pledges.html", title="Zusagen", params=params, pledges=rows, strengths=STRENGTH_LABEL,
                     statuses=STATUS_LABEL)

    @router.get("/pledges/{pledge_id}", response_class=HTMLResponse)
    @_guarded
    def pledge_page(request: Request, pledge_id: str) -> HTMLResponse:
        with reading() as store:
            found = store.kb_pledge(pledge_id)
        if found is None:
            return _not_found("Diese Zusage")
        return _page("pledge.html", title=f"Zusage: {found['target']}", p=found, strengths=STRENGTH_LABEL,
                     statuses=STATUS_LABEL)

    return router
