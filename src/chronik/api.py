"""The HTTP API (FastAPI) and the web pages over one knowledge base.

Reads are open; writes (extract, add an article, merge, split) need
``Authorization: Bearer <token>`` (the ``token`` argument or ``CHRONIK_TOKEN``).
Every error is JSON: ``{"error": "...", "detail": ...}``. ``docs/api.md`` has examples.
"""

from __future__ import annotations

import os
import secrets
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .store import Store
from .store.kb import KBError
from .version import __version__

MAX_BODY = 2_000_000
MAX_LIMIT = 200

Kind = Literal["direct", "indirect", "free_indirect", "reported"]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
DateFrom = Annotated[str | None, Query(alias="from", max_length=10, description="From this date, YYYY[-MM[-DD]].")]
DateTo = Annotated[str | None, Query(alias="to", max_length=10, description="Up to this date, YYYY[-MM[-DD]].")]
Text = Annotated[str | None, Query(max_length=500)]
PledgeStatus = Literal["made", "repeated", "questioned", "withdrawn", "deadline_passed"]


class ArticleIn(BaseModel):
    """An article as in the batch interface (JSONL line); unknown fields pass through to ``extra``."""

    model_config = ConfigDict(extra="allow")
    text: str = Field(min_length=1)
    date: str | None = None
    title: str | None = None
    id: str | None = None
    genre: Literal["news", "narrative"] | None = None
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


def create_app(db_path: str | Path, token: str | None = None, *, max_body: int = MAX_BODY) -> FastAPI:
    """The API and web UI over the knowledge base at ``db_path`` (created if missing)."""
    token = token if token is not None else os.environ.get("CHRONIK_TOKEN") or None
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.store.close()

    app = FastAPI(
        title="Chronik",
        version=__version__,
        description="Who said what, when: German news as a searchable knowledge base.",
        lifespan=lifespan,
    )
    app.state.store = Store(db_path)
    app.state.lock = threading.RLock()  # one SQLite connection, used by one request at a time
    app.add_middleware(BodyLimit, max_body=max_body)
    _error_handlers(app)

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if token is None:
            raise ApiError(403, "writes are disabled: start the server with CHRONIK_TOKEN set")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), token.encode()):
            raise ApiError(401, "missing or wrong token: send 'Authorization: Bearer <token>'")

    app.include_router(_api_routes(app, Depends(require_token)), prefix="/api")

    from .web import pages

    pages.mount(app)

    return app


def _api_routes(app: FastAPI, writer) -> Any:
    from fastapi import APIRouter

    router = APIRouter()

    def store() -> Store:
        return app.state.store

    def locked():
        return app.state.lock

    @router.get("/articles", summary="List articles, newest first")
    def list_articles(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        with locked():
            return {"items": store().articles(limit=limit, offset=offset), "total": store().count(),
                    "limit": limit, "offset": offset}

    @router.get("/articles/{article_id}", summary="One article: its record and KB links")
    def get_article(article_id: str) -> dict[str, Any]:
        with locked():
            record = store().get(article_id)
            if record is None:
                raise ApiError(404, f"no article {article_id!r}")
            return {"record": record.to_dict(), "kb": store().links(article_id)}

    @router.get("/search", summary="Full-text search over articles and statements")
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500, description="Words (all must occur); word* for a prefix.")],
        what: Literal["all", "articles", "statements"] = "all",
        speaker: Text = None, entity: Text = None, kind: Kind | None = None,
        date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = 20, offset: Offset = 0,
    ) -> dict[str, Any]:
        with locked():
            hits = store().search(q, what=what, speaker=speaker, entity=entity, kind=kind,
                                  date_from=date_from, date_to=date_to, limit=limit, offset=offset)
        return {"items": hits, "limit": limit, "offset": offset}

    @router.get("/entities", summary="Search KB entities by name or alias")
    def list_entities(
        q: Text = None, type: Literal["PER", "ORG", "LOC", "MISC"] | None = None,
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        with locked():
            return {"items": store().entities(q, type=type, limit=limit, offset=offset), "limit": limit,
                    "offset": offset}

    @router.get("/entities/{entity_id}", summary="One entity: aliases, roles, statements by and about, co-mentions")
    def get_entity(entity_id: str) -> dict[str, Any]:
        with locked():
            entity = store().entity(entity_id)
        if entity is None:
            raise ApiError(404, f"no entity {entity_id!r}")
        return entity

    @router.get("/statements", summary="Who said what: statements by speaker, kind, article, date")
    def statements(
        speaker: Text = None, entity: Text = None, kind: Kind | None = None, article: Text = None,
        date_from: DateFrom = None, date_to: DateTo = None, limit: Limit = 100, offset: Offset = 0,
        nested: bool = False,
    ) -> dict[str, Any]:
        """``nested=true`` also lists quoted fragments inside a longer statement of the same speaker."""
        with locked():
            rows = store().statements(speaker=speaker, entity=entity, kind=kind, article=article,
                                      date_from=date_from, date_to=date_to, limit=limit, offset=offset,
                                      nested=nested)
        return {"items": rows, "limit": limit, "offset": offset}

    @router.get("/pledges", summary="Pledges across articles, by deadline: filter by actor, deadline, strength, status")
    def pledges(
        actor: Text = None, deadline_from: DateFrom = None, deadline_to: DateTo = None,
        strength: Literal["promise", "plan", "aim"] | None = None, status: PledgeStatus | None = None,
        limit: Limit = 100, offset: Offset = 0,
    ) -> dict[str, Any]:
        """One item per pledge (same actor, same target), with how many articles report it."""
        with locked():
            rows = store().kb_pledges(actor=actor, deadline_from=deadline_from, deadline_to=deadline_to,
                                      strength=strength, status=status, limit=limit, offset=offset)
        return {"items": rows, "limit": limit, "offset": offset}

    @router.get("/pledges/{pledge_id}", summary="One pledge with its timeline: made, repeated, questioned, withdrawn")
    def get_pledge(pledge_id: str) -> dict[str, Any]:
        with locked():
            found = store().kb_pledge(pledge_id)
        if found is None:
            raise ApiError(404, f"no pledge {pledge_id!r}")
        return found

    @router.post("/extract", dependencies=[writer], summary="Analyse an article; nothing is stored")
    def extract(body: ArticleIn) -> dict[str, Any]:
        return _analyse(body).to_dict()

    @router.post("/articles", dependencies=[writer], status_code=201, summary="Analyse and store an article")
    def add_article(body: ArticleIn) -> dict[str, Any]:
        record = _analyse(body)
        with locked():
            result = store().add(record, source_file="api")
            links = store().links(record.id)
        return {"result": result, "record": record.to_dict(), "kb": links}

    @router.post("/entities/merge", dependencies=[writer], summary="Merge two KB entities (remembered)")
    def merge(body: MergeIn) -> dict[str, Any]:
        with locked():
            _known(store(), body.keep, body.drop)
            try:
                kept = store().merge(body.keep, body.drop)
            except KBError as exc:
                raise ApiError(409, str(exc)) from None
            return store().entity(kept)

    @router.post("/entities/{entity_id}/split", dependencies=[writer], status_code=201,
                 summary="Split the given articles' mentions off into a new entity (remembered)")
    def split(entity_id: str, body: SplitIn) -> dict[str, Any]:
        with locked():
            _known(store(), entity_id)
            try:
                new = store().split(entity_id, body.articles)
            except KBError as exc:
                raise ApiError(409, str(exc)) from None
            return store().entity(new)

    return router


def _known(store: Store, *ids: str) -> None:
    for entity_id in ids:
        if not store.has_entity(entity_id):
            raise ApiError(404, f"no entity {entity_id!r}")


def _analyse(body: ArticleIn):
    from .analyse import default_analyzer
    from .ingest import InputError, make_article

    try:
        article = make_article(body.model_dump(exclude_none=True), origin="api")
    except InputError as exc:
        raise ApiError(422, str(exc)) from None
    return default_analyzer().analyse(article)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404 and not isinstance(exc, ApiError):
            message = f"nothing at {request.url.path}"
        else:
            message = str(exc.detail)
        body = {"error": message, "detail": getattr(exc, "extra", None)}
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"where": list(e["loc"]), "problem": e["msg"]} for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "detail": detail}, status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"error": "internal error", "detail": type(exc).__name__}, status_code=500)


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413, declared or streamed."""

    def __init__(self, app, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.max_body:
                return await self._refuse(send)
            return await self.app(scope, receive, send)
        # no declared length (chunked): buffer up to the limit, then replay
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_body:
                return await self._refuse(send)
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

    async def _refuse(self, send) -> None:
        response = JSONResponse(
            {"error": f"request body too large (limit {self.max_body:,} bytes)", "detail": None}, status_code=413
        )
        await response({"type": "http"}, None, send)
