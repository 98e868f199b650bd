"""Built-in profile `enterprise`: sports on weekends (利用双休日) and no activities on
the month-end closing days.

- `enterprise.sports_on_weekends {scope, days}` (a preference; weight 1 unless
  given): each scoped occurrence (default: category `sport`) that covers a day of
  none of the kinds in `days` (default `[weekend]`) costs `weight`.
- `enterprise.avoid_month_end {scope, last_workdays}`: no scoped occurrence (default:
  all but deadlines) covers one of the last `last_workdays` (default 3) workdays of
  a month, counted on the plan's calendar (调休 make-up workdays count, breaks do
  not). A month whose end lies outside the plan period has none. Hard, or with
  `weight` a preference costing `weight` per occurrence.

The profile adds both as default rules: `enterprise.sports_on_weekends` (weight 1)
and `enterprise.avoid_month_end` with weight 5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from scheduler.api import (
    DayKindList,
    PositiveInt,
    Profile,
    RuleContext,
    RuleParams,
    RuleType,
    Scope,
)
from scheduler.hookspecs import hookimpl

from . import template

NAME = "enterprise"


class SportsOnWeekends(RuleParams):
    scope: Scope | None = None  # default: category sport
    days: DayKindList = ["weekend"]


class AvoidMonthEnd(RuleParams):
    scope: Scope | None = None  # default: everything but deadlines
    last_workdays: PositiveInt = 3


def apply_sports_on_weekends(ctx: RuleContext, rule: SportsOnWeekends) -> None:
    for i, word in enumerate(rule.days):
        if word not in ctx.days.known_kinds:
            known = ", ".join(sorted(ctx.days.known_kinds))
            raise ctx.error(f"unknown day kind {word!r} (known: {known})", "days", i)
    other = [
        d for d in range(ctx.days.count) if not any(ctx.days.has_kind(d, w) for w in rule.days)
    ]
    ctx.avoid(ctx.select(rule.scope or Scope(category=["sport"])), other)


def closing_days(ctx: RuleContext, last: int) -> list[int]:
    """The last `last` workdays of each month whose last day is inside the plan."""
    days = ctx.days
    out: list[int] = []
    for _, first, final in days.spans("month"):
        if (days.date(final) + dt.timedelta(days=1)).month == days.date(final).month:
            continue  # the month goes on after the plan period
        workdays = [d for d in range(first, final + 1) if days.workday[d]]
        out += workdays[-last:]
    return out


def apply_avoid_month_end(ctx: RuleContext, rule: AvoidMonthEnd) -> None:
    ctx.avoid(ctx.select(rule.scope), closing_days(ctx, rule.last_workdays))


@hookimpl
def scheduler_rule_types() -> Sequence[RuleType]:
    return [
        RuleType(
            "enterprise.sports_on_weekends",
            SportsOnWeekends,
            apply_sports_on_weekends,
            "(soft) sports occurrences cover only weekend days (or the kinds in `days`)",
            soft_only=True,
        ),
        RuleType(
            "enterprise.avoid_month_end",
            AvoidMonthEnd,
            apply_avoid_month_end,
            "no occurrence on the last `last_workdays` workdays of a month",
        ),
    ]


@hookimpl
def scheduler_profiles() -> Sequence[Profile]:
    return [
        Profile(
            NAME,
            "企业",
            "sports on weekends; no activities on month-end closing days",
            rules=(
                {"type": "enterprise.sports_on_weekends"},
                {"type": "enterprise.avoid_month_end", "weight": 5},
            ),
            template=template(NAME),
        )
    ]
