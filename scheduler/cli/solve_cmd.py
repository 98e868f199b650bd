"""`scheduler solve PLAN -o OUT`: place every occurrence and write the calendars."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from ortools import __version__ as ortools_version

from .. import __version__
from ..diagnose.report import complete
from ..errors import EXIT_OK, PlanError, SchedulerError, Unschedulable
from ..output import write_files
from ..pipeline import prepare, render_outputs, revision_stamp, schedule_for
from ..results import load_results
from ..solver.params import DEFAULT_WORK_LIMIT, SolverSettings
from ..summary import summary_table
from .options import PlanArg, ProvisionalOption, SeedOption, WorkersOption, WorkLimitOption
from .terminal import err, out, warn, warn_plugin_failures


def _progress_printer(status: Any):
    def show(event: dict) -> None:
        status.update(
            f"solving: best {event['objective']:.0f}, bound {event['bound']:.0f}"
            f" ({event['solutions']} solutions, {event['seconds']:.1f} s)"
        )

    return show


def _run_record(
    plan: Path, settings: SolverSettings, status: str, code: int, started: float, extra: dict
) -> bytes:
    record = {
        "plan": str(plan),
        "status": status,
        "exit_code": code,
        "seconds": round(time.perf_counter() - started, 3),
        "solver": {
            "workers": settings.workers,
            "seed": settings.seed,
            "deterministic": settings.deterministic,
            "limit": (
                {"wall_clock_seconds": settings.time_limit}
                if settings.time_limit is not None
                else {"deterministic_time": settings.work_limit}
            ),
        },
        "versions": {
            "scheduler": __version__,
            "ortools": ortools_version,
            "python": platform.python_version(),
        },
        **extra,
    }
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def solve(
    plan: PlanArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the outputs.")] = Path(
        "out"
    ),
    time_limit: Annotated[
        float | None,
        typer.Option(
            help="Wall-clock limit in seconds (not reproducible; the default is a"
            " deterministic work limit)."
        ),
    ] = None,
    work_limit: WorkLimitOption = DEFAULT_WORK_LIMIT,
    workers: WorkersOption = 2,
    seed: SeedOption = 0,
    provisional: ProvisionalOption = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", help="Only these outputs (repeatable): json, ics, feeds, summary, …"
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
    results: Annotated[
        Path | None,
        typer.Option(
            help="Results of matches already played (YAML): fills knockout places and keeps"
            " played matches where they were (from `at:`, else OUT/schedule.json)."
        ),
    ] = None,
) -> int:
    """Solve a plan and write schedule.json, calendar.ics, feeds and the summary."""
    started = time.perf_counter()
    settings = SolverSettings(
        workers=workers, seed=seed, time_limit=time_limit, work_limit=work_limit
    )
    try:
        warn_plugin_failures()
        played = load_results(results, output / "schedule.json") if results else None
        problem = prepare(plan, provisional, results=played)
        warn(problem.loaded.warnings)
        err.print(
            f"{problem.loaded.file}: {len(problem.tasks)} occurrences of"
            f" {len(problem.loaded.plan.activities)} activities"
        )
        with err.status("solving…") as status:
            schedule, outcome = schedule_for(problem, settings, _progress_printer(status))
        files = render_outputs(schedule, problem, revision_stamp(problem.loaded), formats)
    except Unschedulable as error:
        complete(error.diagnosis, settings)  # a precheck's findings: shrink, relax
        record = _run_record(
            plan,
            settings,
            "infeasible",
            error.exit_code,
            started,
            {"found_by": error.diagnosis.found_by, "diagnosis": error.diagnosis.stats},
        )
        diagnosis = json.dumps(error.diagnosis.to_json(), ensure_ascii=False, indent=2) + "\n"
        write_files(output, {"diagnosis.json": diagnosis.encode("utf-8"), "run.json": record})
        raise
    except PlanError:
        raise
    except SchedulerError as error:
        write_files(
            output,
            {"run.json": _run_record(plan, settings, "unknown", error.exit_code, started, {})},
        )
        raise
    files["run.json"] = _run_record(
        plan,
        settings,
        schedule.status,
        EXIT_OK,
        started,
        {
            "stats": outcome.stats,
            "provisional": schedule.provisional,
            "calendar_sources": problem.days.sources,
            "files": sorted(files) + ["run.json"],
            "warnings": [str(w) for w in problem.loaded.warnings],
        },
    )
    written = write_files(output, files)
    (output / "diagnosis.json").unlink(missing_ok=True)
    if not quiet:
        out.print(summary_table(schedule, problem.loaded.plan))
    stats = outcome.stats
    err.print(
        f"{schedule.status}: objective {schedule.objective}, bound {schedule.bound};"
        f" {len(schedule.occurrences)} occurrences placed in {stats['solve_seconds']} s"
        f" (build {stats['build_seconds']} s); {len(written)} files in {output}/"
    )
    return EXIT_OK
