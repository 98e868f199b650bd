"""Which feeds a plan has and which occurrences each holds.

The whole plan (`calendar.ics`), then one feed per venue, group, staff member and
used category (`feeds/<kind>-<id>.ics`). A group's feed holds what its members
attend: items whose audience lists the group or a group it is part of. A person's
feed holds what they work and the deadlines they own; it is private (served only
behind that person's token).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..groups import GroupIndex
from ..labels import LABELS
from .render import FeedHeader

if TYPE_CHECKING:
    from ..schedule import Schedule

PRIVATE_KINDS = frozenset({"staff"})


@dataclass(frozen=True)
class FeedSpec:
    """One feed: where it goes, what it is of, and its occurrence ids in schedule order."""

    path: str  # relative output path: "calendar.ics", "feeds/venue-gym.ics"
    kind: str  # "plan", "venue", "group", "staff" or "category"
    ident: str
    label: str  # the part of the calendar's name after the plan's name ("" for the plan)
    occurrences: tuple[str, ...]

    @property
    def private(self) -> bool:
        return self.kind in PRIVATE_KINDS

    @property
    def name(self) -> str:
        """The file name without `.ics`: "calendar", "venue-gym"."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".ics")


def feed_specs(schedule: Schedule, loaded: Any) -> list[FeedSpec]:
    """The plan's feed first, then venues, groups, staff and categories in plan order."""
    plan = loaded.plan
    occurrences = schedule.occurrences
    specs = [
        FeedSpec("calendar.ics", "plan", schedule.plan.id, "", tuple(o.id for o in occurrences))
    ]

    def add(kind: str, ident: str, label: str, keep: Any) -> None:
        held = tuple(o.id for o in occurrences if keep(o))
        specs.append(FeedSpec(f"feeds/{kind}-{ident}.ics", kind, ident, label, held))

    for venue in plan.venues:
        add("venue", venue.id, venue.label, lambda o, v=venue.id: o.venue == v)
    groups = GroupIndex(plan)
    for group in plan.groups:
        attended = {group.id} | groups.ancestors(group.id)
        add("group", group.id, group.label, lambda o, a=attended: bool(a & set(o.audience)))
    for person in plan.staff:
        add("staff", person.id, person.label, lambda o, p=person.id: p in o.staff)
    for category in sorted({o.category for o in occurrences if o.category}):
        label = loaded.category_name(category)
        add("category", category, label, lambda o, c=category: o.category == c)
    return specs


def calendar_name(schedule: Schedule, label: str = "") -> str:
    name = schedule.plan.name + (f" · {label}" if label else "")
    return f"{name}（{LABELS['provisional']}）" if schedule.provisional else name


def feed_header(spec: FeedSpec, schedule: Schedule, loaded: Any) -> FeedHeader:
    plan_id = schedule.plan.id
    refresh = loaded.plan.plan.refresh
    return FeedHeader(
        name=calendar_name(schedule, spec.label),
        uid=f"{plan_id}@{plan_id}" if spec.kind == "plan" else f"{spec.name}@{plan_id}",
        timezone=schedule.plan.timezone,
        refresh=dt.timedelta(days=refresh.days, minutes=refresh.minutes),
        first_day=dt.date.fromisoformat(schedule.plan.period.start),
        last_day=dt.date.fromisoformat(schedule.plan.period.end),
    )
