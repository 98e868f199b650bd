"""Shared by the feed tests: example plans solved once, and four independent parsers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ics
import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from scheduler.pipeline import prepare, render_outputs, revision_stamp, schedule_for
from scheduler.solver.params import SolverSettings
from tests.conftest import EXAMPLES

EXAMPLE_PLANS = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@dataclass(frozen=True)
class Parsed:
    uid: str
    summary: str
    description: str | None
    status: str | None
    sequence: int | None


def _icalendar(data: bytes) -> list[Parsed]:
    calendar = Calendar.from_ical(data)
    return [
        Parsed(
            str(e["UID"]),
            str(e["SUMMARY"]),
            str(e["DESCRIPTION"]) if "DESCRIPTION" in e else None,
            str(e["STATUS"]) if "STATUS" in e else None,
            int(e["SEQUENCE"]) if "SEQUENCE" in e else None,
        )
        for e in calendar.walk("VEVENT")
    ]


def _vobject(data: bytes) -> list[Parsed]:
    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    calendar.validate(raiseException=True)
    events = calendar.contents.get("vevent", [])
    return [
        Parsed(
            e.uid.value,
            e.summary.value,
            e.description.value if "description" in e.contents else None,
            e.status.value if "status" in e.contents else None,
            int(e.sequence.value) if "sequence" in e.contents else None,
        )
        for e in events
    ]


def _ical(data: bytes) -> list[Parsed]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return [
        Parsed(
            e.uid or "",
            e.summary or "",
            e.description,
            e.status.value if e.status else None,
            e.sequence,
        )
        for e in calendar.events
    ]


def _ics(data: bytes) -> list[Parsed]:
    calendar = ics.Calendar(data.decode("utf-8"))
    return [
        Parsed(e.uid, e.name, e.description, e.status, None)  # ics 0.7 drops SEQUENCE
        for e in calendar.events
    ]


PARSERS: dict[str, Callable[[bytes], list[Parsed]]] = {
    "icalendar": _icalendar,
    "vobject": _vobject,
    "ical": _ical,
    "ics": _ics,
}


@functools.cache
def solved(plan: Path):
    """(schedule, problem) of a plan file, solved once per test session."""
    problem = prepare(plan)
    schedule, _ = schedule_for(problem, SolverSettings())
    return schedule, problem


@functools.cache
def solved_feeds(plan: Path) -> dict[str, bytes]:
    """`calendar.ics` and `feeds/*.ics` as `solve` writes them."""
    schedule, problem = solved(plan)
    stamp = revision_stamp(problem.loaded)
    return render_outputs(schedule, problem, stamp, ["ics", "feeds"])
