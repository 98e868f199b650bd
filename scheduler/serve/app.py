"""The ASGI app: the index, public feeds by plan, and private feeds by token.

Routes:
- `/`: the index page (public feeds, webcal:// links, QR codes);
- `/<plan id>/<name>.ics`: a public feed (`calendar.ics`, `venue-gym.ics`, …);
- `/-/private/<token>.ics`: a staff member's feed (plan ids never start with `-`).

Anything else, a wrong token included, gets the same bare 404; methods other than GET
and HEAD get 405. The routes are starlette's; `FastFeeds`, a pure ASGI layer around the
starlette app, answers a GET or HEAD of a feed that exists before starlette runs, as
that is nearly every request a calendar server sees: it cuts the work per request
about sixfold. Starlette handles the rest (unknown feeds and tokens, other methods, the
index, the lifespan).
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
from starlette.types import ASGIApp, Receive, Scope, Send

from ..publish.tokens import PRIVATE_PREFIX
from .catalogue import FeedCache, ServedFeed
from .index import render_index
from .negotiation import request_headers

DB_ENV = "SCHEDULER_SERVE_DB"
PUBLIC_URL_ENV = "SCHEDULER_PUBLIC_URL"
READ_METHODS = ("GET", "HEAD")


async def send_feed(feed: ServedFeed, scope: Scope, send: Send) -> None:
    """The prepared reply (200 or 304, plain or gzip) for this request's headers."""
    reply = feed.reply(*request_headers(scope["headers"]))
    await send({"type": "http.response.start", "status": reply.status, "headers": reply.headers})
    body = b"" if scope["method"] == "HEAD" else reply.body
    await send({"type": "http.response.body", "body": body})


class FastFeeds:
    """Answers GET and HEAD of existing feeds straight from the catalogue; passes
    everything else to the app it wraps."""

    def __init__(self, app: ASGIApp, cache: FeedCache):
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in READ_METHODS:
            feed = self.cache.current().find(scope["path"])
            if feed is not None:
                await send_feed(feed, scope, send)
                return
        await self.app(scope, receive, send)


class FeedResponse(Response):
    """A feed reply as a starlette response (for the routes, when the middleware is off)."""

    def __init__(self, feed: ServedFeed):
        self.feed = feed
        self.background = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send_feed(self.feed, scope, send)


def create_app(db_path: Path, public_url: str | None = None, recheck: float = 1.0) -> ASGIApp:
    """The app; `recheck`: seconds between looks for a new revision (0: every request)."""
    cache = FeedCache(db_path, recheck)
    index_pages: dict[tuple[int, str], bytes] = {}

    async def feed(request: Request) -> Response:
        found = cache.current().find(request.scope["path"])
        return FeedResponse(found) if found else PlainTextResponse("Not Found", 404)

    async def index(request: Request) -> Response:
        catalogue = cache.current()
        base = public_url or str(request.base_url)
        key = (catalogue.version, base)
        if key not in index_pages:
            index_pages.clear()
            index_pages[key] = render_index(catalogue, base)
        return Response(index_pages[key], media_type="text/html")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        cache.close()

    routes = [
        Route("/", index, methods=READ_METHODS),
        Route(PRIVATE_PREFIX + "{token}.ics", feed, methods=READ_METHODS),
        Route("/{plan}/{name}.ics", feed, methods=READ_METHODS),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.router.redirect_slashes = False  # one answer per path: the feed, or 404
    return FastFeeds(app, cache)


def app_from_env() -> ASGIApp:
    """The app for `uvicorn --factory` (one per worker process), configured by env."""
    return create_app(Path(os.environ[DB_ENV]), os.environ.get(PUBLIC_URL_ENV) or None)
