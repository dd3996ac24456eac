"""The HTTP API (FastAPI) and the web pages over one knowledge base.

Reads are open; writes (extract, add an article, merge, split) need
``Authorization: Bearer <token>`` (the ``token`` argument or ``CHRONIK_TOKEN``).
Every error is JSON: ``{"error": "...", "detail": ...}``; parameters are the
vocabulary of :mod:`chronik.params`, and an unknown or invalid one is a 422 naming it.
Reads run on one read-only connection per worker thread, each query under a time
limit, so one expensive request cannot stall the others. ``docs/api.md`` has
examples, ``docs/security.md`` the guarantees.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import threading
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from .params import (
    DATE_PATTERN,
    DAY_PATTERN,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_TEXT,
    ParamError,
    check_date,
    unknown_query_params,
)
from .record import EntityType, EventType, Genre, QuoteKind
from .store import QueryTimeout, Store
from .store.kb import MIN_CONFIDENCE, KBError
from .store.sqlite import QUERY_SECONDS, Hits, marked_html, plain
from .version import __version__
from .web.export import streamed
from .web.limits import Busy, expensive, expensive_seconds

log = logging.getLogger("chronik.api")

MAX_BODY = 2_000_000
BODY_SECONDS = 30.0  # a request body must arrive within this

Kind = QuoteKind
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Rows to skip (at most {MAX_OFFSET:,}).")]
DateFrom = Annotated[
    str | None,
    Query(alias="from", pattern=DATE_PATTERN, description="From this date, YYYY[-MM[-DD]]."),
    AfterValidator(check_date),
]
DateTo = Annotated[
    str | None,
    Query(alias="to", pattern=DATE_PATTERN, description="Up to this date, YYYY[-MM[-DD]]."),
    AfterValidator(check_date),
]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
MinConfidence = Annotated[str | None, Query(
    pattern=r"^(precise|0(\.[0-9]{1,6})?|1(\.0{1,6})?|\.[0-9]{1,6})$",
    description="Only statements at least this confident: a number 0-1, or 'precise' "
                "(the documented threshold, docs/quotes.md).")]
Source = Annotated[str | None, Query(max_length=MAX_TEXT, description="Outlet (the article's source), exactly.")]
Sort = Annotated[Literal["relevance", "date", "-date"],
                 Query(description="relevance (default with words), date (oldest first, default without) or -date.")]
Facets = Annotated[bool, Query(description="Also count the statements found by speaker, source, kind and month.")]
Format = Annotated[Literal["csv", "jsonl"],
                   Query(description="Stream the whole list (up to 100,000 rows) as CSV or JSONL instead of a page.")]
# Content-Security-Policy: the pages need nothing but their own stylesheet; /docs loads Swagger UI.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# /docs and /redoc run only their own script files (served by Chronik, no CDN); Swagger UI and ReDoc
# set inline styles, and ReDoc runs its search in a blob: worker.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


class Problem(BaseModel):
    where: list[str | int] = Field(description="Where the problem is, e.g. ['query', 'from'].")
    problem: str


class ErrorBody(BaseModel):
    """Every error response."""

    error: str
    detail: list[Problem] | str | None = None


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


READ_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("Bad request"),
    404: _error("Not found"),
    422: _error("Unknown or invalid parameter, named in detail"),
    503: _error("The query took too long; narrow it down"),
}
LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "A page: items, total, limit, offset (and facets); or the list as CSV/JSONL with format",
          "content": {"text/csv": {}, "application/x-ndjson": {}}},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    401: _error("Missing or wrong token"),
    408: _error("The request body did not arrive in time"),
    403: _error("Writes are disabled (no token configured)"),
    409: _error("The knowledge base refuses the change"),
    413: _error("Request body too large"),
}
PledgeStatus = Literal["made", "repeated", "questioned", "withdrawn", "deadline_passed"]


class ArticleIn(BaseModel):
    """An article as in the batch interface (JSONL line); unknown fields pass through to ``extra``."""

    model_config = ConfigDict(extra="allow")
    # at least one visible character, and no NUL (control characters are dropped)
    text: str = Field(pattern=r"^[^\x00]*[^\s\x00-\x1f\x7f-\x9f][^\x00]*$",
                      description="The article text (no NUL characters).")
    date: str | None = Field(None, pattern=DAY_PATTERN, description="Publication date, YYYY-MM-DD (years 1000-2999).")
    title: str | None = None
    id: str | None = Field(None, max_length=2000, pattern=r"[^\s\x00-\x1f\x7f-\x9f]",
                           description="Article id; the text's hash when left out.")
    genre: Genre | None = None
    url: str | None = None
    source: str | None = None
    lang: str | None = None


class MergeIn(BaseModel):
    keep: str = Field(description="The KB entity that stays.")
    drop: str = Field(description="The KB entity merged into it (its id redirects afterwards).")


class SplitIn(BaseModel):
    articles: list[str] = Field(min_length=1, description="Article ids whose mentions become a new entity.")


class ApiError(HTTPException):
    """An HTTP error with an optional structured ``detail`` beside the message."""

    def __init__(self, status: int, message: str, detail: Any = None):
        super().__init__(status, message)
        self.extra = detail


def create_app(db_path: str | Path, token: str | None = None, *, max_body: int = MAX_BODY,
               query_seconds: float = QUERY_SECONDS, body_seconds: float = BODY_SECONDS,
               min_confidence: float | None = None, expensive_slots: int | None = None) -> FastAPI:
    """The API and web UI over the knowledge base at ``db_path`` (created if missing);
    ``min_confidence``: the statement confidence floor where a request names none;
    ``expensive_slots``: how many expensive searches run at once (default ``CHRONIK_EXPENSIVE_SLOTS``
    or 1; see :func:`expensive`), the others are refused at once with 503 and Retry-After."""
    token = token if token is not None else os.environ.get("CHRONIK_TOKEN") or None
    limit = expensive_seconds()  # a wrong CHRONIK_EXPENSIVE_SECONDS fails here, when the server starts
    readers: list[Store] = []
    local = threading.local()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.store.closed:  # the same app served again (test clients start it per use)
            app.state.store = Store(db_path)
        yield
        app.state.store.close()
        for store in readers:
            store.close()
        readers.clear()

    app = FastAPI(
        title="Chronik",
        version=__version__,
        description="Who said what, when: German news as a searchable knowledge base.",
        lifespan=lifespan,
        docs_url=None,  # served from the package below: no CDN, no inline script
        redoc_url=None,
    )
    app.state.store = Store(db_path)  # the writer (creates and migrates the file)
    app.state.lock = threading.RLock()  # the writer's connection, used by one request at a time
    app.state.min_confidence = min_confidence

    @contextmanager
    def reading():
        """This thread's read-only connection, its queries under the time limit, all of them (nested
        ``reading()`` too) in one snapshot: a page and its total agree while writers commit."""
        store = getattr(local, "store", None)
        if store is None or store.closed:
            store = local.store = Store(db_path, readonly=True, query_seconds=query_seconds)
            readers.append(store)
        with store.time_limit(snapshot=True):
            yield store

    app.state.reading = reading
    slots = expensive_slots if expensive_slots is not None else int(os.environ.get("CHRONIK_EXPENSIVE_SLOTS", "1"))
    app.state.expensive_slots = max(1, slots)
    app.state.expensive_seconds = limit
    app.state.expensive = threading.BoundedSemaphore(app.state.expensive_slots)
    app.add_middleware(BodyLimit, max_body=max_body, body_seconds=body_seconds)
    app.add_middleware(Hardening)
    _error_handlers(app)

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if token is None:
            raise ApiError(403, "writes are disabled: start the server with CHRONIK_TOKEN set")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), token.encode()):
            raise ApiError(401, "missing or wrong token: send 'Authorization: Bearer <token>'")

    app.include_router(_api_routes(app, Depends(require_token)), prefix="/api")

    from .web import docs, pages

    pages.mount(app)
    docs.mount(app)

    return app


SERVE_ENV = "CHRONIK_SERVE_APP"  # JSON: db, min_confidence, expensive_slots (``chronik serve --workers``)


def app_from_env() -> FastAPI:
    """The app of one worker process of ``chronik serve --workers N``, from :data:`SERVE_ENV`."""
    params = json.loads(os.environ[SERVE_ENV])
    return create_app(params["db"], min_confidence=params.get("min_confidence"),
                      expensive_slots=params.get("expensive_slots"))


def no_unknown_params(request: Request) -> None:
    """Refuse query parameters the route does not know (a typo would otherwise be silently ignored)."""
    unknown = unknown_query_params(request)
    if unknown:
        raise RequestValidationError(
            [{"loc": ("query", name), "msg": "unknown parameter", "type": "extra_forbidden"} for name in unknown]
        )


def public(record) -> dict[str, Any]:
    """A record as the API shows it: without the input path it was read from."""
    data = record.to_dict()
    if data.get("provenance"):
        data["provenance"].pop("source_file", None)
    return data


class FastJSON(JSONResponse):
    """The bytes Starlette's JSONResponse writes, without FastAPI's ``jsonable_encoder`` pass over the
    body first: that pass alone cost ten times the encoding on a large entity page. Values ``json``
    cannot write (none the store returns) still go through it."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=jsonable_encoder).encode("utf-8")


def fast(body: Any) -> Any:
    """A route's answer as :class:`FastJSON` (a response, e.g. a streamed export, passes unchanged)."""
    return body if isinstance(body, Response) else FastJSON(body)


def _api_routes(app: FastAPI, writer) -> Any:
    from fastapi import APIRouter

    router = APIRouter(dependencies=[Depends(no_unknown_params)], responses=READ_ERRORS)
    reading = app.state.reading

    def store() -> Store:
        return app.state.store

    def confidence_floor(value: str | None) -> float | None:
        if value is None:
            return app.state.min_confidence
        from .analyse.quotes_confidence import resolve_min_confidence

        try:
            return resolve_min_confidence(value)
        except ValueError as exc:
            raise ApiError(422, f"min_confidence: {exc}") from None

    def locked():
        return app.state.lock

    def one(what: str, key: str, fetch) -> dict[str, Any]:
        """One resource read by ``fetch(store)``, or a 404 naming what was asked for."""
        with reading() as s:
            found = fetch(s)
        if found is None:
            raise ApiError(404, f"no {what} {key[:200]!r}")
        return fast(found)

    def listing(name: str, fmt: str | None, fetch, total, limit: int, offset: int, extra=None, query=None,
                exact=None):
        """A page of a list with its total, or (``format``) the whole list streamed as CSV or JSONL;
        ``query``: the search words (an expensive search waits for a slot, see :func:`expensive`);
        ``exact``: the total counted exactly, for an export (whose X-Total-Count is never an estimate)."""
        if fmt:
            with reading() as s:
                count = (exact or total)(s)
            return streamed(lambda n, k: _read(reading, fetch, n, k), fmt, name, count)
        with reading() as s, expensive(app, s, query, offset=offset, facets=extra is not None):
            items, count = fetch(s, limit, offset), total(s)
            body = {"items": items, "total": count, "limit": limit, "offset": offset}
            if getattr(count, "estimated", None) is not None:  # a list whose total may be estimated says which
                body["total_estimated"] = count.estimated
            if getattr(items, "ranked_newest", None):  # relevance ranked among the newest matches only
                body["ranked_newest"] = items.ranked_newest
            if extra:
                body.update(extra(s, count))
        return body

    @router.get("/articles", summary="List articles, newest first", responses=LIST_RESPONSES)
    def list_articles(limit: Limit = 50, offset: Offset = 0, format: Format | None = None) -> Any:
        return fast(listing("articles", format, lambda s, n, k: s.articles(limit=n, offset=k), lambda s: s.count(),
                            limit, offset))

    @router.get("/articles/{article_id:path}", summary="One article: its record and KB links")
    def get_article(article_id: str) -> dict[str, Any]:
        """Any article id works here, URLs too: percent-encode it as one path segment."""
        with reading() as s:
            record = s.get(article_id)
            if record is None:
                raise ApiError(404, f"no article {article_id[:200]!r}")
            return fast({"record": public(record), "kb": s.links(article_id)})

    @router.get("/search", summary="Full-text search over articles and statements, with filters, facets, export",
                responses=LIST_RESPONSES)
    def search(
        q: Annotated[str | None, Query(max_length=MAX_TEXT,
                                       description="Words (all must occur); word* for a prefix. "
                                                   "Without words, everything the filters keep, by date.")] = None,
        what: Literal["all", "articles", "statements"] = "all",
        speaker: Text = None, entity: Text = None, kind: Kind | None = None, source: Source = None,
        date_from: DateFrom = None, date_to: DateTo = None, sort: Sort | None = None,
        limit: Limit = 20, offset: Offset = 0, facets: Facets = False, format: Format | None = None,
        min_confidence: MinConfidence = None,
    ) -> Any:
        """Hits carry ``snippet`` (plain text) and ``snippet_html`` (escaped, matches in ``<mark>``)."""
        filters = {"what": what, "speaker": speaker, "entity": entity, "kind": kind, "source": source,
                   "date_from": date_from, "date_to": date_to, "min_confidence": confidence_floor(min_confidence)}
        return fast(listing(
            "search", format,
            lambda s, n, k: _each(_hit, s.search(q, sort=sort, limit=n, offset=k, **filters)),
            lambda s: s.search_total(q, estimate=True, **filters), limit, offset,
            (lambda s, total: _facets(s.facets(q, total=total if what == "statements" else None, **filters)))
            if facets else None, query=q, exact=lambda s: s.search_total(q, **filters),
        ))

    @router.get("/entities", summary="Search KB entities by name or alias", responses=LIST_RESPONSES)
    def list_entities(
        q: Text = None, type: EntityType | None = None,
        limit: Limit = 50, offset: Offset = 0, format: Format | None = None,
        min_confidence: Annotated[float, Query(ge=0, le=1, description=(
            "List entities at least this sure (0-1); 0 lists all, also those the KB hides by default."
        ))] = MIN_CONFIDENCE,
    ) -> Any:
        body = listing("entities", format,
                       lambda s, n, k: s.entities(q, type=type, limit=n, offset=k, min_confidence=min_confidence),
                       lambda s: s.entities_total(q, type=type, min_confidence=min_confidence), limit, offset)
        if isinstance(body, dict):
            body["min_confidence"] = min_confidence
        return fast(body)

    @router.get("/entities/{entity_id}", summary="One entity: aliases, roles, statements by and about, co-mentions")
    def get_entity(entity_id: str) -> dict[str, Any]:
        return one("entity", entity_id, lambda s: s.entity(entity_id))

    @router.get("/statements", summary="Who said what: statements by speaker, kind, article, outlet, date, words",
                responses=LIST_RESPONSES)
    def statements(
        q: Text = None, speaker: Text = None, entity: Text = None, kind: Kind | None = None, article: Text = None,
        source: Source = None, date_from: DateFrom = None, date_to: DateTo = None, sort: Sort | None = None,
        limit: Limit = 100, offset: Offset = 0, nested: bool = False, facets: Facets = False,
        format: Format | None = None, min_confidence: MinConfidence = None,
    ) -> Any:
        """``nested=true`` also lists quoted fragments inside a longer statement of the same speaker;
        ``min_confidence`` (0-1 or ``precise``) keeps the statements at least that confident.
        With ``q``, ``text_html`` is the statement escaped with its matches in ``<mark>``."""
        filters = {"q": q, "speaker": speaker, "entity": entity, "kind": kind, "article": article,
                   "source": source, "date_from": date_from, "date_to": date_to, "nested": nested,
                   "min_confidence": confidence_floor(min_confidence)}
        return fast(listing(
            "statements", format,
            lambda s, n, k: _each(_statement, s.statements(sort=sort, limit=n, offset=k, **filters)),
            lambda s: s.statements_total(estimate=True, **filters), limit, offset,
            (lambda s, total: _facets(s.facets(total=total, **filters))) if facets else None, query=q,
            exact=lambda s: s.statements_total(**filters),
        ))

    @router.get("/stories", summary="Stories: articles about the same event across outlets, latest first")
    def list_stories(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        with reading() as s:
            return fast({"items": s.stories(limit=limit, offset=offset), "limit": limit, "offset": offset})

    @router.get("/stories/{story_id:path}",
                summary="One story: articles (with the report each copies), entities, statements")
    def get_story(story_id: str) -> dict[str, Any]:
        """Any article of the story names it (percent-encoded as one path segment)."""
        return one("story", story_id, lambda s: s.story(story_id))

    @router.get("/copies/{article_id:path}", summary="The report an article copies, and its copy group")
    def get_copies(article_id: str) -> dict[str, Any]:
        return one("article", article_id, lambda s: s.copies(article_id))

    @router.get("/pledges", summary="Pledges across articles, by deadline: filter by actor, deadline, strength, status",
                responses=LIST_RESPONSES)
    def pledges(
        actor: Text = None, deadline_from: DateFrom = None, deadline_to: DateTo = None,
        strength: Literal["promise", "plan", "aim"] | None = None, status: PledgeStatus | None = None,
        limit: Limit = 100, offset: Offset = 0, format: Format | None = None,
    ) -> Any:
        """One item per pledge (same actor, same target), with how many articles report it."""
        filters = {"actor": actor, "deadline_from": deadline_from, "deadline_to": deadline_to,
                   "strength": strength, "status": status}
        return fast(listing("pledges", format, lambda s, n, k: s.kb_pledges(limit=n, offset=k, **filters),
                            lambda s: s.kb_pledges_total(**filters), limit, offset))

    @router.get("/events", summary="Events: who did what to whom, where and when; by type, actor, entity, article, date",
                responses=LIST_RESPONSES)
    def list_events(
        type: Annotated[EventType | None, Query(description="Event type (PLOVER action or SmartData event).")] = None,
        actor: Text = None, entity: Text = None, article: Text = None,
        date_from: DateFrom = None, date_to: DateTo = None,
        limit: Limit = 100, offset: Offset = 0, format: Format | None = None,
    ) -> Any:
        """``actor``: who acted, a KB entity id or part of a name; ``entity``: actor or target. Dates filter the
        event's own date (from its time expression), else the article's."""
        filters = {"type": type, "actor": actor, "entity": entity, "article": article,
                   "date_from": date_from, "date_to": date_to}
        return listing("events", format, lambda s, n, k: s.events(limit=n, offset=k, **filters),
                       lambda s: s.events_total(**filters), limit, offset)

    @router.get("/pledges/{pledge_id}", summary="One pledge with its timeline: made, repeated, questioned, withdrawn")
    def get_pledge(pledge_id: str) -> dict[str, Any]:
        return one("pledge", pledge_id, lambda s: s.kb_pledge(pledge_id))

    @router.post("/extract", dependencies=[writer], responses=WRITE_ERRORS,
                 summary="Analyse an article; nothing is stored")
    def extract(body: ArticleIn) -> dict[str, Any]:
        return public(_analyse(body))

    @router.post("/articles", dependencies=[writer], status_code=201, responses=WRITE_ERRORS,
                 summary="Analyse and store an article")
    def add_article(body: ArticleIn) -> dict[str, Any]:
        record = _analyse(body)
        with locked():
            result = store().add(record, source_file="api")
            links = store().links(record.id)
        return {"result": result, "record": public(record), "kb": links}

    @router.post("/entities/merge", dependencies=[writer], responses=WRITE_ERRORS,
                 summary="Merge two KB entities (remembered)")
    def merge(body: MergeIn) -> dict[str, Any]:
        with locked():
            _known(store(), body.keep, body.drop)
            try:
                kept = store().merge(body.keep, body.drop)
            except KBError as exc:
                raise ApiError(409, str(exc)) from None
            return store().entity(kept) or {}

    @router.post("/entities/{entity_id}/split", dependencies=[writer], status_code=201, responses=WRITE_ERRORS,
                 summary="Split the given articles' mentions off into a new entity (remembered)")
    def split(entity_id: str, body: SplitIn) -> dict[str, Any]:
        with locked():
            _known(store(), entity_id)
            try:
                new = store().split(entity_id, body.articles)
            except KBError as exc:
                raise ApiError(409, str(exc)) from None
            return store().entity(new) or {}

    return router


def _read(reading, fetch, limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of an export, on this thread's reading connection."""
    with reading() as s:
        return fetch(s, limit, offset)


def _each(show, found: Any) -> Any:
    """``show`` applied to every row of a page, which keeps what the store said about it (``ranked_newest``)."""
    return Hits((show(row) for row in found), getattr(found, "ranked_newest", None))


def _facets(facets: Any) -> dict[str, Any]:
    """Facets as a list response carries them: counts estimated on a sample say so."""
    return {"facets": facets, "facets_estimated": facets.estimated}


def _hit(hit: dict[str, Any]) -> dict[str, Any]:
    """A search hit as the API shows it: the snippet plain and as HTML with ``<mark>``."""
    return {**hit, "snippet": plain(hit["snippet"]), "snippet_html": marked_html(hit["snippet"])}


def _statement(row: dict[str, Any]) -> dict[str, Any]:
    marked = row.pop("marked", None)
    if marked is not None:
        row["text_html"] = marked_html(marked)
    return row


def _known(store: Store, *ids: str) -> None:
    for entity_id in ids:
        if not store.has_entity(entity_id):
            raise ApiError(404, f"no entity {entity_id[:200]!r}")


def _analyse(body: ArticleIn):
    from .analyse import default_analyzer
    from .ingest import InputError, make_article

    fields = {name: getattr(body, name) for name in ArticleIn.model_fields}
    fields.update(body.model_extra or {})  # unknown fields, as they came (no re-serialisation of deep values)
    try:
        article = make_article({k: v for k, v in fields.items() if v is not None}, origin="api")
    except InputError as exc:
        raise ApiError(422, str(exc), [{"where": ["body"], "problem": str(exc)}]) from None
    return default_analyzer().analyse(article)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404 and not isinstance(exc, ApiError):
            message = "nothing here"  # never echo the path back
        elif exc.status_code == 405:
            message = f"method {request.method} not allowed here"
        else:
            message = str(exc.detail)
        body = {"error": message, "detail": getattr(exc, "extra", None)}
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every method of every route at this path, not just the first route's
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse(body, status_code=exc.status_code, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"where": [str(x) for x in e["loc"]], "problem": e["msg"]} for e in exc.errors()]
        names = ", ".join(dict.fromkeys(str(e["loc"][-1]) for e in exc.errors() if e.get("loc")))
        return JSONResponse({"error": f"invalid request: {names}" if names else "invalid request", "detail": detail},
                            status_code=422)

    @app.exception_handler(ParamError)
    async def bad_param(request: Request, exc: ParamError) -> JSONResponse:
        return JSONResponse({"error": f"invalid request: {exc.name}",
                             "detail": [{"where": ["query", exc.name], "problem": exc.problem}]}, status_code=422)

    @app.exception_handler(RecursionError)
    async def too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        return JSONResponse({"error": "invalid request: JSON nested too deeply",
                             "detail": [{"where": ["body"], "problem": "JSON nested too deeply"}]}, status_code=422)

    @app.exception_handler(QueryTimeout)
    async def too_slow(request: Request, exc: QueryTimeout) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else None
        return JSONResponse({"error": str(exc), "detail": None}, status_code=503, headers=headers)

    # Crashes are answered by Hardening (inside Starlette's error middleware, which would re-raise).


def _allowed_methods(request: Request) -> list[str]:
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= set(route.methods)
    if "GET" in methods:
        methods.add("HEAD")  # answered by Hardening
    return sorted(methods)


class Hardening:
    """ASGI middleware: security headers on every response, HEAD answered like GET without a body,
    and a crash answered with a 500 that names no internals (the traceback goes to the log)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        docs = scope["path"] in ("/docs", "/redoc", "/docs/oauth2-redirect")
        started = False

        async def send_hardened(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                headers["content-security-policy"] = DOCS_CSP if docs else PAGE_CSP
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, send_hardened)
        except Exception as exc:
            log.error("%s %s failed", scope["method"], scope["path"], exc_info=exc)
            if started:
                raise
            response: JSONResponse | HTMLResponse
            if scope["path"].startswith("/api"):
                response = JSONResponse({"error": "internal error", "detail": type(exc).__name__}, status_code=500)
            else:
                response = HTMLResponse("<!doctype html><title>Fehler</title><h1>Interner Fehler</h1>", status_code=500)
            await response(scope, receive, send_hardened)


async def _no_body() -> dict[str, Any]:
    return {"type": "http.disconnect"}


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413, declared or streamed,
    and bodies that do not arrive within ``body_seconds`` with 408 (a slow sender holds nothing for long)."""

    def __init__(self, app, max_body: int, body_seconds: float = BODY_SECONDS):
        self.app, self.max_body, self.body_seconds = app, max_body, body_seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return await self._refuse(send, 413, f"request body too large (limit {self.max_body:,} bytes)")
        # buffer the body (up to the limit, within the deadline), then replay it to the app
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_seconds
        chunks, size = [], 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.001))
            except TimeoutError:
                return await self._refuse(send, 408, f"request body not received within {self.body_seconds:g} s")
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_body:
                return await self._refuse(send, 413, f"request body too large (limit {self.max_body:,} bytes)")
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send, status: int, message: str) -> None:
        response = JSONResponse({"error": message, "detail": None}, status_code=status,
                                headers={"connection": "close"})
        await response({"type": "http"}, _no_body, send)
