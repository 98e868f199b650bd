"""Prechecks on resources, before search: what must use a venue, a person or a group
cannot fit into it.

Only tasks that surely use the resource count: a venue when it is the only one left to
the task, a person named in its staff (or every candidate of a role that needs them
all), a group whose members its audience holds. Two checks, both necessary conditions
(a finding proves the plan impossible; no finding proves nothing):

- **Collisions.** A task is certain to occupy the slots between its latest legal start
  and its earliest legal end (all of a pinned item). Where more such parts overlap on
  a resource than it holds at once (one, or a venue's courts), the items collide.
- **Demand per month.** The tasks whose every legal start and end lie in one month
  need `size × units` slots of the resource; they can only use the slots some of them
  may cover at all (the union of their legal placements, which already leaves out
  closures, hours, unavailability, windows and the bookable day), times what the
  resource holds at once. More demand than that supply cannot be met. The same count
  runs once over the whole period.

Each finding names a smallest set of activities for which the count still fails
(dropping the smallest demands first).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python.cp_model import Domain

from ..errors import Conflict, Unschedulable
from ..problem import Problem, Task
from .members import Member, fact


@dataclass(frozen=True)
class Resource:
    kind: str  # "venue", "staff" or "group"
    id: str  # venue id, person id, or group atom ("a" or "a&b" for a declared overlap)
    capacity: int = 1


@dataclass
class Finding:
    """One proof that the plan is impossible: a message, its members and facts."""

    message: str
    members: list[Member]
    facts: list[Conflict] = field(default_factory=list)


def sure_resources(task: Task, problem: Problem) -> list[tuple[Resource, int]]:
    """(resource, units at once) the task certainly uses."""
    if not task.occ.blocks:
        return []
    out: list[tuple[Resource, int]] = []
    if task.venues is not None and len(task.domains) == 1:
        venue = next(iter(task.domains))
        if venue is not None:
            courts = problem.venues[venue].courts
            out.append((Resource("venue", venue, courts), courts if task.occ.whole_day else 1))
    people = list(task.fixed_staff)
    for slot in task.roles:
        if len(slot.candidates) == slot.count:
            people += [p for p in slot.candidates if p not in people]
    out += [(Resource("staff", p), 1) for p in people]
    out += [(Resource("group", atom), 1) for atom in sorted(task.atoms)]
    return out


def _bounds(task: Task) -> tuple[int, int]:
    flat = task.domain.flattened_intervals()
    return flat[0], flat[-1]


def _coverage(task: Task) -> Domain:
    """Every slot some legal placement of the task covers."""
    flat = task.domain.flattened_intervals()
    return Domain.from_intervals(
        [[flat[i], flat[i + 1] + task.size - 1] for i in range(0, len(flat), 2)]
    )


def resource_label(problem: Problem, resource: Resource) -> str:
    if resource.kind == "venue":
        return f"venue {resource.id} ({problem.venues[resource.id].label})"
    if resource.kind == "staff":
        return f"{resource.id} ({problem.staff[resource.id].label})"
    if "&" in resource.id:
        a, b = resource.id.split("&")
        return f"the members groups {a} and {b} share"
    group = problem.groups.groups.get(resource.id)
    return f"group {resource.id} ({group.label if group else resource.id})"


def resource_facts(problem: Problem, resource: Resource, says: str) -> list[Conflict]:
    loaded = problem.loaded
    if resource.kind == "group" and "&" in resource.id:
        return [fact(loaded, "group", g, says) for g in resource.id.split("&")]
    return [fact(loaded, resource.kind, resource.id, says)]


def _moment(problem: Problem, task: Task, slot: int) -> str:
    day, minute = problem.grid.split(slot)
    date = problem.days.date(day).isoformat()
    return date if task.occ.whole_day else f"{date} {minute // 60:02d}:{minute % 60:02d}"


def _task_text(problem: Problem, task: Task) -> str:
    lo, hi = _bounds(task)
    how = "fixed at" if task.occ.pin is not None else "which must be there at"
    return f"{task.id} ({task.occ.title}) {how} {_moment(problem, task, hi)}"


def collisions(problem: Problem, users: dict[Resource, list[tuple[Task, int]]]) -> list[Finding]:
    findings = []
    for resource, items in users.items():
        parts = []
        for task, units in items:
            lo, hi = _bounds(task)
            if hi < lo + task.size:
                parts.append((hi, lo + task.size, units, task))
        if len(parts) < 2:
            continue
        parts.sort(key=lambda p: (p[0], p[3].id))
        for start, _, _, _ in parts:
            active = [p for p in parts if p[0] <= start < p[1]]
            if sum(p[2] for p in active) <= resource.capacity:
                continue
            chosen, total = [], 0
            for part in sorted(active, key=lambda p: (-p[2], p[0], p[3].id)):
                chosen.append(part)
                total += part[2]
                if total > resource.capacity:
                    break
            tasks = [p[3] for p in sorted(chosen, key=lambda p: (p[0], p[3].id))]
            held = "" if resource.capacity == 1 else f" (it holds {resource.capacity} at once)"
            message = (
                f"{resource_label(problem, resource)} is needed at once{held} by "
                + " and by ".join(_task_text(problem, t) for t in tasks)
            )
            members = sorted({Member("activity", t.occ.activity.id) for t in tasks}, key=str)
            says = "double-booked by items that cannot move apart"
            findings.append(Finding(message, members, resource_facts(problem, resource, says)))
            break
    return findings


def _hours(slots: int, problem: Problem) -> str:
    hours = slots * problem.grid.slot / 60
    return f"{hours:g} h"


def _over(items: list[tuple[Task, int]]) -> tuple[int, int]:
    demand = sum(task.size * units for task, units in items)
    cover = Domain.from_values([])
    for task, _ in items:
        cover = cover.union_with(_coverage(task))
    return demand, cover.size()


def _shrink(items: list[tuple[Task, int]], capacity: int) -> list[tuple[Task, int]]:
    """Drop whole activities, smallest demand first, while demand still exceeds supply."""
    by_activity: dict[str, list[tuple[Task, int]]] = defaultdict(list)
    for item in items:
        by_activity[item[0].occ.activity.id].append(item)
    order = sorted(by_activity, key=lambda a: (sum(t.size * u for t, u in by_activity[a]), a))
    kept = list(order)
    for activity in order:
        trial = [i for a in kept if a != activity for i in by_activity[a]]
        demand, supply = _over(trial) if trial else (0, 0)
        if trial and demand > supply * capacity:
            kept.remove(activity)
    return [i for a in kept for i in by_activity[a]]


def _demand_finding(
    problem: Problem, resource: Resource, label: str, items: list[tuple[Task, int]]
) -> Finding | None:
    demand, supply = _over(items)
    if demand <= supply * resource.capacity:
        return None
    items = _shrink(items, resource.capacity)
    demand, supply = _over(items)
    per_activity: dict[str, int] = defaultdict(int)
    for task, units in items:
        per_activity[task.occ.activity.id] += task.size * units
    named = ", ".join(f"{a} {_hours(s, problem)}" for a, s in sorted(per_activity.items()))
    offer = _hours(supply * resource.capacity, problem)
    if resource.capacity > 1:  # hours of court time: a whole-day item takes every court
        offer += f" ({_hours(supply, problem)} × {resource.capacity} courts)"
    message = (
        f"in {label}, {resource_label(problem, resource)} is needed for"
        f" {_hours(demand, problem)} ({named}) but offers only {offer}"
        " at times these items may take place"
    )
    members = [Member("activity", a) for a in sorted(per_activity)]
    says = f"offers {_hours(supply * resource.capacity, problem)} in {label} to these items"
    return Finding(message, members, resource_facts(problem, resource, says))


def monthly_demand(
    problem: Problem, users: dict[Resource, list[tuple[Task, int]]]
) -> list[Finding]:
    months = problem.days.spans("month")
    per_day = problem.grid.per_day
    findings = []
    for resource, items in users.items():
        found = None
        for label, first, last in months:
            lo_slot, hi_slot = first * per_day, (last + 1) * per_day - 1
            inside = [
                (t, u)
                for t, u in items
                if _bounds(t)[0] >= lo_slot and _bounds(t)[1] + t.size - 1 <= hi_slot
            ]
            if inside:
                found = _demand_finding(problem, resource, label, inside)
                if found is not None:
                    break
        if found is None and len(items) > 1:
            found = _demand_finding(problem, resource, "the plan period", items)
        if found is not None:
            findings.append(found)
    return findings


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[Member, ...]] = set()
    out = []
    for finding in findings:
        key = tuple(finding.members)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def resource_prechecks(problem: Problem) -> list[Finding]:
    """Collisions first; demand per month where nothing collides."""
    users: dict[Resource, list[tuple[Task, int]]] = defaultdict(list)
    for task in problem.tasks:
        for resource, units in sure_resources(task, problem):
            users[resource].append((task, units))
    found = collisions(problem, users)
    if not found:
        found = monthly_demand(problem, users)
    return _unique(found)


def check_resources(problem: Problem) -> None:
    """Raise `Unschedulable` (exit 1) with every resource finding, before search."""
    findings = resource_prechecks(problem)
    if not findings:
        return
    from .report import precheck_diagnosis

    raise Unschedulable(precheck_diagnosis(problem, findings))
