"""What the server holds in memory: every current feed with its prepared responses.

`Catalogue.load` reads the current revision of every plan in one read transaction.
`FeedCache` keeps the catalogue and reloads it when another connection has committed
to the database (SQLite's `data_version`: one cheap query per request), so the server
always serves a whole revision, the old one until a publish commits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..publish.store import FeedRow, Revision, Store
from ..publish.tokens import PRIVATE_PREFIX, staff_feed_path, token_digest
from .negotiation import accepts_gzip, etag_matches, http_date, unmodified_since

Headers = list[tuple[bytes, bytes]]
CALENDAR_TYPE = b"text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Headers
    body: bytes


class ServedFeed:
    """One feed's four replies (200 or 304, plain or gzip), built once. A 304 carries
    only the validators and caching headers (RFC 9110, 15.4.5)."""

    def __init__(self, row: FeedRow):
        self.row = row
        tag = row.sha256[:32].encode("ascii")
        self.etag = b'"' + tag + b'"'
        self.etag_gzip = b'"' + tag + b'-gz"'
        self.modified = row.modified_at
        validators: Headers = [
            (b"last-modified", http_date(row.modified_at).encode("ascii")),
            (b"cache-control", b"private, max-age=300" if row.private else b"max-age=300"),
            (b"vary", b"accept-encoding"),
        ]
        plain = [*validators, (b"etag", self.etag)]
        packed = [*validators, (b"etag", self.etag_gzip)]
        kind = [(b"content-type", CALENDAR_TYPE)]
        length = [(b"content-length", str(len(row.body)).encode("ascii"))]
        packed_length = [
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(row.gzip)).encode("ascii")),
        ]
        self.replies = {
            (200, False): Reply(200, kind + plain + length, row.body),
            (200, True): Reply(200, kind + packed + packed_length, row.gzip),
            (304, False): Reply(304, plain, b""),
            (304, True): Reply(304, packed, b""),
        }

    def reply(self, none_match: bytes, modified_since: bytes, accept_encoding: bytes) -> Reply:
        gzip = bool(accept_encoding) and accepts_gzip(accept_encoding)
        if none_match:  # the usual case first: the one tag this feed sent
            tags = (self.etag, self.etag_gzip)
            fresh = none_match in tags or etag_matches(none_match, tags)
        else:
            fresh = bool(modified_since) and unmodified_since(modified_since, self.modified)
        return self.replies[(304 if fresh else 200, gzip)]


@dataclass(frozen=True)
class PlanFeeds:
    """A plan's current revision and its public feeds, for the index page."""

    revision: Revision
    public: list[FeedRow]


@dataclass
class Catalogue:
    plans: list[PlanFeeds] = field(default_factory=list)
    public: dict[str, ServedFeed] = field(default_factory=dict)  # "/<plan>/<name>.ics"
    private: dict[str, ServedFeed] = field(default_factory=dict)  # token digest
    version: int = -1

    @classmethod
    def load(cls, store: Store, version: int) -> Catalogue:
        catalogue = cls(version=version)
        with store.read():
            staff: dict[tuple[str, str], ServedFeed] = {}
            for revision in store.current():
                public = []
                for row in store.feeds(revision.id):
                    served = ServedFeed(row)
                    if row.private:
                        staff[(revision.plan_id, row.path)] = served
                    else:
                        public.append(row)
                        name = row.path.rsplit("/", 1)[-1]
                        catalogue.public[f"/{revision.plan_id}/{name}"] = served
                catalogue.plans.append(PlanFeeds(revision, public))
            for digest, (plan_id, staff_id) in store.tokens().items():
                served = staff.get((plan_id, staff_feed_path(staff_id)))
                if served is not None:
                    catalogue.private[digest] = served
        return catalogue

    def find(self, path: str) -> ServedFeed | None:
        """The feed at a URL path: public by path, private by its token's digest."""
        feed = self.public.get(path)
        if feed is None and path.startswith(PRIVATE_PREFIX) and path.endswith(".ics"):
            feed = self.private.get(token_digest(path[len(PRIVATE_PREFIX) : -len(".ics")]))
        return feed


class FeedCache:
    """The current catalogue, reloaded after each commit to the database.

    It asks SQLite's `data_version` at most every `recheck` seconds (0: on every
    request), so a new revision is served within that time after its commit. The
    connection is opened on first use, in the thread that serves requests (the event
    loop's), as sqlite3 connections belong to one thread.
    """

    def __init__(self, db_path: Path, recheck: float = 1.0):
        self.db_path = db_path
        self.recheck = recheck
        self._store: Store | None = None
        self._catalogue = Catalogue()
        self._next_check = 0.0

    def current(self) -> Catalogue:
        if self.recheck:
            now = time.monotonic()
            if now < self._next_check:
                return self._catalogue
            self._next_check = now + self.recheck
        if self._store is None:
            self._store = Store(self.db_path, create=False)
        version = self._store.data_version()
        if version != self._catalogue.version:
            self._catalogue = Catalogue.load(self._store, version)
        return self._catalogue

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
