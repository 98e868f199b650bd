"""Built-in exporter `ics`: `calendar.ics`, the whole plan as one iCalendar feed.

UID is `<occurrence id>@<plan id>` (stable across re-solves and edits of other
items); DTSTAMP is the revision stamp the core passes in, never "now"; SEQUENCE is
0 for a solve (publishing with history bumps it). Whole-day items are DATE values
with an exclusive DTEND; timed ones carry TZID and a VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from scheduler import __version__
from scheduler.api import Exporter, ExportInput
from scheduler.hookspecs import hookimpl
from scheduler.labels import LABELS
from scheduler.schedule import PlacedOccurrence

PRODID = f"-//scheduler//scheduler {__version__}//ZH"


def _moment(value: str, tz: ZoneInfo) -> dt.date | dt.datetime:
    if "T" in value:
        return dt.datetime.fromisoformat(value).astimezone(tz)
    return dt.date.fromisoformat(value)


def _names(inp: ExportInput) -> dict[str, dict[str, str]]:
    plan = inp.plan.plan
    return {
        "venue": {v.id: v.label for v in plan.venues},
        "staff": {p.id: p.label for p in plan.staff},
        "group": {g.id: g.label for g in plan.groups},
        "notes": {a.id: a.notes for a in plan.activities if a.notes},
    }


def event_for(
    o: PlacedOccurrence,
    inp: ExportInput,
    names: dict[str, dict[str, str]],
    sequence: int = 0,
    stamp: dt.datetime | None = None,
) -> Event:
    tz = ZoneInfo(inp.schedule.plan.timezone)
    lines = []
    if o.staff:
        label = LABELS["owner"] if o.kind == "deadline" else LABELS["staff"]
        lines.append(f"{label}：" + "、".join(names["staff"].get(s, s) for s in o.staff))
    if o.audience:
        lines.append(
            f"{LABELS['audience']}：" + "、".join(names["group"].get(g, g) for g in o.audience)
        )
    if o.activity in names["notes"]:
        lines.append(f"{LABELS['notes']}：{names['notes'][o.activity]}")
    category = inp.plan.category_name(o.category)
    event = Event.new(
        uid=f"{o.id}@{inp.schedule.plan.id}",
        stamp=stamp or inp.stamp,
        start=_moment(o.start, tz),
        end=_moment(o.end, tz),
        summary=o.title,
        location=names["venue"].get(o.venue) if o.venue else None,
        categories=[category] if category else (),
        description="\n".join(lines) or None,
        sequence=sequence,
    )
    if inp.schedule.provisional:
        event.add("X-SCHEDULER-PROVISIONAL", "TRUE")
    return event


def calendar_name(inp: ExportInput, part: str | None = None) -> str:
    name = inp.schedule.plan.name + (f" · {part}" if part else "")
    return f"{name}（{LABELS['provisional']}）" if inp.schedule.provisional else name


@functools.cache
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    """The VTIMEZONE for the plan period, computed once for all the feeds."""
    return Timezone.from_tzid(tzid, first_date=first, last_date=last)


def render_calendar(
    inp: ExportInput, occurrences: Sequence[PlacedOccurrence], name: str, uid: str
) -> bytes:
    names = _names(inp)
    plan = inp.schedule.plan
    calendar = Calendar.new(
        prodid=PRODID, name=name, uid=uid, calscale="GREGORIAN", method="PUBLISH"
    )
    calendar.add("X-WR-TIMEZONE", plan.timezone)
    if any(not o.all_day for o in occurrences):
        first = dt.date.fromisoformat(plan.period.start) - dt.timedelta(days=1)
        last = dt.date.fromisoformat(plan.period.end) + dt.timedelta(days=60)
        calendar.add_component(_vtimezone(plan.timezone, first, last))
    for occurrence in occurrences:
        calendar.add_component(event_for(occurrence, inp, names))
    return calendar.to_ical()


def render(inp: ExportInput) -> dict[str, bytes]:
    plan_id = inp.schedule.plan.id
    return {
        "calendar.ics": render_calendar(
            inp, inp.schedule.occurrences, calendar_name(inp), f"{plan_id}@{plan_id}"
        )
    }


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("ics", render, "calendar.ics: the whole plan")]
