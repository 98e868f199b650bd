"""Reads schedule.json into placed occurrences, in local time of the plan's timezone."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .report import Report


@dataclass(frozen=True)
class Placed:
    """One occurrence of schedule.json. Times are naive local datetimes; a whole-day item
    runs from midnight of its first day to midnight after its last."""

    id: str
    raw: dict[str, Any]
    all_day: bool
    start: datetime
    end: datetime
    venue: str | None
    staff: tuple[str, ...]
    audience: tuple[str, ...]

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day it covers (a whole-day end is exclusive)."""
        return (self.end - timedelta(days=1)).date() if self.all_day else self.start.date()

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=k)
                for k in range((self.last_day - self.first_day).days + 1)]

    def blocked_end(self, slot: int) -> datetime:
        """End of the slots it blocks: whole slots for timed items (plan-format.md, Time)."""
        if self.all_day:
            return self.end
        length = (self.end - self.start).total_seconds() / 60
        return self.start + timedelta(minutes=math.ceil(length / slot) * slot)


def _moment(text: str, zone: ZoneInfo) -> datetime | None:
    """A timed value must carry the offset of the plan timezone at that moment."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return None
    local = moment.astimezone(zone)
    if local.utcoffset() != moment.utcoffset():
        return None
    return local.replace(tzinfo=None)


def parse_placed(raw: dict[str, Any], zone: ZoneInfo, report: Report) -> Placed | None:
    """One occurrence entry, or None (and a `format` violation) when it cannot be read."""
    occ_id = str(raw.get("id"))
    try:
        all_day = raw["all_day"]
        if all_day is True:
            start = datetime.combine(date.fromisoformat(raw["start"]), time())
            end = datetime.combine(date.fromisoformat(raw["end"]), time())
            if len(raw["start"]) != 10 or len(raw["end"]) != 10:
                raise ValueError("whole-day items have dates")
        elif all_day is False:
            start, end = _moment(raw["start"], zone), _moment(raw["end"], zone)
            if start is None or end is None:
                report.add("format", occ_id, f"start/end not in the plan timezone {zone.key}")
                return None
        else:
            raise ValueError("all_day is not a boolean")
        staff = raw["staff"]
        audience = raw["audience"]
        if not isinstance(staff, list) or not isinstance(audience, list):
            raise ValueError("staff and audience are lists")
        return Placed(occ_id, raw, all_day, start, end, raw["venue"], tuple(staff),
                      tuple(audience))
    except (KeyError, TypeError, ValueError) as exc:
        report.add("format", occ_id, f"unreadable occurrence: {exc!r}")
        return None


def read_schedule(out_dir: Path) -> dict[str, Any]:
    return json.loads((out_dir / "schedule.json").read_text(encoding="utf-8"))
