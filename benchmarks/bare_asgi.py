"""A bare ASGI app for `serve_feeds.py`: the same feed and ETag with no work at all, to
show how much of a request's time is uvicorn's own (the ceiling for any ASGI app)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

BODY = Path(os.environ["BARE_ASGI_FEED"]).read_bytes()
ETAG = b'"' + hashlib.sha256(BODY).hexdigest()[:32].encode() + b'"'
HEADERS_200 = [
    (b"content-type", b"text/calendar; charset=utf-8"),
    (b"etag", ETAG),
    (b"content-length", str(len(BODY)).encode()),
]
HEADERS_304 = [(b"etag", ETAG)]


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    fresh = any(k == b"if-none-match" and v == ETAG for k, v in scope["headers"])
    await send(
        {
            "type": "http.response.start",
            "status": 304 if fresh else 200,
            "headers": HEADERS_304 if fresh else HEADERS_200,
        }
    )
    await send({"type": "http.response.body", "body": b"" if fresh else BODY})
