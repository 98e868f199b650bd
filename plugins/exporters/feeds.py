"""Built-in exporter `feeds`: one calendar per venue, group, staff member and category.

A group's feed holds what its members attend: items whose audience lists the group
or a group it is part of. A person's feed holds what they work and the deadlines
they own.
"""

from __future__ import annotations

from scheduler.api import Exporter, ExportInput
from scheduler.groups import GroupIndex
from scheduler.hookspecs import hookimpl

from .ics import calendar_name, render_calendar


def render(inp: ExportInput) -> dict[str, bytes]:
    plan = inp.plan.plan
    occurrences = inp.schedule.occurrences
    plan_id = inp.schedule.plan.id
    files: dict[str, bytes] = {}

    def feed(kind: str, ident: str, label: str, items: list) -> None:
        files[f"feeds/{kind}-{ident}.ics"] = render_calendar(
            inp, items, calendar_name(inp, label), f"{kind}-{ident}@{plan_id}"
        )

    for venue in plan.venues:
        feed("venue", venue.id, venue.label, [o for o in occurrences if o.venue == venue.id])
    groups = GroupIndex(plan)
    for group in plan.groups:
        attended = {group.id} | groups.ancestors(group.id)
        feed("group", group.id, group.label, [o for o in occurrences if attended & set(o.audience)])
    for person in plan.staff:
        feed("staff", person.id, person.label, [o for o in occurrences if person.id in o.staff])
    categories = sorted({o.category for o in occurrences if o.category})
    for category in categories:
        feed(
            "category",
            category,
            inp.plan.category_name(category),
            [o for o in occurrences if o.category == category],
        )
    return files


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("feeds", render, "feeds/: one calendar per venue, group, person, category")]
