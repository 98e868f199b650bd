"""Core benchmark: a school-sized plan (about 60 activities, 200 occurrences) solved to a
proven optimum, timed by phase, beside baselines measured in the same run.

Baselines: the same plans with one search worker, and a fixed reference CP-SAT model
(the ft06 job shop) so that times can be compared across noisy, shared machines as
ratios. Prints a table and writes benchmarks/results/core_school.json.

    .venv/bin/python benchmarks/core_school.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ortools.sat.python import cp_model
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.school_plan import school_plan  # noqa: E402
from scheduler.pipeline import prepare  # noqa: E402
from scheduler.solver.params import SolverSettings  # noqa: E402
from scheduler.solver.run import solve  # noqa: E402

FT06 = [  # (machine, duration) per job: Fisher & Thompson's 6x6 instance, optimum 55
    [(2, 1), (0, 3), (1, 6), (3, 7), (5, 3), (4, 6)],
    [(1, 8), (2, 5), (4, 10), (5, 10), (0, 10), (3, 4)],
    [(2, 5), (3, 4), (5, 8), (0, 9), (1, 1), (4, 7)],
    [(1, 5), (0, 5), (2, 5), (3, 3), (4, 8), (5, 9)],
    [(2, 9), (1, 3), (4, 5), (5, 4), (0, 3), (3, 1)],
    [(1, 3), (3, 3), (5, 9), (0, 10), (4, 4), (2, 1)],
]


def reference_seconds(workers: int, rounds: int = 25) -> float:
    """Wall time of `rounds` solves of the ft06 job shop to optimality: the yardstick."""
    return sum(_ft06_seconds(workers) for _ in range(rounds))


def _ft06_seconds(workers: int) -> float:
    model = cp_model.CpModel()
    horizon = sum(d for job in FT06 for _, d in job)
    per_machine: dict[int, list] = {}
    ends = []
    for j, job in enumerate(FT06):
        previous = None
        for k, (machine, duration) in enumerate(job):
            start = model.new_int_var(0, horizon, f"s{j}_{k}")
            interval = model.new_fixed_size_interval_var(start, duration, f"i{j}_{k}")
            per_machine.setdefault(machine, []).append(interval)
            if previous is not None:
                model.add(start >= previous)
            previous = start + duration
        ends.append(previous)
    for intervals in per_machine.values():
        model.add_no_overlap(intervals)
    makespan = model.new_int_var(0, horizon, "makespan")
    model.add_max_equality(makespan, ends)
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    began = time.perf_counter()
    assert solver.solve(model) == cp_model.OPTIMAL and solver.objective_value == 55
    return time.perf_counter() - began


def measure(plan: Path, workers: int) -> dict:
    began = time.perf_counter()
    problem = prepare(plan)
    prepared = time.perf_counter() - began
    outcome = solve(problem, problem.loaded.rules, SolverSettings(workers=workers))
    return {
        "occurrences": len(problem.tasks),
        "activities": len(problem.loaded.plan.activities),
        "prepare_s": prepared,
        "build_s": outcome.stats["build_seconds"],
        "search_s": outcome.stats["solve_seconds"],
        "total_s": time.perf_counter() - began,
        "status": outcome.status,
        "objective": outcome.objective,
        "bound": outcome.bound,
        "deterministic_time": outcome.stats["deterministic_time"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "school-60.yaml"
        generated.write_text(school_plan(), encoding="utf-8")
        plans = [("generated school plan", generated)] + [
            (p.stem, p) for p in sorted((ROOT / "calendars" / "examples").glob("*.yaml"))
        ]
        rows = []
        for label, path in plans:
            for workers in (2, 1):
                runs = [measure(path, workers) for _ in range(args.repeat)]
                median = {
                    k: statistics.median(r[k] for r in runs)
                    for k in ("prepare_s", "build_s", "search_s", "total_s")
                }
                rows.append({"plan": label, "workers": workers, **runs[0], **median})
        reference = {
            w: statistics.median(reference_seconds(w) for _ in range(args.repeat)) for w in (2, 1)
        }
    table = Table(
        title="Core: plans solved to a proven optimum (median of "
        f"{args.repeat}; reference, 25 × ft06: 2 workers {reference[2]:.2f} s,"
        f" 1 worker {reference[1]:.2f} s)"
    )
    for column in (
        "plan",
        "workers",
        "occ.",
        "prepare s",
        "build s",
        "search s",
        "total s",
        "× ref",
        "status",
        "objective",
        "bound",
    ):
        table.add_column(column, justify="left" if column == "plan" else "right")
    for row in rows:
        row["x_reference"] = row["total_s"] / reference[row["workers"]]
        table.add_row(
            row["plan"],
            str(row["workers"]),
            str(row["occurrences"]),
            f"{row['prepare_s']:.2f}",
            f"{row['build_s']:.2f}",
            f"{row['search_s']:.2f}",
            f"{row['total_s']:.2f}",
            f"{row['x_reference']:.1f}",
            row["status"],
            str(row["objective"]),
            str(row["bound"]),
        )
    Console(width=150).print(table)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    record = {"reference_ft06_s": reference, "rows": rows}
    (out / "core_school.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    print(f"written {out / 'core_school.json'}")


if __name__ == "__main__":
    main()
