"""Solver settings, and the one place that turns them into CP-SAT parameters.

Reproducible by default: a deterministic-time limit (CP-SAT's own work units, not
seconds) and, with several workers, interleaved search, so the same plan, seed and
worker count give the same schedule (plan-format.md, "Reproducible"). A wall-clock
`time_limit` trades that away, and run.json says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

DEFAULT_WORK_LIMIT = 60.0


@dataclass(frozen=True)
class SolverSettings:
    workers: int = 2
    seed: int = 0
    time_limit: float | None = None  # seconds of wall clock; None: deterministic work limit
    work_limit: float = DEFAULT_WORK_LIMIT  # CP-SAT deterministic time units
    log: bool = False
    plain: bool = False  # benchmarks' baseline: no warm start, no pools, default CP-SAT

    @property
    def deterministic(self) -> bool:
        return self.time_limit is None


# Above this many occurrences presolve does no probing at all (see solver_params).
PROBE_UP_TO = 1000


def solver_params(
    settings: SolverSettings,
    solver: cp_model.CpSolver,
    *,
    diagnosis: bool = False,
    occurrences: int = 0,
) -> None:
    """Set every CP-SAT parameter the scheduler uses, here and nowhere else."""
    p = solver.parameters
    p.random_seed = settings.seed
    p.log_search_progress = settings.log
    # Probing at level 2 (the default) spent most of the wall time of school-sized plans
    # in presolve, repeated in every interleaved subsolver; level 1 halved it
    # (benchmarks/core_school.py) without weakening the proofs there. On a federation
    # of 2,000 occurrences even level 1 took 22 of the first 25 s (three probing rounds
    # over 50,000 literals) for no better bound, so big plans skip it (benchmarks/run.py).
    if not settings.plain:
        p.cp_model_probing_level = 1 if occurrences <= PROBE_UP_TO else 0
    if diagnosis:
        # Sufficient assumptions for infeasibility need a single worker.
        p.num_workers = 1
    else:
        p.num_workers = max(1, settings.workers)
    if settings.time_limit is not None:
        p.max_time_in_seconds = settings.time_limit
    else:
        p.max_deterministic_time = settings.work_limit
        if p.num_workers > 1:
            p.interleave_search = True
