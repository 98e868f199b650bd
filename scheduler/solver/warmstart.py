"""A greedy first placement, given to CP-SAT as a solution hint.

Tasks go most constrained first (pinned, then fewest legal starts), each at its
earliest legal start where its venue has a free court, its people and audience are
free, enough candidates of each role are free (least used first), staff caps hold,
its activity's earlier occurrences are over, and, for matches, the feeding matches
are over and each team has had its rest and stays under its daily limit. Plugin rules
and preferences are left to the search: the hint only has to be a good place to start.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..model import Tournament
from ..problem import Problem, Task
from .built import Built

Stretch = tuple[int, int]  # [start, end) on the slot axis


@dataclass
class Placed:
    start: int
    venue: str | None
    staff: list[str]
    picks: list[list[str]] = field(default_factory=list)  # per role slot


@dataclass
class _Book:
    """What is already taken, per resource and day."""

    venue: dict[str, dict[int, list[tuple[int, int, int]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )  # (start, end, demand)
    person: dict[str, dict[int, list[Stretch]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    atom: dict[str, dict[int, list[Stretch]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    count: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    load: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _overlaps(stretches: list[Stretch], lo: int, hi: int) -> bool:
    return any(a < hi and lo < b for a, b in stretches)


class Greedy:
    def __init__(self, problem: Problem):
        self.p = problem
        self.per_day = problem.grid.per_day
        self.book = _Book()
        self.placed: dict[str, Placed] = {}
        self.spans = {over: problem.days.spans(over) for over in ("week", "month")}
        self.span_of = {
            over: {d: label for label, lo, hi in spans for d in range(lo, hi + 1)}
            for over, spans in self.spans.items()
        }
        self.member_atoms = {
            p.id: problem.groups.audience_atoms(p.member_of) for p in problem.loaded.plan.staff
        }
        self.atom_members: dict[str, list[str]] = defaultdict(list)
        for person, atoms in self.member_atoms.items():
            for atom in atoms:
                self.atom_members[atom].append(person)
        self.by_id = problem.by_id
        self.chain_of: dict[str, tuple[list[str], int, object]] = {}
        for chain in problem.expansion.chains:
            ids = [o.id for o in chain.members]
            for position, oid in enumerate(ids):
                self.chain_of[oid] = (ids, position, chain)
        self.team_matches: dict[str, list[tuple[str, Tournament]]] = defaultdict(list)

    # --- helpers ---------------------------------------------------------------------

    def _days(self, task: Task, start: int) -> range:
        first = start // self.per_day
        last = (start + task.size - 1) // self.per_day
        return range(first, last + 1)

    def _real(self, task: Task, start: int) -> tuple[int, int]:
        day, minute = self.p.grid.split(start)
        begin = day * 1440 + minute
        if task.occ.whole_day:
            return day * 1440, (day + task.occ.duration.days) * 1440
        return begin, begin + task.occ.duration.minutes

    def _venue_free(self, venue: str, start: int, end: int, task: Task) -> bool:
        courts = self.p.venues[venue].courts
        need = courts if task.occ.whole_day else 1
        for day in self._days(task, start):
            used = sum(d for a, b, d in self.book.venue[venue][day] if a < end and start < b)
            if used + need > courts:
                return False
        return True

    def _person_free(self, person: str, start: int, end: int, task: Task) -> bool:
        for day in self._days(task, start):
            if _overlaps(self.book.person[person][day], start, end):
                return False
            for atom in self.member_atoms.get(person, ()):
                if atom not in task.atoms and _overlaps(self.book.atom[atom][day], start, end):
                    return False
        if person in task.free and not task.free[person].contains(start):
            return False
        info = self.p.staff[person]
        day = start // self.per_day
        for over, cap in (
            ("day", info.max_per_day),
            ("week", info.max_per_week),
            ("month", info.max_per_month),
        ):
            if cap is not None:
                label = str(day) if over == "day" else self.span_of[over][day]
                if self.book.count[(person, f"{over}:{label}")] >= cap:
                    return False
        return True

    def _audience_free(self, task: Task, start: int, end: int) -> bool:
        for day in self._days(task, start):
            for atom in task.atoms:
                if _overlaps(self.book.atom[atom][day], start, end):
                    return False
        # People working elsewhere who are members of an attending group.
        people = {p for atom in task.atoms for p in self.atom_members.get(atom, ())}
        for person in people:
            for day in self._days(task, start):
                if _overlaps(self.book.person[person][day], start, end):
                    return False
        return True

    def _chain_ok(self, task: Task, start: int, end: int, soft: bool) -> bool:
        """Order and spacing within a series; a weighted spacing too when `soft`."""
        hit = self.chain_of.get(task.id)
        if hit is None:
            return True
        ids, position, chain = hit
        spacing = chain.spacing
        hard = spacing is not None and (soft or spacing.weight is None)
        day = start // self.per_day
        last = (end - 1) // self.per_day
        for other_id in ids:
            other = self.placed.get(other_id)
            if other is None or other_id == task.id:
                continue
            o_task = self.by_id[other_id]
            o_end = other.start + o_task.size
            if other.start < end and start < o_end and o_task.occ.blocks:
                return False
            if not chain.ordered:
                continue
            o_position = ids.index(other_id)
            if o_position < position and o_end > start:
                return False
            if o_position > position and end > other.start:
                return False
            if hard and abs(o_position - position) == 1:
                gap = (
                    day - (o_end - 1) // self.per_day
                    if o_position < position
                    else other.start // self.per_day - last
                )
                if spacing.min_days is not None and gap < spacing.min_days:
                    return False
                if spacing.max_days is not None and gap > spacing.max_days:
                    return False
        return True

    def _match_ok(self, task: Task, start: int, end: int) -> bool:
        spec = task.occ.match
        if spec is None:
            return True
        tournament = task.occ.activity
        assert isinstance(tournament, Tournament)
        rest = round((tournament.rest.min_hours if tournament.rest else 0) * 60)
        real_start, real_end = self._real(task, start)
        prefix = task.id[: len(task.id) - len(spec.label)]
        for label in spec.feeds_from:
            feeder = self.placed.get(prefix + label)
            if feeder is None:
                return False
            _, f_end = self._real(self.by_id[prefix + label], feeder.start)
            if f_end + rest > real_start:
                return False
        day = start // self.per_day
        for team in task.occ.teams:
            same_day = 0
            for other_id, _ in self.team_matches[team]:
                if other_id not in self.placed or other_id == task.id:
                    continue
                o_start, o_end = self._real(self.by_id[other_id], self.placed[other_id].start)
                if o_start < real_end + rest and real_start < o_end + rest:
                    return False
                same_day += self.placed[other_id].start // self.per_day == day
            if tournament.max_per_day is not None and same_day >= tournament.max_per_day:
                return False
        if tournament.courts is not None:
            busy = sum(
                1
                for oid, p in self.placed.items()
                if oid.startswith(prefix)
                and self.by_id[oid].occ.match is not None
                and p.start < end
                and start < p.start + self.by_id[oid].size
            )
            if busy >= tournament.courts:
                return False
        return True

    # --- placing -----------------------------------------------------------------------

    def _try(self, task: Task, start: int, soft: bool = False) -> Placed | None:
        end = start + task.size
        if not task.occ.blocks:
            return Placed(start, None, [])
        if not self._chain_ok(task, start, end, soft) or not self._audience_free(task, start, end):
            return None
        if not self._match_ok(task, start, end):
            return None
        venue = None
        if task.venues is not None:
            venue = next(
                (
                    v
                    for v, d in task.domains.items()
                    if d.contains(start) and self._venue_free(v, start, end, task)
                ),
                None,
            )
            if venue is None:
                return None
        staff = []
        for person in task.fixed_staff:
            if not self._person_free(person, start, end, task):
                return None
            staff.append(person)
        picks = []
        for slot in task.roles:
            free = [
                p
                for p in slot.candidates
                if p not in staff and self._person_free(p, start, end, task)
            ]
            if len(free) < slot.count:
                return None
            chosen = sorted(free, key=lambda p: (self.book.load[p], slot.candidates.index(p)))[
                : slot.count
            ]
            picks.append(chosen)
            staff += chosen
        return Placed(start, venue, staff, picks)

    def _commit(self, task: Task, placed: Placed) -> None:
        self.placed[task.id] = placed
        if not task.occ.blocks:
            return
        start, end = placed.start, placed.start + task.size
        demand = self.p.venues[placed.venue].courts if placed.venue and task.occ.whole_day else 1
        for day in self._days(task, start):
            if placed.venue:
                self.book.venue[placed.venue][day].append((start, end, demand))
            for person in placed.staff:
                self.book.person[person][day].append((start, end))
            for atom in task.atoms:
                self.book.atom[atom][day].append((start, end))
        day = start // self.per_day
        for person in placed.staff:
            self.book.load[person] += 1
            self.book.count[(person, f"day:{day}")] += 1
            for over in ("week", "month"):
                self.book.count[(person, f"{over}:{self.span_of[over][day]}")] += 1

    def run(self) -> dict[str, Placed]:
        for task in self.p.tasks:
            if task.occ.match is not None:
                tournament = task.occ.activity
                for team in task.occ.teams:
                    self.team_matches[team].append((task.id, tournament))
        order = sorted(
            range(len(self.p.tasks)),
            key=lambda i: (
                self.p.tasks[i].occ.pin is None,
                self.p.tasks[i].occ.match.round if self.p.tasks[i].occ.match else 0,
                min(self.p.tasks[i].domain.size(), 10**6),
                i,
            ),
        )
        for index in order:
            task = self.p.tasks[index]
            # A weighted spacing is kept where it can be (the search rarely repairs a
            # series squeezed together early), and given up where it cannot.
            soft = [True, False] if self._weighted_spacing(task) else [False]
            found = None
            for keep in soft:
                found = self._first_start(task, keep)
                if found is not None:
                    break
            if found is not None:
                self._commit(task, found)
        return self.placed

    def _weighted_spacing(self, task: Task) -> bool:
        hit = self.chain_of.get(task.id)
        spacing = hit[2].spacing if hit is not None else None  # type: ignore[attr-defined]
        return spacing is not None and spacing.weight is not None

    def _first_start(self, task: Task, soft: bool) -> Placed | None:
        flat = task.domain.flattened_intervals()
        for i in range(0, len(flat), 2):
            for start in range(flat[i], flat[i + 1] + 1):
                found = self._try(task, start, soft)
                if found is not None:
                    return found
        return None


def decision_vars(b: Built, task: Task) -> list[Any]:
    """A task's decision variables: its start, venue choice and role picks (everything
    else in the model follows from them)."""
    out = [b.start[task.id]]
    for venue in task.domains if task.venues else ():
        lit = b.use.get((task.id, venue))
        if lit is not None and not isinstance(lit, int):
            out.append(lit)
    for k, slot in enumerate(task.roles):
        for person in slot.candidates:
            lit = b.pick.get((task.id, k, person))
            if lit is not None:
                out.append(lit)
    return out


def _decisions(b: Built, placed: dict[str, Placed]) -> list[tuple[object, int]]:
    """(variable, value) for every decision the placement makes."""
    out: list[tuple[object, int]] = []
    for task in b.problem.tasks:
        p = placed.get(task.id)
        if p is None:
            continue
        out.append((b.start[task.id], p.start))
        for venue in task.domains if task.venues else ():
            lit = b.use.get((task.id, venue))
            if lit is not None and not isinstance(lit, int):
                out.append((lit, int(venue == p.venue)))
        for k, slot in enumerate(task.roles):
            for person in slot.candidates:
                lit = b.pick.get((task.id, k, person))
                if lit is not None:
                    out.append((lit, int(person in p.picks[k])))
    return out


def complete(
    b: Built,
    decisions: list[tuple[object, int]],
    work: float = 5.0,
    hints: list[tuple[object, int]] = (),  # type: ignore[assignment]
) -> list[int] | None:
    """Every variable's value once the decisions are fixed (one worker, a short solve
    that also sets the penalties to their least, and places what is only hinted), or
    None when the decisions break a hard constraint the placement did not know about."""
    from ortools.sat.python import cp_model

    trial = b.model.clone()
    for var, value in decisions:
        trial.add(trial.get_int_var_from_proto_index(var.index) == value)
    if hints:
        trial.clear_hints()
        for var, value in hints:
            trial.add_hint(trial.get_int_var_from_proto_index(var.index), value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = work  # a work limit: reproducible
    solver.parameters.cp_model_probing_level = 0
    if solver.solve(trial) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution)


def hint_greedily(b: Built) -> tuple[int, list[int] | None]:
    """Place greedily and hint CP-SAT. Returns the tasks placed and, when the placement
    completes into a feasible solution, every variable's value (a first schedule)."""
    placed = Greedy(b.problem).run()
    decisions = _decisions(b, placed)
    values = complete(b, decisions) if len(placed) == len(b.problem.tasks) else None
    if values is None and b.ruled and len(placed) == len(b.problem.tasks):
        # The placement breaks a plugin rule: keep the rest, let CP-SAT re-place the
        # tasks hard rules constrain, starting from where the greedy put them.
        ruled = {v.index for t in b.problem.tasks if t.id in b.ruled for v in decision_vars(b, t)}
        values = complete(
            b,
            [(v, x) for v, x in decisions if v.index not in ruled],  # type: ignore[attr-defined]
            hints=[(v, x) for v, x in decisions if v.index in ruled],  # type: ignore[attr-defined]
        )
    if values is not None:
        for index, value in enumerate(values):
            b.model.add_hint(b.model.get_int_var_from_proto_index(index), value)
    else:
        for var, value in decisions:
            b.model.add_hint(var, value)
    return len(placed), values
