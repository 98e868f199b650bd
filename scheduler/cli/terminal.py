"""How commands speak: stderr for progress and problems, stdout for results.

Consoles are built with `markup=False` so plan text (titles, names) prints as it is.
"""

from __future__ import annotations

import os
import sys
import traceback

from rich.console import Console

from ..errors import PlanError, PlanIssue, SchedulerError, Unschedulable

out = Console(markup=False, highlight=False, emoji=False, soft_wrap=False)
err = Console(stderr=True, markup=False, highlight=False, emoji=False, soft_wrap=True)


def warn(issues: list[PlanIssue]) -> None:
    for issue in issues:
        err.print(f"warning: {issue}")


def report(error: SchedulerError) -> None:
    """Print an error the planner can act on (never a traceback)."""
    if isinstance(error, PlanError):
        for issue in error.issues:
            err.print(f"error: {issue}")
        count = len(error.issues)
        err.print(f"{count} error{'s' if count != 1 else ''}; nothing was written")
    elif isinstance(error, Unschedulable):
        diagnosis = error.diagnosis
        err.print(diagnosis.summary)
        for detail in diagnosis.details:
            err.print(f"  {detail}")
        for conflict in diagnosis.conflicts:
            where = f" (line {conflict.line})" if conflict.line else ""
            title = f" {conflict.title}" if conflict.title else ""
            err.print(f"  - {conflict.kind} {conflict.id}{title}{where}: {conflict.requires}")
        for relaxation in diagnosis.relaxations:
            err.print(f"  try: {relaxation.get('change', relaxation)}")
    else:
        err.print(f"error: {error}")


def internal(error: BaseException) -> None:
    """An internal error: one line, the traceback only with SCHEDULER_DEBUG=1."""
    err.print(
        f"internal error: {type(error).__name__}: {error}"
        " (set SCHEDULER_DEBUG=1 to see the traceback)"
    )
    if os.environ.get("SCHEDULER_DEBUG"):
        traceback.print_exception(error, file=sys.stderr)


def warn_plugin_failures() -> None:
    """One line per plugin that failed to load or registered something unusable; the
    run goes on with the others (`scheduler plugins` lists them too)."""
    from ..plugins import get_plugins

    for failure in get_plugins().check_all():
        err.print(f"warning: plugin {failure.name}: {failure.reason}")
