"""Built-in exporter `feeds`: one calendar per venue, group, staff member and category
(`feeds/<kind>-<id>.ics`; which items each holds: `scheduler.feeds.selection`).

Staff feeds are written here for the planner; `scheduler serve` shows them only
behind each person's token, never on its index.
"""

from __future__ import annotations

from scheduler.api import Exporter, ExportInput
from scheduler.feeds.solved import render_solved
from scheduler.hookspecs import hookimpl

KINDS = frozenset({"venue", "group", "staff", "category"})


def render(inp: ExportInput) -> dict[str, bytes]:
    return render_solved(inp.schedule, inp.plan, inp.stamp, KINDS)


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("feeds", render, "feeds/: one calendar per venue, group, person, category")]
