"""iCalendar bytes: one VEVENT per content and meta, and feeds assembled from them.

An event is rendered once and its bytes are placed in every feed that holds it, so an
event reads the same in `calendar.ics` and in `feeds/venue-*.ics`, and publishing can
reuse the bytes of an unchanged event as they are. DTSTAMP always comes in through
`EventMeta` (the revision's time), never from the clock.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vDuration

from .. import __version__
from ..labels import LABELS
from .content import EventContent

PRODID = f"-//scheduler//scheduler {__version__}//ZH"
_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class EventMeta:
    """The history fields of one event: a solve has SEQUENCE 0 and no CREATED or
    LAST-MODIFIED; a publish sets them from its revisions."""

    stamp: dt.datetime
    sequence: int = 0
    created: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class FeedHeader:
    """The calendar properties of one feed."""

    name: str
    uid: str
    timezone: str
    refresh: dt.timedelta
    first_day: dt.date
    last_day: dt.date


def _moment(value: str, tz: ZoneInfo) -> dt.date | dt.datetime:
    if "T" in value:
        return dt.datetime.fromisoformat(value).astimezone(tz)
    return dt.date.fromisoformat(value)


def render_event(content: EventContent, meta: EventMeta) -> bytes:
    """One VEVENT, folded and CRLF-terminated."""
    tz = ZoneInfo(content.timezone)
    event = Event.new(
        uid=content.uid,
        stamp=meta.stamp,
        start=_moment(content.start, tz),
        end=_moment(content.end, tz),
        summary=content.summary,
        location=content.location,
        categories=content.categories,
        description=content.description,
        sequence=meta.sequence,
        created=meta.created,
        last_modified=meta.last_modified,
        status="CANCELLED" if meta.cancelled else None,
    )
    if content.provisional:
        event.add("X-SCHEDULER-PROVISIONAL", "TRUE")
    if not meta.cancelled:
        for minutes in content.alarms:
            alarm = Alarm.new(description=f"{LABELS['reminder']}：{content.summary}")
            alarm.add("ACTION", "DISPLAY")
            alarm.add("TRIGGER", dt.timedelta(minutes=minutes))
            event.add_component(alarm)
    return event.to_ical()


@functools.cache
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE for the plan period, computed once for all the feeds."""
    return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()


def _head(header: FeedHeader) -> bytes:
    calendar = Calendar.new(
        prodid=PRODID, name=header.name, uid=header.uid, calscale="GREGORIAN", method="PUBLISH"
    )
    calendar.add("X-WR-TIMEZONE", header.timezone)
    calendar.add("REFRESH-INTERVAL", header.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(header.refresh))
    text = calendar.to_ical()
    if not text.endswith(_END):
        raise RuntimeError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    return text[: -len(_END)]


def render_feed(header: FeedHeader, events: Iterable[bytes]) -> bytes:
    """A whole VCALENDAR: the header, the VTIMEZONE, then the given VEVENT bytes."""
    first = header.first_day - dt.timedelta(days=1)
    last = header.last_day + dt.timedelta(days=60)
    return b"".join([_head(header), _vtimezone(header.timezone, first, last), *events, _END])
