"""Built-in profile `hospital`: the rule `hospital.min_on_duty`, 护士节 and 医师节.

`hospital.min_on_duty {role, min, per}`: at least `min` of the people who hold
`role` stay on duty, that is, are not taken away by the plan's activities. A person
is taken away by an occurrence they work (named, or picked for a role) and by every
occurrence whose audience shares members with a group they are `member_of`
(plan-format.md, "Groups"). Deadlines take no one away; `unavailable` times are the
roster's business and do not count.

- `per: day` (default): on every day of the plan, at most (holders − min) of them
  have any such occurrence on that day. Soft (with `weight`): each person short on
  a day costs `weight`.
- `per: slot`: at every slot of the day grid, at most (holders − min) are taken away
  at that moment (a person in two overlapping occurrences through two of their
  groups counts twice). Hard only.

`scope` narrows which activities count (default: all). The named dates
`nurses_day` (5/12) and `doctors_day` (8/19) are the china calendar's, offered here
too so that a hospital plan has them without that calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import model_validator

from plugins.calendars.china_lunar import named_dates
from scheduler.api import (
    NamedDates,
    NonNegativeInt,
    PlanIssue,
    Profile,
    RuleContext,
    RuleParams,
    RuleType,
    Scope,
    Slug,
)
from scheduler.hookspecs import hookimpl
from scheduler.model import PlanFile
from scheduler.values import suggest

from . import template

NAME = "hospital"
RULE = "hospital.min_on_duty"


class MinOnDuty(RuleParams):
    role: Slug
    min: NonNegativeInt
    per: Literal["day", "slot"] = "day"
    scope: Scope | None = None

    @model_validator(mode="after")
    def _slot_is_hard(self) -> MinOnDuty:
        if self.per == "slot" and self.weight is not None:
            raise ValueError("per: slot is a hard rule; drop weight, or use per: day")
        return self


def _per_day(ctx: RuleContext, rule: MinOnDuty, holders: list[str]) -> None:
    away: dict[int, dict[str, list]] = {}  # day -> person -> "away that day" literals
    involved: dict[int, set] = {}
    for task in ctx.select(rule.scope):
        taken = [(p, ctx.occupies(task, p)) for p in holders]
        taken = [(p, lit) for p, lit in taken if not (isinstance(lit, int) and not lit)]
        if not taken:
            continue
        span = ctx.span(task)
        for day in sorted({d + k for d in ctx.start_days(task) for k in range(span)}):
            there = ctx.covers(task, [day])
            for person, takes in taken:
                away.setdefault(day, {}).setdefault(person, []).append(ctx.both(takes, there))
            involved.setdefault(day, set()).add(task.id)
    tasks = {t.id: t for t in ctx.problem.tasks}
    for index in range(ctx.days.count):
        people = away.get(index, {})
        if not people and len(holders) >= rule.min:
            continue
        on_duty = len(holders) - sum(ctx.any_of(lits) for lits in people.values())
        which = [] if ctx.hard else [tasks[t] for t in sorted(involved.get(index, ()))]
        ctx.at_least(on_duty, rule.min, ctx.days.date(index).isoformat(), which)


def _per_slot(ctx: RuleContext, rule: MinOnDuty, holders: list[str]) -> None:
    terms = []
    for task in ctx.select(rule.scope):
        sure = 0  # people it surely takes (members of its audience)
        for person in holders:
            takes = ctx.occupies(task, person)
            if isinstance(takes, int):
                sure += takes
            else:
                terms.append((task, 1, takes))
        if sure:
            terms.append((task, sure, 1))
    ctx.at_most_at_once(terms, len(holders) - rule.min, "slots")


def apply_min_on_duty(ctx: RuleContext, rule: MinOnDuty) -> None:
    holders = [p.id for p in ctx.problem.staff.values() if rule.role in p.roles]
    (_per_day if rule.per == "day" else _per_slot)(ctx, rule, holders)


@hookimpl
def scheduler_rule_types() -> Sequence[RuleType]:
    return [
        RuleType(
            RULE,
            MinOnDuty,
            apply_min_on_duty,
            "at least `min` people of `role` stay on duty (not taken away by activities)"
            " every day, or at every slot",
        )
    ]


@hookimpl
def scheduler_check_plan(plan: PlanFile) -> Sequence[PlanIssue]:
    """A min_on_duty rule must name a role some staff member holds (else it is a typo)."""
    roles = sorted({role for person in plan.staff for role in person.roles})
    issues = []
    for index, spec in enumerate(plan.rules):
        role = spec.params().get("role")
        if spec.type == RULE and isinstance(role, str) and role not in roles:
            issues.append(
                PlanIssue(
                    f"no staff member has role {role!r}{suggest(role, roles)}"
                    f" (roles: {', '.join(roles) or 'none'})",
                    ("rules", index, "role"),
                )
            )
    return issues


@hookimpl
def scheduler_named_dates(year: int, plan: PlanFile) -> NamedDates | None:
    if plan.plan.profile != NAME:
        return None
    dates = named_dates(year)
    return NamedDates(NAME, {k: dates[k] for k in ("nurses_day", "doctors_day")}, "profile")


@hookimpl
def scheduler_profiles() -> Sequence[Profile]:
    return [
        Profile(
            NAME,
            "医院",
            "staff of a role kept on duty (hospital.min_on_duty); 护士节, 医师节",
            template=template(NAME),
        )
    ]
