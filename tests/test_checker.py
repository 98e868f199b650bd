"""The checker can fail: tiny plans with hand-written outputs that each break one
constraint, and their corrected versions that break none. One end-to-end run of the real
scheduler must pass the checker."""

from __future__ import annotations

import ast
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from ruamel.yaml import YAML

from tests.checker import UnsupportedPlan, Violation, check
from tests.checker.__main__ import main as checker_main
from tests.checker.days import Calendar as DayCalendar
from tests.checker.days import sanfu, spring_festival
from tests.checker.plan import load_plan

HEAD = "plan: {id: t, name: 测试, period: {start: 2027-03-01, end: 2027-03-31}, calendars: []}\n"
BASE = HEAD + """
venues:
  - {id: hall, name: 报告厅, capacity: 50}
  - {id: gym, name: 体育馆, capacity: 100, courts: 2, tags: [sports]}
  - {id: room, capacity: 10, hours: "09:00-17:00", closed: [[2027-03-10, 2027-03-11], sun]}
staff:
  - {id: li, roles: [chair]}
  - {id: wang, roles: [medic], unavailable: [[2027-03-02T14:00, 2027-03-02T17:00]]}
  - {id: zhao, roles: [medic, chair], max_per_week: 1}
  - {id: zhou, roles: [referee], member_of: [math]}
groups:
  - {id: all, size: 40}
  - {id: math, size: 10, part_of: all}
  - {id: mathA, size: 5, part_of: math}
  - {id: chinese, size: 12, part_of: all}
  - {id: women, size: 20, part_of: all, overlaps: [math]}
  - {id: staffroom, size: 6, unavailable: [2027-03-05]}
"""


# ---------------------------------------------------------------- helpers


def timed(oid: str, start: str, minutes: int = 60, **fields) -> dict:
    """A timed occurrence entry of schedule.json; `start` is local `YYYY-MM-DDTHH:MM`."""
    begin = datetime.fromisoformat(start)
    end = begin + timedelta(minutes=minutes)
    return _entry(oid, False, f"{begin:%Y-%m-%dT%H:%M:%S}+08:00",
                  f"{end:%Y-%m-%dT%H:%M:%S}+08:00", **fields)


def allday(oid: str, first: str, days: int = 1, **fields) -> dict:
    end = date.fromisoformat(first) + timedelta(days=days)
    return _entry(oid, True, first, end.isoformat(), **fields)


def _entry(oid, all_day, start, end, *, activity=None, title=None, kind="event",
           category=None, venue=None, staff=(), audience=()) -> dict:
    activity = activity or oid.split("/")[0]
    return {"id": oid, "activity": activity, "title": title or activity, "kind": kind,
            "category": category, "all_day": all_day, "start": start, "end": end,
            "venue": venue, "staff": list(staff), "audience": list(audience)}


def _local(value: str) -> datetime:
    if len(value) == 10:
        return datetime.fromisoformat(value)
    return datetime.fromisoformat(value).replace(tzinfo=None)


def write_outputs(out: Path, plan_text: str, occs: list[dict], *, score=(), objective=None,
                  bound=None, status="optimal", provisional=False, sort=True,
                  ics_occs: list[dict] | None = None) -> None:
    """schedule.json and calendar.ics as the contract describes them."""
    doc = YAML(typ="safe", pure=True).load(plan_text)
    head = doc["plan"]
    tz = head.get("timezone", "Asia/Shanghai")
    if sort:
        occs = sorted(occs, key=lambda o: (_local(o["start"]), o["id"]))
    period = head.get("period") or {"start": date(head["year"], 1, 1),
                                    "end": date(head["year"], 12, 31)}
    score = list(score)
    total = sum(e["penalty"] for e in score)
    schedule = {
        "plan": {"id": head["id"], "name": head.get("name"), "timezone": tz,
                 "period": {"start": str(period["start"]), "end": str(period["end"])}},
        "status": status, "provisional": provisional,
        "objective": total if objective is None else objective,
        "bound": (total if objective is None else objective) if bound is None else bound,
        "occurrences": occs, "score": score,
        "solver": {"workers": 1, "seed": 0, "deterministic": True},
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "schedule.json").write_text(json.dumps(schedule, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    venues = {v["id"]: v.get("name") or v["id"] for v in doc.get("venues") or []}
    categories = head.get("categories") or {}
    cal = Calendar()
    cal.add("prodid", "-//checker tests//")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", (head.get("name") or head["id"]) + ("（暂定）" if provisional else ""))
    zone = ZoneInfo(tz)
    for o in occs if ics_occs is None else ics_occs:
        ev = Event()
        ev.add("uid", f"{o['id']}@{head['id']}")
        ev.add("dtstamp", datetime(2027, 1, 1, tzinfo=UTC))
        ev.add("summary", o["title"])
        if o["all_day"]:
            ev.add("dtstart", date.fromisoformat(o["start"]))
            ev.add("dtend", date.fromisoformat(o["end"]))
        else:
            ev.add("dtstart", _local(o["start"]).replace(tzinfo=zone))
            ev.add("dtend", _local(o["end"]).replace(tzinfo=zone))
        if o["venue"]:
            ev.add("location", venues.get(o["venue"], o["venue"]))
        if o["category"]:
            ev.add("categories", [categories.get(o["category"], o["category"])])
        if provisional:
            ev.add("x-scheduler-provisional", "TRUE")
        cal.add_component(ev)
    cal.add_missing_timezones()
    (out / "calendar.ics").write_bytes(cal.to_ical())


def kinds(violations: list[Violation]) -> set[str]:
    return {v.kind for v in violations}


def clean(violations: list[Violation]) -> bool:
    assert violations == [], "\n".join(map(str, violations))
    return True


# ---------------------------------------------------------------- independence


def test_checker_never_imports_the_scheduler() -> None:
    for path in (Path(__file__).parent / "checker").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in ("scheduler", "plugins"), (path, name)


# ---------------------------------------------------------------- windows and time


EVENT = BASE + """
activities:
  - {id: e, kind: event, duration: 1h, when: {days: [workday], time: "09:00-12:00"}}
"""


def test_day_kind_window(run) -> None:
    assert clean(run(EVENT, [timed("e", "2027-03-05T09:00")]))  # a Friday
    assert kinds(run(EVENT, [timed("e", "2027-03-06T09:00")])) == {"window"}  # Saturday


def test_time_window(run) -> None:
    assert clean(run(EVENT, [timed("e", "2027-03-05T11:00")]))
    assert kinds(run(EVENT, [timed("e", "2027-03-05T11:30")])) == {"time-window"}


def test_when_list_is_a_union(run) -> None:
    plan = BASE + """
activities:
  - {id: e, kind: event, duration: 2d,
     when: [{days: [sat]}, {days: [sun], months: [3]}, {dates: [2027-03-15]}]}
"""
    assert clean(run(plan, [allday("e", "2027-03-06", 2)]))  # Sat + Sun
    assert kinds(run(plan, [allday("e", "2027-03-14", 2)])) == set()  # Sun + listed Mon
    assert kinds(run(plan, [allday("e", "2027-03-05", 2)])) == {"window"}  # Fri + Sat


def test_slot_grid_and_plan_day(run) -> None:
    plan = BASE + "activities: [{id: e, kind: event, duration: 45m}]\n"
    assert clean(run(plan, [timed("e", "2027-03-05T20:00", 45)]))
    assert kinds(run(plan, [timed("e", "2027-03-05T09:10", 45)])) == {"slot-grid"}
    assert kinds(run(plan, [timed("e", "2027-03-05T20:30", 45)])) == {"plan-day"}
    assert kinds(run(plan, [timed("e", "2027-03-05T07:30", 45)])) == {"plan-day"}


def test_duration(run) -> None:
    plan = BASE + "activities: [{id: e, kind: event, duration: 90m}, {id: d, kind: event, " \
        "duration: 2d}]\n"
    good = [timed("e", "2027-03-05T09:00", 90), allday("d", "2027-03-08", 2)]
    assert clean(run(plan, good))
    assert kinds(run(plan, [timed("e", "2027-03-05T09:00", 60), good[1]])) == {"duration"}
    assert kinds(run(plan, [good[0], allday("d", "2027-03-08", 3)])) == {"duration"}


def test_plan_period(run) -> None:
    plan = BASE + "activities: [{id: d, kind: event, duration: 2d}]\n"
    assert clean(run(plan, [allday("d", "2027-03-30", 2)]))
    assert kinds(run(plan, [allday("d", "2027-03-31", 2)])) == {"plan-period"}


def test_venue_hours(run) -> None:
    plan = BASE + "activities: [{id: e, kind: event, duration: 1h, venue: room}]\n"
    assert clean(run(plan, [timed("e", "2027-03-05T16:00", venue="room")]))
    assert kinds(run(plan, [timed("e", "2027-03-05T16:30", venue="room")])) == {"venue-hours"}
    whole = BASE + "activities: [{id: e, kind: event, duration: 1d, venue: room}]\n"
    assert clean(run(whole, [allday("e", "2027-03-05", venue="room")]))  # hours do not apply


def test_venue_closed(run) -> None:
    plan = BASE + "activities: [{id: e, kind: event, duration: 1h, venue: room}]\n"
    assert kinds(run(plan, [timed("e", "2027-03-11T10:00", venue="room")])) == {"venue-closed"}
    whole = BASE + "activities: [{id: e, kind: event, duration: 2d, venue: room}]\n"
    assert clean(run(whole, [allday("e", "2027-03-12", 2, venue="room")]))  # Fri + Sat
    assert kinds(run(whole, [allday("e", "2027-03-13", 2, venue="room")])) == {"venue-closed"}


def test_staff_unavailable(run) -> None:
    plan = BASE + "activities: [{id: e, kind: event, duration: 1h, staff: [wang]}]\n"
    assert clean(run(plan, [timed("e", "2027-03-02T17:00", staff=["wang"])]))  # end exclusive
    assert kinds(run(plan, [timed("e", "2027-03-02T13:30", staff=["wang"])])) \
        == {"staff-unavailable"}
    whole = BASE + "activities: [{id: e, kind: event, duration: 1d, staff: [wang]}]\n"
    assert kinds(run(whole, [allday("e", "2027-03-02", staff=["wang"])])) \
        == {"staff-unavailable"}


def test_group_unavailable(run) -> None:
    plan = BASE + "activities: [{id: e, kind: event, duration: 1h, audience: [staffroom]}]\n"
    assert clean(run(plan, [timed("e", "2027-03-04T10:00", audience=["staffroom"])]))
    assert kinds(run(plan, [timed("e", "2027-03-05T10:00", audience=["staffroom"])])) \
        == {"group-unavailable"}


# ---------------------------------------------------------------- venues


TWO = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, venue: hall}
  - {id: b, kind: event, duration: 1h, venue: {any_of: [hall, room]}}
"""


def test_venue_double_booking(run) -> None:
    assert clean(run(TWO, [timed("a", "2027-03-02T09:00", venue="hall"),
                           timed("b", "2027-03-02T10:00", venue="hall")]))
    assert kinds(run(TWO, [timed("a", "2027-03-02T09:00", venue="hall"),
                           timed("b", "2027-03-02T09:30", venue="hall")])) == {"venue-overlap"}


def test_venue_spec(run) -> None:
    assert kinds(run(TWO, [timed("a", "2027-03-02T09:00", venue="hall"),
                           timed("b", "2027-03-02T10:00", venue="gym")])) == {"venue"}
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, venue: {tags: [sports], min_capacity: 80}}
  - {id: b, kind: event, duration: 1h}
"""
    assert clean(run(plan, [timed("a", "2027-03-02T09:00", venue="gym"),
                            timed("b", "2027-03-02T09:00")]))
    assert kinds(run(plan, [timed("a", "2027-03-02T09:00", venue="hall"),
                            timed("b", "2027-03-02T10:00", venue="hall")])) == {"venue"}


def test_courts(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, venue: gym}
  - {id: b, kind: event, duration: 1h, venue: gym}
  - {id: c, kind: event, duration: 1h, venue: gym}
  - {id: d, kind: event, duration: 1d, venue: gym}
"""
    a, b = timed("a", "2027-03-02T09:00", venue="gym"), timed("b", "2027-03-02T09:00", venue="gym")
    d = allday("d", "2027-03-03", venue="gym")
    assert clean(run(plan, [a, b, timed("c", "2027-03-02T10:00", venue="gym"), d]))
    assert kinds(run(plan, [a, b, timed("c", "2027-03-02T09:30", venue="gym"), d])) \
        == {"venue-overlap"}
    # a whole-day item takes the whole venue, courts or not
    assert kinds(run(plan, [a, b, timed("c", "2027-03-03T09:30", venue="gym"), d])) \
        == {"venue-overlap"}


def test_capacity(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, venue: {any_of: [hall, room]}, audience: [all, math]}
"""
    # `math` is part of `all`: counted once, 40 people
    assert clean(run(plan, [timed("a", "2027-03-02T09:00", venue="hall",
                                  audience=["all", "math"])]))
    assert kinds(run(plan, [timed("a", "2027-03-02T09:00", venue="room",
                                  audience=["all", "math"])])) == {"capacity"}
    sized = BASE + "activities: [{id: a, kind: event, duration: 1h, venue: hall, " \
        "audience_size: 60}]\n"
    assert kinds(run(sized, [timed("a", "2027-03-02T09:00", venue="hall")])) == {"capacity"}


# ---------------------------------------------------------------- people and groups


def test_person_double_booking(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, staff: [li]}
  - {id: b, kind: event, duration: 1d, staff: [li]}
"""
    assert clean(run(plan, [timed("a", "2027-03-02T09:00", staff=["li"]),
                            allday("b", "2027-03-03", staff=["li"])]))
    assert kinds(run(plan, [timed("a", "2027-03-03T09:00", staff=["li"]),
                            allday("b", "2027-03-03", staff=["li"])])) == {"person-overlap"}


def _audiences(run, first: list[str], second: list[str]) -> set[str]:
    plan = BASE + f"""
activities:
  - {{id: a, kind: event, duration: 1h, audience: {first}}}
  - {{id: b, kind: event, duration: 1h, audience: {second}}}
"""
    return kinds(run(plan, [timed("a", "2027-03-02T09:00", audience=first),
                            timed("b", "2027-03-02T09:30", audience=second)]))


@pytest.mark.parametrize(("first", "second", "clash"), [
    (["math"], ["all"], True),  # part_of
    (["mathA"], ["all"], True),  # part_of, transitively
    (["math"], ["chinese"], False),  # siblings are disjoint
    (["women"], ["math"], True),  # declared overlap
    (["women"], ["chinese"], False),
    (["women"], ["mathA"], False),  # sub-groups do not inherit an overlap
])
def test_group_sharing(run, first, second, clash) -> None:
    assert _audiences(run, first, second) == ({"audience-overlap"} if clash else set())


def test_declared_overlap_holds_upward(run) -> None:
    plan = HEAD + """
groups:
  - {id: school, size: 50}
  - {id: dept, size: 20, part_of: school}
  - {id: math, size: 10, part_of: dept}
  - {id: union, size: 30}
  - {id: women, size: 10, part_of: union, overlaps: [math]}
  - {id: club, size: 5}
activities:
  - {id: a, kind: event, duration: 1h, audience: [union]}
  - {id: b, kind: event, duration: 1h, audience: [dept]}
  - {id: c, kind: event, duration: 1h, audience: [club]}
"""
    occs = [timed("a", "2027-03-02T09:00", audience=["union"]),
            timed("b", "2027-03-02T09:00", audience=["dept"]),
            timed("c", "2027-03-02T09:00", audience=["club"])]
    found = run(plan, occs)
    assert kinds(found) == {"audience-overlap"}
    assert [v.occurrences for v in found] == [("a", "b")]


def test_member_of(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, audience: [mathA]}
  - {id: b, kind: event, duration: 1h, staff: [{role: referee, count: 1}]}
"""
    assert clean(run(plan, [timed("a", "2027-03-02T09:00", audience=["mathA"]),
                            timed("b", "2027-03-02T10:00", staff=["zhou"])]))
    assert kinds(run(plan, [timed("a", "2027-03-02T09:00", audience=["mathA"]),
                            timed("b", "2027-03-02T09:30", staff=["zhou"])])) == {"member-of"}
    own = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, audience: [math], staff: [zhou]}
"""
    assert clean(run(own, [timed("a", "2027-03-02T09:00", audience=["math"], staff=["zhou"])]))


def test_role_count(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, staff: [zhao, {role: medic, count: 1},
                                              {role: chair, count: 1}]}
"""
    assert clean(run(plan, [timed("a", "2027-03-02T09:00", staff=["zhao", "wang", "li"])]))
    bad = [["zhao", "wang"],  # one short
           ["zhao", "li", "li"],  # twice
           ["zhao", "zhou", "li"],  # zhou is no medic
           ["wang", "li", "zhou"],  # zhao missing
           ["zhao", "wang", "li", "zhou"]]  # one too many
    for staff in bad:
        assert kinds(run(plan, [timed("a", "2027-03-02T09:00", staff=staff)])) >= {"staff"}, staff


def test_staff_cap(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, staff: [zhao]}
  - {id: b, kind: event, duration: 1h, staff: [zhao]}
  - {id: r, kind: deadline, owner: zhao, dates: [2027-03-02]}
"""
    r = allday("r", "2027-03-02", kind="deadline", staff=["zhao"])
    assert clean(run(plan, [timed("a", "2027-03-07T09:00", staff=["zhao"]),  # Sunday, W09
                            timed("b", "2027-03-08T09:00", staff=["zhao"]), r]))  # W10
    assert kinds(run(plan, [timed("a", "2027-03-02T09:00", staff=["zhao"]),
                            timed("b", "2027-03-07T09:00", staff=["zhao"]), r])) == {"staff-cap"}


def test_deadlines_block_no_one(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, staff: [wang]}
  - {id: r, kind: deadline, owner: wang, when: {between: [2027-03-02, 2027-03-03]}}
"""
    assert clean(run(plan, [timed("a", "2027-03-02T09:00", staff=["wang"]),
                            allday("r", "2027-03-02", kind="deadline", staff=["wang"])]))
    assert kinds(run(plan, [timed("a", "2027-03-02T09:00", staff=["wang"]),
                            allday("r", "2027-03-04", kind="deadline", staff=["wang"])])) \
        == {"window"}
    assert kinds(run(plan, [timed("a", "2027-03-02T09:00", staff=["wang"]),
                            allday("r", "2027-03-02", kind="deadline", staff=[])])) \
        == {"fields"}


# ---------------------------------------------------------------- pins and occurrences


def test_pinned(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, fixed: 2027-03-03T10:00}
  - {id: b, kind: event, duration: 1h, fixed: {at: 2027-03-04, venue: hall}}
"""
    good = [timed("a", "2027-03-03T10:00"), timed("b", "2027-03-04T15:00", venue="hall")]
    assert clean(run(plan, good))
    assert kinds(run(plan, [timed("a", "2027-03-03T10:30"), good[1]])) == {"pinned"}
    assert kinds(run(plan, [good[0], timed("b", "2027-03-05T15:00", venue="hall")])) \
        == {"pinned"}
    assert kinds(run(plan, [good[0], timed("b", "2027-03-04T15:00", venue="room")])) \
        >= {"pinned"}


def test_occurrence_set(run) -> None:
    plan = BASE + """
activities:
  - {id: w, kind: series, every: 2 weeks, duration: 1d, when: {days: [mon]}}
  - {id: m, kind: series, every: month, duration: 1d}
  - {id: q, kind: series, every: quarter, duration: 1d}
  - {id: r, kind: deadline, dates: [2027-03-20, 2027-03-10]}
  - {id: c, kind: event, count: 2, duration: 1d}
"""
    good = [allday("w/2027-W09", "2027-03-01", kind="series"),
            allday("w/2027-W11", "2027-03-15", kind="series"),
            allday("w/2027-W13", "2027-03-29", kind="series"),
            allday("m", "2027-03-02", kind="series"),  # one period: the bare id
            allday("q", "2027-03-03", kind="series"),
            allday("r/1", "2027-03-10", kind="deadline"),
            allday("r/2", "2027-03-20", kind="deadline"),
            allday("c/1", "2027-03-04"), allday("c/2", "2027-03-05")]
    assert clean(run(plan, good))
    found = run(plan, good[:2] + good[3:] + [allday("w/2027-W12", "2027-03-22",
                                                     kind="series")])
    assert kinds(found) == {"occurrence-set"}
    assert {v.occurrences for v in found} == {("w/2027-W12",), ("w/2027-W13",)}
    swapped = good[:5] + [allday("r/1", "2027-03-20", kind="deadline"),
                          allday("r/2", "2027-03-10", kind="deadline")] + good[7:]
    assert kinds(run(plan, swapped)) == {"pinned"}


def test_every_week_labels_and_skipped_periods(run) -> None:
    plan = HEAD + """
activities:
  - {id: s, kind: series, every: week, duration: 1h, when: {days: [thu]}}
"""
    # 2027-03-01 is a Monday; W13 holds Thu 2027-04-01 only, outside the plan: skipped
    good = [timed(f"s/2027-W{w:02d}", f"2027-03-{d:02d}T09:00", kind="series")
            for w, d in ((9, 4), (10, 11), (11, 18), (12, 25))]
    assert clean(run(plan, good))
    wrong = good[:3] + [timed("s/2027-W12", "2027-03-22T09:00", kind="series")]
    assert kinds(run(plan, wrong)) == {"window"}
    early = good[:3] + [timed("s/2027-W12", "2027-03-18T09:00", kind="series")]
    assert "series-period" in kinds(run(plan, early))


def test_count_order(run) -> None:
    plan = BASE + "activities: [{id: c, kind: event, count: 2, duration: 1h}]\n"
    assert clean(run(plan, [timed("c/1", "2027-03-02T09:00"), timed("c/2", "2027-03-02T10:00")]))
    assert kinds(run(plan, [timed("c/1", "2027-03-02T10:00"),
                            timed("c/2", "2027-03-02T09:00")])) == {"count-order"}


def test_entries_any_order_but_no_overlap(run) -> None:
    plan = BASE + """
activities:
  - id: c
    kind: event
    count: 2
    duration: 1h
    occurrences: [{}, {title: 第二次, duration: 2h, venue: hall}]
"""
    good = [timed("c/1", "2027-03-02T11:00"),
            timed("c/2", "2027-03-02T09:00", 120, title="第二次", venue="hall")]
    assert clean(run(plan, good))
    assert kinds(run(plan, [good[0], timed("c/2", "2027-03-02T10:00", 120, title="第二次",
                                           venue="hall")])) == {"activity-overlap"}
    assert kinds(run(plan, [good[0], timed("c/2", "2027-03-02T09:00", 120,
                                           venue="hall")])) == {"fields"}


def test_spacing(run) -> None:
    plan = BASE + "activities: [{id: c, kind: event, count: 2, duration: 1d, " \
        "spacing: {min_days: 7, max_days: 10}}]\n"
    assert clean(run(plan, [allday("c/1", "2027-03-01"), allday("c/2", "2027-03-08")]))
    assert kinds(run(plan, [allday("c/1", "2027-03-01"), allday("c/2", "2027-03-05")])) \
        == {"spacing"}
    assert kinds(run(plan, [allday("c/1", "2027-03-01"), allday("c/2", "2027-03-15")])) \
        == {"spacing"}


# ---------------------------------------------------------------- rules


def test_max_per_week(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h, category: sport}
  - {id: b, kind: event, duration: 1h, category: sport}
  - {id: c, kind: event, duration: 1h}
rules:
  - {type: max_per_week, scope: {category: sport}, limit: 1}
"""
    c = timed("c", "2027-03-03T09:00")
    assert clean(run(plan, [timed("a", "2027-03-02T09:00", category="sport"),
                            timed("b", "2027-03-08T09:00", category="sport"), c]))
    assert kinds(run(plan, [timed("a", "2027-03-02T09:00", category="sport"),
                            timed("b", "2027-03-07T09:00", category="sport"), c])) \
        == {"max_per_week"}


def test_max_per_day_counts_deadlines_only_when_named(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h}
  - {id: r, kind: deadline, dates: [2027-03-02]}
rules:
  - {type: max_per_day, limit: 1}
  - {type: max_per_day, scope: {kind: [event, deadline]}, limit: 1, weight: 3}
"""
    occs = [timed("a", "2027-03-02T09:00"), allday("r", "2027-03-02", kind="deadline")]
    score = [{"rule": "max_per_day-2", "type": "max_per_day", "weight": 3, "units": 1,
              "penalty": 3, "occurrences": ["a", "r"]}]
    assert clean(run(plan, occs, score=score))


def test_min_gap_days(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1d}
  - {id: b, kind: event, duration: 2h}
rules:
  - {type: min_gap_days, between: [a, b], days: 2}
"""
    # Monday and Wednesday are 2 days apart
    assert clean(run(plan, [allday("a", "2027-03-01"), timed("b", "2027-03-03T09:00", 120)]))
    assert clean(run(plan, [timed("b", "2027-03-01T09:00", 120), allday("a", "2027-03-03")]))
    assert kinds(run(plan, [allday("a", "2027-03-01"), timed("b", "2027-03-02T09:00", 120)])) \
        == {"min_gap_days"}


def test_before(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, count: 2, duration: 1h}
  - {id: b, kind: event, duration: 1h}
rules:
  - {type: before, first: a, then: b}
"""
    a1 = timed("a/1", "2027-03-02T09:00")
    assert clean(run(plan, [a1, timed("a/2", "2027-03-02T10:00"),
                            timed("b", "2027-03-02T11:00")]))  # touching is allowed
    assert kinds(run(plan, [a1, timed("a/2", "2027-03-02T11:00"),
                            timed("b", "2027-03-02T10:30")])) == {"before"}


def test_score(run) -> None:
    plan = BASE + """
activities:
  - {id: a, kind: event, duration: 1h}
  - {id: b, kind: event, duration: 1h}
  - {id: c, kind: event, count: 2, duration: 1d, spacing: {min_days: 7, weight: 2}}
rules:
  - {id: weekly, type: max_per_week, limit: 1, weight: 5}
  - {type: before, first: b, then: a, weight: 4}
"""
    occs = [timed("a", "2027-03-01T09:00"), timed("b", "2027-03-08T09:00"),
            allday("c/1", "2027-03-15"), allday("c/2", "2027-03-20")]
    # weekly: c/1 and c/2 share W11 (1 unit); before: b after a (1 pair); spacing 5 < 7 (2)
    score = [{"rule": "weekly", "type": "max_per_week", "weight": 5, "units": 1,
              "penalty": 5, "occurrences": ["c/1", "c/2"]},
             {"rule": "before-2", "type": "before", "weight": 4, "units": 1, "penalty": 4,
              "occurrences": ["a", "b"]},
             {"rule": "spacing:c", "type": "spacing", "weight": 2, "units": 2, "penalty": 4,
              "occurrences": ["c/1", "c/2"]}]
    assert clean(run(plan, occs, score=score))
    wrong = [dict(score[0], units=0, penalty=0)] + score[1:]
    assert kinds(run(plan, occs, score=wrong)) == {"score"}
    assert kinds(run(plan, occs, score=score[1:])) == {"score"}
    assert kinds(run(plan, occs, score=score, objective=12)) == {"objective"}
    assert kinds(run(plan, occs, score=score, bound=14)) == {"objective"}
    assert clean(run(plan, occs, score=score, status="feasible", bound=0))


def test_spread(run) -> None:
    plan = HEAD.replace("2027-03-31", "2027-05-31") + """
activities:
  - {id: a, kind: event, count: 4, duration: 1d, category: sport}
  - {id: b, kind: event, duration: 1d, category: sport, when: {months: [3, 4]}}
  - {id: c, kind: event, duration: 1d, category: sport, when: {months: [3, 4]}}
rules:
  - {type: spread, scope: {category: sport}, over: month}
"""
    # 6 occurrences, 4 in March: over 3 months (the windows) share 2, 2 units over;
    # over the 2 months that hold them (a narrower reading) share 3, 1 unit over
    occs = [allday(f"a/{k}", f"2027-03-0{k}", category="sport") for k in range(1, 5)]
    occs += [allday("b", "2027-04-01", category="sport"),
             allday("c", "2027-04-02", category="sport")]
    score = [{"rule": "spread-1", "type": "spread", "weight": 1, "units": 2, "penalty": 2,
              "occurrences": ["a/1", "a/2", "a/3", "a/4"]}]
    assert clean(run(plan, occs, score=score))
    assert clean(run(plan, occs, score=[dict(score[0], units=1, penalty=1)]))
    for units in (0, 3):
        assert kinds(run(plan, occs, score=[dict(score[0], units=units, penalty=units)])) \
            == {"score"}
    assert kinds(run(plan, occs, score=[dict(score[0], penalty=4)])) == {"score"}


# ---------------------------------------------------------------- outputs


def test_ics_mismatch(run) -> None:
    plan = BASE.replace("calendars: []", "calendars: [], categories: {sport: 文体活动}") + """
activities:
  - {id: a, kind: event, duration: 1h, venue: hall, category: sport}
  - {id: b, kind: event, duration: 1d}
"""
    occs = [timed("a", "2027-03-02T09:00", venue="hall", category="sport"),
            allday("b", "2027-03-03")]
    assert clean(run(plan, occs))
    shifted = [dict(occs[0], start="2027-03-02T09:30:00+08:00",
                    end="2027-03-02T10:30:00+08:00"), occs[1]]
    assert kinds(run(plan, occs, ics_occs=shifted)) == {"ics"}
    assert kinds(run(plan, occs, ics_occs=occs[:1])) == {"ics"}
    assert kinds(run(plan, occs, ics_occs=[dict(occs[0], venue="gym"), occs[1]])) == {"ics"}
    assert kinds(run(plan, occs, ics_occs=[dict(occs[0], category=None), occs[1]])) == {"ics"}
    longer = [occs[0], dict(occs[1], end="2027-03-05")]
    assert kinds(run(plan, occs, ics_occs=longer)) == {"ics"}


def test_schedule_json_shape(run) -> None:
    plan = BASE + "activities: [{id: a, kind: event, duration: 1h}, " \
        "{id: b, kind: event, duration: 1h}]\n"
    occs = [timed("a", "2027-03-02T09:00"), timed("b", "2027-03-02T10:00")]
    assert kinds(run(plan, occs[::-1], sort=False)) == {"sorted"}
    utc = dict(occs[0], start="2027-03-02T01:00:00+00:00", end="2027-03-02T02:00:00+00:00")
    unreadable = run(plan, [utc, occs[1]])
    assert kinds(unreadable) == {"format", "occurrence-set", "ics"}  # `a` is not read at all
    assert kinds(run(plan, occs, status="infeasible")) == {"header"}


# ---------------------------------------------------------------- china calendar


CHINA_2026 = """
plan: {id: cn, name: 调休, period: {start: 2026-01-01, end: 2026-02-28}}
activities:
  - {id: w, kind: event, duration: 1d, when: {days: [workday]}}
  - {id: h, kind: event, duration: 1d, when: {days: [holiday], not_days: [weekend]}}
"""


def test_make_up_workday_counts_as_workday(run) -> None:
    # 2026-01-04 is a Sunday made a workday (调休); 2026-01-02 a Friday inside 元旦
    good = [allday("w", "2026-01-04"), allday("h", "2026-01-02")]
    assert clean(run(CHINA_2026, good))
    assert kinds(run(CHINA_2026, [allday("w", "2026-01-03"), good[1]])) == {"window"}
    assert kinds(run(CHINA_2026, [allday("w", "2026-02-17"), good[1]])) == {"window"}
    weekend = CHINA_2026.replace("[workday]", "[weekend]")
    assert kinds(run(weekend, good)) == {"window"}
    assert kinds(run(CHINA_2026, good, provisional=True)) == {"provisional"}


def test_provisional_year(run) -> None:
    plan = CHINA_2026.replace("2026-01-01", "2027-01-01").replace("2026-02-28", "2027-02-28")
    # 2027: no data; 春节 is 2027-02-06, so 除夕 Fri 02-05 is a provisional holiday
    good = [allday("w", "2027-01-04"), allday("h", "2027-02-05")]
    assert clean(run(plan, good, provisional=True))
    assert kinds(run(plan, good, provisional=False)) >= {"provisional"}
    assert kinds(run(plan, [allday("w", "2027-02-08"), good[1]], provisional=True)) \
        == {"window"}  # 初三, a Monday


def test_provisional_calendar_name(tmp_path: Path) -> None:
    plan = CHINA_2026.replace("2026-01-01", "2027-01-01").replace("2026-02-28", "2027-02-28")
    path = _write(tmp_path, "p.yaml", plan)
    good = [allday("w", "2027-01-04"), allday("h", "2027-02-05")]
    write_outputs(tmp_path / "out", plan, good, provisional=True)
    assert clean(check(path, tmp_path / "out"))
    ics = tmp_path / "out" / "calendar.ics"
    ics.write_bytes(ics.read_bytes().replace("（暂定）".encode(), b""))
    assert kinds(check(path, tmp_path / "out")) == {"ics"}


def test_calendar_days_and_named_dates(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("plan: {year: 2027, dates: {lantern_festival: 2027-02-21}}\n",
                    encoding="utf-8")
    plan = load_plan(path)
    assert plan.id == "p"
    cal = DayCalendar(plan)
    assert cal.provisional
    assert spring_festival(2027) == date(2027, 2, 6)
    assert cal.named_date_occurrences("chuxi")[1] == date(2027, 2, 5)
    assert cal.named_date_occurrences("lantern_festival") == [date(2027, 2, 21)]
    assert date(2027, 4, 5) in cal.named_date_occurrences("qingming")
    assert date(2027, 9, 15) in cal.named_date_occurrences("mid_autumn")
    assert {"holiday", "weekend", "rest_day", "sat"} == cal.kinds(date(2027, 10, 2))
    from lunar_python import Solar

    for year in (2024, 2026, 2027):
        span = sanfu(year)
        for day, name, index in ((span.first, "初伏", 1), (span.last, "末伏", 10)):
            fu = Solar.fromYmd(day.year, day.month, day.day).getLunar().getFu()
            assert (fu.getName(), fu.getIndex()) == (name, index)
    assert DayCalendar(load_plan(_write(tmp_path, "q.yaml", "plan: {year: 2026}\n"))) \
        .named_period("spring_festival_week")[1].first == date(2026, 2, 15)


def test_relative_window(run) -> None:
    plan = """
plan: {id: rel, period: {start: 2027-01-01, end: 2027-03-31}, calendars: [china]}
activities:
  - {id: v, kind: event, duration: 1d,
     when: {relative: {to: spring_festival, from: -10, until: -1}, days: [workday]}}
"""
    assert clean(run(plan, [allday("v", "2027-02-01")], provisional=True))  # SF - 5
    assert kinds(run(plan, [allday("v", "2027-02-08")], provisional=True)) == {"window"}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- unsupported plans


@pytest.mark.parametrize("text", [
    HEAD + "activities: [{id: t, kind: tournament, format: swiss, teams: [a, b], "
    "match: 60m}]\n",
    HEAD.replace("calendars: []", "calendars: [china], holidays: h.yaml"),
    HEAD.replace("calendars: []", "calendars: [moon]"),
    HEAD + "rules: [{type: school.no_events_in_exam_weeks}]\n",
    HEAD + "activities: [{id: e, kind: event, duration: 1d, when: {periods: "
    "[summer_vacation]}}]\n",
])
def test_unsupported_plans(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "p.yaml", text)
    write_outputs(tmp_path / "out", text.replace("calendars: [moon]", "calendars: []"), [])
    with pytest.raises(UnsupportedPlan):
        check(path, tmp_path / "out")


def test_kinds_are_pluggable(run, monkeypatch) -> None:
    """A kind is an expander plus its own checks: a stand-in for tournaments."""
    from tests.checker import expand as expand_module

    def expand_matches(plan, windows, activity):
        base = expand_module.Expected(f"{activity.id}/a-b", activity, activity.title,
                                      expand_module.parse_duration(activity.raw["match"]),
                                      None, expand_module.StaffSpec(), (), None,
                                      audience=tuple(activity.raw["teams"]))
        return [base]

    def no_evenings(plan, windows, pairs, report):
        for _, occ in pairs:
            if occ.start.hour >= 18:
                report.add("tournament", occ.id, "a match in the evening")

    monkeypatch.setitem(expand_module.KINDS, "tournament",
                        expand_module.Kind(expand_matches, no_evenings))
    plan = BASE + "activities: [{id: t, kind: tournament, match: 1h, teams: [math, chinese]," \
        " format: round_robin}]\n"
    match = timed("t/a-b", "2027-03-02T09:00", kind="tournament", audience=["math", "chinese"])
    assert clean(run(plan, [match]))
    assert kinds(run(plan, [dict(match, start="2027-03-02T19:00:00+08:00",
                                 end="2027-03-02T20:00:00+08:00")])) == {"tournament"}


def test_weighted_plugin_rule_is_only_scored(run) -> None:
    plan = HEAD + "rules: [{type: school.quiet, weight: 2}]\n"
    score = [{"rule": "school.quiet-1", "type": "school.quiet", "weight": 2, "units": 3,
              "penalty": 6, "occurrences": []}]
    assert clean(run(plan, [], score=score))
    assert kinds(run(plan, [], score=[dict(score[0], penalty=5)])) >= {"score"}


def test_command_line(tmp_path: Path, capsys) -> None:
    plan = _write(tmp_path, "p.yaml", EVENT)
    write_outputs(tmp_path / "out", EVENT, [timed("e", "2027-03-06T09:00")])
    assert checker_main([str(plan), str(tmp_path / "out")]) == 1
    assert "[window] e:" in capsys.readouterr().out


# ---------------------------------------------------------------- end to end




PLANS = sorted((Path(__file__).parent / "plans" / "checker").glob("*.yaml"))


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_end_to_end_scheduler_output_passes(tmp_path: Path, plan: Path) -> None:
    from scheduler.cli import run as scheduler_run
    from scheduler.plugins import reset_plugins

    reset_plugins()
    assert scheduler_run(["solve", str(plan), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert clean(check(plan, tmp_path / "out"))
    schedule = json.loads((tmp_path / "out" / "schedule.json").read_text(encoding="utf-8"))
    assert schedule["occurrences"]
    if plan.stem in ("union", "tight", "windows"):
        assert schedule["objective"] > 0  # the score check compared real units
