"""`scheduler validate PLAN`: read the plan and run the prechecks, without searching."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..pipeline import prepare
from .terminal import err, warn, warn_plugin_failures


def validate(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", show_default=False)],
    provisional: Annotated[
        bool, typer.Option(help="Allow years without official holiday data.")
    ] = False,
) -> int:
    """Check a plan: exit 0 if it reads and passes the prechecks, 2 for bad input, 1 if
    no schedule can exist."""
    warn_plugin_failures()
    problem = prepare(plan, provisional)
    warn(problem.loaded.warnings)
    for activity, labels in problem.expansion.skipped.items():
        err.print(
            f"note: {activity} skips {len(labels)} period(s) its window leaves no day in:"
            f" {', '.join(labels)}"
        )
    if problem.days.provisional:
        err.print("note: provisional calendar (no official holiday data for a year)")
    err.print(
        f"ok: {problem.loaded.file}: {len(problem.loaded.plan.activities)} activities,"
        f" {len(problem.tasks)} occurrences, {len(problem.loaded.rules)} rules"
    )
    return 0
