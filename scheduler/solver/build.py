"""Build the CP-SAT model in readable steps, one function per constraint family.

start[o]            legal starts only (a Domain from legal.py)
slot[o]             its interval on the slot axis
use[o@v]            venue choice, optional interval per venue
pick[o#k@p]         staff choice per `{role, count}` entry; assign[o@p]
NoOverlap           per venue (Cumulative with courts), person, group atom
caps, chains        staff max_per_*, order and spacing of repeated items
rules               each bound rule through a RuleContext
objective           sum of weighted penalties
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Sequence

from ..errors import SchedulerError
from ..expand import Chain
from ..loader import BoundRule
from ..problem import Problem, Task
from .built import Built, Penalty
from .context import RuleContext


def build(
    problem: Problem, rules: Sequence[BoundRule], diagnosis: bool = False, pools: bool = True
) -> Built:
    # Tens of thousands of small objects and no cycles to find: the collector's passes
    # cost a tenth of the build on big plans.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(problem, rules, diagnosis, pools)
    finally:
        if collecting:
            gc.enable()


def _build(problem: Problem, rules: Sequence[BoundRule], diagnosis: bool, pools: bool) -> Built:
    b = Built.new(problem, diagnosis, pools)
    add_presence(b)
    add_occurrence_intervals(b)
    add_venue_choice(b)
    add_staff_choice(b)
    add_pools(b)
    add_no_overlap(b)
    add_staff_caps(b)
    add_chains(b)
    add_tournaments(b)
    apply_rules(b, rules)
    set_objective(b)
    if not diagnosis:
        for literal in b.enforce.values():
            b.model.add(literal == 1)
    return b


def add_presence(b: Built) -> None:
    """Diagnosis only: one literal per activity that keeps its occurrences in."""
    if not b.diagnosis:
        return
    for task in b.problem.tasks:
        activity = task.occ.activity.id
        if activity not in b.present:
            b.present[activity] = b.enforcement(f"activity:{activity}", "activity", activity)


def add_occurrence_intervals(b: Built) -> None:
    model = b.model
    for task in b.problem.tasks:
        start = model.new_int_var_from_domain(task.domain, f"start[{task.id}]")
        b.start[task.id] = start
        if not task.occ.blocks:
            continue
        b.interval[task.id] = b.interval_if(start, task.size, b.presence(task), f"slot[{task.id}]")


def add_venue_choice(b: Built) -> None:
    """Exactly one venue per present occurrence, each with its own legal starts."""
    model = b.model
    for task in b.problem.tasks:
        if task.venues is None or not task.occ.blocks:
            continue
        choices = list(task.domains)
        start = b.start[task.id]
        union = task.domain
        if len(choices) == 1:
            venue = choices[0]
            b.use[task.id, venue] = b.presence(task)
            b.venue_interval[task.id, venue] = b.interval[task.id]
            continue
        uses = []
        for venue in choices:
            use = model.new_bool_var(f"use[{task.id}@{venue}]")
            _exclude(b, start, union.intersection_with(task.domains[venue].complement()), use)
            b.use[task.id, venue] = use
            b.venue_interval[task.id, venue] = model.new_optional_fixed_size_interval_var(
                start, task.size, use, f"slot[{task.id}@{venue}]"
            )
            uses.append(use)
        model.add(sum(uses) == b.presence(task)).with_name(f"one-venue[{task.id}]")


def _exclude(b: Built, start, excluded, literal) -> None:
    """`literal ⇒ start ∉ excluded`: stated on the (usually few) excluded starts rather
    than the allowed ones, which keeps the constraint small; nothing if none is."""
    if not excluded.is_empty():
        b.model.add_linear_expression_in_domain(start, excluded.complement()).only_enforce_if(
            literal
        )


def add_staff_choice(b: Built) -> None:
    """Named staff always; `{role, count}` picks `count` different candidates."""
    model = b.model
    for task in b.problem.tasks:
        if not task.occ.blocks:
            continue
        present = b.presence(task)
        for person in task.fixed_staff:
            b.assign[task.id, person] = present
            b.staff_interval[task.id, person] = b.interval[task.id]
        by_person: dict[str, list] = defaultdict(list)
        for k, slot in enumerate(task.roles):
            if slot.pool is not None and b.pools:  # interchangeable: only the pool's size
                b.pool_demand[slot.pool].append((task, slot.count, len(slot.candidates)))
                continue
            picks = []
            for person in slot.candidates:
                pick = model.new_bool_var(f"pick[{task.id}#{k}@{person}]")
                b.pick[task.id, k, person] = pick
                by_person[person].append(pick)
                picks.append(pick)
            model.add(sum(picks) == slot.count * present).with_name(f"staff-count[{task.id}#{k}]")
        start = b.start[task.id]
        for person, picks in by_person.items():
            if len(picks) == 1:
                assigned = picks[0]
            else:
                assigned = model.new_bool_var(f"assign[{task.id}@{person}]")
                model.add(sum(picks) == assigned)
            b.assign[task.id, person] = assigned
            if person in task.free:
                _exclude(
                    b,
                    start,
                    task.domain.intersection_with(task.free[person].complement()),
                    assigned,
                )

            b.staff_interval[task.id, person] = model.new_optional_fixed_size_interval_var(
                start, task.size, assigned, f"slot[{task.id}@{person}]"
            )


def add_pools(b: Built) -> None:
    """A pool of interchangeable people works at most as many items at once as it has
    members; who works which is decided after solving."""
    for uses in b.pool_demand.values():
        size = uses[0][2]
        if sum(count for _, count, _ in uses) <= size:
            continue
        b.model.add_cumulative(
            [b.interval[t.id] for t, _, _ in uses], [count for _, count, _ in uses], size
        )


def add_no_overlap(b: Built) -> None:
    """No double booking of a venue (beyond its courts), a person or a group."""
    model, problem = b.model, b.problem
    by_id = problem.by_id
    per_venue: dict[str, list] = defaultdict(list)
    for (task_id, venue), interval in b.venue_interval.items():
        per_venue[venue].append((by_id[task_id], interval))
    for venue, items in per_venue.items():
        courts = problem.venues[venue].courts
        if len(items) < 2:
            continue
        if courts == 1:
            model.add_no_overlap([i for _, i in items])
        else:
            demands = [courts if t.occ.whole_day else 1 for t, _ in items]
            model.add_cumulative([i for _, i in items], demands, courts)

    per_person: dict[str, list] = defaultdict(list)
    for (task_id, person), interval in b.staff_interval.items():
        per_person[person].append((task_id, interval))
    for items in per_person.values():
        if len(items) > 1:
            model.add_no_overlap([i for _, i in items])

    per_atom: dict[str, list[Task]] = defaultdict(list)
    for task in problem.tasks:
        if task.occ.blocks:
            for atom in task.atoms:
                per_atom[atom].append(task)
    for tasks in per_atom.values():
        if len(tasks) > 1:
            model.add_no_overlap([b.interval[t.id] for t in tasks])

    # A person who is a member of a group is busy whenever that group attends.
    for person, items in per_person.items():
        member_of = problem.staff[person].member_of
        if not member_of:
            continue
        atoms = problem.groups.audience_atoms(member_of)
        for atom in sorted(atoms):
            attending = per_atom.get(atom, [])
            duties = [i for task_id, i in items if atom not in by_id[task_id].atoms]
            if attending and duties:
                model.add_no_overlap(duties + [b.interval[t.id] for t in attending])


def add_staff_caps(b: Built) -> None:
    """`max_per_day/week/month`: occurrences a person works, counted where they start."""
    problem = b.problem
    tasks_of: dict[str, list[Task]] = defaultdict(list)
    for task_id, person in b.assign:
        tasks_of[person].append(problem.by_id[task_id])
    for person, tasks in tasks_of.items():
        info = problem.staff[person]
        for over, cap in (
            ("day", info.max_per_day),
            ("week", info.max_per_week),
            ("month", info.max_per_month),
        ):
            if cap is None or len(tasks) <= cap:
                continue
            literal = b.enforcement(f"staff:{person}:max_per_{over}", "staff", person)
            reach = [b.day_range(t) for t in tasks]
            for label, lo, hi in problem.days.spans(over):
                near = [t for t, (a, z) in zip(tasks, reach, strict=True) if a <= hi and z >= lo]
                if len(near) <= cap:
                    continue
                terms = [b.both(b.assign[t.id, person], b.starts_in(t, lo, hi)) for t in near]
                terms = [x for x in terms if not (isinstance(x, int) and x == 0)]
                if len(terms) > cap:
                    b.model.add(sum(terms) <= cap).with_name(
                        f"max_per_{over}[{person}@{label}]"
                    ).only_enforce_if(literal)


def _spacing(b: Built, chain: Chain, first: Task, then: Task, only_if: list) -> None:
    spacing = chain.spacing
    if spacing is None:
        return
    gap = b.day(then) - b.last_day(first)
    activity = chain.activity.id
    model = b.model
    if spacing.weight is None:
        if spacing.min_days is not None:
            model.add(gap >= spacing.min_days).with_name(
                f"spacing-min[{first.id}>{then.id}]"
            ).only_enforce_if(only_if)
        if spacing.max_days is not None:
            model.add(gap <= spacing.max_days).with_name(
                f"spacing-max[{first.id}>{then.id}]"
            ).only_enforce_if(only_if)
        return
    horizon = b.problem.days.count
    for bound, sign in ((spacing.min_days, 1), (spacing.max_days, -1)):
        if bound is None:
            continue
        miss = model.new_int_var(0, horizon, f"spacing[{first.id}>{then.id}]:{sign}")
        model.add(miss >= sign * (bound - gap)).only_enforce_if(only_if)
        b.penalties.append(
            Penalty(
                f"spacing:{activity}",
                "spacing",
                spacing.weight,
                miss,
                (first.id, then.id),
                f"{first.id}>{then.id}",
            )
        )


def add_chains(b: Built) -> None:
    """Occurrences of one activity never overlap; count items keep their order
    (/1 is the earliest); `spacing` holds between consecutive ones."""
    by_id = b.problem.by_id
    model = b.model
    for chain in b.problem.expansion.chains:
        tasks = [by_id[o.id] for o in chain.members if o.id in by_id]
        if len(tasks) < 2:
            continue
        present = b.presence(tasks[0])
        only_if = [] if isinstance(present, int) else [present]
        if chain.ordered:
            for first, then in zip(tasks, tasks[1:], strict=False):
                model.add(b.end(first) <= b.start[then.id]).with_name(
                    f"order[{first.id}<{then.id}]"
                ).only_enforce_if(only_if)
                _spacing(b, chain, first, then, only_if)
            continue
        if chain.activity.kind != "deadline":
            model.add_no_overlap([b.interval[t.id] for t in tasks])
        if chain.spacing is None:
            continue
        _unordered_spacing(b, chain, tasks, only_if)


def _unordered_spacing(b: Built, chain: Chain, tasks: list[Task], only_if: list) -> None:
    """Spacing between time-consecutive entries placed in any order (positions model)."""
    model = b.model
    n = len(tasks)
    before = {}
    for i in range(n):
        for j in range(i + 1, n):
            lit = model.new_bool_var(f"before[{tasks[i].id}<{tasks[j].id}]")
            before[i, j], before[j, i] = lit, ~lit
            model.add(b.end(tasks[i]) <= b.start[tasks[j].id]).only_enforce_if(lit)
            model.add(b.end(tasks[j]) <= b.start[tasks[i].id]).only_enforce_if(~lit)
    position = [model.new_int_var(0, n - 1, f"position[{t.id}]") for t in tasks]
    for i in range(n):
        model.add(position[i] == sum(before[j, i] for j in range(n) if j != i))
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            next_ = model.new_bool_var(f"next[{tasks[i].id}>{tasks[j].id}]")
            model.add(position[j] == position[i] + 1).only_enforce_if(next_)
            model.add(position[j] != position[i] + 1).only_enforce_if(~next_)
            _spacing(b, chain, tasks[i], tasks[j], only_if + [next_])


def add_tournaments(b: Built) -> None:
    """Tournament rules (rest, knockout order, team limits) from the tournament module."""
    from .tournament import add_tournament_constraints

    add_tournament_constraints(b)


class RuleFailed(SchedulerError):
    """A rule type's own code failed: an internal error of that plugin (exit 70)."""


def apply_rules(b: Built, rules: Sequence[BoundRule]) -> None:
    for rule in rules:
        try:
            rule.type.apply(RuleContext(b, rule), rule.params)
        except SchedulerError:
            raise
        except Exception as error:  # noqa: BLE001 - name the plugin that failed
            raise RuleFailed(
                f"rule {rule.id} ({rule.type.name}, plugin {rule.plugin}) failed:"
                f" {type(error).__name__}: {error}"
            ) from error


def set_objective(b: Built) -> None:
    if b.penalties:
        b.model.minimize(sum(p.weight * p.var for p in b.penalties))
