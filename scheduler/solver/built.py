"""The model under construction: variables keyed by occurrence ids, and helpers that
create derived literals once (start day, "starts in these days", conjunctions)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import Domain

from ..problem import Problem, Task

Literal = Any  # a BoolVar, its negation, or the int 0/1 for a constant


@dataclass
class Penalty:
    """`weight` × value of `var` is added to the objective for rule `rule`."""

    rule: str
    type: str
    weight: int
    var: Any
    tasks: tuple[str, ...]
    tag: str


@dataclass
class Built:
    model: cp_model.CpModel
    problem: Problem
    diagnosis: bool = False  # occurrences optional per activity; rules assumable
    pools: bool = True  # interchangeable people kept as one capacity (problem.find_pools)
    start: dict[str, cp_model.IntVar] = field(default_factory=dict)
    interval: dict[str, cp_model.IntervalVar] = field(default_factory=dict)
    use: dict[tuple[str, str], Literal] = field(default_factory=dict)
    venue_interval: dict[tuple[str, str], cp_model.IntervalVar] = field(default_factory=dict)
    pick: dict[tuple[str, int, str], Literal] = field(default_factory=dict)  # (task, slot, person)
    assign: dict[tuple[str, str], Literal] = field(default_factory=dict)
    staff_interval: dict[tuple[str, str], cp_model.IntervalVar] = field(default_factory=dict)
    pool_demand: dict[str, list[tuple[Task, int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # pool -> (task, count, pool size)
    present: dict[str, Literal] = field(default_factory=dict)  # activity id -> literal
    enforce: dict[str, Literal] = field(default_factory=dict)  # hard rule family -> literal
    enforce_info: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (kind, id)
    penalties: list[Penalty] = field(default_factory=list)
    ruled: set[str] = field(default_factory=set)  # tasks a hard plugin rule constrains
    _day: dict[str, cp_model.IntVar] = field(default_factory=dict)
    _in: dict[tuple[str, int, int], Literal] = field(default_factory=dict)
    _and: dict[tuple[int, int], Literal] = field(default_factory=dict)
    _or: dict[tuple[int, ...], Literal] = field(default_factory=dict)
    _windows: dict[tuple, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def new(cls, problem: Problem, diagnosis: bool = False, pools: bool = True) -> Built:
        return cls(cp_model.CpModel(), problem, diagnosis, pools)

    # --- enforcement ---------------------------------------------------------------

    def enforcement(self, name: str, kind: str, ident: str) -> Literal:
        """The literal that switches a family of hard constraints on (true in a
        normal solve; an assumption during diagnosis)."""
        lit = self.enforce.get(name)
        if lit is None:
            lit = self.model.new_bool_var(f"enforce[{name}]")
            self.enforce[name] = lit
            self.enforce_info[name] = (kind, ident)
        return lit

    def presence(self, task: Task) -> Literal:
        """1, or in diagnosis mode the literal that keeps the task's activity in."""
        return self.present.get(task.occ.activity.id, 1)

    # --- derived values ------------------------------------------------------------

    def interval_if(self, start: Any, size: int, literal: Literal, name: str) -> Any:
        """A fixed-size interval present when `literal` holds: a plain interval for the
        constant 1, an optional one for a literal."""
        if isinstance(literal, int):
            return self.model.new_fixed_size_interval_var(start, size, name)
        return self.model.new_optional_fixed_size_interval_var(start, size, literal, name)

    def day_range(self, task: Task) -> tuple[int, int]:
        """The first and last day the task may start on."""
        per_day = self.problem.grid.per_day
        return task.domain.min() // per_day, task.domain.max() // per_day

    def day(self, task: Task) -> cp_model.IntVar:
        """The start day index of a task (linked linearly to its start slot)."""
        var = self._day.get(task.id)
        if var is None:
            per_day = self.problem.grid.per_day
            flat = task.domain.flattened_intervals()
            days = sorted(
                {
                    d
                    for i in range(0, len(flat), 2)
                    for d in range(flat[i] // per_day, flat[i + 1] // per_day + 1)
                }
            )
            var = self.model.new_int_var_from_domain(Domain.from_values(days), f"day[{task.id}]")
            self.model.add(self.start[task.id] - per_day * var >= 0)
            self.model.add(self.start[task.id] - per_day * var <= per_day - 1)
            self._day[task.id] = var
        return var

    def window_days(self, task: Task) -> frozenset[int]:
        occ = task.occ
        key = (id(occ.when), occ.bounds, occ.day_filter)
        hit = self._windows.get(key)
        if hit is None:
            days = self.problem.windows.day_windows(occ.when)
            lo, hi = occ.bounds if occ.bounds else (0, self.problem.days.count - 1)
            hit = frozenset(
                d for d in days if lo <= d <= hi and (occ.day_filter is None or d in occ.day_filter)
            )
            self._windows[key] = hit
        return hit

    def last_day(self, task: Task) -> Any:
        extra = task.occ.duration.days - 1 if task.occ.whole_day else 0
        return self.day(task) + extra

    def end(self, task: Task) -> Any:
        return self.start[task.id] + task.size

    def starts_in(self, task: Task, lo_day: int, hi_day: int) -> Literal:
        """Literal: the task starts on a day in [lo_day, hi_day] (and is present)."""
        key = (task.id, lo_day, hi_day)
        if key in self._in:
            return self._in[key]
        per_day = self.problem.grid.per_day
        first, last = self.day_range(task)
        if hi_day < first or lo_day > last:  # the quick answers first: no Domain made
            lit: Literal = 0
        elif lo_day <= first and last <= hi_day:
            lit = 1
        elif task.domain.intersection_with(
            Domain(lo_day * per_day, (hi_day + 1) * per_day - 1)
        ).is_empty():
            lit = 0
        else:  # reified on the start day: a compact domain, unlike the slot axis
            lit = self.model.new_bool_var(f"in[{task.id}@{lo_day}-{hi_day}]")
            day = self.day(task)
            self.model.add(day >= lo_day).only_enforce_if(lit)
            self.model.add(day <= hi_day).only_enforce_if(lit)
            days = Domain.from_flat_intervals(day.proto.domain)
            outside = days.intersection_with(Domain(lo_day, hi_day).complement())
            self.model.add_linear_expression_in_domain(day, outside).only_enforce_if(~lit)
        lit = self.both(lit, self.presence(task))
        self._in[key] = lit
        return lit

    def both(self, a: Literal, b: Literal) -> Literal:
        """Literal for a ∧ b (constants folded)."""
        if isinstance(a, int):
            return b if a else 0
        if isinstance(b, int):
            return a if b else 0
        key = (id(a), id(b))
        if key in self._and:
            return self._and[key]
        y = self.model.new_bool_var(f"and[{len(self._and)}]")
        self.model.add_implication(y, a)
        self.model.add_implication(y, b)
        self.model.add_bool_or([~a, ~b, y])
        self._and[key] = y
        return y

    def any_of(self, literals: list[Literal]) -> Literal:
        """Literal for "at least one holds" (constants folded; one literal is itself)."""
        if any(isinstance(x, int) and x for x in literals):
            return 1
        lits = list({x.index: x for x in literals if not isinstance(x, int)}.values())
        if not lits:
            return 0
        if len(lits) == 1:
            return lits[0]
        key = tuple(sorted(x.index for x in lits))  # a negation has index -i-1
        if key in self._or:
            return self._or[key]
        y = self.model.new_bool_var(f"or[{len(self._or)}]")
        for x in lits:
            self.model.add_implication(x, y)
        self.model.add_bool_or([*lits, ~y])
        self._or[key] = y
        return y
