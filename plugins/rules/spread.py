"""Built-in rule `spread` (a preference): scoped occurrences spread evenly over the
weeks or months their windows cover. Each occurrence above the even share
⌈total / periods⌉ in a period costs `weight` (1 when no weight is given)."""

from __future__ import annotations

import math
from typing import Literal

from scheduler.api import RuleParams, RuleType, Scope
from scheduler.hookspecs import hookimpl
from scheduler.solver.context import RuleContext


class Spread(RuleParams):
    scope: Scope | None = None
    over: Literal["week", "month"]


def apply_spread(ctx: RuleContext, rule: Spread) -> None:
    tasks = ctx.select(rule.scope)
    periods = ctx.window_periods(tasks, rule.over)
    if not tasks or not periods:
        return
    share = math.ceil(len(tasks) / len(periods))
    for label, terms in ctx.by_period(tasks, rule.over).items():
        ctx.at_most(terms, share, tag=label)


@hookimpl
def scheduler_rule_types() -> list[RuleType]:
    return [
        RuleType(
            "spread",
            Spread,
            apply_spread,
            "(soft) scoped occurrences spread evenly over weeks or months",
            soft_only=True,
        )
    ]
