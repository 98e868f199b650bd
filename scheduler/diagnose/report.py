"""A diagnosis from start to end: find the conflict, shrink it, relax it, say it.

- Found by a precheck (problem.py, prechecks.py): each finding names its activities;
  `complete` shrinks each to a minimal set by the same sub-plan tests as the search
  and adds relaxations. `validate` stops before that: it does no search.
- Found by the search (solver/run.py calls `diagnose_search`): CP-SAT's sufficient
  assumptions, shrunk by deletion filtering, then relaxations.

The planner reads the same result in the terminal and in diagnosis.json.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..errors import Conflict, Diagnosis
from ..loader import BoundRule
from ..plugins import get_plugins
from ..problem import Problem
from ..solver.params import SolverSettings
from .budget import Budget
from .conflicts import search_core, shrink
from .members import Member, describe, sort_members
from .prechecks import Finding, Resource, resource_facts, sure_resources
from .relax import relaxations
from .subplan import Context, Tester


def _names(loaded, members: Sequence[Member]) -> str:
    titles = []
    for member in members:
        conflict = describe(member, loaded)
        label = f"{member} ({conflict.title})" if conflict.title else str(member)
        titles.append(label)
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def precheck_diagnosis(problem: Problem, findings: list[Finding]) -> Diagnosis:
    """The diagnosis of resource findings (collisions, demand per month)."""
    loaded = problem.loaded
    context = Context(
        loaded,
        problem.days,
        [f.members for f in findings],
        dict(Counter(t.occ.activity.id for t in problem.tasks)),
    )
    members = sort_members(m for f in findings for m in f.members)
    facts: list[Conflict] = []
    for finding in findings:
        facts += [f for f in finding.facts if (f.kind, f.id) not in {(x.kind, x.id) for x in facts}]
    summary = (
        f"no schedule exists: {findings[0].message}"
        if len(findings) == 1
        else f"no schedule exists: {len(findings)} problems found before search"
    )
    return Diagnosis(
        summary,
        "precheck",
        [describe(m, loaded, context.counts.get(m.id)) for m in members],
        [f.message for f in findings],
        facts=facts,
        context=context,
    )


def _shared_facts(problem: Problem, members: list[Member]) -> list[Conflict]:
    """Resources that two or more occurrences of the conflict's activities surely use."""
    activities = {m.id for m in members if m.kind == "activity"}
    users: dict[Resource, set[str]] = defaultdict(set)
    for task in problem.tasks:
        if task.occ.activity.id in activities:
            for resource, _ in sure_resources(task, problem):
                users[resource].add(task.id)
    facts: list[Conflict] = []
    for resource, tasks in users.items():
        if len(tasks) > 1 and resource.kind != "group":
            facts += resource_facts(problem, resource, f"used by {len(tasks)} of these items")
    capped = {m.id for m in members if m.kind == "staff"}
    for person in sorted(capped):
        facts += resource_facts(problem, Resource("staff", person), "its cap is in the conflict")
    unique: dict[tuple[str, str], Conflict] = {(f.kind, f.id): f for f in facts}
    return list(unique.values())


def _finish(
    diagnosis: Diagnosis, tester: Tester, sets: list[list[Member]], minimal: bool
) -> Diagnosis:
    context = tester.context
    loaded = context.loaded
    members = sort_members(m for s in sets for m in s)
    diagnosis.conflicts = [describe(m, loaded, context.counts.get(m.id)) for m in members]
    diagnosis.minimal = minimal
    at = time.perf_counter()
    found, notes = relaxations(tester, sets)
    tester.budget.mark("relaxations", at)
    diagnosis.relaxations = [c.to_json(loaded) for c in found]
    if not minimal:
        notes.append(
            "the search could not prove every member necessary within its budget:"
            " the set may not be minimal"
        )
    diagnosis.details += notes
    diagnosis.stats = tester.budget.stats()
    return diagnosis


def complete(diagnosis: Diagnosis, settings: SolverSettings, budget: Budget | None = None) -> None:
    """Shrink a precheck's findings to minimal sets and add relaxations (in place)."""
    context = diagnosis.context
    if not isinstance(context, Context) or diagnosis.found_by != "precheck":
        return
    if diagnosis.stats:  # done already
        return
    budget = budget or Budget()
    tester = Tester(context, settings, budget, get_plugins())
    at = time.perf_counter()
    sets, minimal = [], True
    for finding in context.findings:
        members, proved = shrink(tester, finding)
        sets.append(members)
        minimal = minimal and proved
    budget.mark("shrink", at)
    _finish(diagnosis, tester, sets, minimal)


def diagnose_search(
    problem: Problem,
    rules: Sequence[BoundRule],
    settings: SolverSettings,
    budget: Budget | None = None,
) -> Diagnosis:
    """The model is infeasible: a minimal conflict set and its relaxations."""
    budget = budget or Budget()
    context = Context(
        problem.loaded, problem.days, [], dict(Counter(t.occ.activity.id for t in problem.tasks))
    )
    at = time.perf_counter()
    status, core = search_core(problem, rules, settings, budget)
    at = budget.mark("core", at)
    if status != "infeasible" or not core:
        why = (
            "the resources alone (no activity or rule could be singled out)"
            if status == "infeasible"
            else "it took longer than the diagnosis may search"
        )
        return Diagnosis(
            f"no schedule exists, but which items conflict could not be narrowed down: {why}",
            "search",
            stats=budget.stats(),
            context=context,
        )
    tester = Tester(context, settings, budget, get_plugins())
    members, minimal = shrink(tester, core)
    budget.mark("shrink", at)
    verb = "cannot hold together" if len(members) > 1 else "cannot be scheduled as the plan asks"
    diagnosis = Diagnosis(
        f"no schedule exists: {_names(problem.loaded, members)} {verb}",
        "search",
        facts=_shared_facts(problem, members),
        context=context,
    )
    context.findings = [members]
    return _finish(diagnosis, tester, [members], minimal)
