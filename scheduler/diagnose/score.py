"""The score of a solved plan, broken down per rule and per occurrence.

Like a Timefold score analysis: every weighted rule (and weighted `spacing`, and a
tournament's preferences) with its units and penalty, and under it the terms that cost
something, each naming the occurrences it concerns. The values come from the model of
the plan with every occurrence held where the schedule put it (start, venue and
people), so they are the schedule's own, read term by term.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..loader import BoundRule
from ..problem import Problem
from ..solver.build import build
from ..solver.built import Built
from ..solver.run import Placement, activity_preferences


@dataclass
class Term:
    """One penalty term that costs something: `units` × `weight`."""

    rule: str
    tag: str
    units: int
    weight: int
    occurrences: tuple[str, ...]

    @property
    def penalty(self) -> int:
        return self.units * self.weight


@dataclass
class RuleCost:
    rule: str
    type: str
    weight: int
    units: int = 0
    penalty: int = 0
    terms: list[Term] = field(default_factory=list)


@dataclass
class Breakdown:
    objective: int
    rules: list[RuleCost]
    occurrences: dict[str, list[Term]]  # occurrence id -> terms it takes part in

    def to_json(self) -> dict:
        return {
            "objective": self.objective,
            "rules": [
                {
                    "rule": r.rule,
                    "type": r.type,
                    "weight": r.weight,
                    "units": r.units,
                    "penalty": r.penalty,
                    "terms": [
                        {
                            "tag": t.tag,
                            "units": t.units,
                            "penalty": t.penalty,
                            "occurrences": list(t.occurrences),
                        }
                        for t in r.terms
                    ],
                }
                for r in self.rules
            ],
            "occurrences": {
                occ: [{"rule": t.rule, "tag": t.tag, "penalty": t.penalty} for t in terms]
                for occ, terms in self.occurrences.items()
            },
        }


def hold(b: Built, placements: Sequence[Placement], only_if: dict | None = None) -> None:
    """Keep each placed occurrence where the schedule put it: its start, venue and people
    (enforced by `only_if[id]` when given, else always)."""
    model = b.model
    for p in placements:
        task_id = p.task.id
        lits = [only_if[task_id]] if only_if and task_id in only_if else []
        model.add(b.start[task_id] == p.start).only_enforce_if(lits)
        if p.venue is not None:
            use = b.use.get((task_id, p.venue))
            if use is not None and not isinstance(use, int):
                model.add(use == 1).only_enforce_if(lits)
        for person in p.staff:
            assigned = b.assign.get((task_id, person))
            if assigned is not None and not isinstance(assigned, int):
                model.add(assigned == 1).only_enforce_if(lits)


def read_terms(b: Built, solver: cp_model.CpSolver) -> list[Term]:
    terms = []
    for penalty in b.penalties:
        units = solver.value(penalty.var)
        if units > 0:
            terms.append(Term(penalty.rule, penalty.tag, units, penalty.weight, penalty.tasks))
    return terms


def breakdown(
    problem: Problem, rules: Sequence[BoundRule], placements: Sequence[Placement]
) -> Breakdown:
    """Every preference's cost in the given schedule, per rule and per occurrence."""
    b = build(problem, rules)
    hold(b, placements)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 10.0
    status = solver.solve(b.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"the schedule does not fit its model ({solver.status_name(status)})")
    terms = read_terms(b, solver)
    days = {p.task.id: p.day for p in placements}
    return summarise(b, rules, [narrow(problem, term, days) for term in terms])


def narrow(problem: Problem, term: Term, days: dict[str, int]) -> Term:
    """The occurrences a term is really about: those that start in the day, week or month
    its tag names (`2026-W10`, `math@2026-03`), or the one it is tagged with; else all
    that the rule put into it."""
    tag = term.tag.rsplit("@", 1)[-1]
    if tag in term.occurrences:
        return Term(term.rule, term.tag, term.units, term.weight, (tag,))
    for over in ("day", "week", "month"):
        for label, lo, hi in problem.days.spans(over):
            if label == tag:
                inside = tuple(o for o in term.occurrences if lo <= days.get(o, -1) <= hi)
                kept = inside or term.occurrences
                return Term(term.rule, term.tag, term.units, term.weight, kept)
    return term


def summarise(b: Built, rules: Sequence[BoundRule], terms: list[Term]) -> Breakdown:
    costs: dict[str, RuleCost] = {}
    for rule in rules:
        if rule.weight is not None:
            costs[rule.id] = RuleCost(rule.id, rule.type.name, rule.weight)
    for ident, kind, weight in activity_preferences(b.problem.loaded.plan):
        costs[ident] = RuleCost(ident, kind, weight)
    kinds = {p.rule: (p.type, p.weight) for p in b.penalties}
    per_occurrence: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        kind, weight = kinds[term.rule]
        cost = costs.setdefault(term.rule, RuleCost(term.rule, kind, weight))
        cost.units += term.units
        cost.penalty += term.penalty
        cost.terms.append(term)
        for occ in term.occurrences:
            per_occurrence[occ].append(term)
    ordered = dict(
        sorted(per_occurrence.items(), key=lambda kv: (-sum(t.penalty for t in kv[1]), kv[0]))
    )
    return Breakdown(sum(t.penalty for t in terms), list(costs.values()), ordered)
