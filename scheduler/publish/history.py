"""How one event's state moves from one revision to the next (pure: no database).

| before            | now present, same content | now present, new content | now absent            |
|-------------------|---------------------------|--------------------------|-----------------------|
| (none)            | added: SEQUENCE 0         | added                    | –                     |
| live              | unchanged: same bytes     | changed: SEQUENCE + 1    | cancelled: SEQUENCE+1 |
| cancelled/expired | restored: SEQUENCE + 1    | restored                 | kept, or expired      |

A changed, added, restored or cancelled event gets DTSTAMP = LAST-MODIFIED = the
revision's time; an unchanged one keeps its bytes. A cancelled event stays in the
feeds that held it (STATUS:CANCELLED) until `keep_cancelled` has passed since it
was cancelled; it then expires, and its row stays so that its SEQUENCE never goes
back if the item returns.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..feeds.content import EventContent
from ..feeds.render import EventMeta, render_event


@dataclass(frozen=True)
class EventState:
    """An event as the database keeps it: its latest content and bytes."""

    content: EventContent
    sequence: int
    created: dt.datetime
    stamp: dt.datetime  # DTSTAMP and LAST-MODIFIED: when the bytes last changed
    vevent: bytes | None  # None once expired
    feeds: tuple[str, ...]  # the feed paths that hold it (its last live ones, if cancelled)
    cancelled_at: dt.datetime | None = None

    @property
    def uid(self) -> str:
        return self.content.uid

    @property
    def live(self) -> bool:
        return self.cancelled_at is None

    @property
    def shown(self) -> bool:
        """In the feeds: live, or cancelled and not expired yet."""
        return self.vevent is not None


def _rendered(
    content: EventContent, sequence: int, created: dt.datetime, now: dt.datetime, cancelled: bool
) -> bytes:
    meta = EventMeta(
        stamp=now, sequence=sequence, created=created, last_modified=now, cancelled=cancelled
    )
    return render_event(content, meta)


def next_states(
    before: Mapping[str, EventState],
    present: Mapping[str, EventContent],
    feeds_of: Mapping[str, Sequence[str]],
    now: dt.datetime,
    keep_cancelled: dt.timedelta,
) -> tuple[dict[str, EventState], Counter[str]]:
    """The state of every event after publishing `present` (by UID) at `now`, and how
    many were added, changed, unchanged, cancelled, expired."""
    after: dict[str, EventState] = {}
    counts: Counter[str] = Counter()
    for uid, content in present.items():
        feeds = tuple(feeds_of.get(uid, ()))
        old = before.get(uid)
        if old is None:
            counts["added"] += 1
            after[uid] = EventState(
                content, 0, now, now, _rendered(content, 0, now, now, False), feeds
            )
        elif old.live and old.content.fingerprint == content.fingerprint:
            counts["unchanged"] += 1
            after[uid] = replace(old, feeds=feeds)
        else:
            counts["changed" if old.live else "added"] += 1
            seq = old.sequence + 1
            vevent = _rendered(content, seq, old.created, now, False)
            after[uid] = EventState(content, seq, old.created, now, vevent, feeds)
    for uid, old in before.items():
        if uid in present:
            continue
        if old.live:
            counts["cancelled"] += 1
            seq = old.sequence + 1
            vevent = _rendered(old.content, seq, old.created, now, True)
            after[uid] = replace(old, sequence=seq, stamp=now, vevent=vevent, cancelled_at=now)
        elif (
            old.shown and old.cancelled_at is not None and now - old.cancelled_at >= keep_cancelled
        ):
            counts["expired"] += 1
            after[uid] = replace(old, vevent=None)
        else:
            after[uid] = old
    return after, counts
