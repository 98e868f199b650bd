"""The ASGI app: the index, public feeds by plan, and private feeds by token.

Routes:
- `/`: the index page (public feeds, webcal:// links, QR codes);
- `/<plan id>/<name>.ics`: a public feed (`calendar.ics`, `venue-gym.ics`, …);
- `/-/private/<token>.ics`: a staff member's feed (plan ids never start with `-`).

Anything else, a wrong token included, gets the same bare 404. GET and HEAD only.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ..publish.tokens import PRIVATE_PREFIX, token_digest
from .catalogue import FeedCache, Reply, ServedFeed
from .index import render_index
from .negotiation import request_headers

DB_ENV = "SCHEDULER_SERVE_DB"
PUBLIC_URL_ENV = "SCHEDULER_PUBLIC_URL"


class Prepared(Response):
    """A response whose headers and body were built in advance (no per-request work)."""

    def __init__(self, reply: Reply, head: bool):
        self.status_code = reply.status
        self.raw_headers = reply.headers
        self.body = b"" if head else reply.body
        self.background = None


def not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404)


def create_app(db_path: Path, public_url: str | None = None) -> Starlette:
    cache = FeedCache(db_path)
    index_pages: dict[tuple[int, str], bytes] = {}

    def send(feed: ServedFeed | None, request: Request) -> Response:
        if feed is None:
            return not_found()
        reply = feed.reply(*request_headers(request.scope["headers"]))
        return Prepared(reply, request.method == "HEAD")

    async def public(request: Request) -> Response:
        return send(cache.current().public.get(request.scope["path"]), request)

    async def private(request: Request) -> Response:
        token = request.path_params["token"]
        return send(cache.current().private.get(token_digest(token)), request)

    async def index(request: Request) -> Response:
        catalogue = cache.current()
        base = public_url or str(request.base_url)
        key = (catalogue.version, base)
        if key not in index_pages:
            index_pages.clear()
            index_pages[key] = render_index(catalogue, base)
        return Response(index_pages[key], media_type="text/html")

    routes = [
        Route("/", index, methods=["GET", "HEAD"]),
        Route(PRIVATE_PREFIX + "{token}.ics", private, methods=["GET", "HEAD"]),
        Route("/{plan}/{name}.ics", public, methods=["GET", "HEAD"]),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        cache.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.router.redirect_slashes = False  # one answer per path: the feed, or 404
    return app


def app_from_env() -> Starlette:
    """The app for `uvicorn --factory` (one per worker process), configured by env."""
    return create_app(Path(os.environ[DB_ENV]), os.environ.get(PUBLIC_URL_ENV) or None)
