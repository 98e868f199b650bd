"""The publishing database (SQLite, stdlib `sqlite3`): revisions, feeds, events, tokens.

Tables:
- `plans`: one row per plan id (name, time zone), pointing at its current (served) revision.
- `revisions`: one row per publish: when (UTC; where the time came from), the plan
  file's hash, the schedule (schedule.json, zlib) and what changed.
- `blobs`: feed bytes by SHA-256 with their gzip, shared by the revisions that hold
  the same bytes.
- `feeds`: each revision's feeds: path, kind, id, label, private, blob, and since
  when the path has held these bytes (HTTP Last-Modified).
- `events`: the latest state of every event a plan ever published (history.py).
- `tokens`: SHA-256 digests of staff members' secret tokens, never the tokens.

A publish is one `BEGIN IMMEDIATE … COMMIT`: a crash or an error leaves the previous
revision current, and the WAL journal lets `serve` read while a publish writes.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import EXIT_BAD_INPUT, SchedulerError
from ..feeds.content import EventContent
from .clock import from_text, to_text
from .history import EventState

DEFAULT_DB = Path("out") / "published.sqlite3"
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    current_revision INTEGER NOT NULL REFERENCES revisions(id)
);
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    clock TEXT NOT NULL,
    plan_file TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    schedule_json BLOB NOT NULL,
    changes TEXT NOT NULL,
    UNIQUE (plan_id, number)
);
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    body BLOB NOT NULL,
    gzip BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    revision_id INTEGER NOT NULL REFERENCES revisions(id),
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    ident TEXT NOT NULL,
    label TEXT NOT NULL,
    private INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    modified_at TEXT NOT NULL,
    PRIMARY KEY (revision_id, path)
);
CREATE TABLE IF NOT EXISTS events (
    plan_id TEXT NOT NULL,
    uid TEXT NOT NULL,
    content TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    created TEXT NOT NULL,
    stamp TEXT NOT NULL,
    vevent BLOB,
    feeds TEXT NOT NULL,
    cancelled_at TEXT,
    PRIMARY KEY (plan_id, uid)
);
CREATE TABLE IF NOT EXISTS tokens (
    plan_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, staff_id)
);
"""


@dataclass(frozen=True)
class FeedRow:
    """One feed of a revision, with its bytes."""

    path: str
    kind: str
    ident: str
    label: str
    private: bool
    sha256: str
    modified_at: dt.datetime
    body: bytes
    gzip: bytes


@dataclass(frozen=True)
class Revision:
    id: int
    plan_id: str
    plan_name: str
    number: int
    published_at: dt.datetime
    timezone: str = "UTC"  # the plan's, for showing times to members


class PublishError(SchedulerError):
    """The database cannot be used as asked (missing, another schema, an unknown id): exit 2."""

    exit_code = EXIT_BAD_INPUT


class Store:
    """One connection to the publishing database."""

    def __init__(self, path: Path, *, create: bool = True):
        if not create and not path.exists():
            raise PublishError(f"{path}: no publishing database (run `scheduler publish` first)")
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and create:
            with self.write():
                for statement in SCHEMA.split(";"):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            raise PublishError(f"{path}: schema version {version}, expected {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that takes the write lock at once: all of it, or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same committed state."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def data_version(self) -> int:
        """Changes when another connection commits (serve reloads then)."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    # --- revisions and feeds ---------------------------------------------------------

    def current(self, plan_id: str | None = None) -> list[Revision]:
        """The current revision of each plan (or of one), by plan id."""
        sql = (
            "SELECT r.id, r.plan_id, p.name, r.number, r.published_at, p.timezone FROM plans p"
            " JOIN revisions r ON r.id = p.current_revision"
        )
        args: tuple[str, ...] = ()
        if plan_id is not None:
            sql += " WHERE p.id = ?"
            args = (plan_id,)
        rows = self.db.execute(sql + " ORDER BY p.id", args).fetchall()
        return [Revision(r[0], r[1], r[2], r[3], from_text(r[4]), r[5]) for r in rows]

    def feeds(self, revision_id: int, *, bodies: bool = True) -> list[FeedRow]:
        """A revision's feeds in publishing order; without `bodies`, bytes are left empty."""
        data = "b.body, b.gzip" if bodies else "x'', x''"
        rows = self.db.execute(
            "SELECT f.path, f.kind, f.ident, f.label, f.private, f.sha256, f.modified_at,"
            f" {data} FROM feeds f JOIN blobs b ON b.sha256 = f.sha256"
            " WHERE f.revision_id = ? ORDER BY f.rowid",
            (revision_id,),
        ).fetchall()
        return [
            FeedRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], from_text(r[6]), r[7], r[8])
            for r in rows
        ]

    def schedule_json(self, plan_id: str) -> bytes | None:
        """schedule.json of the plan's current revision, if it was ever published."""
        row = self.db.execute(
            "SELECT r.schedule_json FROM plans p JOIN revisions r ON r.id = p.current_revision"
            " WHERE p.id = ?",
            (plan_id,),
        ).fetchone()
        return zlib.decompress(row[0]) if row else None

    def add_revision(
        self,
        plan_id: str,
        published_at: dt.datetime,
        clock: str,
        plan_file: str,
        plan_sha256: str,
        schedule_json: bytes,
        changes: dict[str, int],
    ) -> Revision:
        number = self.db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE plan_id = ?", (plan_id,)
        ).fetchone()[0]
        cursor = self.db.execute(
            "INSERT INTO revisions (plan_id, number, published_at, clock, plan_file,"
            " plan_sha256, schedule_json, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                plan_id,
                number,
                to_text(published_at),
                clock,
                plan_file,
                plan_sha256,
                schedule_json,
                json.dumps(changes, sort_keys=True),
            ),
        )
        return Revision(cursor.lastrowid or 0, plan_id, "", number, published_at)

    def add_feed(
        self,
        revision_id: int,
        path: str,
        kind: str,
        ident: str,
        label: str,
        private: bool,
        body: tuple[str, bytes, bytes],
        modified_at: dt.datetime,
    ) -> None:
        """Store a feed of a revision; `body` is (sha256, bytes, gzip bytes)."""
        sha, data, gz = body
        self.db.execute(
            "INSERT OR IGNORE INTO blobs (sha256, body, gzip) VALUES (?, ?, ?)", (sha, data, gz)
        )
        self.db.execute(
            "INSERT INTO feeds (revision_id, path, kind, ident, label, private, sha256,"
            " modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (revision_id, path, kind, ident, label, int(private), sha, to_text(modified_at)),
        )

    def make_current(self, plan_id: str, name: str, timezone: str, revision_id: int) -> None:
        self.db.execute(
            "INSERT INTO plans (id, name, timezone, current_revision) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
            " timezone = excluded.timezone, current_revision = excluded.current_revision",
            (plan_id, name, timezone, revision_id),
        )

    # --- events --------------------------------------------------------------------

    def events(self, plan_id: str) -> dict[str, EventState]:
        rows = self.db.execute(
            "SELECT content, sequence, created, stamp, vevent, feeds, cancelled_at"
            " FROM events WHERE plan_id = ?",
            (plan_id,),
        )
        states = {}
        for content, sequence, created, stamp, vevent, feeds, cancelled_at in rows:
            state = EventState(
                content=EventContent.from_json(content),
                sequence=sequence,
                created=from_text(created),
                stamp=from_text(stamp),
                vevent=vevent,
                feeds=tuple(json.loads(feeds)),
                cancelled_at=from_text(cancelled_at) if cancelled_at else None,
            )
            states[state.uid] = state
        return states

    def save_events(self, plan_id: str, states: dict[str, EventState]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO events (plan_id, uid, content, sequence, created, stamp,"
            " vevent, feeds, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    plan_id,
                    s.uid,
                    s.content.to_json(),
                    s.sequence,
                    to_text(s.created),
                    to_text(s.stamp),
                    s.vevent,
                    json.dumps(list(s.feeds)),
                    to_text(s.cancelled_at) if s.cancelled_at else None,
                )
                for s in states.values()
            ],
        )

    # --- tokens --------------------------------------------------------------------

    def set_token(self, plan_id: str, staff_id: str, digest: str, now: dt.datetime) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO tokens (plan_id, staff_id, digest, created_at)"
            " VALUES (?, ?, ?, ?)",
            (plan_id, staff_id, digest, to_text(now)),
        )

    def tokens(self) -> dict[str, tuple[str, str]]:
        """`{digest: (plan id, staff id)}`."""
        rows = self.db.execute("SELECT digest, plan_id, staff_id FROM tokens")
        return {r[0]: (r[1], r[2]) for r in rows}
