"""Reads a plan file on its own, from plan-format.md (never through `scheduler`).

The plan is assumed valid (the scheduler refuses invalid plans), so parsing is lenient
about types but strict about meaning: a key the checker does not know raises
`UnsupportedPlan`, because ignoring it could hide a constraint the checker never checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .report import UnsupportedPlan

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = frozenset({"workday", "rest_day", "weekend", "holiday", *WEEKDAYS})

_DESCRIPTIVE = {"notes"}  # free text with no scheduling meaning
PLAN_KEYS = {"id", "name", "period", "year", "timezone", "day", "slot_minutes", "calendars",
             "profile", "holidays", "periods", "dates", "categories"}
VENUE_KEYS = {"id", "name", "capacity", "courts", "tags", "closed", "hours"}
PERSON_KEYS = {"id", "name", "roles", "unavailable", "member_of", "max_per_day",
               "max_per_week", "max_per_month"}
GROUP_KEYS = {"id", "name", "size", "part_of", "overlaps", "unavailable"}
ACTIVITY_KEYS = {
    "event": {"id", "kind", "title", "category", "venue", "staff", "audience", "audience_size",
              "when", "duration", "count", "spacing", "occurrences", "fixed"} | _DESCRIPTIVE,
    "deadline": {"id", "kind", "title", "category", "owner", "dates", "when", "count"}
    | _DESCRIPTIVE,
}
ACTIVITY_KEYS["series"] = ACTIVITY_KEYS["event"] | {"every"}
ACTIVITY_KEYS["tournament"] = {
    "id", "kind", "title", "category", "venue", "staff", "audience", "audience_size", "when",
    "format", "teams", "entrants", "match", "rest", "fixed", "groups", "advance", "third_place",
    "courts", "max_per_day", "span", "match_days", "prefer"} | _DESCRIPTIVE
WHEN_KEYS = {"months", "between", "half", "dates", "days", "not_days", "periods",
             "not_periods", "relative", "time"}
RELATIVE_KEYS = {"to", "from", "until", "year"}
ENTRY_KEYS = {"title", "duration", "venue", "staff", "when", "fixed"} | _DESCRIPTIVE
SPACING_KEYS = {"min_days", "max_days", "weight"}
SCOPE_KEYS = {"id", "category", "kind", "audience", "venue", "staff"}

_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?$")
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")


# ---------------------------------------------------------------- small values


def plain(value: Any) -> Any:
    """ruamel's round-trip containers as plain dicts and lists, without `x-` keys."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if not str(k).startswith("x-")}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def as_list(value: Any) -> list:
    """Keys that take a list also take one value (readings.md, Input)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def only_keys(mapping: dict, known: set[str], where: str) -> None:
    extra = set(mapping) - known
    if extra:
        raise UnsupportedPlan(f"{where}: keys the checker does not know: {sorted(extra)}")


@dataclass(frozen=True)
class Duration:
    """`Nd` (whole days) or minutes (`90m`, `2h`, `2h30m`)."""

    minutes: int = 0
    days: int = 0

    @property
    def whole_day(self) -> bool:
        return self.days > 0


def parse_duration(text: Any) -> Duration:
    match = _DURATION.fullmatch(str(text).strip())
    if not match or not any(match.groups()):
        raise UnsupportedPlan(f"duration {text!r} not understood")
    d, h, m = (int(g) if g else 0 for g in match.groups())
    if d and (h or m):
        raise UnsupportedPlan(f"duration {text!r} mixes days and hours")
    return Duration(days=d) if d else Duration(minutes=60 * h + m)


def parse_clock(text: Any) -> int:
    """`HH:MM` as minutes from midnight (`24:00` is 1440)."""
    hh, mm = str(text).strip().split(":")
    return int(hh) * 60 + int(mm)


@dataclass(frozen=True)
class Clock:
    """A time-of-day range in minutes from midnight, end exclusive."""

    start: int
    end: int

    def holds(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    def __str__(self) -> str:
        return "{:02d}:{:02d}-{:02d}:{:02d}".format(*divmod(self.start, 60), *divmod(self.end, 60))


def parse_clock_range(value: Any) -> Clock:
    """`"07:00-19:00"` or `{start: "07:00", end: "19:00"}`."""
    if isinstance(value, dict):
        return Clock(parse_clock(value["start"]), parse_clock(value["end"]))
    start, end = str(value).split("-")
    return Clock(parse_clock(start), parse_clock(end))


def is_datetime(value: Any) -> bool:
    return isinstance(value, datetime) or (isinstance(value, str) and bool(_DATETIME.match(value)))


def is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def parse_datetime(value: Any) -> datetime:
    """A local datetime (plan timezone), naive."""
    if isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(str(value).replace(" ", "T"))
    if moment.tzinfo is not None:
        raise UnsupportedPlan(f"datetime {value!r} has an offset")
    return datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute,
                     moment.second)


def parse_date(value: Any) -> date:
    if is_date(value):
        return value
    return date.fromisoformat(str(value))


# ---------------------------------------------------------------- ranges


@dataclass(frozen=True)
class DaySpan:
    """Whole days, both ends included."""

    first: date
    last: date


@dataclass(frozen=True)
class TimeSpan:
    """A datetime range, end exclusive."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class DayKind:
    """Every day of a kind (`holiday`, `sun`, ...)."""

    word: str


Block = DaySpan | TimeSpan | DayKind


def _range_entry(value: Any, where: str) -> Block:
    if isinstance(value, list):
        if len(value) == 2 and all(is_datetime(v) for v in value):
            return TimeSpan(parse_datetime(value[0]), parse_datetime(value[1]))
        if len(value) == 2 and all(is_date(v) for v in value):
            return DaySpan(value[0], value[1])
        raise UnsupportedPlan(f"{where}: range {value!r} not understood")
    if is_date(value):
        return DaySpan(value, value)
    if isinstance(value, str) and value in DAY_WORDS:
        return DayKind(value)
    raise UnsupportedPlan(f"{where}: range entry {value!r} not understood")


def parse_ranges(value: Any, where: str) -> list[Block]:
    """One range or a list of them: a list of exactly two dates (or two datetimes) is one
    range, a bare date one day, any other list a list of entries (readings.md, Input)."""
    if value is None:
        return []
    if isinstance(value, list):
        if len(value) == 2 and (all(is_date(v) for v in value)
                                or all(is_datetime(v) for v in value)):
            return [_range_entry(value, where)]
        return [_range_entry(v, where) for v in value]
    return [_range_entry(value, where)]


# ---------------------------------------------------------------- plan parts


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    capacity: int | None
    courts: int
    tags: frozenset[str]
    closed: tuple[Block, ...]
    hours: Clock | None

    @property
    def display(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Person:
    id: str
    roles: frozenset[str]
    unavailable: tuple[Block, ...]
    member_of: tuple[str, ...]
    max_per_day: int | None
    max_per_week: int | None
    max_per_month: int | None


@dataclass(frozen=True)
class Group:
    id: str
    size: int | None
    part_of: tuple[str, ...]
    overlaps: tuple[str, ...]
    unavailable: tuple[Block, ...]


@dataclass(frozen=True)
class VenueSpec:
    """`venue:` an id, `{any_of: [...]}` or `{tags: [...], min_capacity: N}`."""

    ids: tuple[str, ...] | None = None
    tags: tuple[str, ...] = ()
    min_capacity: int | None = None


@dataclass(frozen=True)
class StaffSpec:
    """Named people, and `{role, count}` demands filled by other people."""

    named: tuple[str, ...] = ()
    roles: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Relative:
    to: str
    start: int
    until: int
    year: int | None


@dataclass(frozen=True)
class WhenMap:
    """One mapping of `when`; None means the key was not given."""

    months: frozenset[int] | None = None
    between: DaySpan | None = None
    half: str | None = None
    dates: frozenset[date] | None = None
    days: frozenset[str] | None = None
    not_days: frozenset[str] | None = None
    periods: tuple[str, ...] | None = None
    not_periods: tuple[str, ...] | None = None
    relative: Relative | None = None
    times: tuple[Clock, ...] | None = None


When = tuple[WhenMap, ...]  # any one mapping must hold; () = no `when`


@dataclass(frozen=True)
class Pin:
    """`fixed:` a date, a datetime, or `{at, venue}`."""

    day: date | None = None
    moment: datetime | None = None
    venue: str | None = None


@dataclass(frozen=True)
class Spacing:
    min_days: int | None
    max_days: int | None
    weight: int | None


@dataclass
class Entry:
    """One `occurrences:` entry: only the keys it gives override the activity."""

    values: dict[str, Any]


@dataclass
class Activity:
    id: str
    kind: str
    title: str
    category: str | None
    venue: VenueSpec | None
    staff: StaffSpec
    audience: tuple[str, ...]
    audience_size: int | None
    when: When
    duration: Duration | None
    count: int | None
    every: str | None
    spacing: Spacing | None
    entries: list[Entry] | None
    fixed: Any  # raw: a pin, or a list of pins / None for several occurrences
    owner: str | None
    dates: list[date] | None
    raw: dict[str, Any]


@dataclass
class Rule:
    id: str
    type: str
    weight: int | None
    params: dict[str, Any]


@dataclass
class Plan:
    path: Path
    id: str
    name: str | None
    start: date
    end: date
    timezone: str
    day: Clock
    slot: int
    calendars: list[str]
    profile: str | None
    holidays: Any
    periods: dict[str, list[DaySpan]]
    dates: dict[str, date]
    categories: dict[str, str]
    venues: dict[str, Venue] = field(default_factory=dict)
    staff: dict[str, Person] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    def category_name(self, category: str | None) -> str | None:
        return None if category is None else self.categories.get(category, category)


# ---------------------------------------------------------------- parsers


def parse_venue_spec(value: Any) -> VenueSpec | None:
    if value is None:
        return None
    if isinstance(value, str):
        return VenueSpec(ids=(value,))
    if "any_of" in value:
        only_keys(value, {"any_of"}, "venue")
        return VenueSpec(ids=tuple(as_list(value["any_of"])))
    only_keys(value, {"tags", "min_capacity"}, "venue")
    return VenueSpec(tags=tuple(as_list(value.get("tags"))),
                     min_capacity=value.get("min_capacity"))


def parse_staff_spec(value: Any) -> StaffSpec:
    named: list[str] = []
    roles: list[tuple[str, int]] = []
    for entry in as_list(value):
        if isinstance(entry, dict):
            only_keys(entry, {"role", "count"}, "staff")
            roles.append((entry["role"], int(entry.get("count", 1))))
        else:
            named.append(str(entry))
    return StaffSpec(tuple(named), tuple(roles))


def parse_when(value: Any, where: str) -> When:
    if value is None:
        return ()
    return tuple(_when_map(m, where) for m in as_list(value))


def _when_map(m: dict, where: str) -> WhenMap:
    only_keys(m, WHEN_KEYS, where)

    def words(key: str) -> frozenset[str] | None:
        return frozenset(as_list(m[key])) if key in m else None

    relative = None
    if "relative" in m:
        r = m["relative"]
        only_keys(r, RELATIVE_KEYS, f"{where}.relative")
        relative = Relative(r["to"], int(r.get("from", 0)), int(r.get("until", 0)), r.get("year"))
    between = None
    if "between" in m:
        first, last = m["between"]
        between = DaySpan(parse_date(first), parse_date(last))
    return WhenMap(
        months=frozenset(int(x) for x in as_list(m["months"])) if "months" in m else None,
        between=between,
        half=m.get("half"),
        dates=frozenset(parse_date(x) for x in as_list(m["dates"])) if "dates" in m else None,
        days=words("days"),
        not_days=words("not_days"),
        periods=tuple(as_list(m["periods"])) if "periods" in m else None,
        not_periods=tuple(as_list(m["not_periods"])) if "not_periods" in m else None,
        relative=relative,
        times=tuple(parse_clock_range(t) for t in as_list(m["time"])) if "time" in m else None,
    )


def is_label_mapping(value: Any) -> bool:
    """`fixed: {F: …, 2027-03: …}`: pins by occurrence label (readings.md, extension)."""
    return isinstance(value, dict) and "at" not in value and "venue" not in value


def pin_values(value: Any) -> list:
    """Every pin written in a `fixed:` value, whatever its form."""
    if is_label_mapping(value):
        return list(value.values())
    return as_list(value)


def parse_pin(value: Any) -> Pin | None:
    if value is None:
        return None
    if isinstance(value, dict):
        only_keys(value, {"at", "venue"}, "fixed")
        pin = parse_pin(value.get("at")) or Pin()
        return Pin(pin.day, pin.moment, value.get("venue"))
    if is_datetime(value):
        moment = parse_datetime(value)
        return Pin(day=moment.date(), moment=moment)
    return Pin(day=parse_date(value))


def default_plan_id(path: Path) -> str:
    """File name without .yaml/.yml, lowercased, each run of characters other than ASCII
    letters and digits made one `-`, trimmed of `-`; `plan` if nothing is left."""
    stem = path.name
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "plan"


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def load_plan(path: str | Path) -> Plan:
    path = Path(path)
    doc = plain(YAML(typ="rt").load(read_text(path))) or {}
    only_keys(doc, {"plan", "venues", "staff", "groups", "activities", "rules"}, "top level")
    head = doc.get("plan") or {}
    only_keys(head, PLAN_KEYS, "plan")
    if "period" in head:
        period = head["period"]
        start, end = parse_date(period["start"]), parse_date(period["end"])
    else:
        year = int(head["year"])
        start, end = date(year, 1, 1), date(year, 12, 31)
    periods = {}
    for name, value in (head.get("periods") or {}).items():
        spans = parse_ranges(value, f"plan.periods.{name}")
        if not all(isinstance(s, DaySpan) for s in spans):
            raise UnsupportedPlan(f"plan.periods.{name}: only date ranges are understood")
        periods[name] = spans
    plan = Plan(
        path=path,
        id=str(head.get("id") or default_plan_id(path)),
        name=head.get("name"),
        start=start,
        end=end,
        timezone=head.get("timezone", "Asia/Shanghai"),
        day=parse_clock_range(head.get("day", "08:00-21:00")),
        slot=int(head.get("slot_minutes", 30)),
        calendars=[str(c) for c in as_list(head.get("calendars", ["china"]))],
        profile=head.get("profile"),
        holidays=head.get("holidays"),
        periods=periods,
        dates={k: parse_date(v) for k, v in (head.get("dates") or {}).items()},
        categories={str(k): str(v) for k, v in (head.get("categories") or {}).items()},
    )
    for v in doc.get("venues") or []:
        only_keys(v, VENUE_KEYS, f"venues.{v.get('id')}")
        plan.venues[v["id"]] = Venue(
            id=v["id"], name=v.get("name") or v["id"], capacity=v.get("capacity"),
            courts=int(v.get("courts", 1)), tags=frozenset(as_list(v.get("tags"))),
            closed=tuple(parse_ranges(v.get("closed"), f"venues.{v['id']}.closed")),
            hours=parse_clock_range(v["hours"]) if v.get("hours") is not None else None)
    for p in doc.get("staff") or []:
        only_keys(p, PERSON_KEYS, f"staff.{p.get('id')}")
        plan.staff[p["id"]] = Person(
            id=p["id"], roles=frozenset(as_list(p.get("roles"))),
            unavailable=tuple(parse_ranges(p.get("unavailable"), f"staff.{p['id']}")),
            member_of=tuple(as_list(p.get("member_of"))), max_per_day=p.get("max_per_day"),
            max_per_week=p.get("max_per_week"), max_per_month=p.get("max_per_month"))
    for g in doc.get("groups") or []:
        only_keys(g, GROUP_KEYS, f"groups.{g.get('id')}")
        plan.groups[g["id"]] = Group(
            id=g["id"], size=g.get("size"), part_of=tuple(as_list(g.get("part_of"))),
            overlaps=tuple(as_list(g.get("overlaps"))),
            unavailable=tuple(parse_ranges(g.get("unavailable"), f"groups.{g['id']}")))
    for a in doc.get("activities") or []:
        activity = parse_activity(a)
        plan.activities[activity.id] = activity
    for position, r in enumerate(doc.get("rules") or [], start=1):
        params = {k: v for k, v in r.items() if k not in ("type", "id", "weight")}
        plan.rules.append(Rule(id=str(r.get("id") or f"{r['type']}-{position}"), type=r["type"],
                               weight=r.get("weight"), params=params))
    return plan


def parse_activity(a: dict) -> Activity:
    kind = a.get("kind")
    where = f"activities.{a.get('id')}"
    if kind in ACTIVITY_KEYS:
        only_keys(a, ACTIVITY_KEYS[kind], where)
    spacing = None
    if a.get("spacing") is not None:
        s = a["spacing"]
        only_keys(s, SPACING_KEYS, f"{where}.spacing")
        spacing = Spacing(s.get("min_days"), s.get("max_days"), s.get("weight"))
    entries = None
    if a.get("occurrences") is not None:
        entries = []
        for e in a["occurrences"]:
            e = e or {}
            only_keys(e, ENTRY_KEYS, f"{where}.occurrences")
            entries.append(Entry(dict(e)))
    duration = a.get("duration")
    return Activity(
        id=str(a["id"]), kind=str(kind), title=a.get("title") or str(a["id"]),
        category=a.get("category"), venue=parse_venue_spec(a.get("venue")),
        staff=parse_staff_spec(a.get("staff")), audience=tuple(as_list(a.get("audience"))),
        audience_size=a.get("audience_size"), when=parse_when(a.get("when"), f"{where}.when"),
        duration=parse_duration(duration) if duration is not None else None,
        count=a.get("count"), every=a.get("every"), spacing=spacing, entries=entries,
        fixed=a.get("fixed"), owner=a.get("owner"),
        dates=sorted(parse_date(d) for d in as_list(a["dates"])) if "dates" in a else None,
        raw=a)
