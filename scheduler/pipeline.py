"""The steps from a plan file to output files, shared by the commands and the tests."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from .api import ExportInput
from .errors import PlanError, PlanIssue
from .loader import LoadedPlan, load_plan
from .plugins import Plugins, get_plugins
from .problem import Problem, build_problem
from .results import Results
from .schedule import Schedule, make_schedule
from .solver.params import SolverSettings
from .solver.run import Outcome, Progress, solve


def prepare(
    plan_path: str | Path,
    provisional: bool = False,
    plugins: Plugins | None = None,
    results: Results | None = None,
) -> Problem:
    """Read the plan and build the problem; raises PlanError (2) or Unschedulable (1)."""
    plugins = plugins or get_plugins()
    loaded = load_plan(plan_path, plugins)
    return build_problem(loaded, plugins, provisional, results=results)


def schedule_for(
    problem: Problem, settings: SolverSettings, progress: Progress | None = None
) -> tuple[Schedule, Outcome]:
    outcome = solve(problem, problem.loaded.rules, settings, progress)
    return make_schedule(problem, outcome, settings), outcome


def revision_stamp(loaded: LoadedPlan, stamp: dt.datetime | None = None) -> dt.datetime:
    """DTSTAMP for the calendars: given, else SOURCE_DATE_EPOCH, else midnight UTC of
    the plan period's first day. Never the clock: the same plan gives the same bytes."""
    if stamp is not None:
        return stamp.astimezone(dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    first = loaded.plan.plan.first_day
    return dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)


def render_outputs(
    schedule: Schedule,
    problem: Problem,
    stamp: dt.datetime,
    formats: Sequence[str] | None = None,
    plugins: Plugins | None = None,
) -> dict[str, bytes]:
    """Every selected exporter's files, rendered in memory (nothing written yet)."""
    plugins = plugins or get_plugins()
    exporters, owners, duplicates = plugins.registry("scheduler_exporters")
    if formats:
        unknown = [f for f in formats if f not in exporters]
        if unknown:
            raise PlanError(
                [
                    PlanIssue(
                        f"unknown output format {', '.join(unknown)} (known:"
                        f" {', '.join(sorted(exporters))})"
                    )
                ]
            )
        chosen = [exporters[f] for f in formats]
    else:
        chosen = [e for e in exporters.values() if e.default]
    inp = ExportInput(schedule=schedule, plan=problem.loaded, days=problem.days, stamp=stamp)
    files: dict[str, bytes] = {}
    for exporter in chosen:
        try:
            rendered = exporter.render(inp)
        except Exception as error:  # noqa: BLE001 - name the exporter's plugin
            raise RuntimeError(
                f"exporter {exporter.name} (plugin {owners[exporter.name]})"
                f" failed: {type(error).__name__}: {error}"
            ) from error
        for name, data in rendered.items():
            if name in files:
                raise RuntimeError(f"two exporters write {name}")
            files[name] = data
    return files
