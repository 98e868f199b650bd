"""`RuleContext`: the small, stable surface a rule type uses to shape the model.

A rule never touches the raw `CpModel`. It selects occurrences, reads their start,
end and day expressions, and adds constraints through `add`, `at_most` and
`at_least`. Whether those are hard (with the rule's enforcement literal, so the
diagnosis can drop them) or soft (a penalty of `weight` per unit) follows from the
rule's `weight`; everything is tagged `<rule id>:<tag>` for the score and the
diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..api import Scope
from ..calendar import Days
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
        return self._b.start[task.id]

    def end(self, task: Task) -> Any:
        """End on the slot axis (exclusive); a whole-day item ends at the next day's 0."""
        return self._b.end(task)

    def day(self, task: Task) -> Any:
        """Index of the start day (0 = the plan period's first day)."""
        return self._b.day(task)

    def last_day(self, task: Task) -> Any:
        """Index of the last day the task covers."""
        return self._b.last_day(task)

    def starts_in(self, task: Task, lo_day: int, hi_day: int) -> Literal:
        """Literal (or 0/1): the task starts on a day index in [lo_day, hi_day]."""
        return self._b.starts_in(task, lo_day, hi_day)

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
