"""Why an occurrence is where it is: what keeps it from an earlier (or another) start.

A few candidate starts are tried (the earliest legal one and the legal days just before
where it is, at most `tries`; or the next ones if it is at its earliest; or one the
planner names). Each is a pin literal in the diagnosis model of the whole plan, where
every other occurrence has a literal that holds it where the schedule put it:

1. Held: with everything else in place, can it start there? If not, the sufficient
   assumptions, shrunk by deletion, name the occurrences in the way (and how: the
   venue, a person, the audience, the same activity) and the rules or caps that forbid
   it. If it can, the score there says what the move would cost, rule by rule.
2. Free: if it is blocked, could it start there were the others free to move? If not,
   the rules, caps and activities that make that start impossible whatever moves.

Work is bounded: one worker, a deterministic limit per solve, a budget for the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from ..loader import BoundRule
from ..problem import Problem, Task
from ..solver.build import build
from ..solver.params import SolverSettings, solver_params
from ..solver.run import Outcome, Placement
from .budget import Budget
from .deletion import shrink_by_deletion
from .members import Member, describe
from .score import hold, read_terms, summarise

MAX_SHRINK_TESTS = 24


@dataclass
class Attempt:
    start: str
    verdict: str  # "blocked", "impossible", "costlier", "equal", "cheaper", "unknown"
    cost: int | None = None  # objective there minus the schedule's
    by_rule: dict[str, int] = field(default_factory=dict)
    blockers: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class Why:
    occurrence: str
    title: str
    placed: str
    direction: str  # "earlier", "later" or "asked"
    attempts: list[Attempt]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def moment(problem: Problem, task: Task, start: int) -> str:
    day, minute = problem.grid.split(start)
    date = problem.days.date(day).isoformat()
    if task.occ.whole_day:
        return date
    end = minute + task.occ.duration.minutes
    return f"{date} {minute // 60:02d}:{minute % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def candidates(
    problem: Problem, task: Task, placed: int, tries: int, at: int | None
) -> tuple[str, list[int]]:
    """Starts to try: the earliest legal one and the days just before `placed`."""
    if at is not None:
        return "asked", [at]
    per_day = problem.grid.per_day
    flat = task.domain.flattened_intervals()
    starts = [v for i in range(0, len(flat), 2) for v in range(flat[i], flat[i + 1] + 1)]
    first_of_day: dict[int, int] = {}
    for value in starts:
        first_of_day.setdefault(value // per_day, value)
    earlier = [s for s in first_of_day.values() if s < placed]
    same_day = [s for s in starts if s < placed and s // per_day == placed // per_day]
    if same_day and same_day[0] not in earlier:
        earlier.append(same_day[0])
    earlier.sort()
    if earlier:
        chosen = sorted(set(earlier[:1] + earlier[-(tries - 1) :] if tries > 1 else earlier[:1]))
        return "earlier", chosen
    later = sorted(s for s in first_of_day.values() if s > placed)
    next_slot = [s for s in starts if s > placed and s // per_day == placed // per_day]
    if next_slot:
        later = [next_slot[0], *later]
    return "later", later[:tries]


def relation(problem: Problem, task: Task, other: Placement) -> str:
    """How a held occurrence is in the way of `task`."""
    them = other.task
    how = []
    if them.occ.activity.id == task.occ.activity.id:
        how.append("another occurrence of the same activity")
    if other.venue is not None and task.venues and other.venue in task.domains:
        how.append(f"holds venue {other.venue} ({problem.venues[other.venue].label})")
    people = sorted(set(other.staff) & set(task.staff_candidates()))
    if people:
        how.append("has " + ", ".join(f"{p} ({problem.staff[p].label})" for p in people))
    if task.atoms & them.atoms:
        how.append("its audience shares members with this one's")
    return "; ".join(how) or "tied to it by a rule"


class _Model:
    """The diagnosis model with pins for the task and holds for every other occurrence."""

    def __init__(
        self,
        problem: Problem,
        rules: Sequence[BoundRule],
        outcome: Outcome,
        task: Task,
        starts: list[int],
    ):
        b = build(problem, rules, diagnosis=True)
        own = b.present.get(task.occ.activity.id)
        if own is not None and not isinstance(own, int):
            b.model.add(own == 1)
        self.b = b
        self.others = {p.task.id: p for p in outcome.placements if p.task.id != task.id}
        self.holds = {t: b.model.new_bool_var(f"hold[{t}]") for t in self.others}
        hold(b, list(self.others.values()), self.holds)
        self.pins = {}
        for start in starts:
            pin = b.model.new_bool_var(f"pin[{task.id}@{start}]")
            b.model.add(b.start[task.id] == start).only_enforce_if(pin)
            self.pins[start] = pin
        own_name = f"activity:{task.occ.activity.id}"
        self.rules = {n: lit for n, lit in sorted(b.enforce.items()) if n != own_name}
        self.names = {lit.index: ("rule", n) for n, lit in self.rules.items()}
        self.names.update({lit.index: ("hold", t) for t, lit in self.holds.items()})

    def literals(self, keys: Sequence[tuple[str, str]]) -> list:
        return [self.rules[n] if kind == "rule" else self.holds[n] for kind, n in keys]


class _Asker:
    def __init__(self, model: _Model, settings: SolverSettings, budget: Budget):
        self.m = model
        self.settings = settings
        self.budget = budget

    def solve(self, pin, keys: Sequence[tuple[str, str]], first: bool = False):
        """Solve with the pin and these assumptions (`first`: any solution will do)."""
        model = self.m.b.model
        model.clear_assumptions()
        model.add_assumptions([pin, *self.m.literals(keys)])
        solver = cp_model.CpSolver()
        solver_params(self.settings, solver, diagnosis=True)
        self.budget.limit(solver)
        solver.parameters.cp_model_presolve = False
        solver.parameters.stop_after_first_solution = first
        status = solver.solve(model)
        self.budget.charge(solver, status)
        core = None
        if status == cp_model.INFEASIBLE:
            found = set(solver.sufficient_assumptions_for_infeasibility())
            core = [self.m.names[i] for i in sorted(found) if i in self.m.names]
        return status, core, solver

    def shrink(self, pin, keys: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], bool]:
        """Rules and caps are tried first: the occurrences in the way say more."""
        tests = 0

        def test(subset: list[tuple[str, str]]) -> tuple[str, list | None]:
            nonlocal tests
            tests += 1
            status, core, _ = self.solve(pin, subset, first=True)
            return _status(status), core

        ordered = sorted(keys, key=lambda k: (k[0] == "hold", k[1]))
        return shrink_by_deletion(
            ordered, test, lambda: tests < MAX_SHRINK_TESTS and not self.budget.exhausted()
        )


def _status(status: int) -> str:
    if status == cp_model.INFEASIBLE:
        return "infeasible"
    return "feasible" if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "unknown"


def _focus(task: Task, start: int, model: _Model) -> list[tuple[str, str]]:
    """Rules, caps and the occurrences that overlap the start or share the activity:
    usually enough, and a much tighter core than the whole plan's."""
    near = [
        t
        for t, p in model.others.items()
        if (p.start < start + task.size and start < p.start + p.task.size)
        or p.task.occ.activity.id == task.occ.activity.id
    ]
    return [("rule", n) for n in model.rules] + [("hold", t) for t in near]


def _blockers(
    problem: Problem, task: Task, start: int, model: _Model, keys: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    out = []
    for kind, name in keys:
        if kind == "hold":
            other = model.others[name]
            out.append(
                {
                    "kind": "occurrence",
                    "id": name,
                    "title": other.task.occ.title,
                    "says": f"at {moment(problem, other.task, other.start)}"
                    + (f" in {other.venue}" if other.venue else "")
                    + f": {relation(problem, task, other)}",
                }
            )
            continue
        member = Member.parse(name)
        conflict = describe(member, problem.loaded)
        says = conflict.requires
        if member.kind == "activity":  # where its occurrences are in the way, if they are
            for other in model.others.values():
                how = relation(problem, task, other)
                overlaps = other.start < start + task.size and start < other.start + other.task.size
                if other.task.occ.activity.id == member.id and overlaps:
                    says += f"; {other.task.id} at {moment(problem, other.task, other.start)} {how}"
                    break
        out.append(
            {
                "kind": conflict.kind,
                "id": conflict.id,
                "title": conflict.title,
                "says": says,
                "line": conflict.line,
            }
        )
    return out


def why(
    problem: Problem,
    rules: Sequence[BoundRule],
    outcome: Outcome,
    occurrence: str,
    settings: SolverSettings,
    tries: int = 5,
    at: int | None = None,
    budget: Budget | None = None,
) -> Why:
    budget = budget or Budget()
    task = problem.by_id[occurrence]
    placed = next(p for p in outcome.placements if p.task.id == occurrence)
    direction, starts = candidates(problem, task, placed.start, tries, at)
    model = _Model(problem, rules, outcome, task, [*starts, placed.start])
    asker = _Asker(model, settings, budget)
    everything = [("rule", n) for n in model.rules] + [("hold", t) for t in model.holds]
    status, _, solver = asker.solve(model.pins[placed.start], everything)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("the schedule does not fit its own model")
    base_cost = summarise(model.b, rules, read_terms(model.b, solver))
    base = base_cost.objective
    before = {r.rule: r.penalty for r in base_cost.rules}
    attempts: list[Attempt] = []
    for start in starts:
        attempt = Attempt(moment(problem, task, start), "unknown")
        attempts.append(attempt)
        if budget.exhausted():
            attempt.note = "not tried: the budget ran out"
            continue
        status, core, solver = asker.solve(model.pins[start], everything)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            cost = summarise(model.b, rules, read_terms(model.b, solver))
            attempt.cost = cost.objective - base
            attempt.verdict = (
                "costlier" if attempt.cost > 0 else "cheaper" if attempt.cost < 0 else "equal"
            )
            attempt.by_rule = {
                r.rule: r.penalty - before.get(r.rule, 0)
                for r in cost.rules
                if r.penalty != before.get(r.rule, 0)
            }
            continue
        if status != cp_model.INFEASIBLE or core is None:
            attempt.note = "the search could not tell within its limit"
            continue
        focused, near, _ = asker.solve(model.pins[start], _focus(task, start, model), first=True)
        if focused == cp_model.INFEASIBLE and near is not None:
            core = near
        keys, minimal = asker.shrink(model.pins[start], core)
        attempt.verdict = "blocked"
        attempt.blockers = _blockers(problem, task, start, model, keys)
        free = [k for k in everything if k[0] == "rule"]
        status, core, _ = asker.solve(model.pins[start], free, first=True)
        if status == cp_model.INFEASIBLE and core is not None:
            keys, minimal_free = asker.shrink(model.pins[start], core)
            attempt.verdict = "impossible"
            attempt.blockers = _blockers(problem, task, start, model, keys)
            minimal = minimal_free
        elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            attempt.note = "possible if the occurrences in the way move"
        if not minimal:
            attempt.note = (attempt.note + "; " if attempt.note else "") + (
                "the list may hold more than it needs"
            )
    where = moment(problem, task, placed.start) + (f" in {placed.venue}" if placed.venue else "")
    return Why(occurrence, task.occ.title, where, direction, attempts)
