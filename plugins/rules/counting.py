"""Built-in rules `max_per_week` and `max_per_day`: how many scoped occurrences may
start in one ISO week or one day (a tournament's match counts as one)."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.api import RuleParams, RuleType, Scope
from scheduler.hookspecs import hookimpl
from scheduler.solver.context import RuleContext
from scheduler.values import NonNegativeInt


class MaxPer(RuleParams):
    scope: Scope | None = None
    limit: NonNegativeInt


def _apply(over: str) -> Callable[[RuleContext, MaxPer], None]:
    def apply(ctx: RuleContext, rule: MaxPer) -> None:
        for label, terms in ctx.by_period(ctx.select(rule.scope), over).items():
            ctx.at_most(terms, rule.limit, tag=label)

    return apply


@hookimpl
def scheduler_rule_types() -> list[RuleType]:
    return [
        RuleType(
            "max_per_week",
            MaxPer,
            _apply("week"),
            "at most `limit` scoped occurrences start in any ISO week",
        ),
        RuleType(
            "max_per_day",
            MaxPer,
            _apply("day"),
            "at most `limit` scoped occurrences start on any day",
        ),
    ]
