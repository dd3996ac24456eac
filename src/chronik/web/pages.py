"""The web pages: search, article, entity, entities and pledges (server-rendered, no JavaScript needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader

from .render import KIND_LABEL, highlight, marks, speaker_name

HERE = Path(__file__).resolve().parent
KINDS = tuple(KIND_LABEL)
TYPES = ("PER", "ORG", "LOC", "MISC")
STRENGTH_LABEL = {"promise": "Zusage", "plan": "Plan", "aim": "Ziel"}
STRENGTHS = tuple(STRENGTH_LABEL)
STATUS_LABEL = {"made": "gegeben", "repeated": "bekräftigt", "questioned": "infrage gestellt",
                "withdrawn": "zurückgenommen", "deadline_passed": "Frist verstrichen", "follow_up": "erwähnt"}

env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
env.globals["kind_label"] = KIND_LABEL
env.filters["quoted"] = lambda text: text if text[:1] in '"„»“' else f"„{text}“"
# roles are machine-readable in the record ("party:CDU"); people read "CDU (Partei)"
env.filters["role_label"] = lambda role: f"{role[6:]} (Partei)" if role.startswith("party:") else role


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=status)


def _not_found(what: str) -> HTMLResponse:
    return _page("error.html", 404, title="Nicht gefunden", message=f"{what} gibt es nicht.")


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


def _deadline(value: str) -> str | None:
    """A year, month or day as a deadline bound; anything else is ignored."""
    value = value.strip()[:10]
    return value if value[:4].isdigit() and all(c.isdigit() or c == "-" for c in value) else None


def mount(app: FastAPI) -> None:
    """Add the pages and ``/static`` to the app (the store is ``app.state.store``)."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(_router(app), include_in_schema=False)


def _router(app: FastAPI) -> APIRouter:
    router = APIRouter()

    def store():
        return app.state.store

    @router.get("/", response_class=HTMLResponse)
    def search_page(request: Request, q: str = "", what: str = "all", kind: str = "", speaker: str = "",
                    date_from: str = "", date_to: str = "") -> HTMLResponse:
        params = {"q": q[:500], "what": _choice(what, ("all", "articles", "statements")) or "all",
                  "kind": _choice(kind, KINDS), "speaker": speaker[:200] or None,
                  "date_from": date_from[:10] or None, "date_to": date_to[:10] or None}
        with app.state.lock:
            hits = store().search(params["q"], limit=50, **{k: v for k, v in params.items() if k != "q"}) if q else []
            recent = [] if q else store().articles(limit=20)
            people = [] if q else store().entities(limit=20)
        return _page("search.html", title="Suche" if q else "Chronik", params=params, hits=hits, recent=recent,
                     people=people, kinds=KINDS)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(article_id: str) -> HTMLResponse:
        with app.state.lock:
            record = store().get(article_id)
            links = store().links(article_id) if record else {}
        if record is None:
            return _not_found(f"Den Artikel {article_id!r}")
        statements = [
            {"quote": q, "speaker": speaker_name(record, q.speaker),
             "kb": links.get(q.speaker.entity) if q.speaker and q.speaker.entity else None,
             "text": " … ".join(p.text for p in q.content)}
            for q in record.quotes
        ]
        return _page("article.html", title=record.title or record.id, record=record, links=links,
                     body=highlight(record.text, marks(record, links)), statements=statements,
                     names={e.id: e.name for e in record.entities})

    @router.get("/entities", response_class=HTMLResponse)
    def entities_page(q: str = "", type: str = "") -> HTMLResponse:
        with app.state.lock:
            found = store().entities(q[:200] or None, type=_choice(type, TYPES), limit=200)
        return _page("entities.html", title="Personen und Organisationen", q=q, type=type, entities=found, types=TYPES)

    @router.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity_page(entity_id: str) -> HTMLResponse:
        with app.state.lock:
            entity = store().entity(entity_id)
        if entity is None:
            return _not_found(f"Die Entität {entity_id!r}")
        return _page("entity.html", title=entity["name"], e=entity)

    @router.get("/pledges", response_class=HTMLResponse)
    def pledges_page(actor: str = "", date_from: str = "", date_to: str = "", strength: str = "",
                     status: str = "") -> HTMLResponse:
        params = {"actor": actor[:200] or None, "deadline_from": _deadline(date_from),
                  "deadline_to": _deadline(date_to), "strength": _choice(strength, STRENGTHS),
                  "status": _choice(status, tuple(STATUS_LABEL))}
        with app.state.lock:
            rows = store().kb_pledges(limit=200, **params)
        return _page("pledges.html", title="Zusagen", params=params, pledges=rows, strengths=STRENGTH_LABEL,
                     statuses=STATUS_LABEL)

    @router.get("/pledges/{pledge_id}", response_class=HTMLResponse)
    def pledge_page(pledge_id: str) -> HTMLResponse:
        with app.state.lock:
            found = store().kb_pledge(pledge_id)
        if found is None:
            return _not_found(f"Die Zusage {pledge_id!r}")
        return _page("pledge.html", title=f"Zusage: {found['target']}", p=found, strengths=STRENGTH_LABEL,
                     statuses=STATUS_LABEL)

    return router
