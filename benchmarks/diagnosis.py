"""Diagnosis benchmark: a district plan of about 2,000 occurrences with one planted
conflict (benchmarks/district_plan.py), from the file to diagnosis.json, timed by phase.

For each kind of plant (search: a min_gap_days rule against two windows, a staff cap
against a training; precheck: demand for a venue in one month) it runs what `scheduler
solve` runs: read and precheck, search until the model is proved infeasible, then the
diagnosis (conflict core, deletion filter, relaxations). Wall and CPU seconds are
printed beside the machine's load, since the host is shared. Prints a table and writes
benchmarks/results/diagnosis.json.

    .venv/bin/python benchmarks/diagnosis.py [--schools 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.district_plan import PLANTS, district_plan  # noqa: E402
from scheduler.diagnose.report import complete  # noqa: E402
from scheduler.errors import Unschedulable  # noqa: E402
from scheduler.pipeline import prepare  # noqa: E402
from scheduler.solver.params import SolverSettings  # noqa: E402
from scheduler.solver.run import solve  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def member(conflict) -> str:
    if conflict.kind == "staff":
        return f"staff:{conflict.id}:{conflict.key}"
    return f"{conflict.kind}:{conflict.id}"


def measure(kind: str, schools: int, workers: int, folder: Path) -> dict:
    plan = folder / f"district-{kind}.yaml"
    plan.write_text(district_plan(schools, plant=kind), encoding="utf-8")
    settings = SolverSettings(workers=workers)
    began, cpu_began = time.perf_counter(), cpu()
    occurrences, searched = None, 0.0
    try:
        problem = prepare(plan)
        occurrences = len(problem.tasks)
        prepared = time.perf_counter() - began
        solve(problem, problem.loaded.rules, settings)
        raise SystemExit(f"{kind}: the planted conflict was not found")
    except Unschedulable as error:
        diagnosis = error.diagnosis
        if diagnosis.found_by == "precheck":
            prepared = time.perf_counter() - began
            complete(diagnosis, settings)
    total = time.perf_counter() - began
    stats = diagnosis.stats
    diagnosed = stats.get("seconds", 0.0)
    searched = total - prepared - diagnosed if diagnosis.found_by == "search" else 0.0
    found = sorted(member(c) for c in diagnosis.conflicts)
    relaxations = diagnosis.relaxations
    return {
        "plant": kind,
        "occurrences": occurrences
        or sum(diagnosis.context.counts.values() if diagnosis.context else []),
        "found_by": diagnosis.found_by,
        "prepare_s": round(prepared, 2),
        "search_s": round(searched, 2),
        "diagnosis_s": round(diagnosed, 2),
        "phases": stats.get("phases", {}),
        "total_s": round(total, 2),
        "cpu_s": round(cpu() - cpu_began, 2),
        "tests": stats.get("tests", 0),
        "found": found,
        "expected": sorted(PLANTS[kind]["expect"]),
        "exact": found == sorted(PLANTS[kind]["expect"]),
        "minimal": diagnosis.minimal,
        "relaxations": len(relaxations),
        "verified": sum(1 for r in relaxations if r["solves"] is True),
        "first": relaxations[0]["change"] if relaxations else None,
        "summary": diagnosis.summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--plant", action="append", choices=sorted(PLANTS))
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            measure(kind, args.schools, args.workers, Path(tmp))
            for kind in args.plant or list(PLANTS)
        ]
    table = Table(
        title=f"Diagnosis of a {args.schools}-school plan, {args.workers} workers"
        f" (load average before: {load[0]:.1f} on {os.cpu_count()} cores)"
    )
    columns = (
        "plant",
        "occ.",
        "found by",
        "prepare s",
        "search s",
        "diagnosis s",
        "total s",
        "cpu s",
        "tests",
        "set = planted",
        "minimal",
        "relax. (verified)",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "plant" else "right")
    for row in rows:
        table.add_row(
            row["plant"],
            str(row["occurrences"]),
            row["found_by"],
            f"{row['prepare_s']:.1f}",
            f"{row['search_s']:.1f}",
            f"{row['diagnosis_s']:.1f}",
            f"{row['total_s']:.1f}",
            f"{row['cpu_s']:.1f}",
            str(row["tests"]),
            "yes" if row["exact"] else "NO",
            str(row["minimal"]),
            f"{row['relaxations']} ({row['verified']})",
        )
    console = Console(width=160)
    console.print(table)
    for row in rows:
        console.print(f"{row['plant']}: {row['summary']}")
        console.print(f"  phases {row['phases']}; first relaxation: {row['first']}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    record = {"load_average": load, "cores": os.cpu_count(), "rows": rows}
    (out / "diagnosis.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    print(f"written {out / 'diagnosis.json'}")


if __name__ == "__main__":
    main()
