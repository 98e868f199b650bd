"""`scheduler publish PLAN`: solve and store the next revision of the plan's feeds."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_OK
from ..loader import load_plan
from ..pipeline import prepare, schedule_for
from ..plugins import get_plugins
from ..publish.publisher import DEFAULT_KEEP_CANCELLED, publish
from ..publish.store import DEFAULT_DB, Store
from ..results import Results, load_results
from ..solver.params import DEFAULT_WORK_LIMIT, SolverSettings
from .options import (
    DbOption,
    PlanArg,
    ProvisionalOption,
    SeedOption,
    WorkersOption,
    WorkLimitOption,
)
from .terminal import err, warn, warn_plugin_failures


def _played(results: Path, plan: Path, db: Path) -> Results:
    """Results of played matches; where a match was played comes from its `at:`, else
    from the plan's current published revision (as `solve` takes OUT/schedule.json)."""
    plan_id = load_plan(plan, get_plugins()).id
    published = None
    if db.exists():
        store = Store(db, create=False)
        try:
            published = store.schedule_json(plan_id)
        finally:
            store.close()
    with tempfile.TemporaryDirectory() as folder:
        previous = Path(folder) / "schedule.json"
        if published is not None:
            previous.write_bytes(published)
        return load_results(results, previous)


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
    results: Annotated[
        Path | None,
        typer.Option(
            help="Results of matches already played (YAML): fills knockout places and keeps"
            " played matches where they were (from `at:`, else the published revision)."
        ),
    ] = None,
) -> int:
    """Solve a plan and publish its feeds as the next revision (for `scheduler serve`)."""
    settings = SolverSettings(workers=workers, seed=seed, work_limit=work_limit)
    warn_plugin_failures()
    played = _played(results, plan, db) if results else None
    problem = prepare(plan, provisional, results=played)
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
