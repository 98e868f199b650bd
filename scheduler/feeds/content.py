"""What a member sees of one occurrence, as plain data with a fingerprint.

Publishing compares fingerprints between revisions: the same content keeps the VEVENT
bytes it was published with (same DTSTAMP and SEQUENCE); other content is a change.
The fingerprint covers the meaning, not the bytes, so a new icalendar release that
writes the same event a little differently does not bump every SEQUENCE.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..labels import LABELS

if TYPE_CHECKING:
    from ..schedule import PlacedOccurrence, Schedule

#: A whole-day item counts as starting at this minute of its first day for reminders.
WHOLE_DAY_REMINDER_MINUTE = 9 * 60


@dataclass(frozen=True)
class EventContent:
    """One occurrence as a calendar event; `alarms` are trigger offsets in minutes
    from DTSTART (negative: before it)."""

    uid: str
    summary: str
    start: str  # ISO, as in schedule.json: a date, or a datetime with its offset
    end: str
    all_day: bool
    timezone: str
    location: str | None = None
    categories: tuple[str, ...] = ()
    description: str | None = None
    alarms: tuple[int, ...] = ()
    provisional: bool = False

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> EventContent:
        data: dict[str, Any] = json.loads(text)
        data["categories"] = tuple(data["categories"])
        data["alarms"] = tuple(data["alarms"])
        return cls(**data)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def uid_of(occurrence_id: str, plan_id: str) -> str:
    """UID `<occurrence id>@<plan id>`: stable across re-solves and edits of other items."""
    return f"{occurrence_id}@{plan_id}"


class Describer:
    """Turns placed occurrences into `EventContent`, with the plan's names and reminders."""

    def __init__(self, schedule: Schedule, loaded: Any):
        plan = loaded.plan
        self.loaded = loaded
        self.schedule = schedule
        self.venues = {v.id: v.label for v in plan.venues}
        self.staff = {p.id: p.label for p in plan.staff}
        self.groups = {g.id: g.label for g in plan.groups}
        self.notes = {a.id: a.notes for a in plan.activities if a.notes}
        self.reminders = {
            category: [d.days * 1440 + d.minutes for d in durations]
            for category, durations in plan.plan.reminders.items()
        }

    def description(self, o: PlacedOccurrence) -> str | None:
        lines = []
        if o.staff:
            label = LABELS["owner"] if o.kind == "deadline" else LABELS["staff"]
            lines.append(f"{label}：" + "、".join(self.staff.get(s, s) for s in o.staff))
        if o.audience:
            names = "、".join(self.groups.get(g, g) for g in o.audience)
            lines.append(f"{LABELS['audience']}：{names}")
        if o.activity in self.notes:
            lines.append(f"{LABELS['notes']}：{self.notes[o.activity]}")
        return "\n".join(lines) or None

    def alarms(self, o: PlacedOccurrence) -> tuple[int, ...]:
        before = self.reminders.get(o.category or "", [])
        base = WHOLE_DAY_REMINDER_MINUTE if o.all_day else 0
        return tuple(sorted({base - minutes for minutes in before}))

    def content(self, o: PlacedOccurrence) -> EventContent:
        category = self.loaded.category_name(o.category)
        return EventContent(
            uid=uid_of(o.id, self.schedule.plan.id),
            summary=o.title,
            start=o.start,
            end=o.end,
            all_day=o.all_day,
            timezone=self.schedule.plan.timezone,
            location=self.venues.get(o.venue, o.venue) if o.venue else None,
            categories=(category,) if category else (),
            description=self.description(o),
            alarms=self.alarms(o),
            provisional=self.schedule.provisional,
        )


def event_contents(schedule: Schedule, loaded: Any) -> dict[str, EventContent]:
    """Every occurrence's content, by occurrence id, in schedule order."""
    describer = Describer(schedule, loaded)
    return {o.id: describer.content(o) for o in schedule.occurrences}
