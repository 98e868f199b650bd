"""Built-in profile `school`: terms, vacations and exam weeks as named periods,
`term_start`, and the default rule `school.no_events_in_exam_weeks`.

The dates are defaults for a year of a Chinese primary or secondary school, derived
from that year's 春节 (lunar, so any year works); a school puts its district's real
dates in `plan.periods` / `plan.dates`, which win. For a year Y:

- `winter_vacation`: the Saturday on or before 春节 − 14 days to the Sunday on or
  after 春节 + 12 days (2026: 01-31 to 03-01);
- `summer_vacation`: the first Saturday of July to 31 August (2026: 07-04 to 08-31);
- `spring_term`: the Monday after the winter vacation to the eve of the summer one;
- `autumn_term`: 1 September to the eve of the next winter vacation (the year also
  holds last year's autumn term, which ends in January);
- `terms`: both terms; `exam_weeks`: the last 12 days of each term (from the Monday
  two weeks before a vacation to its eve);
- named dates `term_start` (1 September) and `spring_term_start`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plugins.calendars.china_lunar import spring_festival
from scheduler.api import (
    NamedDates,
    NamedPeriods,
    Profile,
    RuleContext,
    RuleParams,
    RuleType,
    Scope,
    SlugList,
)
from scheduler.hookspecs import hookimpl
from scheduler.model import PlanFile

from . import template

NAME = "school"
DAY = dt.timedelta(days=1)
Range = tuple[dt.date, dt.date]
EXAM_DAYS = 12


def winter_vacation(year: int) -> Range:
    festival = spring_festival(year)
    start = festival - 14 * DAY
    start -= ((start.weekday() - 5) % 7) * DAY  # back to a Saturday
    end = festival + 12 * DAY
    end += ((6 - end.weekday()) % 7) * DAY  # on to a Sunday
    return start, end


def summer_vacation(year: int) -> Range:
    first = dt.date(year, 7, 1)
    return first + ((5 - first.weekday()) % 7) * DAY, dt.date(year, 8, 31)


def periods(year: int) -> dict[str, list[Range]]:
    """The school's named periods of `year` (see the module docstring)."""
    winter, summer = winter_vacation(year), summer_vacation(year)
    spring = (winter[1] + DAY, summer[0] - DAY)
    autumn = [
        (dt.date(year - 1, 9, 1), winter[0] - DAY),
        (dt.date(year, 9, 1), winter_vacation(year + 1)[0] - DAY),
    ]
    exams = [(start - EXAM_DAYS * DAY, start - DAY) for start in (winter[0], summer[0])]
    return {
        "winter_vacation": [winter],
        "summer_vacation": [summer],
        "spring_term": [spring],
        "autumn_term": autumn,
        "terms": sorted([spring, *autumn]),
        "exam_weeks": exams,
    }


@hookimpl
def scheduler_named_periods(year: int, plan: PlanFile) -> NamedPeriods | None:
    if plan.plan.profile != NAME:
        return None
    return NamedPeriods(NAME, periods(year), "profile")


@hookimpl
def scheduler_named_dates(year: int, plan: PlanFile) -> NamedDates | None:
    if plan.plan.profile != NAME:
        return None
    spring_start = winter_vacation(year)[1] + DAY
    return NamedDates(
        NAME, {"term_start": dt.date(year, 9, 1), "spring_term_start": spring_start}, "profile"
    )


class NoEventsInExamWeeks(RuleParams):
    scope: Scope | None = None  # default: events and tournaments
    periods: SlugList = ["exam_weeks"]


DEFAULT_SCOPE = Scope(kind=["event", "tournament"])


def apply_no_events_in_exam_weeks(ctx: RuleContext, rule: NoEventsInExamWeeks) -> None:
    """Hard: no scoped occurrence covers a day of the periods. Soft: each one that
    does costs `weight`. Series (regular meetings) and deadlines are not in the
    default scope: a weekly meeting has no week to move to."""
    days: set[int] = set()
    for i, name in enumerate(rule.periods):
        if name not in ctx.days.named_periods:
            known = ", ".join(sorted(ctx.days.named_periods)) or "none"
            raise ctx.error(f"unknown period {name!r} (known: {known})", "periods", i)
        days |= ctx.days.in_period(name)
    ctx.avoid(ctx.select(rule.scope or DEFAULT_SCOPE), days)


@hookimpl
def scheduler_rule_types() -> Sequence[RuleType]:
    return [
        RuleType(
            "school.no_events_in_exam_weeks",
            NoEventsInExamWeeks,
            apply_no_events_in_exam_weeks,
            "no event or match on a day of exam_weeks (or the named `periods`)",
        )
    ]


@hookimpl
def scheduler_profiles() -> Sequence[Profile]:
    return [
        Profile(
            NAME,
            "学校",
            "terms, winter/summer vacation and exam weeks; no events in exam weeks",
            rules=({"type": "school.no_events_in_exam_weeks"},),
            template=template(NAME),
        )
    ]
