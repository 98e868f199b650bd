"""calendar.ics against schedule.json (plan-format.md, "What comes out"): one VEVENT per
occurrence, UID `<occurrence id>@<plan id>`, the same start and end, LOCATION = venue
name, CATEGORIES = the category's display name, and a VTIMEZONE for timed events."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar

from .plan import Plan
from .report import Report
from .schedule import Placed


def _texts(value: Any) -> list[str]:
    """Property values as strings (a property may repeat, CATEGORIES holds a list)."""
    if value is None:
        return []
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        cats = getattr(item, "cats", None)
        out.extend(str(c) for c in cats) if cats is not None else out.append(str(item))
    return out


def _same_time(prop: Any, expected: datetime, all_day: bool, plan: Plan) -> str | None:
    """Why an ICS DTSTART/DTEND does not say `expected`, or None."""
    if prop is None:
        return "missing"
    value = prop.dt
    if all_day:
        if isinstance(value, datetime) or not isinstance(value, date):
            return f"{value!r} is not a DATE"
        return None if value == expected.date() else f"{value} != {expected.date()}"
    if not isinstance(value, datetime) or value.tzinfo is None:
        return f"{value!r} is not a datetime with TZID"
    if str(prop.params.get("TZID")) != plan.timezone:
        return f"TZID {prop.params.get('TZID')!r}, expected {plan.timezone}"
    local = value.replace(tzinfo=None)
    return None if local == expected else f"{local} != {expected}"


def check_ics(plan: Plan, out_dir: Path, placed: list[Placed], provisional: bool,
              report: Report) -> None:
    path = out_dir / "calendar.ics"
    if not path.exists():
        report.add("ics", (), "calendar.ics is missing")
        return
    cal = Calendar.from_ical(path.read_bytes())
    events: dict[str, Any] = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID"))
        if uid in events:
            report.add("ics", (), f"UID {uid} appears twice")
        events[uid] = ev
    wanted = {f"{o.id}@{plan.id}": o for o in placed}
    for uid in sorted(set(events) - set(wanted)):
        report.add("ics", (), f"VEVENT {uid} is no occurrence of schedule.json")
    for uid, occ in wanted.items():
        ev = events.get(uid)
        if ev is None:
            report.add("ics", occ.id, f"no VEVENT with UID {uid}")
            continue
        for name, moment in (("DTSTART", occ.start), ("DTEND", occ.end)):
            problem = _same_time(ev.get(name), moment, occ.all_day, plan)
            if problem:
                report.add("ics", occ.id, f"{name}: {problem}")
        venue = plan.venues.get(occ.venue) if occ.venue else None
        location = [venue.display if venue else occ.venue] if occ.venue else []
        if _texts(ev.get("LOCATION")) != location:
            report.add("ics", occ.id, f"LOCATION {_texts(ev.get('LOCATION'))}, "
                       f"expected {location}")
        shown = plan.category_name(occ.raw.get("category"))
        categories = [shown] if shown else []
        if _texts(ev.get("CATEGORIES")) != categories:
            report.add("ics", occ.id, f"CATEGORIES {_texts(ev.get('CATEGORIES'))}, "
                       f"expected {categories}")
        flag = [s.upper() for s in _texts(ev.get("X-SCHEDULER-PROVISIONAL"))]
        if provisional != (flag == ["TRUE"]):
            report.add("ics", occ.id, f"X-SCHEDULER-PROVISIONAL {flag} while provisional is "
                       f"{provisional}")
    if provisional:
        names = _texts(cal.get("NAME")) + _texts(cal.get("X-WR-CALNAME"))
        if not names or not all("暂定" in n for n in names):
            report.add("ics", (), f"provisional, but the calendar name {names} lacks 暂定")
    if any(not o.all_day for o in placed):
        zones = [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")]
        if plan.timezone not in zones:
            report.add("ics", (), f"no VTIMEZONE for {plan.timezone} (found {zones})")
