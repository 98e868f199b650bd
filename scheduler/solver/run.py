"""Search, and read the result back: the only place that calls `CpSolver.solve`.

`solve` returns an `Outcome` (placements sorted by start then id, and the score per
rule), raises `Unschedulable` with a conflict set when the model is infeasible,
or `NoScheduleYet` when the limit passed first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..errors import EXIT_NO_SOLUTION_YET, Conflict, Diagnosis, SchedulerError, Unschedulable
from ..loader import BoundRule
from ..problem import Problem, RoleSlot, Task
from .build import build
from .built import Built
from .params import SolverSettings, solver_params
from .pools import assign_pools
from .warmstart import hint_greedily

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


def _true(solver: cp_model.CpSolver, literal: object) -> bool:
    return bool(literal) if isinstance(literal, int) else solver.boolean_value(literal)


def read_schedule(b: Built, solver: cp_model.CpSolver) -> list[Placement]:
    """Every occurrence's start, venue and staff, sorted by (start, id)."""
    grid = b.problem.grid
    placements = []
    for task in b.problem.tasks:
        start = solver.value(b.start[task.id])
        day, minute = grid.split(start)
        venue = None
        for choice in task.domains if task.venues else ():
            lit = b.use.get((task.id, choice))
            if lit is not None and _true(solver, lit):
                venue = choice
                break
        staff = list(task.fixed_staff)
        pooled = []
        for k, slot in enumerate(task.roles):
            if slot.pool is not None:
                pooled.append((len(staff), slot))
                continue
            staff += [p for p in slot.candidates if solver.boolean_value(b.pick[task.id, k, p])]
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


def read_score(b: Built, solver: cp_model.CpSolver, rules: Sequence[BoundRule]) -> list[RuleScore]:
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
    b = build(problem, rules)
    built_at = time.perf_counter() - began
    placed, _, complete_hint = hint_greedily(b)
    hinted_at = time.perf_counter() - began - built_at
    solver = cp_model.CpSolver()
    solver_params(settings, solver)
    watcher = _Watcher(progress, time.perf_counter())
    status = solver.solve(b.model, watcher)
    stats = {
        "build_seconds": round(built_at, 3),
        "hint_seconds": round(hinted_at, 3),
        "greedy_placed": placed,
        "complete_hint": complete_hint,
        "solve_seconds": round(solver.wall_time, 3),
        "deterministic_time": round(solver.deterministic_time, 3),
        "first_solution_seconds": (
            round(watcher.first_at, 3) if watcher.first_at is not None else None
        ),
        "solutions": watcher.solutions,
        "variables": len(b.model.proto.variables),
        "constraints": len(b.model.proto.constraints),
        "status": solver.status_name(status),
    }
    if status == cp_model.INFEASIBLE:
        raise Unschedulable(diagnose(problem, rules, settings))
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT says the model is invalid: {b.model.validate()}")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise NoScheduleYet(
            "the limit passed before a schedule was found, and none was"
            " proved impossible; raise --work-limit or --time-limit"
        )
    objective = round(solver.objective_value) if b.penalties else 0
    bound = round(solver.best_objective_bound) if b.penalties else 0
    return Outcome(
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        objective,
        bound,
        read_schedule(b, solver),
        read_score(b, solver, rules),
        stats,
    )


def _describe(problem: Problem, rules: Sequence[BoundRule], kind: str, ident: str) -> Conflict:
    loaded = problem.loaded
    if kind == "activity":
        activity = next(a for a in loaded.plan.activities if a.id == ident)
        count = sum(1 for t in problem.tasks if t.occ.activity.id == ident)
        return Conflict(
            "activity",
            ident,
            activity.title,
            loaded.line(loaded.activity_path(ident)),
            f"{count} occurrence(s) of {activity.kind} {ident}",
        )
    if kind == "rule":
        rule = next(r for r in rules if r.id == ident)
        return Conflict(
            "rule", ident, rule.type.name, loaded.line(rule.path), f"hard rule {rule.type.name}"
        )
    if kind == "staff":
        index = next(i for i, p in enumerate(loaded.plan.staff) if p.id == ident)
        person = loaded.plan.staff[index]
        caps = ", ".join(
            f"{k}={getattr(person, k)}"
            for k in ("max_per_day", "max_per_week", "max_per_month")
            if getattr(person, k) is not None
        )
        return Conflict(
            "staff", ident, person.label, loaded.line(("staff", index)), f"works at most {caps}"
        )
    return Conflict(kind, ident)


def diagnose(
    problem: Problem,
    rules: Sequence[BoundRule],
    settings: SolverSettings,
    budget_seconds: float = 30.0,
) -> Diagnosis:
    """A set of activities and hard rules that cannot hold together (CP-SAT's
    sufficient assumptions: small, not always minimal)."""
    b = build(problem, rules, diagnosis=True)
    names = sorted(b.enforce)
    b.model.add_assumptions([b.enforce[n] for n in names])
    solver = cp_model.CpSolver()
    solver_params(settings, solver, diagnosis=True)
    solver.parameters.max_time_in_seconds = budget_seconds
    status = solver.solve(b.model)
    if status != cp_model.INFEASIBLE:
        return Diagnosis(
            "no schedule exists, but the search could not narrow it down in"
            f" {budget_seconds:.0f} s",
            "search",
        )
    core = {
        b.model.proto.variables[i].name for i in solver.sufficient_assumptions_for_infeasibility()
    }
    conflicts = []
    for name in names:
        if f"enforce[{name}]" in core:
            kind, ident = b.enforce_info[name]
            conflicts.append(_describe(problem, rules, kind, ident))
    listed = ", ".join(f"{c.kind} {c.id}" for c in conflicts) or "the resources alone"
    return Diagnosis(
        f"no schedule exists: these cannot hold together: {listed}", "search", conflicts
    )
