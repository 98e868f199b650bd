"""What plugins exchange with the core: the values every hook takes or returns.

A plugin imports from here (and `scheduler.hookspecs.hookimpl`) only; the rest of
the package may change between releases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .errors import PlanError, PlanIssue
from .model import KINDS, DayKindList, Strict
from .values import (
    ActivityRef,
    GroupRef,
    NonNegativeInt,
    PositiveInt,
    Ref,
    Slug,
    SlugList,
    StaffRef,
    VenueRef,
    one_or_many,
)

if TYPE_CHECKING:
    from .schedule import Schedule
    from .solver.context import RuleContext


# --- calendars -------------------------------------------------------------------


@dataclass(frozen=True)
class DayMark:
    """What a calendar says of one date; unset fields keep the weekday default.

    `workday`: True for a 调休 make-up workday, False for a day off. `holiday`: the
    name of the official break the day belongs to (it is then a `holiday`). `tags`:
    further day-kind words this calendar defines (they become usable in `days:`).
    """

    workday: bool | None = None
    holiday: str | None = None
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CalendarYear:
    """One calendar's marks for one year."""

    calendar: str
    year: int
    days: Mapping[dt.date, DayMark]
    provisional: bool = False
    source: str = ""  # where the data comes from, e.g. the State Council notice
    kinds: tuple[str, ...] = ()  # extra day-kind words (tags) it may set


@dataclass(frozen=True)
class NamedDates:
    """Named dates of one source (a calendar or a profile) for one year."""

    source: str
    dates: Mapping[str, dt.date]
    kind: Literal["calendar", "profile"] = "calendar"


@dataclass(frozen=True)
class NamedPeriods:
    """Named date ranges (both ends included) of one source for one year."""

    source: str
    periods: Mapping[str, Sequence[tuple[dt.date, dt.date]]]
    kind: Literal["calendar", "profile"] = "calendar"


# --- rules -----------------------------------------------------------------------

ScopeValue = Annotated[list[str], BeforeValidator(one_or_many)]


class Scope(Strict):
    """Selects activities by what the plan says of them; all given keys must match."""

    id: Annotated[SlugList, Field(min_length=1)] | None = None
    category: Annotated[SlugList, Field(min_length=1)] | None = None
    kind: (
        Annotated[
            list[Literal["event", "series", "tournament", "deadline"]],
            BeforeValidator(one_or_many),
            Field(min_length=1),
        ]
        | None
    ) = None
    audience: Annotated[SlugList, Field(min_length=1)] | None = None
    venue: Annotated[SlugList, Field(min_length=1)] | None = None
    staff: Annotated[SlugList, Field(min_length=1)] | None = None


class RuleParams(Strict):
    """Base of every rule type's parameters: `id` and `weight` are common to all."""

    id: Slug | None = None
    weight: NonNegativeInt | None = None


@dataclass(frozen=True)
class RuleType:
    """A rule type: its name, parameter model and the function that applies it.

    `apply(ctx, params)` adds hard constraints or weighted penalties through the
    `RuleContext` it receives; `ctx.hard` says which (a rule with `weight` is soft).
    """

    name: str
    params: type[RuleParams]
    apply: Callable[[RuleContext, Any], None]
    description: str = ""
    soft_only: bool = False  # e.g. spread: without a weight it costs 1 per unit


# --- exporters -------------------------------------------------------------------


@dataclass(frozen=True)
class ExportInput:
    """Everything an exporter may read; it returns files, the core writes them."""

    schedule: Schedule
    plan: Any  # scheduler.loader.LoadedPlan
    days: Any  # scheduler.calendar.Days
    stamp: dt.datetime  # DTSTAMP: the revision time (UTC), never "now"


@dataclass(frozen=True)
class Exporter:
    """An output format: `render(input) -> {relative path: bytes}`."""

    name: str
    render: Callable[[ExportInput], dict[str, bytes]]
    description: str = ""
    default: bool = True  # written by `solve` unless the planner picks formats


# --- profiles --------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """An organisation profile: its periods and dates come through the calendar hooks
    (with `kind="profile"`); here are its name, default rules and plan template."""

    name: str
    title: str
    description: str = ""
    rules: Sequence[Mapping[str, Any]] = field(default_factory=tuple)
    template: str = ""


# --- tournaments -----------------------------------------------------------------


@dataclass(frozen=True)
class MatchSpec:
    """One generated match; `home`/`away` are team ids, or None while unknown."""

    label: str  # the occurrence label, e.g. "math-chinese", "A/math-chinese", "QF1"
    home: str | None
    away: str | None
    round: int  # 1-based; matches of a later round come after earlier ones in order
    feeds_from: tuple[str, ...] = ()  # labels of matches whose outcome decides the teams
    candidates: tuple[str, ...] = ()  # teams that can still reach this match
    seats: tuple[str, str] = ("", "")  # where unknown teams come from: "winner:QF1",
    # "loser:SF1" or "rank:A:1" (the core turns these into titles)


@dataclass(frozen=True)
class TournamentFormat:
    """A format: `generate(teams, options) -> matches` (options: the activity)."""

    name: str
    generate: Callable[[Sequence[str], Any], list[MatchSpec]]
    description: str = ""


def __getattr__(name: str) -> Any:
    """`RuleContext` is importable from here without importing the solver up front."""
    if name == "RuleContext":
        from .solver.context import RuleContext

        return RuleContext
    raise AttributeError(name)


__all__ = [
    "ActivityRef",
    "DayKindList",
    "NonNegativeInt",
    "PlanError",
    "PlanIssue",
    "PositiveInt",
    "RuleContext",
    "Slug",
    "SlugList",
    "GroupRef",
    "Ref",
    "StaffRef",
    "VenueRef",
    "KINDS",
    "CalendarYear",
    "DayMark",
    "ExportInput",
    "Exporter",
    "MatchSpec",
    "NamedDates",
    "NamedPeriods",
    "Profile",
    "RuleParams",
    "RuleType",
    "Scope",
    "TournamentFormat",
]
