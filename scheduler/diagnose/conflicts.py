"""Conflict sets: which activities, rules and staff caps cannot hold together.

1. Every activity, hard rule and staff cap of the whole model is an assumption
   literal; CP-SAT (one worker) returns assumptions that suffice for infeasibility.
   Presolve is off for this solve: it cannot fix assumptions, and on big plans it cost
   minutes where propagation at the root finds a local conflict in a second.
2. Deletion filtering (deletion.py) shrinks that set to a minimal one, each test on a
   sub-plan (subplan.py): still infeasible without a chunk of members, they go (and so
   does every other one outside the test's own core); feasible without a single
   member, it stays. Unknown within the test's budget: it stays and the set may not be
   minimal.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from ..loader import BoundRule
from ..problem import Problem
from ..solver.build import build
from ..solver.params import SolverSettings, solver_params
from .budget import Budget
from .deletion import shrink_by_deletion
from .members import Member, sort_members
from .subplan import Tester


def search_core(
    problem: Problem, rules: Sequence[BoundRule], settings: SolverSettings, budget: Budget
) -> tuple[str, list[Member]]:
    """("infeasible", sufficient members) or ("unknown" / "feasible", [])."""
    b = build(problem, rules, diagnosis=True)
    b.model.clear_objective()
    names = sorted(b.enforce)
    b.model.add_assumptions([b.enforce[n] for n in names])
    solver = cp_model.CpSolver()
    solver_params(settings, solver, diagnosis=True)
    budget.limit(solver, scale=4.0)
    solver.parameters.cp_model_presolve = False
    status = solver.solve(b.model)
    budget.charge(solver, status)
    if status == cp_model.INFEASIBLE:
        by_index = {b.enforce[n].index: n for n in names}
        found = solver.sufficient_assumptions_for_infeasibility()
        return "infeasible", sort_members(Member.parse(by_index[i]) for i in found)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible", []
    return "unknown", []


def shrink(tester: Tester, members: list[Member]) -> tuple[list[Member], bool]:
    """A minimal subset of `members` that still cannot hold together, and whether it was
    shown to be minimal. Activities are tried first, then staff caps, then rules."""

    def test(subset: list[Member]) -> tuple[str, list[Member] | None]:
        verdict = tester.subset(subset)
        return verdict.status, verdict.core

    kept, minimal = shrink_by_deletion(
        sort_members(members), test, lambda: not tester.budget.exhausted()
    )
    return sort_members(kept), minimal
