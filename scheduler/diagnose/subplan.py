"""Sub-plans: the plan reduced to some of its members, and the tests run on them.

A set of members cannot hold together when the plan with only those activities, rules
and staff caps (every other activity and rule left out, every other cap lifted) has no
schedule. That is what switching the others off in the whole model would ask, but
built anew the test is only as big as the set, so that each test of a deletion filter
costs milliseconds even in a plan of thousands of occurrences.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..calendar import Days
from ..errors import PlanError, Unschedulable
from ..expand import Expansion
from ..loader import LoadedPlan
from ..plugins import Plugins, get_plugins
from ..problem import Problem, build_problem
from ..solver.build import build
from ..solver.params import SolverSettings, solver_params
from ..solver.warmstart import hint_greedily
from .budget import Budget
from .members import Member

CAPS = ("max_per_day", "max_per_week", "max_per_month")


@dataclass
class Context:
    """What a diagnosis works on: the plan as read, its calendar, the candidate conflict
    sets (one per precheck finding) and how many occurrences each activity has."""

    loaded: LoadedPlan
    days: Days
    findings: list[list[Member]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Verdict:
    status: str  # "infeasible", "feasible" or "unknown"
    core: list[Member] | None = None  # for "infeasible": members that suffice


def precheck_context(
    loaded: LoadedPlan, days: Days, expansion: Expansion, findings: list[list[str]]
) -> Context:
    """The context of a precheck's diagnosis: each finding's activities."""
    counts = Counter(o.activity.id for o in expansion.occurrences)
    sets = [[Member("activity", a) for a in finding] for finding in findings]
    return Context(loaded, days, sets, dict(counts))


def restrict(loaded: LoadedPlan, members: Iterable[Member]) -> LoadedPlan:
    """The plan with only these activities, rules and caps."""
    members = set(members)
    activities = {m.id for m in members if m.kind == "activity"}
    rules = {m.id for m in members if m.kind == "rule"}
    caps = {(m.id, m.key) for m in members if m.kind == "staff"}
    staff = [
        person.model_copy(
            update={
                key: None
                for key in CAPS
                if getattr(person, key) is not None and (person.id, key) not in caps
            }
        )
        for person in loaded.plan.staff
    ]
    plan = loaded.plan.model_copy(
        update={
            "activities": [a for a in loaded.plan.activities if a.id in activities],
            "staff": staff,
        }
    )
    return dataclasses.replace(
        loaded, plan=plan, rules=[r for r in loaded.rules if r.id in rules], warnings=[]
    )


def status_of(status: int) -> str:
    if status == cp_model.INFEASIBLE:
        return "infeasible"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible"
    return "unknown"


class Tester:
    """Runs the tests of one diagnosis within its budget."""

    def __init__(
        self,
        context: Context,
        settings: SolverSettings,
        budget: Budget,
        plugins: Plugins | None = None,
    ):
        self.context = context
        self.settings = settings
        self.budget = budget
        self.plugins = plugins or get_plugins()

    def problem_of(self, loaded: LoadedPlan) -> Problem | None:
        """The problem of a plan, or None when a precheck proves it impossible (or a
        changed plan turns out unreadable, e.g. pins that no longer fit its count)."""
        try:
            return build_problem(loaded, self.plugins, days=self.context.days)
        except (Unschedulable, PlanError):
            return None

    def _solver(
        self, scale: float = 1.0, workers: int = 1, seconds: float = 0
    ) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver_params(self.settings, solver, diagnosis=workers == 1)
        self.budget.limit(solver, scale, seconds)
        return solver

    def subset(self, members: list[Member]) -> Verdict:
        """Can these members hold together? If not, which of them suffice to say so."""
        problem = self.problem_of(restrict(self.context.loaded, members))
        if problem is None:
            return Verdict("infeasible", None)
        b = build(problem, problem.loaded.rules, diagnosis=True)
        b.model.clear_objective()
        names = sorted(b.enforce)
        b.model.add_assumptions([b.enforce[n] for n in names])
        solver = self._solver()
        solver.parameters.cp_model_presolve = False  # it cannot use assumptions anyway
        status = solver.solve(b.model)
        self.budget.charge(solver, status)
        verdict = Verdict(status_of(status))
        if status == cp_model.INFEASIBLE:
            by_index = {b.enforce[n].index: n for n in names}
            found = solver.sufficient_assumptions_for_infeasibility()
            verdict.core = [Member.parse(by_index[i]) for i in found if i in by_index]
        return verdict

    def feasible(
        self, loaded: LoadedPlan, scale: float = 1.0, workers: int = 1, seconds: float = 0
    ) -> str:
        """Does this plan have a schedule? ("feasible", "infeasible" or "unknown")"""
        problem = self.problem_of(loaded)
        if problem is None:
            return "infeasible"
        b = build(problem, problem.loaded.rules)
        b.model.clear_objective()
        if workers > 1:
            hint_greedily(b)
        solver = self._solver(scale, workers, seconds)  # no objective: a solution ends it
        status = solver.solve(b.model)
        self.budget.charge(solver, status)
        return status_of(status)

    def resolves(self, loaded: LoadedPlan, members: list[Member]) -> str:
        """Does the (changed) plan, reduced to these members, have a schedule?"""
        present = {a.id for a in loaded.plan.activities} | {r.id for r in loaded.rules}
        kept = [m for m in members if m.kind == "staff" or m.id in present]
        return self.feasible(restrict(loaded, kept))

    def solves(self, loaded: LoadedPlan) -> str:
        """Does the whole (changed) plan have a schedule?"""
        return self.feasible(
            loaded, scale=4.0, workers=self.settings.workers, seconds=self.budget.verify_seconds
        )


def reload_or_none(loaded: LoadedPlan, edits: list, plugins: Plugins) -> LoadedPlan | None:
    from .edits import reload

    try:
        return reload(loaded, edits, plugins)
    except (PlanError, KeyError, IndexError, TypeError):
        return None
