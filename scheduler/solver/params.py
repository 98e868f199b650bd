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


def solver_params(
    settings: SolverSettings,
    solver: cp_model.CpSolver,
    *,
    diagnosis: bool = False,
) -> None:
    """Set every CP-SAT parameter the scheduler uses, here and nowhere else."""
    p = solver.parameters
    p.random_seed = settings.seed
    p.log_search_progress = settings.log
    # Sufficient assumptions for infeasibility need a single worker.
    p.num_workers = 1 if diagnosis else max(1, settings.workers)
    interleaved = settings.time_limit is None and p.num_workers > 1
    if settings.time_limit is not None:
        p.max_time_in_seconds = settings.time_limit
    else:
        p.max_deterministic_time = settings.work_limit
    if interleaved:
        p.interleave_search = True
    if settings.plain:
        return
    # Probing at level 2 (the default) spent most of the wall time of school-sized plans
    # in presolve, repeated in every interleaved subsolver; level 1 halved it. Without
    # interleaving (a wall-clock limit, or one worker) level 0 is faster still: on a
    # 2,000-occurrence federation level 1 spent 22 of the first 25 s probing for no
    # better bound (benchmarks/run.py). Interleaved search with level 0 aborts inside
    # CP-SAT 9.15 on some small infeasible models ("heuristics.fixed_search != nullptr"),
    # so there it stays at 1, as for the diagnosis's infeasibility proofs.
    p.cp_model_probing_level = 1 if interleaved or diagnosis else 0
    if interleaved:
        # One task per worker and batch: with CP-SAT's default (6 for 2 workers) the
        # school benchmark (201 occurrences) took 4.4–5.5 s to its optimum instead of
        # 3.2–4.7 s; the company-sports example pays (15 s → 31 s).
        p.interleave_batch_size = p.num_workers
