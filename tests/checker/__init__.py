"""An independent checker of solved schedules: the project's oracle.

It reads the plan file and the outputs (schedule.json, calendar.ics) and reports every
hard constraint of plan-format.md and docs/readings.md that the outputs break, and every
score entry that does not match its rule. It never imports `scheduler` or `plugins`: it
parses the plan and computes calendars itself, so that a pass does not rest on the
solver's own word. Plans it cannot judge raise `UnsupportedPlan`.

    violations = check("plan.yaml", "out/")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import tournament as _tournament  # noqa: F401  (registers the tournament kind)
from .days import Calendar
from .expand import KINDS, Expected, expand_plan
from .ics import check_ics
from .placement import check_placement
from .plan import Plan, When, load_plan, parse_when
from .report import Report, UnsupportedPlan, Violation
from .resources import (
    Groups,
    check_caps,
    check_double_booking,
    check_resources,
    check_same_activity,
)
from .rules import check_rules, check_score
from .schedule import Placed, parse_placed, read_schedule
from .windows import Windows

__all__ = ["UnsupportedPlan", "Violation", "check"]


def check(plan_path: str | Path, out_dir: str | Path) -> list[Violation]:
    """Every violation of the outputs in `out_dir` against the plan at `plan_path`."""
    plan = load_plan(plan_path)
    out_dir = Path(out_dir)
    calendar = Calendar(plan)
    windows = Windows(plan, calendar)
    windows.resolve_names(all_whens(plan))
    expected = expand_plan(plan, windows)
    groups = Groups(plan)
    report = Report()

    schedule = read_schedule(out_dir)
    check_header(plan, calendar, schedule, report)
    placed = read_occurrences(plan, schedule, report)
    check_sorted(schedule, placed, report)
    pairs = match(expected, placed, report)

    for exp, occ in pairs:
        check_placement(plan, windows, exp, occ, report)
        check_resources(plan, windows, groups, exp, occ, report)
    check_double_booking(plan, groups, pairs, report)
    check_caps(plan, pairs, report)
    check_same_activity(pairs, plan, report)
    for name, kind in KINDS.items():
        if kind.check is not None:
            kind.check(plan, windows, [(e, o) for e, o in pairs if e.activity.kind == name],
                       report)
        if kind.audit is not None:
            kind.audit(plan, windows, placed, report)
    scored = check_rules(plan, windows, pairs, report)
    for kind in KINDS.values():
        if kind.score is not None:
            scored.update(kind.score(plan, windows, pairs))
    check_score(schedule, scored, report)
    check_ics(plan, out_dir, placed, bool(schedule.get("provisional")), report)
    return report.violations


def all_whens(plan: Plan) -> list[When]:
    whens = []
    for activity in plan.activities.values():
        whens.append(activity.when)
        for entry in activity.entries or []:
            if "when" in entry.values:
                whens.append(parse_when(entry.values["when"], f"{activity.id}.occurrences"))
    return whens


def check_header(plan: Plan, calendar: Calendar, schedule: dict[str, Any],
                 report: Report) -> None:
    """The plan block, the status and the provisional mark."""
    head = schedule.get("plan") or {}
    wanted = {"id": plan.id, "timezone": plan.timezone,
              "period": {"start": plan.start.isoformat(), "end": plan.end.isoformat()}}
    if plan.name is not None:
        wanted["name"] = plan.name
    for key, value in wanted.items():
        if head.get(key) != value:
            report.add("header", (), f"plan.{key} is {head.get(key)!r}, expected {value!r}")
    if schedule.get("status") not in ("optimal", "feasible"):
        report.add("header", (), f"status {schedule.get('status')!r} is no solved status")
    provisional = schedule.get("provisional")
    if not isinstance(provisional, bool):
        report.add("provisional", (), f"provisional is {provisional!r}")
    elif calendar.china and provisional != calendar.provisional:
        report.add("provisional", (), f"provisional is {provisional}, but the plan period "
                   f"{'lacks' if calendar.provisional else 'has'} official holiday data")


def read_occurrences(plan: Plan, schedule: dict[str, Any], report: Report) -> list[Placed]:
    zone = ZoneInfo(plan.timezone)
    out = []
    for raw in schedule.get("occurrences") or []:
        occ = parse_placed(raw, zone, report)
        if occ is not None:
            out.append(occ)
    return out


def check_sorted(schedule: dict[str, Any], placed: list[Placed], report: Report) -> None:
    """Occurrences sorted by start (a whole-day item starts at midnight), then id."""
    keys = [(o.start, o.id) for o in placed]
    if len(placed) == len(schedule.get("occurrences") or []) and keys != sorted(keys):
        report.add("sorted", (), "occurrences are not sorted by start, then id")


def match(expected: dict[str, Expected], placed: list[Placed],
          report: Report) -> list[tuple[Expected, Placed]]:
    """Pair each reported occurrence with the one the plan implies; report the rest."""
    pairs, seen = [], set()
    for occ in placed:
        if occ.id in seen:
            report.add("occurrence-set", occ.id, "listed twice")
            continue
        seen.add(occ.id)
        if occ.id not in expected:
            report.add("occurrence-set", occ.id, "not an occurrence the plan implies")
            continue
        pairs.append((expected[occ.id], occ))
    for missing in sorted(set(expected) - seen):
        report.add("occurrence-set", missing, "missing from schedule.json")
    return pairs
