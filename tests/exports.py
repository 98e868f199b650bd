"""Solve a plan in-process once and hand exporters their input (for exporter tests)."""

from __future__ import annotations

import functools
from pathlib import Path

from scheduler.api import ExportInput
from scheduler.pipeline import prepare, revision_stamp, schedule_for
from scheduler.solver.params import SolverSettings

PLANS = Path(__file__).resolve().parent / "plans"
YEARVIEW_PLAN = PLANS / "yearview" / "union-2026.yaml"


@functools.cache
def export_input(plan: Path = YEARVIEW_PLAN, provisional: bool = False) -> ExportInput:
    """The solved plan as exporters see it; cached, so treat it as read-only."""
    problem = prepare(plan, provisional)
    schedule, _ = schedule_for(problem, SolverSettings())
    return ExportInput(
        schedule=schedule,
        plan=problem.loaded,
        days=problem.days,
        stamp=revision_stamp(problem.loaded),
    )
