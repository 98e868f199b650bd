"""Value types of the plan file: durations, times of day, dates and ranges.

Each is a small frozen value with one parser that raises a pydantic error in the
planner's words, so that the loader can report `file:line key: message`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
CORE_DAY_KINDS = (
    "workday",
    "rest_day",
    "weekend",
    "holiday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
)
WEEKDAY_WORDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _error(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    """A validation error with a finished message (pydantic's templates know no `!r`)."""
    return PydanticCustomError(kind, message.format(**ctx))


# --- ids -----------------------------------------------------------------------


def parse_slug(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _error("slug", "an id must be text, got {value!r}", value=value)
    text = str(value)
    if not SLUG_RE.match(text):
        raise _error(
            "slug",
            "{value!r} is not an id: use ASCII letters, digits, '-', '_' or '.',"
            " starting with a letter or digit",
            value=text,
        )
    return text


Slug = Annotated[
    str, PlainValidator(parse_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern})
]


NonNegativeInt = Annotated[int, Field(ge=0, strict=True)]
PositiveInt = Annotated[int, Field(ge=1, strict=True)]


def one_or_many(value: Any) -> Any:
    """Let a planner write `months: 3` for `months: [3]`."""
    if value is None or isinstance(value, list):
        return value
    return [value]


SlugList = Annotated[list[Slug], BeforeValidator(one_or_many)]


# --- durations -------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """`minutes` for timed items, or `days` for whole-day items (never both)."""

    minutes: int = 0
    days: int = 0

    @property
    def whole_day(self) -> bool:
        return self.days > 0

    def __str__(self) -> str:
        if self.days:
            return f"{self.days}d"
        h, m = divmod(self.minutes, 60)
        return (f"{h}h" if h else "") + (f"{m}m" if m else "")


_DURATION_RE = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$")


def parse_duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise _error(
            "duration",
            "{value!r} is not a duration: write it with a unit, e.g. 90m, 2h, 2h30m or 1d",
            value=value,
        )
    text = value.strip().replace(" ", "").lower()
    match = _DURATION_RE.match(text)
    if not text or not match:
        raise _error(
            "duration", "{value!r} is not a duration (e.g. 90m, 2h, 2h30m, 1d)", value=value
        )
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    if days and (hours or minutes):
        raise _error(
            "duration", "{value!r} mixes days with hours: a whole-day item is Nd only", value=value
        )
    if days:
        return Duration(days=days)
    total = hours * 60 + minutes
    if total <= 0:
        raise _error("duration", "a duration must be longer than zero, got {value!r}", value=value)
    if total > 24 * 60:
        raise _error(
            "duration", "{value!r} is longer than a day: use Nd for whole days", value=value
        )
    return Duration(minutes=total)


DurationField = Annotated[
    Duration,
    PlainValidator(parse_duration),
    WithJsonSchema({"type": "string", "examples": ["90m", "2h30m", "1d"]}),
]


# --- times of day ----------------------------------------------------------------

_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_time_of_day(value: Any, *, allow_24: bool = True) -> int:
    """`"08:30"` -> 510 minutes after midnight (`"24:00"` -> 1440)."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise _error("time", '{value!r} is not a time of day: write "HH:MM" in quotes', value=value)
    match = _TIME_RE.match(value.strip())
    if not match:
        raise _error("time", "{value!r} is not a time of day (HH:MM)", value=value)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise _error("time", "{value!r} is not a time of day (00:00 to 24:00)", value=value)
    return hours * 60 + minutes


@dataclass(frozen=True)
class TimeWindow:
    """A part of a day, `[start, end)` in minutes after midnight."""

    start: int
    end: int

    def __str__(self) -> str:
        return (
            f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"
        )


def parse_time_window(value: Any) -> TimeWindow:
    """`"15:30-18:00"` or `{start: "15:30", end: "18:00"}`."""
    if isinstance(value, TimeWindow):
        return value
    if isinstance(value, dict):
        unknown = set(value) - {"start", "end"}
        if unknown or "start" not in value or "end" not in value:
            raise _error(
                "time_window", 'a time window is {{start: "HH:MM", end: "HH:MM"}} or "HH:MM-HH:MM"'
            )
        start, end = parse_time_of_day(value["start"]), parse_time_of_day(value["end"])
    elif isinstance(value, str) and value.count("-") == 1:
        left, right = value.split("-")
        start, end = parse_time_of_day(left), parse_time_of_day(right)
    else:
        raise _error("time_window", '{value!r} is not a time window ("HH:MM-HH:MM")', value=value)
    if end <= start:
        raise _error(
            "time_window",
            "the window {value!r} ends before it starts (windows cannot cross midnight)",
            value=value,
        )
    return TimeWindow(start, end)


TimeWindowField = Annotated[
    TimeWindow,
    PlainValidator(parse_time_window),
    WithJsonSchema({"type": "string", "examples": ["15:30-18:00"]}),
]
TimeWindowList = Annotated[list[TimeWindowField], BeforeValidator(one_or_many)]


def parse_day_bounds(value: Any) -> TimeWindow:
    return parse_time_window(value)


# --- dates and datetimes ---------------------------------------------------------

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _error("date", "expected a date (YYYY-MM-DD), got a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _error("date", "{value!r} is not a calendar date", value=value) from None
    raise _error("date", "{value!r} is not a date (YYYY-MM-DD)", value=value)


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise _error(
                "datetime", "give local times without an offset: times are in plan.timezone"
            )
        return value
    if isinstance(value, str):
        match = _DATETIME_RE.match(value.strip())
        if match:
            day = parse_date(match.group(1))
            hour, minute, second = (
                int(match.group(2)),
                int(match.group(3)),
                int(match.group(4) or 0),
            )
            if hour > 23 or minute > 59 or second > 59:
                raise _error("datetime", "{value!r} is not a time of day", value=value)
            return dt.datetime(day.year, day.month, day.day, hour, minute, second)
        if re.search(r"[+-]\d{2}:?\d{2}$|Z$", value.strip()):
            raise _error(
                "datetime", "give local times without an offset: times are in plan.timezone"
            )
    raise _error("datetime", "{value!r} is not a date and time (YYYY-MM-DDTHH:MM)", value=value)


def parse_date_or_datetime(value: Any) -> dt.date | dt.datetime:
    if isinstance(value, (dt.date, dt.datetime)):
        return parse_datetime(value) if isinstance(value, dt.datetime) else value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        return parse_date(value)
    if isinstance(value, str) and _DATETIME_RE.match(value.strip()):
        return parse_datetime(value)
    raise _error(
        "date",
        "{value!r} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)",
        value=value,
    )


DateField = Annotated[
    dt.date, PlainValidator(parse_date), WithJsonSchema({"type": "string", "format": "date"})
]
DateList = Annotated[list[DateField], BeforeValidator(one_or_many)]
DateOrDateTime = Annotated[
    dt.date | dt.datetime,
    PlainValidator(parse_date_or_datetime),
    WithJsonSchema({"type": "string", "examples": ["2027-10-29", "2027-03-09T16:00"]}),
]


# --- ranges ----------------------------------------------------------------------


@dataclass(frozen=True)
class DateRange:
    """Whole days `[start, end]`, both included."""

    start: dt.date
    end: dt.date

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(n) for n in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class DateTimeRange:
    """A stretch of time `[start, end)`: the end is excluded."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class DayWord:
    """A day-kind word (`holiday`, `sun`, …) meaning every such day."""

    word: str


RangeEntry = DateRange | DateTimeRange | DayWord


def parse_date_range(value: Any) -> DateRange:
    if isinstance(value, DateRange):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return DateRange(value, value)
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        day = parse_date(value)
        return DateRange(day, day)
    if not isinstance(value, list) or len(value) != 2:
        raise _error(
            "date_range", "a date range is [first day, last day], got {value!r}", value=value
        )
    start, end = parse_date(value[0]), parse_date(value[1])
    if end < start:
        raise _error(
            "date_range",
            "the range ends ({end}) before it starts ({start})",
            start=str(start),
            end=str(end),
        )
    return DateRange(start, end)


def _is_scalar_moment(value: Any) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    return isinstance(value, str) and bool(
        _DATE_RE.match(value.strip()) or _DATETIME_RE.match(value.strip())
    )


def parse_range_entry(value: Any, *, words: bool = True) -> RangeEntry:
    """One entry of `periods`, `closed` or `unavailable`."""
    if isinstance(value, (DateRange, DateTimeRange, DayWord)):
        return value
    if isinstance(value, str) and not _is_scalar_moment(value):
        if not words:
            raise _error("range", "{value!r} is not a date range", value=value)
        word = value.strip()
        if not re.match(r"^[a-z][a-z0-9_]*$", word):
            raise _error(
                "range", "{value!r} is not a range or a day kind (holiday, sun, …)", value=value
            )
        return DayWord(word)
    if _is_scalar_moment(value):
        moment = parse_date_or_datetime(value)
        if isinstance(moment, dt.datetime):
            raise _error("range", "a single date and time is not a range: give [start, end]")
        return DateRange(moment, moment)
    if isinstance(value, list) and len(value) == 2:
        first, second = parse_date_or_datetime(value[0]), parse_date_or_datetime(value[1])
        if isinstance(first, dt.datetime) or isinstance(second, dt.datetime):
            if not (isinstance(first, dt.datetime) and isinstance(second, dt.datetime)):
                raise _error("range", "a range is two dates or two dates with times, not a mix")
            if second <= first:
                raise _error("range", "the range ends before it starts")
            return DateTimeRange(first, second)
        return parse_date_range([first, second])
    raise _error(
        "range", "{value!r} is not a range: [start, end], a date, or a day kind", value=value
    )


def shape_ranges(value: Any) -> Any:
    """One range or a list of them: `[a, b]` of two dates is one range."""
    if value is None:
        return []
    if isinstance(value, list):
        if len(value) == 2 and all(_is_scalar_moment(v) for v in value):
            return [value]
        return value
    return [value]


def _range_entry_any(value: Any) -> RangeEntry:
    return parse_range_entry(value, words=True)


def _date_range_entry(value: Any) -> DateRange:
    entry = parse_range_entry(value, words=False)
    if not isinstance(entry, DateRange):
        raise _error("date_range", "periods are whole days: give [first day, last day]")
    return entry


_RANGE_SCHEMA = {
    "examples": [["2027-07-10", "2027-08-20"], "holiday", ["2027-03-02T14:00", "2027-03-02T17:00"]]
}
RangeEntryField = Annotated[
    RangeEntry, PlainValidator(_range_entry_any), WithJsonSchema(_RANGE_SCHEMA)
]
Ranges = Annotated[list[RangeEntryField], BeforeValidator(shape_ranges)]
DateRangeField = Annotated[
    DateRange,
    PlainValidator(parse_date_range),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"type": "string", "format": "date"},
            "minItems": 2,
            "maxItems": 2,
        }
    ),
]
DateRanges = Annotated[
    list[Annotated[DateRange, PlainValidator(_date_range_entry), WithJsonSchema(_RANGE_SCHEMA)]],
    BeforeValidator(shape_ranges),
]


def suggest(word: str, options: list[str] | tuple[str, ...] | set[str]) -> str:
    """`; did you mean X?` for the closest option, or `` if none is close."""
    import difflib

    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


@dataclass(frozen=True)
class Ref:
    """Marks a rule parameter as an id of a plan item (`activity`, `group`, `venue`,
    `staff`), so the loader refuses ids that do not exist, with file and line."""

    kind: str


ActivityRef = Annotated[Slug, Ref("activity")]
GroupRef = Annotated[Slug, Ref("group")]
VenueRef = Annotated[Slug, Ref("venue")]
StaffRef = Annotated[Slug, Ref("staff")]
