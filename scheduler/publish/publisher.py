"""`publish`: turn a solved schedule into the next revision of its plan's feeds.

Everything happens in one transaction: read the events' previous states, work out
the next ones (history.py), assemble every feed from event bytes (live events in
schedule order, then the cancelled ones it held), store what is new, and make the
revision current. Only then can `serve` see it.

A feed the plan no longer has (the category of a removed activity, a venue taken out)
stays published while it holds cancelled events, so that its subscribers see them
cancelled rather than a feed that disappears; it goes when they expire.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..feeds.content import event_contents
from ..feeds.render import render_feed
from ..feeds.selection import FeedSpec, feed_header, feed_specs
from .clock import publish_time
from .history import EventState, next_states
from .store import FeedRow, Revision, Store

if TYPE_CHECKING:
    from ..schedule import Schedule

DEFAULT_KEEP_CANCELLED = dt.timedelta(days=30)


@dataclass(frozen=True)
class Published:
    """What one publish did."""

    revision: Revision
    clock: str
    events: Counter[str]  # added, changed, unchanged, cancelled, expired
    feeds: int
    feeds_changed: int


def _blob(data: bytes) -> tuple[str, bytes, bytes]:
    """(sha256, bytes, gzip): gzip without a time in its header, so it is reproducible."""
    return hashlib.sha256(data).hexdigest(), data, gzip.compress(data, 9, mtime=0)


def _cancelled_by_feed(states: dict[str, EventState]) -> dict[str, list[EventState]]:
    """The cancelled events still shown, by feed path, in start order."""
    held: dict[str, list[EventState]] = defaultdict(list)
    for state in states.values():
        if not state.live and state.shown:
            for path in state.feeds:
                held[path].append(state)
    for events in held.values():
        events.sort(key=lambda s: (s.content.start, s.uid))
    return held


def _all_specs(
    specs: list[FeedSpec], cancelled: dict[str, list[EventState]], old: dict[str, FeedRow]
) -> list[FeedSpec]:
    """The plan's feeds, then feeds it no longer has that still hold cancelled events."""
    paths = {spec.path for spec in specs}
    ghosts = [
        FeedSpec(path, old[path].kind, old[path].ident, old[path].label, ())
        for path in sorted(cancelled)
        if path not in paths and path in old
    ]
    return specs + ghosts


def publish(
    schedule: Schedule,
    loaded: Any,
    db_path: Path,
    *,
    now: dt.datetime | None = None,
    keep_cancelled: dt.timedelta = DEFAULT_KEEP_CANCELLED,
) -> Published:
    """Store the schedule as its plan's next revision and make it current."""
    moment, clock = publish_time(now)
    plan_id = schedule.plan.id
    contents = event_contents(schedule, loaded)
    uid_of = {occurrence: content.uid for occurrence, content in contents.items()}
    specs = feed_specs(schedule, loaded)
    feeds_of: dict[str, list[str]] = defaultdict(list)
    for spec in specs:
        for occurrence in spec.occurrences:
            feeds_of[uid_of[occurrence]].append(spec.path)
    present = {content.uid: content for content in contents.values()}
    plan_file = Path(loaded.file)
    plan_sha = hashlib.sha256(plan_file.read_bytes()).hexdigest()
    schedule_json = zlib.compress(schedule.to_json(), 9)

    store = Store(db_path)
    try:
        with store.write():
            states, counts = next_states(
                store.events(plan_id), present, feeds_of, moment, keep_cancelled
            )
            cancelled = _cancelled_by_feed(states)
            previous = store.current(plan_id)
            old = {r.path: r for r in store.feeds(previous[0].id, bodies=False)} if previous else {}
            revision = store.add_revision(
                plan_id, moment, clock, str(plan_file), plan_sha, schedule_json, dict(counts)
            )
            every = _all_specs(specs, cancelled, old)
            changed = 0
            for spec in every:
                live = [states[uid_of[o]].vevent or b"" for o in spec.occurrences]
                gone = [s.vevent or b"" for s in cancelled.get(spec.path, ())]
                header = feed_header(spec, schedule, loaded)
                blob = _blob(render_feed(header, [*live, *gone]))
                since = moment
                if spec.path in old and old[spec.path].sha256 == blob[0]:
                    since = old[spec.path].modified_at
                else:
                    changed += 1
                store.add_feed(
                    revision.id, spec.path, spec.kind, spec.ident, spec.label, spec.private,
                    blob, since,
                )  # fmt: skip
            store.save_events(plan_id, states)
            store.make_current(plan_id, schedule.plan.name, schedule.plan.timezone, revision.id)
    finally:
        store.close()
    return Published(revision, clock, counts, len(every), changed)
