"""Built-in rules `min_gap_days` and `before`: how activities sit relative to each other.

Gaps count days: the later item's start date minus the earlier item's last day
(two one-day items on Monday and Wednesday are 2 days apart).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from scheduler.api import ActivityRef, RuleParams, RuleType
from scheduler.hookspecs import hookimpl
from scheduler.problem import Task
from scheduler.solver.context import RuleContext
from scheduler.values import NonNegativeInt


class MinGapDays(RuleParams):
    between: Annotated[list[ActivityRef], Field(min_length=2, max_length=2)]
    days: NonNegativeInt


class Before(RuleParams):
    first: ActivityRef
    then: ActivityRef

    @model_validator(mode="after")
    def _different(self) -> Before:
        if self.first == self.then:
            raise ValueError("first and then name the same activity")
        return self


def _day_bounds(ctx: RuleContext, task: Task) -> tuple[int, int]:
    per_day = ctx.problem.grid.per_day
    flat = task.domain.flattened_intervals()
    return flat[0] // per_day, flat[-1] // per_day


def apply_min_gap_days(ctx: RuleContext, rule: MinGapDays) -> None:
    a, b = rule.between
    left, right = ctx.tasks_of(a), ctx.tasks_of(b)
    pairs = [(x, y) for x in left for y in right if x.id < y.id or a != b]
    if a == b:
        pairs = [(x, y) for i, x in enumerate(left) for y in left[i + 1 :]]
    for x, y in pairs:
        x_lo, x_hi = _day_bounds(ctx, x)
        y_lo, y_hi = _day_bounds(ctx, y)
        tag = f"{x.id}~{y.id}"
        span_x = x.occ.duration.days - 1 if x.occ.whole_day else 0
        span_y = y.occ.duration.days - 1 if y.occ.whole_day else 0
        x_first_possible = x_lo + span_x < y_hi + 1  # x may end before y starts
        y_first_possible = y_lo + span_y < x_hi + 1
        gap_xy = ctx.day(y) - ctx.last_day(x)
        gap_yx = ctx.day(x) - ctx.last_day(y)
        if x_first_possible and y_first_possible:
            order = ctx.new_bool(f"order[{tag}]")
            ctx.at_least(gap_xy, rule.days, tag, [x, y], only_if=[order])
            ctx.at_least(gap_yx, rule.days, tag, [x, y], only_if=[~order])
        else:
            gap = gap_xy if x_first_possible else gap_yx
            ctx.at_least(gap, rule.days, tag, [x, y])


def apply_before(ctx: RuleContext, rule: Before) -> None:
    firsts, thens = ctx.tasks_of(rule.first), ctx.tasks_of(rule.then)
    if not firsts or not thens:
        return
    if ctx.hard:  # one boundary between the two groups: n + m constraints, not n × m
        horizon = ctx.problem.days.count * ctx.problem.grid.per_day
        boundary = ctx.new_int(0, horizon, "boundary")
        for x in firsts:
            ctx.add(ctx.end(x) <= boundary, f"{x.id}<|", tasks=[x])
        for y in thens:
            ctx.add(boundary <= ctx.start(y), f"|<{y.id}", tasks=[y])
        return
    for x in firsts:
        for y in thens:
            ctx.require(ctx.end(x) <= ctx.start(y), f"{x.id}<{y.id}", [x, y])


@hookimpl
def scheduler_rule_types() -> list[RuleType]:
    return [
        RuleType(
            "min_gap_days",
            MinGapDays,
            apply_min_gap_days,
            "every occurrence of the two activities is `days` apart (either order)",
        ),
        RuleType(
            "before",
            Before,
            apply_before,
            "the last occurrence of `first` ends before the first of `then` starts",
        ),
    ]
