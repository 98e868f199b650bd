"""Search, and read the result back: the only place that calls `CpSolver.solve`.

`solve` returns an `Outcome` (placements sorted by start then id, and the score per
rule), raises `Unschedulable` with a conflict set when the model is infeasible,
or `NoScheduleYet` when the limit passed first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from ..errors import EXIT_NO_SOLUTION_YET, Diagnosis, SchedulerError, Unschedulable
from ..loader import BoundRule
from ..problem import Problem, RoleSlot, Task
from .build import build
from .built import Built
from .params import SolverSettings, solver_params
from .pools import assign_pools
from .warmstart import complete, decision_vars, hint_greedily

Progress = Callable[[dict], None]


class NoScheduleYet(SchedulerError):
    """The limit passed before any schedule was found, and none was proved impossible."""

    exit_code = EXIT_NO_SOLUTION_YET


@dataclass
class Placement:
    task: Task
    start: int  # on the slot axis
    day: int
    minute: int | None  # None for whole-day items
    venue: str | None
    staff: list[str]
    pooled: list[tuple[int, RoleSlot]] = field(default_factory=list)  # filled by pools.py


@dataclass
class RuleScore:
    rule: str
    type: str
    weight: int
    units: int
    penalty: int
    occurrences: list[str]


@dataclass
class Outcome:
    status: str  # "optimal" or "feasible"
    objective: int
    bound: int
    placements: list[Placement]
    score: list[RuleScore]
    stats: dict = field(default_factory=dict)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution (objective and bound) to `progress`."""

    def __init__(self, progress: Progress | None, began: float):
        super().__init__()
        self.progress = progress
        self.began = began
        self.solutions = 0
        self.first_at: float | None = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        now = time.perf_counter() - self.began
        if self.first_at is None:
            self.first_at = now
        if self.progress is not None:
            self.progress(
                {
                    "solutions": self.solutions,
                    "objective": self.objective_value,
                    "bound": self.best_objective_bound,
                    "seconds": now,
                }
            )


class Values:
    """Values of a solution: from the solver, or from a complete list (the warm start)."""

    def __init__(self, solver: cp_model.CpSolver | None = None, values: list[int] | None = None):
        self.solver = solver
        self.values = values

    def value(self, var: Any) -> int:
        if isinstance(var, int):
            return var
        if self.solver is not None:
            return self.solver.value(var)
        index = var.index
        if index < 0:  # a negated literal
            return 1 - self.values[-index - 1]  # type: ignore[index]
        return self.values[index]  # type: ignore[index]

    def true(self, literal: Any) -> bool:
        if isinstance(literal, int):
            return bool(literal)
        if self.solver is not None:
            return self.solver.boolean_value(literal)
        index = literal.index
        return bool(self.values[index]) if index >= 0 else not self.values[-index - 1]


def read_schedule(b: Built, solver: Values) -> list[Placement]:
    """Every occurrence's start, venue and staff, sorted by (start, id)."""
    grid = b.problem.grid
    placements = []
    for task in b.problem.tasks:
        start = solver.value(b.start[task.id])
        day, minute = grid.split(start)
        venue = None
        for choice in task.domains if task.venues else ():
            lit = b.use.get((task.id, choice))
            if lit is not None and solver.true(lit):
                venue = choice
                break
        staff = list(task.fixed_staff)
        pooled = []
        for k, slot in enumerate(task.roles):
            if slot.pool is not None and b.pools:
                pooled.append((len(staff), slot))
                continue
            staff += [p for p in slot.candidates if solver.true(b.pick[task.id, k, p])]
        if not task.occ.blocks:
            staff = [task.occ.activity.owner]  # type: ignore[union-attr]
        placements.append(
            Placement(
                task, start, day, None if task.occ.whole_day else minute, venue, staff, pooled
            )
        )
    # Ties on the axis: whole-day items first (they start at 00:00), then by id.
    placements.sort(key=lambda p: (p.day, p.minute if p.minute is not None else -1, p.task.id))
    assign_pools(placements)
    return placements


def activity_preferences(plan) -> list[tuple[str, str, int]]:
    """(score id, type, weight) of the preferences activities carry themselves:
    weighted `spacing`, and a tournament's `prefer` weights."""
    found = []
    for activity in plan.activities:
        spacing = getattr(activity, "spacing", None)
        if spacing is not None and spacing.weight is not None:
            found.append((f"spacing:{activity.id}", "spacing", spacing.weight))
        prefer = getattr(activity, "prefer", None)
        for name in ("compact", "spread", "fair_slots"):
            weight = getattr(prefer, name, None) if prefer is not None else None
            if weight is not None:
                found.append((f"{name}:{activity.id}", f"tournament.{name}", weight))
    return found


def read_score(b: Built, solver: Values, rules: Sequence[BoundRule]) -> list[RuleScore]:
    """Units and penalty per soft rule (and per weighted `spacing`), in plan order."""
    entries: dict[str, RuleScore] = {}
    for rule in rules:
        if rule.weight is not None:
            entries[rule.id] = RuleScore(rule.id, rule.type.name, rule.weight, 0, 0, [])
    for rule, kind, weight in activity_preferences(b.problem.loaded.plan):
        entries[rule] = RuleScore(rule, kind, weight, 0, 0, [])
    involved: dict[str, set[str]] = {k: set() for k in entries}
    for penalty in b.penalties:
        value = solver.value(penalty.var)
        entry = entries.setdefault(
            penalty.rule, RuleScore(penalty.rule, penalty.type, penalty.weight, 0, 0, [])
        )
        if value > 0:
            entry.units += value
            entry.penalty += value * penalty.weight
            involved.setdefault(penalty.rule, set()).update(penalty.tasks)
    for key, entry in entries.items():
        entry.occurrences = sorted(involved.get(key, set()))
    return list(entries.values())


def solve(
    problem: Problem,
    rules: Sequence[BoundRule],
    settings: SolverSettings,
    progress: Progress | None = None,
) -> Outcome:
    began = time.perf_counter()
    b = build(problem, rules, pools=not settings.plain)
    built_at = time.perf_counter() - began
    placed, first = (0, None) if settings.plain else hint_greedily(b)
    hinted_at = time.perf_counter() - began - built_at
    objective_of_first = (
        sum(p.weight * first[p.var.index] for p in b.penalties) if first is not None else None
    )
    if first is not None and progress is not None:
        progress(
            {
                "solutions": 1,
                "objective": objective_of_first,
                "bound": float("nan"),
                "seconds": time.perf_counter() - began,
            }
        )
    solver = cp_model.CpSolver()
    solver_params(settings, solver)
    watcher = _Watcher(progress, time.perf_counter())
    status = solver.solve(b.model, watcher)
    first_at = (
        time.perf_counter() - began - solver.wall_time
        if first is not None
        else (watcher.first_at + built_at + hinted_at if watcher.first_at is not None else None)
    )
    stats = {
        "build_seconds": round(built_at, 3),
        "hint_seconds": round(hinted_at, 3),
        "greedy_placed": placed,
        "warm_start_complete": first is not None,
        "warm_start_objective": objective_of_first,
        "solve_seconds": round(solver.wall_time, 3),
        "deterministic_time": round(solver.deterministic_time, 3),
        "first_solution_seconds": round(first_at, 3) if first_at is not None else None,
        "solutions": watcher.solutions,
        "variables": len(b.model.proto.variables),
        "constraints": len(b.model.proto.constraints),
        "status": solver.status_name(status),
    }
    if status == cp_model.INFEASIBLE:
        raise Unschedulable(diagnose(problem, rules, settings))
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT says the model is invalid: {b.model.validate()}")
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = Values(solver=solver)
        objective = round(solver.objective_value) if b.penalties else 0
        bound = round(solver.best_objective_bound) if b.penalties else 0
    elif first is not None:  # the search found nothing better in time: the warm start
        values = Values(values=first)
        objective = objective_of_first or 0
        bound = round(solver.best_objective_bound) if b.penalties else 0
    else:
        raise NoScheduleYet(
            "the limit passed before a schedule was found, and none was"
            " proved impossible; raise --work-limit or --time-limit"
        )
    if status == cp_model.FEASIBLE and b.penalties:
        values, objective = tighten(b, values, objective)
        stats["objective_as_found"] = round(solver.objective_value)
    optimal = status == cp_model.OPTIMAL or (b.penalties and bound >= objective)
    return Outcome(
        "optimal" if optimal else "feasible",
        objective,
        min(bound, objective),
        read_schedule(b, values),
        read_score(b, values, rules),
        stats,
    )


def tighten(b: Built, values: Values, objective: int) -> tuple[Values, int]:
    """The same placement with every penalty at its least. A search stopped before the
    optimum may leave a penalty above what its schedule earns (a "day used" that holds
    no match), since penalties are only bounded from below; the score must describe
    the schedule, so the placement is fixed and the rest solved again."""
    decisions = [(v, values.value(v)) for t in b.problem.tasks for v in decision_vars(b, t)]
    tight = complete(b, decisions)
    if tight is None:  # cannot happen for a feasible placement; keep what was found
        return values, objective
    tightened = Values(values=tight)
    found = sum(p.weight * tightened.value(p.var) for p in b.penalties)
    return (tightened, found) if found <= objective else (values, objective)


def diagnose(
    problem: Problem,
    rules: Sequence[BoundRule],
    settings: SolverSettings,
    budget_seconds: float | None = None,
) -> Diagnosis:
    """A minimal set of activities, hard rules and staff caps that cannot hold together,
    and the relaxations that resolve it (scheduler/diagnose/)."""
    from ..diagnose.budget import Budget
    from ..diagnose.report import diagnose_search

    budget = Budget() if budget_seconds is None else Budget(seconds=budget_seconds)
    return diagnose_search(problem, rules, settings, budget)
