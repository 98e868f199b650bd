"""`scheduler explain PLAN`: why there is no schedule, or what the schedule's score is
made of, and (`--why ID`) what keeps an occurrence from an earlier or another start."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from ..diagnose.report import complete
from ..diagnose.score import breakdown
from ..diagnose.text import breakdown_lines, why_lines
from ..diagnose.why import why as why_not
from ..errors import EXIT_OK, EXIT_UNSCHEDULABLE, PlanError, PlanIssue, Unschedulable
from ..pipeline import prepare
from ..problem import Problem
from ..solver.params import DEFAULT_WORK_LIMIT, SolverSettings
from ..solver.run import solve
from .terminal import err, out, warn, warn_plugin_failures


def _at(problem: Problem, occurrence: str, text: str) -> int:
    """`--at 2026-03-05` or `2026-03-05T09:00` on the task's slot axis."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise PlanError([PlanIssue(f"--at {text}: not a date or date and time")]) from None
    day = problem.days.index(value.date())
    task = problem.by_id[occurrence]
    if day is None:
        raise PlanError([PlanIssue(f"--at {text}: outside the plan period")])
    if task.occ.whole_day or len(text) <= 10:
        flat = task.domain.flattened_intervals()
        starts = [
            v
            for i in range(0, len(flat), 2)
            for v in range(flat[i], flat[i + 1] + 1)
            if v // problem.grid.per_day == day
        ]
        if not starts:
            raise PlanError([PlanIssue(f"--at {text}: {occurrence} may not start that day")])
        return starts[0]
    return problem.grid.at(day, value.hour * 60 + value.minute)


def explain(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", show_default=False)],
    why: Annotated[
        str | None,
        typer.Option(help="An occurrence id: what keeps it from an earlier or another start."),
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="With --why: ask about this date or date and time only.")
    ] = None,
    tries: Annotated[int, typer.Option(min=1, help="With --why: starts to try.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    work_limit: Annotated[
        float, typer.Option(help="Deterministic work limit (CP-SAT time units).")
    ] = DEFAULT_WORK_LIMIT,
    time_limit: Annotated[float | None, typer.Option(help="Wall-clock limit in seconds.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Search workers.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed of the search.")] = 0,
    provisional: Annotated[
        bool, typer.Option(help="Allow years without official holiday data.")
    ] = False,
) -> int:
    """Explain a plan: the diagnosis when no schedule exists (exit 1), else the score per
    rule and per occurrence; nothing is written."""
    settings = SolverSettings(
        workers=workers, seed=seed, time_limit=time_limit, work_limit=work_limit
    )
    warn_plugin_failures()
    try:
        problem = prepare(plan, provisional)
        warn(problem.loaded.warnings)
        if why is not None and why not in problem.by_id:
            raise PlanError([PlanIssue(f"--why {why}: the plan has no occurrence {why!r}")])
        outcome = solve(problem, problem.loaded.rules, settings)
    except Unschedulable as error:
        complete(error.diagnosis, settings)
        if not as_json:
            raise
        out.print(
            json.dumps(error.diagnosis.to_json(), ensure_ascii=False, indent=2), soft_wrap=True
        )
        return EXIT_UNSCHEDULABLE
    score = breakdown(problem, problem.loaded.rules, outcome.placements)
    answer = None
    if why is not None:
        start = _at(problem, why, at) if at else None
        answer = why_not(problem, problem.loaded.rules, outcome, why, settings, tries, start)
    if as_json:
        data = {"status": outcome.status, "score": score.to_json()}
        if answer is not None:
            data["why"] = answer.to_json()
        out.print(json.dumps(data, ensure_ascii=False, indent=2), soft_wrap=True)
        return EXIT_OK
    titles = {p.task.id: p.task.occ.title for p in outcome.placements}
    for line in breakdown_lines(score, titles) if answer is None else why_lines(answer):
        out.print(line, soft_wrap=True)
    err.print(f"{outcome.status}: objective {outcome.objective}, bound {outcome.bound}")
    return EXIT_OK
