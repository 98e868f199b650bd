"""`scheduler publish PLAN`: solve and store the next revision of the plan's feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_OK
from ..pipeline import prepare, schedule_for
from ..publish.publisher import DEFAULT_KEEP_CANCELLED, publish
from ..publish.store import DEFAULT_DB
from ..solver.params import DEFAULT_WORK_LIMIT, SolverSettings
from .terminal import err, warn

DbOption = Annotated[
    Path,
    typer.Option(
        "--db", envvar="SCHEDULER_DB", help="The publishing database (SQLite; made if missing)."
    ),
]
PublicUrlOption = Annotated[
    str | None,
    typer.Option(
        envvar="SCHEDULER_PUBLIC_URL",
        help="The address people reach the server at, for links (e.g. https://cal.example.org).",
    ),
]


def publish_cmd(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", show_default=False)],
    db: DbOption = DEFAULT_DB,
    keep_cancelled: Annotated[
        int,
        typer.Option(min=0, help="Days a removed event stays in the feeds as cancelled."),
    ] = DEFAULT_KEEP_CANCELLED.days,
    work_limit: Annotated[
        float, typer.Option(help="Deterministic work limit (CP-SAT time units).")
    ] = DEFAULT_WORK_LIMIT,
    workers: Annotated[int, typer.Option(min=1, help="Search workers.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed of the search.")] = 0,
    provisional: Annotated[
        bool,
        typer.Option(help="Allow years without official holiday data (feeds are marked 暂定)."),
    ] = False,
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
