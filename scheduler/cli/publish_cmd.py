"""`scheduler publish PLAN`: solve and store the next revision of the plan's feeds."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ..errors import EXIT_OK
from ..pipeline import prepare, schedule_for
from ..publish.publisher import DEFAULT_KEEP_CANCELLED, publish
from ..publish.store import DEFAULT_DB
from ..solver.params import DEFAULT_WORK_LIMIT, SolverSettings
from .options import (
    DbOption,
    PlanArg,
    ProvisionalOption,
    SeedOption,
    WorkersOption,
    WorkLimitOption,
)
from .terminal import err, warn


def publish_cmd(
    plan: PlanArg,
    db: DbOption = DEFAULT_DB,
    keep_cancelled: Annotated[
        int,
        typer.Option(min=0, help="Days a removed event stays in the feeds as cancelled."),
    ] = DEFAULT_KEEP_CANCELLED.days,
    work_limit: WorkLimitOption = DEFAULT_WORK_LIMIT,
    workers: WorkersOption = 2,
    seed: SeedOption = 0,
    provisional: ProvisionalOption = False,
) -> int:
    """Solve a plan and publish its feeds as the next revision (for `scheduler serve`)."""
    settings = SolverSettings(workers=workers, seed=seed, work_limit=work_limit)
    problem = prepare(plan, provisional)
    warn(problem.loaded.warnings)
    with err.status("solving…"):
        schedule, _ = schedule_for(problem, settings)
    done = publish(schedule, problem.loaded, db, keep_cancelled=dt.timedelta(days=keep_cancelled))
    counts = ", ".join(
        f"{done.events[k]} {k}"
        for k in ("added", "changed", "unchanged", "cancelled", "expired")
        if done.events[k]
    )
    err.print(
        f"{schedule.plan.id}: revision {done.revision.number} at"
        f" {done.revision.published_at:%Y-%m-%d %H:%M:%S} UTC ({done.clock});"
        f" events: {counts or 'none'}; {done.feeds_changed} of {done.feeds} feeds changed;"
        f" {db}"
    )
    return EXIT_OK
