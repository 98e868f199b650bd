"""HTTP conditional requests and content coding, on raw ASGI headers (RFC 9110)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from email.utils import format_datetime, parsedate_to_datetime


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def request_headers(raw: Iterable[tuple[bytes, bytes]]) -> tuple[bytes, bytes, bytes]:
    """(If-None-Match, If-Modified-Since, Accept-Encoding) in one pass over the headers."""
    none_match = modified_since = encoding = b""
    for name, value in raw:
        if name == b"if-none-match":
            none_match = value
        elif name == b"if-modified-since":
            modified_since = value
        elif name == b"accept-encoding":
            encoding = value
    return none_match, modified_since, encoding


@functools.lru_cache(maxsize=256)  # clients send a handful of distinct values
def accepts_gzip(accept_encoding: bytes) -> bool:
    """True when gzip is acceptable: listed (as gzip or x-gzip) with q > 0, or not listed
    and `*` has q > 0."""
    weights: dict[bytes, float] = {}
    for item in accept_encoding.lower().split(b","):
        coding, _, params = item.partition(b";")
        q = 1.0
        for param in params.split(b";"):
            name, _, value = param.strip().partition(b"=")
            if name == b"q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[coding.strip()] = q
    for coding in (b"gzip", b"x-gzip", b"*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def etag_matches(if_none_match: bytes, tags: Iterable[bytes]) -> bool:
    """Weak comparison, as If-None-Match asks: `W/` is ignored, `*` matches any."""
    if if_none_match.strip() == b"*":
        return True
    wanted = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return any(tag in wanted for tag in tags)


def unmodified_since(if_modified_since: bytes, last_modified: dt.datetime) -> bool:
    """True when the feed has not changed after the If-Modified-Since date."""
    try:
        since = parsedate_to_datetime(if_modified_since.decode("latin-1"))
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return last_modified.replace(microsecond=0) <= since
