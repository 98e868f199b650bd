"""Feeds as `solve` writes them: no history, so SEQUENCE 0 and DTSTAMP the revision
stamp the core passes in (SOURCE_DATE_EPOCH or the plan's first day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from typing import TYPE_CHECKING, Any

from .content import event_contents
from .render import EventMeta, render_event, render_feed
from .selection import feed_header, feed_specs

if TYPE_CHECKING:
    from ..schedule import Schedule


def render_solved(
    schedule: Schedule, loaded: Any, stamp: dt.datetime, kinds: Container[str]
) -> dict[str, bytes]:
    """`{relative path: bytes}` for the feeds whose kind is in `kinds`."""
    specs = [s for s in feed_specs(schedule, loaded) if s.kind in kinds]
    meta = EventMeta(stamp=stamp)
    events = {
        occurrence: render_event(content, meta)
        for occurrence, content in event_contents(schedule, loaded).items()
    }
    return {
        spec.path: render_feed(
            feed_header(spec, schedule, loaded), (events[o] for o in spec.occurrences)
        )
        for spec in specs
    }
