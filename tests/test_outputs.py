"""Outputs of every example plan: calendar.ics parses with icalendar and vobject, agrees
with schedule.json, and two solves of the same plan give byte-identical files."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
import vobject

from tests.conftest import EXAMPLES

PLANS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each example solved twice into separate folders."""
    from scheduler.cli import run
    from scheduler.plugins import reset_plugins

    results = {}
    for plan in PLANS:
        outs = []
        for attempt in (1, 2):
            out = tmp_path_factory.mktemp(f"{plan.stem}-{attempt}")
            reset_plugins()
            assert run(["solve", str(plan), "-o", str(out), "-q"]) == 0
            outs.append(out)
        results[plan.stem] = (outs[0], outs[1])
    return results


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "run.json"}


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_two_solves_are_byte_identical(solved, plan: Path) -> None:
    first, second = solved[plan.stem]
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different
    assert "schedule.json" in a and "calendar.ics" in a


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_calendar_parses_and_matches_schedule(solved, plan: Path) -> None:
    out, _ = solved[plan.stem]
    schedule = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    text = (out / "calendar.ics").read_text(encoding="utf-8")
    calendar = icalendar.Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    plan_id = schedule["plan"]["id"]
    assert set(events) == {f"{o['id']}@{plan_id}" for o in schedule["occurrences"]}
    for occurrence in schedule["occurrences"]:
        event = events[f"{occurrence['id']}@{plan_id}"]
        assert str(event["SUMMARY"]) == occurrence["title"]
        start = event.decoded("DTSTART")
        assert start.isoformat() == occurrence["start"]
    parsed = list(vobject.readComponents(text, validate=True))
    assert len(parsed) == 1
    assert len(parsed[0].vevent_list) == len(schedule["occurrences"])
    for feed in (out / "feeds").glob("*.ics"):
        feed_text = feed.read_text(encoding="utf-8")
        icalendar.Calendar.from_ical(feed_text)
        list(vobject.readComponents(feed_text, validate=True))


def test_schedule_json_shape(solved) -> None:
    out, _ = solved["school-2026"]
    schedule = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    assert list(schedule) == ["plan", "status", "provisional", "objective", "bound",
                              "occurrences", "score", "solver"]
    first = schedule["occurrences"][0]
    assert list(first) == ["id", "activity", "title", "kind", "category", "all_day", "start",
                           "end", "venue", "staff", "audience"]
    starts = [(o["start"][:10], o["start"], o["id"]) for o in schedule["occurrences"]]
    assert [s[0] for s in starts] == sorted(s[0] for s in starts)
    assert schedule["solver"] == {"workers": 2, "seed": 0, "deterministic": True}
