"""Built-in exporter `ics`: `calendar.ics`, the whole plan as one iCalendar feed.

UID is `<occurrence id>@<plan id>` (stable across re-solves and edits of other
items); DTSTAMP is the revision stamp the core passes in, never "now"; SEQUENCE is
0 for a solve (`scheduler publish` keeps the history). Whole-day items are DATE
values with an exclusive DTEND; timed ones carry TZID and a VTIMEZONE. The rendering
itself lives in `scheduler.feeds`, shared with publishing.
"""

from __future__ import annotations

from scheduler.api import Exporter, ExportInput
from scheduler.feeds.solved import render_solved
from scheduler.hookspecs import hookimpl


def render(inp: ExportInput) -> dict[str, bytes]:
    return render_solved(inp.schedule, inp.plan, inp.stamp, {"plan"})


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("ics", render, "calendar.ics: the whole plan")]
