"""The solved year as data (`schedule.json`): pydantic models and their assembly.

schedule.json holds nothing of the run itself (no timings, no dates of the run), so
the same plan, seed and worker count give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from .problem import Problem
from .solver.params import SolverSettings
from .solver.run import Outcome, Placement


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PeriodOut(_Out):
    start: str
    end: str


class PlanRef(_Out):
    id: str
    name: str
    timezone: str
    period: PeriodOut


class MatchOut(_Out):
    home: str | None
    away: str | None
    round: int
    candidates: list[str]


class PlacedOccurrence(_Out):
    id: str
    activity: str
    title: str
    kind: str
    category: str | None
    all_day: bool
    start: str
    end: str
    venue: str | None
    staff: list[str]
    audience: list[str]
    match: MatchOut | None = None


class ScoreEntry(_Out):
    rule: str
    type: str
    weight: int
    units: int
    penalty: int
    occurrences: list[str]


class SolverInfo(_Out):
    workers: int
    seed: int
    deterministic: bool


class Schedule(_Out):
    plan: PlanRef
    status: Literal["optimal", "feasible"]
    provisional: bool
    objective: int
    bound: int
    occurrences: list[PlacedOccurrence]
    score: list[ScoreEntry]
    solver: SolverInfo

    def to_json(self) -> bytes:
        data = self.model_dump(mode="json")
        for occurrence in data["occurrences"]:
            if occurrence.get("match") is None:
                occurrence.pop("match", None)
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def moments(p: Placement, problem: Problem) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    """Start and (exclusive) end: dates for whole-day items, aware datetimes otherwise."""
    day = problem.days.date(p.day)
    occ = p.task.occ
    if p.minute is None:
        return day, day + dt.timedelta(days=occ.duration.days)
    tz: ZoneInfo = problem.tz
    start = dt.datetime(day.year, day.month, day.day, p.minute // 60, p.minute % 60, tzinfo=tz)
    return start, start + dt.timedelta(minutes=occ.duration.minutes)


def _iso(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def make_schedule(problem: Problem, outcome: Outcome, settings: SolverSettings) -> Schedule:
    header = problem.loaded.plan.plan
    occurrences = []
    for p in outcome.placements:
        occ = p.task.occ
        start, end = moments(p, problem)
        match = None
        if occ.match is not None:
            match = MatchOut(
                home=occ.match.home,
                away=occ.match.away,
                round=occ.match.round,
                candidates=list(occ.teams),
            )
        occurrences.append(
            PlacedOccurrence(
                id=occ.id,
                activity=occ.activity.id,
                title=occ.title,
                kind=occ.kind,
                category=occ.category,
                all_day=p.minute is None,
                start=_iso(start),
                end=_iso(end),
                venue=p.venue,
                staff=p.staff,
                audience=list(occ.audience),
                match=match,
            )
        )
    return Schedule(
        plan=PlanRef(
            id=problem.loaded.id,
            name=header.name,
            timezone=header.timezone,
            period=PeriodOut(start=header.first_day.isoformat(), end=header.last_day.isoformat()),
        ),
        status=outcome.status,
        provisional=problem.days.provisional,
        objective=outcome.objective,
        bound=outcome.bound,
        occurrences=occurrences,
        score=[
            ScoreEntry(
                rule=s.rule,
                type=s.type,
                weight=s.weight,
                units=s.units,
                penalty=s.penalty,
                occurrences=s.occurrences,
            )
            for s in outcome.score
        ],
        solver=SolverInfo(
            workers=settings.workers, seed=settings.seed, deterministic=settings.deterministic
        ),
    )
