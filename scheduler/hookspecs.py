"""Every extension point of the scheduler, one documented hook each (project `scheduler`).

Built-in plugins in `plugins/` implement these exactly as a third-party package does
through the entry-point group `scheduler.plugins`. An implementation may take any
subset of a hook's arguments, so hooks can grow new arguments without breaking
plugins. `docs/plugins.md` documents each hook; `tests/test_hooks.py` checks that
every hook here is documented there, implemented by a built-in and exercised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .api import (
        CalendarYear,
        Exporter,
        NamedDates,
        NamedPeriods,
        Profile,
        RuleType,
        TournamentFormat,
    )
    from .errors import PlanIssue
    from .model import PlanFile

hookspec = pluggy.HookspecMarker("scheduler")
hookimpl = pluggy.HookimplMarker("scheduler")


@hookspec
def scheduler_calendar_days(
    year: int, calendars: Sequence[str], plan: PlanFile, plan_path: str, provisional: bool
) -> CalendarYear | Sequence[CalendarYear] | None:
    """Mark the dates of `year`: days off, make-up workdays, holiday names, tags.

    Receives: the year; the calendar names the plan selects (`plan.calendars`); the
    plan and its file path (for plan-supplied data files); whether the run allows
    provisional data for years without an official notice.
    Returns: a `CalendarYear` for each calendar this plugin provides. For one the
    plan does not select, return it with no days (that is how the core knows the
    name, to suggest it for a typo). A selected calendar without data for the year
    raises `PlanError`.
    firstresult: no; results merge in the order of `plan.calendars`, later wins.
    When: once per calendar year the plan period touches, before windows resolve.
    """


@hookspec
def scheduler_named_dates(year: int, calendars: Sequence[str], plan: PlanFile) -> NamedDates | None:
    """Named dates in `year`, e.g. `spring_festival`, `teachers_day`.

    Receives: the year, the selected calendars, the plan (its `profile`).
    Returns: `NamedDates(source, dates, kind)` for a selected calendar
    (`kind="calendar"`) or the plan's profile (`kind="profile"`), or None.
    firstresult: no; merged calendars first (plan order), then the profile, then
    `plan.dates`; a later source wins.
    When: once per calendar year the plan period touches, before windows resolve.
    """


@hookspec
def scheduler_named_periods(
    year: int, calendars: Sequence[str], plan: PlanFile
) -> NamedPeriods | None:
    """Named date ranges in `year`, e.g. `sanfu`, `summer_vacation`.

    Receives: the year, the selected calendars, the plan.
    Returns: `NamedPeriods(source, periods, kind)` or None; a period may hold
    several ranges and may reach into the next year.
    firstresult: no; merged like named dates; `plan.periods` wins outright.
    When: once per calendar year the plan period touches, before windows resolve.
    """


@hookspec
def scheduler_rule_types() -> Sequence[RuleType]:
    """Rule types this plugin provides (`max_per_week`, `hospital.min_on_duty`).

    Receives: nothing.
    Returns: `RuleType(name, params, apply)` items; `params` is a `RuleParams`
    subclass, `apply(ctx: RuleContext, params)` shapes the model. Plugin types are
    namespaced (`<plugin>.<rule>`, the namespace being the plugin's name or its last
    dotted part); only the built-in `rules.*` plugins register bare names. An item
    that breaks these is skipped and reported under the plugin's name; a name
    registered twice is an error, naming both plugins, for a plan that uses it.
    firstresult: no; collected from every plugin.
    When: once per run (then cached): when rules are validated, and at the start of
    `solve`, `validate`, `schema` and `plugins`.
    """


@hookspec
def scheduler_tournament_formats() -> Sequence[TournamentFormat]:
    """Tournament formats: turn teams into matches (`round_robin`, `knockout`, …).

    Receives: nothing.
    Returns: `TournamentFormat(name, generate)` items; `generate(teams, activity)`
    returns the `MatchSpec`s, or raises `ValueError` for options it cannot meet.
    firstresult: no; collected from every plugin; a name twice is reported.
    When: once per run (then cached), when tournaments are expanded.
    """


@hookspec
def scheduler_exporters() -> Sequence[Exporter]:
    """Output formats (`json`, `ics`, …) written next to each other in the out dir.

    Receives: nothing.
    Returns: `Exporter(name, render)` items; `render(ExportInput)` returns
    `{relative path: bytes}`, which the core writes atomically.
    firstresult: no; collected from every plugin; a name twice is reported.
    When: once per run (then cached); rendered after a schedule is found.
    """


@hookspec
def scheduler_profiles() -> Sequence[Profile]:
    """Organisation profiles (`school`, `hospital`, `enterprise`).

    Receives: nothing.
    Returns: `Profile(name, title, description, rules, template)` items. `rules`
    are default rule mappings (`{"type": ..., params}`, optional `id`, else the type
    name), added after a plan's own rules unless the plan has a rule with that id or
    lists it in `plan.drop_rules`. `template` is the YAML that `scheduler new` writes.
    A profile's named dates and periods come through `scheduler_named_dates`/
    `_periods` with `kind="profile"` and `source` = the profile's name.
    firstresult: no; collected from every plugin; a name twice is an error naming
    both plugins for a plan that uses it.
    When: once per run (then cached): when a plan is read, and by `scheduler new`.
    """


@hookspec
def scheduler_check_plan(plan: PlanFile, plan_path: str) -> Sequence[PlanIssue] | None:
    """Check a plan before solving: organisation policies, sanity warnings.

    Receives: the validated plan and its path.
    Returns: `PlanIssue` items (severity "error" stops with exit 2, "warning" is
    shown), with key paths so the core can add line numbers; or None.
    firstresult: no; every plugin's issues are reported together.
    When: after the plan is read and its references checked, before the calendar.
    """
