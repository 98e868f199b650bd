"""The problem the solver sees: occurrences with resolved resources and legal starts.

`build_problem` runs the pipeline up to the model: calendar, expansion, venue and
staff candidates, legal start domains. What can be proved impossible here (an
empty window, no venue with the tags, too few people with a role) is reported as
`Unschedulable` with the planner's ids and lines, before any search.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from ortools.sat.python.cp_model import Domain

from .calendar import Days, build_days
from .diagnose.nostart import Restrictions, explain_no_start
from .errors import Conflict, Diagnosis, Unschedulable
from .expand import Expansion, Occurrence, expand
from .groups import GroupIndex
from .legal import Busy, Grid, LegalStarts, busy_of, merge_busy
from .loader import LoadedPlan
from .model import AnyOfVenues, Person, RoleDemand, Venue, VenueTags
from .plugins import Plugins, get_plugins
from .results import Results
from .values import TimeWindow
from .windows import WindowCache


@dataclass
class RoleSlot:
    """`count` people with `role`, chosen among `candidates` (plan order)."""

    role: str
    count: int
    candidates: list[str]
    pool: str | None = None  # set when the candidates are interchangeable (see find_pools)


@dataclass
class Task:
    """One occurrence, ready for the model."""

    occ: Occurrence
    size: int  # slots blocked on the axis
    venues: list[str] | None  # None: uses no venue
    domains: dict[str | None, Domain]  # legal starts per venue choice
    fixed_staff: list[str] = field(default_factory=list)
    roles: list[RoleSlot] = field(default_factory=list)
    free: dict[str, Domain] = field(default_factory=dict)  # candidate -> starts it is free
    atoms: frozenset[str] = frozenset()
    audience_size: int | None = None

    @property
    def id(self) -> str:
        return self.occ.id

    @functools.cached_property
    def domain(self) -> Domain:
        """Every legal start, whatever the venue (`domains` is complete once built)."""
        out = Domain.from_values([])
        for domain in self.domains.values():
            out = out.union_with(domain)
        return out

    def staff_candidates(self) -> list[str]:
        seen = list(self.fixed_staff)
        for slot in self.roles:
            seen += [p for p in slot.candidates if p not in seen]
        return seen


@dataclass
class Problem:
    loaded: LoadedPlan
    days: Days
    grid: Grid
    groups: GroupIndex
    expansion: Expansion
    tasks: list[Task]
    venues: dict[str, Venue]
    staff: dict[str, Person]
    windows: WindowCache
    legal: LegalStarts
    tz: ZoneInfo

    @functools.cached_property
    def by_id(self) -> dict[str, Task]:
        """Tasks by occurrence id; built once (the task list is complete when the
        problem is made), as the model asks per person and per match."""
        return {t.id: t for t in self.tasks}


class _Prechecks:
    """Collects what makes the plan impossible before search."""

    def __init__(self, loaded: LoadedPlan):
        self.loaded = loaded
        self.details: list[str] = []
        self.conflicts: list[Conflict] = []
        self.facts: list[Conflict] = []  # venues and roles the activities run into
        self._seen: set[tuple[str, str]] = set()

    def fail(self, occ: Occurrence, message: str, extra: list[Conflict] | None = None) -> None:
        activity = occ.activity
        key = (activity.id, message)
        if key in self._seen:
            return
        self._seen.add(key)
        line = self.loaded.line(occ.path)
        self.details.append(f"{self.loaded.file}:{line} {occ.id} ({occ.title}): {message}")
        if not any(c.kind == "activity" and c.id == activity.id for c in self.conflicts):
            self.conflicts.append(
                Conflict(
                    "activity",
                    activity.id,
                    activity.title,
                    self.loaded.line(self.loaded.activity_path(activity.id)),
                    message,
                )
            )
        for conflict in extra or []:
            conflict.file = conflict.file or (self.loaded.file if conflict.line else "")
            if not any(c.kind == conflict.kind and c.id == conflict.id for c in self.facts):
                self.facts.append(conflict)

    def raise_if_any(self, days: Days, expansion: Expansion) -> None:
        if self.details:
            count = len(self.details)
            summary = (
                "no schedule exists: " + self.details[0].split(": ", 1)[1]
                if count == 1
                else f"no schedule exists: {count} problems found before search"
            )
            from .diagnose.subplan import precheck_context

            activities = [c.id for c in self.conflicts]
            context = precheck_context(self.loaded, days, expansion, [[a] for a in activities])
            raise Unschedulable(
                Diagnosis(
                    summary,
                    "precheck",
                    self.conflicts,
                    self.details,
                    facts=self.facts,
                    context=context,
                )
            )


def _venue_candidates(occ: Occurrence, venues: dict[str, Venue]) -> list[str] | None:
    spec = occ.venue
    pinned = occ.pin.venue if occ.pin else None
    if spec is None:
        return [pinned] if pinned else None
    if isinstance(spec, str):
        ids = [spec]
    elif isinstance(spec, AnyOfVenues):
        ids = list(dict.fromkeys(spec.any_of))
    elif isinstance(spec, VenueTags):
        ids = [
            v.id
            for v in venues.values()
            if set(spec.tags) <= set(v.tags)
            and (spec.min_capacity is None or (v.capacity or 0) >= spec.min_capacity)
        ]
    else:
        raise TypeError(spec)
    if pinned is not None:
        ids = [v for v in ids if v == pinned]
    return ids


def _describe_venue(occ: Occurrence) -> str:
    spec = occ.venue
    if isinstance(spec, VenueTags):
        text = f"a venue with tags [{', '.join(spec.tags)}]"
        if spec.min_capacity is not None:
            text += f" and capacity ≥ {spec.min_capacity}"
        return text
    if isinstance(spec, AnyOfVenues):
        return "one of " + ", ".join(spec.any_of)
    return f"venue {spec}"


def build_problem(
    loaded: LoadedPlan,
    plugins: Plugins | None = None,
    provisional: bool = False,
    days: Days | None = None,
    results: Results | None = None,
) -> Problem:
    """Everything up to the model; raises PlanError (2) or Unschedulable (1)."""
    plugins = plugins or get_plugins()
    header = loaded.plan.plan
    days = days or build_days(loaded, plugins, provisional)
    windows = WindowCache(days)
    expansion = expand(loaded, days, windows, plugins, results)
    grid = Grid(header.day.start, header.day.end, header.slot_minutes)
    legal = LegalStarts(grid, days)
    groups = GroupIndex(loaded.plan)
    venues = {v.id: v for v in loaded.plan.venues}
    staff = {p.id: p for p in loaded.plan.staff}
    venue_busy = {v.id: busy_of(v.closed, days) for v in loaded.plan.venues}
    staff_busy = {p.id: busy_of(p.unavailable, days) for p in loaded.plan.staff}
    group_busy = {g.id: busy_of(g.unavailable, days) for g in loaded.plan.groups}
    checks = _Prechecks(loaded)
    tasks: list[Task] = []
    for occ in expansion.occurrences:
        task = _task(
            occ,
            loaded,
            days,
            grid,
            windows,
            legal,
            groups,
            venues,
            staff,
            venue_busy,
            staff_busy,
            group_busy,
            checks,
        )
        if task is not None:
            tasks.append(task)
    checks.raise_if_any(days, expansion)
    find_pools(tasks, staff, staff_busy)
    problem = Problem(
        loaded,
        days,
        grid,
        groups,
        expansion,
        tasks,
        venues,
        staff,
        windows,
        legal,
        ZoneInfo(header.timezone),
    )
    from .diagnose.prechecks import check_resources

    check_resources(problem)  # collisions, demand per month: raises Unschedulable
    return problem


def find_pools(tasks: list[Task], staff: dict[str, Person], staff_busy: dict[str, Busy]) -> None:
    """Mark role slots whose candidates are interchangeable: people with nothing of their
    own (never named, always available, no groups, no caps) who are only ever offered
    together. The model then needs no per-person choice for them, only the capacity of
    the pool at any time; people are given out after solving (see solver/pools.py)."""
    named = {p for t in tasks for p in t.fixed_staff}
    offered: dict[str, set[frozenset[str]]] = {}
    for task in tasks:
        for slot in task.roles:
            group = frozenset(slot.candidates)
            for person in group:
                offered.setdefault(person, set()).add(group)

    def own(person: str) -> bool:
        info = staff[person]
        return bool(
            person in named
            or staff_busy[person]
            or info.member_of
            or info.max_per_day is not None
            or info.max_per_week is not None
            or info.max_per_month is not None
        )

    pools: dict[frozenset[str], str] = {}
    for groups in offered.values():
        for group in groups:
            if group in pools or len(group) < 2:
                continue
            if all(not own(p) and offered[p] == {group} for p in group):
                pools[group] = "pool:" + ",".join(sorted(group))
    for task in tasks:
        for slot in task.roles:
            slot.pool = pools.get(frozenset(slot.candidates))


def _start_days(occ: Occurrence, days: Days) -> list[int]:
    lo, hi = occ.bounds if occ.bounds else (0, days.count - 1)
    if occ.pin is not None:
        index = days.index(occ.pin.day)
        found = [index] if index is not None and lo <= index <= hi else []
    else:
        found = list(range(lo, hi + 1))
    if occ.day_filter is not None:
        found = [d for d in found if d in occ.day_filter]
    return found


def _task(
    occ: Occurrence,
    loaded: LoadedPlan,
    days: Days,
    grid: Grid,
    windows: WindowCache,
    legal: LegalStarts,
    groups: GroupIndex,
    venues: dict[str, Venue],
    staff: dict[str, Person],
    venue_busy: dict[str, Busy],
    staff_busy: dict[str, Busy],
    group_busy: dict[str, Busy],
    checks: _Prechecks,
) -> Task | None:
    size = grid.size(occ.duration)
    allowed = windows.day_windows(occ.when)
    start_days = _start_days(occ, days)
    pin_minute = occ.pin.minute if occ.pin else None
    if not occ.blocks:  # a deadline: a day in its window, nothing else
        domain = legal.starts(occ.duration, allowed, start_days, None, {}, busy_key=())
        if domain.is_empty():
            checks.fail(occ, explain_no_start(occ, loaded, windows, days, start_days).message)
            return None
        return Task(occ, size, None, {None: domain})

    fixed = [e for e in occ.staff if isinstance(e, str)]
    sharing = groups.sharing(occ.audience) if occ.audience else set()
    size_needed = (
        occ.activity.audience_size
        if getattr(occ.activity, "audience_size", None) is not None
        else (groups.audience_size(occ.audience) if occ.audience else None)
    )
    base_busy = merge_busy([staff_busy[p] for p in fixed] + [group_busy[g] for g in sharing])

    roles: list[RoleSlot] = []
    team_groups = (
        groups.sharing(occ.teams)
        if occ.match is not None and getattr(occ.activity, "teams", None)
        else set()
    )
    for entry in occ.staff:
        if not isinstance(entry, RoleDemand):
            continue
        candidates = [
            p.id
            for p in staff.values()
            if entry.role in p.roles and p.id not in fixed and not (set(p.member_of) & team_groups)
        ]
        roles.append(RoleSlot(entry.role, entry.count, candidates))
        if len(candidates) < entry.count:
            holders = [p.id for p in staff.values() if entry.role in p.roles]
            why = f"needs {entry.count} × {entry.role}; the plan has {len(holders)}" + (
                f" ({', '.join(holders)})" if holders else ""
            )
            if len(holders) > len(candidates):
                why += ", some of them named already or members of a team playing"
            checks.fail(occ, why, [Conflict("role", entry.role, requires=why)])
            return None
    pool = {p for slot in roles for p in slot.candidates}
    if sum(slot.count for slot in roles) > len(pool):
        checks.fail(occ, "its staff roles need more different people than the plan has")
        return None

    venue_ids = _venue_candidates(occ, venues)
    if venue_ids is not None:
        if not venue_ids:
            why = (
                f"fixed venue {occ.pin.venue} is not among its venues ({_describe_venue(occ)})"
                if occ.pin and occ.pin.venue
                else f"no venue matches: needs {_describe_venue(occ)}"
            )
            checks.fail(occ, why)
            return None
        if size_needed is not None:
            fits = [
                v
                for v in venue_ids
                if venues[v].capacity is None or venues[v].capacity >= size_needed
            ]
            if not fits:
                biggest = max((venues[v].capacity or 0) for v in venue_ids)
                why = (
                    f"its audience of {size_needed} fits no venue: the largest of"
                    f" {_describe_venue(occ)} holds {biggest}"
                )
                checks.fail(
                    occ,
                    why,
                    [
                        Conflict(
                            "venue",
                            v,
                            venues[v].label,
                            loaded.line(("venues", list(venues).index(v))),
                            f"holds {venues[v].capacity}",
                        )
                        for v in venue_ids
                    ],
                )
                return None
            venue_ids = fits

    domains: dict[str | None, Domain] = {}
    base_key = (tuple(fixed), tuple(sorted(sharing)))
    for venue in venue_ids if venue_ids is not None else [None]:
        busy = merge_busy([base_busy, venue_busy[venue]]) if venue else base_busy
        hours = venues[venue].hours if venue else None
        domain = legal.starts(
            occ.duration, allowed, start_days, hours, busy, pin_minute, busy_key=base_key + (venue,)
        )
        if not domain.is_empty():
            domains[venue] = domain
    if not domains:

        def probe(hours: TimeWindow | None, busy: Busy) -> bool:
            found = legal.starts(occ.duration, allowed, start_days, hours, busy, pin_minute)
            return not found.is_empty()

        limits = Restrictions(venue_ids, fixed, sorted(sharing), venue_busy, staff_busy, group_busy)
        opening = {v: venues[v].hours for v in venue_ids or []}
        reason = explain_no_start(occ, loaded, windows, days, start_days, probe, opening, limits)
        checks.fail(occ, reason.message, reason.facts)
        return None
    union = Domain.from_values([])
    for domain in domains.values():
        union = union.union_with(domain)
    free = {}
    for person in pool:
        if staff_busy[person]:
            free[person] = legal.free(occ.duration, union, staff_busy[person])
    for slot in roles:
        usable = [p for p in slot.candidates if p not in free or not free[p].is_empty()]
        if len(usable) < slot.count:
            why = (
                f"needs {slot.count} × {slot.role} but only {len(usable)} of them are ever"
                " available inside its window"
            )
            checks.fail(occ, why, [Conflict("role", slot.role, requires=why)])
            return None
    return Task(
        occ,
        size,
        venue_ids,
        domains,
        fixed,
        roles,
        free,
        groups.audience_atoms(occ.audience),
        size_needed,
    )
