"""Pydantic models of the plan file (plan-format.md v1): the single source of truth.

Only shape and single-value checks live here; cross-references (unknown ids, cycles)
are checked in `references.py`, and everything that needs the calendar (day kinds,
named dates and periods) where the calendar is built.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .values import (
    DateField,
    DateList,
    DateOrDateTime,
    DateRangeField,
    DateRanges,
    Duration,
    DurationField,
    NonNegativeInt,
    PositiveInt,
    Ranges,
    Slug,
    SlugList,
    TimeWindow,
    TimeWindowField,
    TimeWindowList,
    one_or_many,
)

KINDS = ("event", "series", "tournament", "deadline")


class Strict(BaseModel):
    """Unknown keys are errors; `x-` keys are removed by the loader before this."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


def _month(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise PydanticCustomError("month", f"{value!r} is not a month (1–12)")
    return value


Month = Annotated[
    int, PlainValidator(_month), WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 12})
]


def _day_word(value: Any) -> str:
    if not isinstance(value, str) or not re.match(r"^[a-z][a-z0-9_]*$", value.strip()):
        raise PydanticCustomError(
            "day_kind",
            "{value!r} is not a day kind (workday, rest_day, weekend, holiday, mon … sun)",
            {"value": value},
        )
    return value.strip()


DayKindWord = Annotated[str, PlainValidator(_day_word), WithJsonSchema({"type": "string"})]
DayKindList = Annotated[list[DayKindWord], BeforeValidator(one_or_many)]
ReminderList = Annotated[list[DurationField], BeforeValidator(one_or_many)]
Count = PositiveInt
NonNegative = NonNegativeInt
Positive = PositiveInt


# --- plan header -----------------------------------------------------------------


class Period(Strict):
    start: DateField
    end: DateField

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        if (self.end - self.start).days > 731:
            raise ValueError("a plan period is at most two years long")
        return self


class PlanHeader(Strict):
    id: Slug | None = None
    name: str
    period: Period | None = None
    year: Annotated[int, Field(ge=1900, le=2200, strict=True)] | None = None
    timezone: str = "Asia/Shanghai"
    day: TimeWindowField = TimeWindow(8 * 60, 21 * 60)
    slot_minutes: Positive = 30
    calendars: SlugList = Field(default_factory=lambda: ["china"])
    profile: Slug | None = None
    drop_rules: SlugList = Field(
        default_factory=list,
        description="Ids of the profile's default rules to leave out of this plan.",
    )
    holidays: str | None = Field(
        default=None,
        description=(
            "A holiday data file of the planner's own (path relative to the plan), which wins"
            " over the shipped data for its year."
        ),
    )
    periods: dict[Slug, DateRanges] = Field(default_factory=dict)
    dates: dict[Slug, DateField] = Field(default_factory=dict)
    categories: dict[Slug, str] = Field(default_factory=dict)
    reminders: dict[Slug, ReminderList] = Field(
        default_factory=dict,
        description=(
            "An extension: reminders (VALARM) on the calendar events of a category, each how"
            " long before the start (`meeting: 1d`, `sport: [1d, 2h]`); a whole-day item"
            " counts as starting at 09:00."
        ),
    )
    refresh: DurationField = Field(
        default=Duration(minutes=12 * 60),
        json_schema_extra={"default": "12h"},
        description=(
            "An extension: how often calendar apps should fetch the feeds again"
            " (REFRESH-INTERVAL and X-PUBLISHED-TTL), at least 15m."
        ),
    )

    @field_validator("refresh")
    @classmethod
    def _refresh_not_too_often(cls, value: Duration) -> Duration:
        if not value.days and value.minutes < 15:
            raise ValueError(f"refresh {value} is too often for calendar apps: at least 15m")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone (e.g. Asia/Shanghai)") from None
        return value

    @field_validator("slot_minutes")
    @classmethod
    def _divides_day(cls, value: int) -> int:
        if 1440 % value:
            raise ValueError(f"{value} does not divide a day (1440 minutes): try 15, 30 or 60")
        return value

    @model_validator(mode="after")
    def _one_period(self) -> PlanHeader:
        if (self.period is None) == (self.year is None):
            raise ValueError("give either period: {start, end} or year: YYYY")
        return self

    @property
    def first_day(self) -> dt.date:
        return self.period.start if self.period else dt.date(self.year or 0, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.period.end if self.period else dt.date(self.year or 0, 12, 31)


# --- resources -------------------------------------------------------------------


class Venue(Strict):
    id: Slug
    name: str | None = None
    capacity: Positive | None = None
    courts: Positive = 1
    tags: SlugList = Field(default_factory=list)
    closed: Ranges = Field(default_factory=list)
    hours: TimeWindowField | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class Person(Strict):
    id: Slug
    name: str | None = None
    roles: SlugList = Field(default_factory=list)
    unavailable: Ranges = Field(default_factory=list)
    member_of: SlugList = Field(default_factory=list)
    max_per_day: NonNegative | None = None
    max_per_week: NonNegative | None = None
    max_per_month: NonNegative | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class Group(Strict):
    id: Slug
    name: str | None = None
    size: NonNegative | None = None
    part_of: SlugList = Field(default_factory=list)
    overlaps: SlugList = Field(default_factory=list)
    unavailable: Ranges = Field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name or self.id


# --- what an activity needs ------------------------------------------------------


class AnyOfVenues(Strict):
    any_of: Annotated[list[Slug], Field(min_length=1)]


class VenueTags(Strict):
    tags: Annotated[SlugList, Field(min_length=1)]
    min_capacity: NonNegative | None = None


# Union tags carry a ':' so they never read as a data key in error locations.
def _venue_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "venue:id"
    if isinstance(value, dict):
        return "venue:any_of" if "any_of" in value else "venue:tags"
    if isinstance(value, (AnyOfVenues, VenueTags)):
        return "venue:any_of" if isinstance(value, AnyOfVenues) else "venue:tags"
    return None


VenueSpec = Annotated[
    Annotated[Slug, Tag("venue:id")]
    | Annotated[AnyOfVenues, Tag("venue:any_of")]
    | Annotated[VenueTags, Tag("venue:tags")],
    Discriminator(
        _venue_tag,
        custom_error_type="venue_spec",
        custom_error_message="a venue is an id, {any_of: [ids]} or {tags: [..], min_capacity: N}",
    ),
]


class RoleDemand(Strict):
    role: Slug
    count: Count = 1


def _staff_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "staff:id"
    if isinstance(value, (dict, RoleDemand)):
        return "staff:role"
    return None


StaffEntry = Annotated[
    Annotated[Slug, Tag("staff:id")] | Annotated[RoleDemand, Tag("staff:role")],
    Discriminator(
        _staff_tag,
        custom_error_type="staff_spec",
        custom_error_message="a staff entry is a person's id or {role: R, count: N}",
    ),
]
StaffSpec = Annotated[list[StaffEntry], BeforeValidator(one_or_many)]


class Relative(Strict):
    to: Slug
    from_: int = Field(alias="from", strict=True)
    until: int = Field(strict=True)
    year: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Relative:
        if self.until < self.from_:
            raise ValueError(f"until ({self.until}) is before from ({self.from_})")
        return self


class When(Strict):
    """One mapping of `when`: every key given must hold."""

    months: Annotated[list[Month], BeforeValidator(one_or_many)] | None = None
    between: DateRangeField | None = None
    half: Literal["first", "second"] | None = None
    dates: DateList | None = None
    days: DayKindList | None = None
    not_days: DayKindList | None = None
    periods: SlugList | None = None
    not_periods: SlugList | None = None
    relative: Relative | None = None
    time: TimeWindowList | None = None


WhenSpec = Annotated[list[When], BeforeValidator(one_or_many)]


class FixedAt(Strict):
    at: DateOrDateTime
    venue: Slug | None = None


def _fixed_tag(value: Any) -> str | None:
    if isinstance(value, (dict, FixedAt)):
        return "fixed:at"
    if value is None or isinstance(value, list):
        return None
    return "fixed:moment"


FixedSpec = Annotated[
    Annotated[DateOrDateTime, Tag("fixed:moment")] | Annotated[FixedAt, Tag("fixed:at")],
    Discriminator(
        _fixed_tag,
        custom_error_type="fixed",
        custom_error_message="fixed is a date, a date and time, or {at: …, venue: id}",
    ),
]


def _fixed_form(value: Any) -> str:
    if isinstance(value, list):
        return "fixed:list"
    if isinstance(value, dict) and "at" not in value:
        return "fixed:labels"
    return "fixed:one"


# One pin; a list in id order; or (an extension) a mapping from occurrence labels
# (`2027-03`, `3`, `math-chinese`, `F`) to pins.
FixedField = Annotated[
    Annotated[list[FixedSpec | None], Tag("fixed:list")]
    | Annotated[dict[str, FixedSpec | None], Tag("fixed:labels")]
    | Annotated[FixedSpec, Tag("fixed:one")],
    Discriminator(_fixed_form),
]


class Spacing(Strict):
    min_days: NonNegative | None = None
    max_days: NonNegative | None = None
    weight: NonNegative | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Spacing:
        if self.min_days is None and self.max_days is None:
            raise ValueError("give min_days, max_days or both")
        if (
            self.min_days is not None
            and self.max_days is not None
            and self.max_days < self.min_days
        ):
            raise ValueError(f"max_days ({self.max_days}) is below min_days ({self.min_days})")
        return self


class OccurrenceEntry(Strict):
    """One entry of `occurrences:`; a key left out keeps the activity's value."""

    title: str | None = None
    duration: DurationField | None = None
    venue: VenueSpec | None = None
    staff: StaffSpec | None = None
    when: WhenSpec | None = None
    fixed: FixedSpec | None = None
    notes: str | None = None


_EVERY_RE = re.compile(r"^(?:(\d+)\s*weeks?|week|month|quarter|half_year|year)$")


def _every(value: Any) -> str:
    text = str(value).strip() if isinstance(value, str) else None
    if not text or not _EVERY_RE.match(text):
        raise PydanticCustomError(
            "every",
            "{value!r} is not a period: week, N weeks, month, quarter, half_year or year",
            {"value": value},
        )
    match = _EVERY_RE.match(text)
    if match and match.group(1) is not None:
        n = int(match.group(1))
        if n < 1:
            raise PydanticCustomError("every", "N weeks needs N ≥ 1", None)
        return "week" if n == 1 else f"{n} weeks"
    return text


Every = Annotated[
    str,
    PlainValidator(_every),
    WithJsonSchema(
        {"type": "string", "examples": ["week", "2 weeks", "month", "quarter", "half_year", "year"]}
    ),
]


class ActivityBase(Strict):
    id: Slug
    title: str
    category: Slug | None = None
    notes: str | None = None
    venue: VenueSpec | None = None
    staff: StaffSpec = Field(default_factory=list)
    audience: SlugList = Field(default_factory=list)
    audience_size: NonNegative | None = None
    when: WhenSpec | None = None


class _Repeated(ActivityBase):
    duration: DurationField
    count: Count | None = None
    spacing: Spacing | None = None
    occurrences: list[OccurrenceEntry] | None = None
    fixed: FixedField | None = None

    @model_validator(mode="after")
    def _entries_match_count(self) -> _Repeated:
        if self.occurrences is not None:
            if not self.occurrences:
                raise ValueError("occurrences: needs at least one entry")
            if self.count is not None and self.count != len(self.occurrences):
                raise ValueError(
                    f"count is {self.count} but occurrences: has {len(self.occurrences)} entries"
                )
            if self.fixed is not None:
                raise ValueError("with occurrences:, pin inside the entries instead of fixed:")
        return self


class Event(_Repeated):
    kind: Literal["event"]


class Series(_Repeated):
    kind: Literal["series"]
    every: Every | None = None

    @model_validator(mode="after")
    def _every_or_count(self) -> Series:
        given = [k for k in ("every", "count") if getattr(self, k) is not None]
        if self.occurrences is not None and self.every is None:
            return self
        if len(given) != 1:
            raise ValueError("a series takes either every: (week, month, …) or count: N")
        if self.every is not None and self.occurrences is not None:
            raise ValueError("occurrences: goes with count:, not every:")
        return self


class Rest(Strict):
    min_hours: Annotated[float, Field(ge=0)]


def _match_day(value: Any) -> dt.date | str:
    """A day-kind word (`workday`, `sat`, …) or a date."""
    if isinstance(value, dt.date) or (isinstance(value, str) and re.match(r"^\d{4}-", value)):
        from .values import parse_date

        return parse_date(value)
    return _day_word(value)


MatchDay = Annotated[
    dt.date | str,
    PlainValidator(_match_day),
    WithJsonSchema({"type": "string", "examples": ["workday", "2027-05-01"]}),
]


class TournamentPreferences(Strict):
    """Weights of the tournament's own preferences (each optional)."""

    compact: NonNegative | None = Field(
        default=None, description="per match day used: fewer days preferred"
    )
    spread: NonNegative | None = Field(
        default=None, description="per match a team plays above its even share of a week"
    )
    fair_slots: NonNegative | None = Field(
        default=None, description="per early or late match a team plays above its fair share"
    )


class Tournament(ActivityBase):
    kind: Literal["tournament"]
    format: Slug
    teams: SlugList | None = None
    entrants: Annotated[int, Field(ge=2, strict=True)] | None = None
    match: DurationField
    rest: Rest | None = None
    fixed: FixedField | None = None
    # Format options: groups_knockout (groups, advance), knockout (third_place).
    groups: Positive | None = None
    advance: Positive | None = None
    third_place: bool = False
    # Team rules and preferences.
    courts: Positive | None = Field(default=None, description="at most N matches at once")
    max_per_day: Positive | None = Field(default=None, description="matches per team per day")
    span: Positive | None = Field(default=None, description="all matches within N days")
    match_days: Annotated[list[MatchDay], BeforeValidator(one_or_many)] | None = Field(
        default=None, description="matches only on these day kinds or dates"
    )
    prefer: TournamentPreferences | None = None

    @model_validator(mode="after")
    def _teams_or_entrants(self) -> Tournament:
        if (self.teams is None) == (self.entrants is None):
            raise ValueError("give teams: [group ids] or entrants: N")
        if self.teams is not None and len(self.teams) < 2:
            raise ValueError("a tournament needs at least two teams")
        if self.match.whole_day:
            raise ValueError("a match is timed (e.g. 60m, 2h), not whole days")
        return self

    def team_ids(self) -> list[str]:
        """Teams in seed order: group ids, or P1…PN for numbered entrants."""
        return list(self.teams) if self.teams else [f"P{n + 1}" for n in range(self.entrants or 0)]


class Deadline(Strict):
    kind: Literal["deadline"]
    id: Slug
    title: str
    category: Slug | None = None
    notes: str | None = None
    owner: Slug
    dates: DateList | None = None
    when: WhenSpec | None = None
    count: Count | None = None

    @model_validator(mode="after")
    def _dates_or_when(self) -> Deadline:
        if (self.dates is None) == (self.when is None):
            raise ValueError("a deadline takes dates: [..] (fixed) or when: (solver chooses)")
        if self.dates is not None and self.count is not None:
            raise ValueError("count: goes with when:, not with dates:")
        if self.dates is not None and not self.dates:
            raise ValueError("dates: needs at least one date")
        return self


def _kind_tag(value: Any) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return f"kind:{kind}" if kind in KINDS else None


Activity = Annotated[
    Annotated[Event, Tag("kind:event")]
    | Annotated[Series, Tag("kind:series")]
    | Annotated[Tournament, Tag("kind:tournament")]
    | Annotated[Deadline, Tag("kind:deadline")],
    Discriminator(
        _kind_tag,
        custom_error_type="kind",
        custom_error_message="kind must be event, series, tournament or deadline",
    ),
]
AnyActivity = Event | Series | Tournament | Deadline


class RuleSpec(BaseModel):
    """A rule as written; its parameters are checked by its type's own model."""

    model_config = ConfigDict(extra="allow", frozen=True)
    type: Annotated[str, Field(min_length=1)]
    id: Slug | None = None
    weight: NonNegative | None = None

    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class PlanFile(Strict):
    plan: PlanHeader
    venues: list[Venue] = Field(default_factory=list)
    staff: list[Person] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)
