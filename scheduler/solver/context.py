"""`RuleContext`: the small, stable surface a rule type uses to shape the model.

A rule never touches the raw `CpModel`. It selects occurrences, reads their start,
end and day expressions, derives literals (`starts_in`, `covers`, `in_range`,
`occupies`, `any_of`), and adds constraints through `add`, `require`, `at_most`,
`at_least` and `at_most_at_once`. Whether those are hard (with the rule's
enforcement literal, so the diagnosis can drop them) or soft (a penalty of `weight`
per unit) follows from the rule's `weight`; everything is tagged `<rule id>:<tag>`
for the score and the diagnosis. docs/plugins.md documents each method.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ortools.sat.python.cp_model import Domain

from ..api import Scope
from ..calendar import Days
from ..errors import PlanError, PlanIssue
from ..loader import BoundRule
from ..problem import Problem, Task
from ..scope import scope_matches
from .built import Built, Literal, Penalty


class RuleContext:
    def __init__(self, built: Built, rule: BoundRule):
        self._b = built
        self.rule = rule
        self.rule_id = rule.id
        self.weight: int | None = rule.weight
        self._literal = built.enforcement(f"rule:{rule.id}", "rule", rule.id) if self.hard else None

    def _touch(self, task: Task) -> None:
        """Note that a hard rule constrains this task: the warm start, which knows
        nothing of plugin rules, leaves such tasks to CP-SAT when its placement breaks one."""
        if self._literal is not None:
            self._b.ruled.add(task.id)

    # --- reading the problem -----------------------------------------------------

    @property
    def hard(self) -> bool:
        """True unless the rule has a `weight` (then it is a preference)."""
        return self.weight is None

    @property
    def problem(self) -> Problem:
        return self._b.problem

    @property
    def days(self) -> Days:
        return self._b.problem.days

    def select(self, scope: Scope | None) -> list[Task]:
        """Tasks whose activity the scope selects (deadlines only when named)."""
        return [t for t in self._b.problem.tasks if scope_matches(scope, t.occ.activity)]

    def tasks_of(self, activity_id: str) -> list[Task]:
        return [t for t in self._b.problem.tasks if t.occ.activity.id == activity_id]

    def start(self, task: Task) -> Any:
        """Start on the slot axis (day d covers d*S … d*S+S-1)."""
        self._touch(task)
        return self._b.start[task.id]

    def end(self, task: Task) -> Any:
        """End on the slot axis (exclusive); a whole-day item ends at the next day's 0."""
        self._touch(task)
        return self._b.end(task)

    def day(self, task: Task) -> Any:
        """Index of the start day (0 = the plan period's first day)."""
        self._touch(task)
        return self._b.day(task)

    def last_day(self, task: Task) -> Any:
        """Index of the last day the task covers."""
        self._touch(task)
        return self._b.last_day(task)

    def starts_in(self, task: Task, lo_day: int, hi_day: int) -> Literal:
        """Literal (or 0/1): the task starts on a day index in [lo_day, hi_day]."""
        self._touch(task)
        return self._b.starts_in(task, lo_day, hi_day)

    def span(self, task: Task) -> int:
        """Days the task covers: N for an `Nd` item, 1 for a timed one."""
        return task.occ.duration.days if task.occ.whole_day else 1

    def start_days(self, task: Task) -> list[int]:
        """Day indices the task may start on (its legal starts, after pins and resources)."""
        per_day = self._b.problem.grid.per_day
        flat = task.domain.flattened_intervals()
        days: set[int] = set()
        for i in range(0, len(flat), 2):
            days.update(range(flat[i] // per_day, flat[i + 1] // per_day + 1))
        return sorted(days)

    def covers(self, task: Task, days: Iterable[int]) -> Literal:
        """Literal (or 0/1): the task is present and covers at least one of these day
        indices (any of its days, for a multi-day item)."""
        span = self.span(task)
        per_day = self._b.problem.grid.per_day
        flat = task.domain.flattened_intervals()
        lo, hi = flat[0] // per_day, flat[-1] // per_day
        starts = sorted({d - k for d in days for k in range(span) if lo <= d - k <= hi})
        runs: list[list[int]] = []
        for day in starts:
            if runs and runs[-1][1] == day - 1:
                runs[-1][1] = day
            else:
                runs.append([day, day])
        return self._b.any_of([self.starts_in(task, a, b) for a, b in runs])

    def occupies(self, task: Task, person: str) -> Literal:
        """Literal (or 0/1): the task takes `person` away: they work it (named or
        picked for a role), or are `member_of` a group that shares members with its
        audience (plan-format.md, "Groups"). Deadlines occupy no one."""
        if not task.occ.blocks:
            return 0
        self._touch(task)
        info = self._b.problem.staff.get(person)
        if info is not None and info.member_of:
            if task.atoms & self._b.problem.groups.audience_atoms(info.member_of):
                return self._b.presence(task)
        return self._b.assign.get((task.id, person), 0)

    def both(self, a: Literal, b: Literal) -> Literal:
        """Literal (or 0/1) for "a and b"."""
        return self._b.both(a, b)

    def any_of(self, literals: Iterable[Literal]) -> Literal:
        """Literal (or 0/1) for "at least one of these holds"."""
        return self._b.any_of(list(literals))

    def in_range(self, expr: Any, lo: int, hi: int, tasks: Iterable[Task] = ()) -> Literal:
        """Literal: `lo <= expr <= hi` and the tasks are present (e.g. "b starts 1 to 3
        days before a": `in_range(ctx.day(a) - ctx.day(b), 1, 3, [a, b])`)."""
        model = self._b.model
        inside = Domain(lo, hi)
        lit = model.new_bool_var(f"{self.rule_id}:in[{len(model.proto.variables)}]")
        model.add_linear_expression_in_domain(expr, inside).only_enforce_if(lit)
        model.add_linear_expression_in_domain(expr, inside.complement()).only_enforce_if(~lit)
        for task in tasks:
            lit = self._b.both(lit, self._b.presence(task))
        return lit

    def error(self, message: str, *key: str | int) -> PlanError:
        """A `PlanError` (exit 2) about this rule's parameters at `key`, with the plan's
        file and line and the plugin's name; raise it from `apply`."""
        issue = PlanIssue(message, self.rule.path + key, source=self.rule.plugin)
        return self.problem.loaded.fail([issue])

    def window_days(self, task: Task) -> frozenset[int]:
        """Days its `when` allows (inside its `every` period): its window, before
        resources and pins narrow it."""
        return self._b.window_days(task)

    def window_periods(self, tasks: Sequence[Task], over: str) -> list[str]:
        """Labels of the days/weeks/months the tasks' windows touch."""
        touched: set[int] = set()
        for task in tasks:
            touched |= self.window_days(task)
        return [
            label
            for label, lo, hi in self.days.spans(over)
            if any(d in touched for d in range(lo, hi + 1))
        ]

    def by_period(self, tasks: Sequence[Task], over: str) -> dict[str, list[tuple[Task, Literal]]]:
        """For each day/week/month a task may start in: (task, starts-there literal)."""
        out: dict[str, list[tuple[Task, Literal]]] = {}
        spans = self.days.spans(over)
        per_day = self._b.problem.grid.per_day
        for task in tasks:
            flat = task.domain.flattened_intervals()
            lo, hi = flat[0] // per_day, flat[-1] // per_day
            for label, first, last in spans:
                if last < lo or first > hi:
                    continue
                lit = self.starts_in(task, first, last)
                if not (isinstance(lit, int) and lit == 0):
                    out.setdefault(label, []).append((task, lit))
        return out

    # --- shaping the model -------------------------------------------------------

    def new_bool(self, name: str) -> Any:
        return self._b.model.new_bool_var(f"{self.rule_id}:{name}")

    def new_int(self, lo: int, hi: int, name: str) -> Any:
        return self._b.model.new_int_var(lo, hi, f"{self.rule_id}:{name}")

    def add(
        self, constraint: Any, tag: str, only_if: Iterable[Literal] = (), tasks: Iterable[Task] = ()
    ) -> None:
        """A hard constraint of this rule (use `at_least`/`at_most` for soft ones).

        `tasks`: the occurrences it is about; it holds only while they are in the plan
        (which matters when the diagnosis drops activities).
        """
        if not self.hard:
            raise ValueError(f"rule {self.rule_id} has a weight: use at_least/at_most/penalize")
        lits = [self._literal, *only_if]
        lits += [
            p
            for p in {id(x): x for x in (self._b.presence(t) for t in tasks)}.values()
            if not isinstance(p, int)
        ]
        self._b.model.add(constraint).with_name(f"{self.rule_id}:{tag}").only_enforce_if(lits)

    def require(
        self, constraint: Any, tag: str, tasks: Sequence[Task], only_if: Iterable[Literal] = ()
    ) -> None:
        """Hard: `constraint` holds. Soft: each time it does not hold costs `weight`."""
        only_if = list(only_if)
        if self.hard:
            self.add(constraint, tag, only_if, tasks)
            return
        broken = self.new_bool(f"{tag}:broken")
        self._b.model.add(constraint).only_enforce_if([~broken, *only_if])
        self.penalize(broken, tag, tasks)

    def penalize(self, units: Any, tag: str, tasks: Iterable[Task]) -> None:
        """Add `weight × units` to the objective (units: a non-negative variable)."""
        weight = self.weight if self.weight is not None else 1
        self._b.penalties.append(
            Penalty(
                self.rule_id, self.rule.type.name, weight, units, tuple(t.id for t in tasks), tag
            )
        )

    def avoid(self, tasks: Sequence[Task], days: Iterable[int]) -> None:
        """No task covers any of these day indices; soft: each task that does costs
        `weight`. Tagged with the task's id."""
        days = set(days)
        for task in tasks:
            lit = self.covers(task, days)
            if not (isinstance(lit, int) and lit == 0):
                self.require(lit == 0, task.id, [task])

    def at_most(self, terms: Sequence[tuple[Task, Literal]], limit: int, tag: str) -> None:
        """At most `limit` of the literals hold; soft: each one over costs `weight`."""
        total = sum(lit for _, lit in terms)
        if len(terms) <= limit:
            return
        if self.hard:
            self.add(total <= limit, tag)
            return
        over = self._b.model.new_int_var(0, len(terms), f"{self.rule_id}:{tag}:over")
        self._b.model.add(over >= total - limit)
        self.penalize(over, tag, [t for t, _ in terms])

    def at_least(
        self,
        expr: Any,
        bound: int,
        tag: str,
        tasks: Sequence[Task],
        only_if: Iterable[Literal] = (),
        max_units: int = 10_000,
    ) -> None:
        """`expr ≥ bound` (when all `only_if` hold); soft: each unit short costs `weight`."""
        only_if = list(only_if)
        if self.hard:
            self.add(expr >= bound, tag, only_if, tasks)
            return
        short = self._b.model.new_int_var(0, max_units, f"{self.rule_id}:{tag}:short")
        self._b.model.add(short >= bound - expr).only_enforce_if(only_if)
        self.penalize(short, tag, tasks)

    def at_most_at_once(
        self, terms: Sequence[tuple[Task, int, Literal]], limit: int, tag: str
    ) -> None:
        """Hard only: at every slot, the `demand`s of the tasks running then (those whose
        literal holds) add up to at most `limit` (a cumulative constraint)."""
        if not self.hard:
            raise ValueError(f"rule {self.rule_id}: at_most_at_once is hard only")
        model = self._b.model
        intervals, demands = [], []
        for task, demand, literal in terms:
            lit = self._b.both(literal, self._b.presence(task))
            if demand <= 0 or not task.occ.blocks or (isinstance(lit, int) and not lit):
                continue
            name = f"{self.rule_id}:{tag}:{task.id}#{len(intervals)}"
            intervals.append(self._b.interval_if(self._b.start[task.id], task.size, lit, name))
            demands.append(demand)
        if sum(demands) <= limit:
            return
        if limit < 0:
            self.add(False, tag)
            return
        model.add_cumulative(intervals, demands, limit).with_name(
            f"{self.rule_id}:{tag}"
        ).only_enforce_if(self._literal)
