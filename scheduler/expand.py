"""Expand activities into occurrences with ids that depend only on the plan.

event/series `count: N` -> `<id>/1..N` (kept in order: /1 is the earliest);
`every` series -> one per period that has an allowed day (`<id>/2027-03`);
deadlines -> one per date (`<id>/1..` in date order) or `count` chosen by the solver;
tournaments -> one per generated match (`<id>/math-chinese`, `<id>/QF1`).
A single occurrence is the bare activity id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .api import MatchSpec, TournamentFormat
from .calendar import Days
from .errors import Path, PlanIssue
from .labels import LABELS
from .loader import LoadedPlan
from .model import (
    AnyActivity,
    Deadline,
    Event,
    FixedAt,
    OccurrenceEntry,
    Series,
    Spacing,
    Tournament,
    When,
)
from .plugins import Plugins, get_plugins
from .results import Results, apply_results, played_at
from .values import Duration, suggest
from .windows import WindowCache


@dataclass(frozen=True)
class Pin:
    """A `fixed:` value: the start day, and for timed items maybe the minute."""

    day: dt.date
    minute: int | None = None
    venue: str | None = None


@dataclass
class Occurrence:
    id: str
    activity: AnyActivity
    title: str
    duration: Duration
    path: Path  # where in the file it is defined (activity, or its `occurrences:` entry)
    venue: Any = None  # VenueSpec or None (uses no venue)
    staff: list[Any] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    when: list[When] | None = None
    bounds: tuple[int, int] | None = None  # start-day index range of its `every` period
    pin: Pin | None = None
    number: int | None = None  # 1-based position among the activity's occurrences
    notes: str | None = None
    match: MatchSpec | None = None  # for tournament matches
    teams: tuple[str, ...] = ()  # teams that may play it (both teams, or candidates)
    day_filter: frozenset[int] | None = None  # days it may start on (tournament match_days)

    @property
    def kind(self) -> str:
        return self.activity.kind

    @property
    def category(self) -> str | None:
        return self.activity.category

    @property
    def blocks(self) -> bool:
        """Deadlines block no one and use nothing."""
        return self.kind != "deadline"

    @property
    def whole_day(self) -> bool:
        return self.duration.whole_day


@dataclass
class Chain:
    """Occurrences of one activity that `spacing` and order apply to."""

    activity: AnyActivity
    members: list[Occurrence]
    ordered: bool  # True: members are in time order (count items, every periods)
    spacing: Spacing | None


@dataclass
class Expansion:
    occurrences: list[Occurrence]
    chains: list[Chain]
    skipped: dict[str, list[str]]  # activity id -> period labels without an allowed day
    matches: dict[str, list[Occurrence]]  # tournament id -> its matches


# --- periods of `every` ------------------------------------------------------------


def _iso_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def every_periods(
    every: str, first: dt.date, last: dt.date, anchor: dt.date | None = None
) -> list[tuple[str, dt.date, dt.date]]:
    """(label, first day, last day) of each period touching [first, last], clipped."""
    out: list[tuple[str, dt.date, dt.date]] = []

    def add(label: str, start: dt.date, end: dt.date) -> None:
        lo, hi = max(start, first), min(end, last)
        if lo <= hi:
            out.append((label, lo, hi))

    if every == "week" or every.endswith("weeks"):
        n = 1 if every == "week" else int(every.split()[0])
        base = anchor if anchor is not None and every != "week" else first
        start = base - dt.timedelta(days=base.weekday())
        while start <= last:
            add(_iso_label(start), start, start + dt.timedelta(days=7 * n - 1))
            start += dt.timedelta(days=7 * n)
        return out
    year = first.year
    while dt.date(year, 1, 1) <= last:
        if every == "month":
            for month in range(1, 13):
                start = dt.date(year, month, 1)
                end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
                add(f"{year}-{month:02d}", start, end)
        elif every == "quarter":
            for q in range(4):
                start = dt.date(year, 3 * q + 1, 1)
                end = dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1) - dt.timedelta(days=1)
                add(f"{year}-Q{q + 1}", start, end)
        elif every == "half_year":
            add(f"{year}-H1", dt.date(year, 1, 1), dt.date(year, 6, 30))
            add(f"{year}-H2", dt.date(year, 7, 1), dt.date(year, 12, 31))
        elif every == "year":
            add(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
        year += 1
    return out


# --- pins --------------------------------------------------------------------------


def _pin(
    value: Any, duration: Duration, loaded: LoadedPlan, path: Path, issues: list[PlanIssue]
) -> Pin | None:
    if value is None:
        return None
    venue = None
    if isinstance(value, FixedAt):
        venue, value = value.venue, value.at
    if isinstance(value, dt.datetime):
        if duration.whole_day:
            issues.append(PlanIssue("a whole-day item is pinned to a date, not a time", path))
            return None
        header = loaded.plan.plan
        minute = value.hour * 60 + value.minute
        if value.second or (minute - header.day.start) % header.slot_minutes:
            grid_start = str(header.day).split("-")[0]
            issues.append(
                PlanIssue(
                    f"{value:%H:%M} is not on the {header.slot_minutes}-minute"
                    f" slot grid that starts at {grid_start}",
                    path,
                )
            )
            return None
        return Pin(value.date(), minute, venue)
    return Pin(value, None, venue)


def _pins(
    activity: Any, labels: list[str], loaded: LoadedPlan, path: Path, issues: list[PlanIssue]
) -> list[Pin | None]:
    """Pins per occurrence from `fixed`: one value, a list in id order, or a mapping
    from occurrence labels to values."""
    fixed = getattr(activity, "fixed", None)
    duration = getattr(activity, "duration", None) or getattr(activity, "match", None)
    count = len(labels)
    if fixed is None:
        return [None] * count
    if isinstance(fixed, dict):
        unknown = [k for k in fixed if k not in labels]
        for key in unknown:
            issues.append(
                PlanIssue(
                    f"{activity.id} has no occurrence {key!r}{suggest(key, labels)}",
                    path + ("fixed", key),
                )
            )
        return [
            _pin(fixed.get(label), duration, loaded, path + ("fixed", label), issues)
            for label in labels
        ]
    if isinstance(fixed, list):
        if len(fixed) != count:
            issues.append(
                PlanIssue(
                    f"fixed has {len(fixed)} entries but {activity.id} has {count} occurrences",
                    path + ("fixed",),
                )
            )
            return [None] * count
        return [_pin(v, duration, loaded, path + ("fixed", i), issues) for i, v in enumerate(fixed)]
    if count != 1:
        issues.append(
            PlanIssue(
                f"{activity.id} has {count} occurrences: give fixed as a list"
                " (null leaves one free) or by label",
                path + ("fixed",),
            )
        )
        return [None] * count
    return [_pin(fixed, duration, loaded, path + ("fixed",), issues)]


# --- expansion ---------------------------------------------------------------------


def _ids(activity_id: str, labels: list[str]) -> list[str]:
    return [activity_id] if len(labels) == 1 else [f"{activity_id}/{label}" for label in labels]


def _check_time(
    when: list[When] | None, duration: Duration, path: Path, issues: list[PlanIssue]
) -> None:
    if duration.whole_day and when and any(c.time for c in when):
        issues.append(
            PlanIssue("time: applies to timed items; this one lasts whole days", path + ("when",))
        )


def _repeated(
    activity: Event | Series,
    loaded: LoadedPlan,
    days: Days,
    windows: WindowCache,
    path: Path,
    issues: list[PlanIssue],
    skipped: dict[str, list[str]],
) -> tuple[list[Occurrence], Chain | None]:
    common = dict(
        activity=activity,
        venue=activity.venue,
        staff=list(activity.staff),
        audience=list(activity.audience),
        notes=activity.notes,
    )
    if isinstance(activity, Series) and activity.every is not None:
        between = activity.when[0].between if activity.when and len(activity.when) == 1 else None
        allowed = windows.day_windows(activity.when)
        periods = []
        for label, start, end in every_periods(
            activity.every, days.first, days.last, between.start if between else None
        ):
            lo, hi = days.index(start), days.index(end)
            assert lo is not None and hi is not None
            if any(i in allowed for i in range(lo, hi + 1)):
                periods.append((label, lo, hi))
            else:
                skipped.setdefault(activity.id, []).append(label)
        _check_time(activity.when, activity.duration, path, issues)
        pins = _pins(activity, [p[0] for p in periods], loaded, path, issues)
        ids = _ids(activity.id, [p[0] for p in periods])
        occurrences = [
            Occurrence(
                id=oid,
                title=activity.title,
                duration=activity.duration,
                path=path,
                when=activity.when,
                bounds=(lo, hi),
                pin=pin,
                number=n + 1,
                **common,
            )
            for n, (oid, (_, lo, hi), pin) in enumerate(zip(ids, periods, pins, strict=False))
        ]
        return occurrences, Chain(activity, occurrences, True, activity.spacing)

    entries: list[OccurrenceEntry] | None = activity.occurrences
    count = len(entries) if entries is not None else (activity.count or 1)
    ids = _ids(activity.id, [str(n + 1) for n in range(count)])
    occurrences = []
    if entries is None:
        _check_time(activity.when, activity.duration, path, issues)
        pins = _pins(activity, [str(n + 1) for n in range(count)], loaded, path, issues)
        for n, (oid, pin) in enumerate(zip(ids, pins, strict=False)):
            occurrences.append(
                Occurrence(
                    id=oid,
                    title=activity.title,
                    duration=activity.duration,
                    path=path,
                    when=activity.when,
                    pin=pin,
                    number=n + 1,
                    **common,
                )
            )
    else:
        for n, (oid, entry) in enumerate(zip(ids, entries, strict=False)):
            entry_path = path + ("occurrences", n)
            given = entry.model_fields_set
            duration = entry.duration or activity.duration
            when = entry.when if "when" in given else activity.when
            _check_time(when, duration, entry_path, issues)
            occurrence = Occurrence(
                id=oid,
                activity=activity,
                title=entry.title or activity.title,
                duration=duration,
                path=entry_path,
                venue=entry.venue if "venue" in given else activity.venue,
                staff=list(entry.staff) if entry.staff is not None else list(activity.staff),
                audience=list(activity.audience),
                when=when,
                pin=_pin(entry.fixed, duration, loaded, entry_path + ("fixed",), issues),
                number=n + 1,
                notes=entry.notes or activity.notes,
            )
            occurrences.append(occurrence)
    chain = Chain(activity, occurrences, entries is None, activity.spacing) if count > 1 else None
    return occurrences, chain


def _deadline(activity: Deadline, path: Path) -> tuple[list[Occurrence], Chain | None]:
    one_day = Duration(days=1)
    if activity.dates is not None:
        dates = sorted(set(activity.dates))
        ids = _ids(activity.id, [str(n + 1) for n in range(len(dates))])
        occurrences = [
            Occurrence(
                id=oid,
                activity=activity,
                title=activity.title,
                duration=one_day,
                path=path,
                pin=Pin(day),
                number=n + 1,
                notes=activity.notes,
            )
            for n, (oid, day) in enumerate(zip(ids, dates, strict=False))
        ]
        return occurrences, None
    count = activity.count or 1
    ids = _ids(activity.id, [str(n + 1) for n in range(count)])
    occurrences = [
        Occurrence(
            id=oid,
            activity=activity,
            title=activity.title,
            duration=one_day,
            path=path,
            when=activity.when,
            number=n + 1,
            notes=activity.notes,
        )
        for n, oid in enumerate(ids)
    ]
    return occurrences, (Chain(activity, occurrences, True, None) if count > 1 else None)


def _seat_name(seat: str, team: str | None, names: dict[str, str]) -> str:
    """A seat for a title: the team's name, or where it will come from."""
    if team is not None:
        return names.get(team, team)
    kind, _, rest = seat.partition(":")
    if kind == "winner":
        return f"{rest.split('/')[-1]}{LABELS['winner']}"
    if kind == "loser":
        return f"{rest.split('/')[-1]}{LABELS['loser']}"
    if kind == "rank":
        group, rank = rest.split(":")
        return LABELS["group_rank"].format(group=group, rank=rank)
    return LABELS["to_be_decided"]


def _match_day_filter(activity: Tournament, days: Days) -> frozenset[int] | None:
    """Day indices `match_days` allows (day kinds or dates), or None if not given."""
    if activity.match_days is None:
        return None
    words = {d for d in activity.match_days if isinstance(d, str)}
    dates = {d for d in activity.match_days if not isinstance(d, str)}
    return frozenset(i for i in range(days.count) if days.date(i) in dates or days.kinds(i) & words)


def _tournament(
    activity: Tournament,
    loaded: LoadedPlan,
    days: Days,
    path: Path,
    formats: dict[str, TournamentFormat],
    issues: list[PlanIssue],
    results: Results | None = None,
) -> list[Occurrence]:
    fmt = formats.get(activity.format)
    if fmt is None:
        issues.append(
            PlanIssue(
                f"unknown tournament format {activity.format!r}"
                f"{suggest(activity.format, list(formats))}"
                f" (known: {', '.join(sorted(formats)) or 'none'})",
                path + ("format",),
            )
        )
        return []
    teams = activity.team_ids()
    try:
        matches = fmt.generate(teams, activity)
    except ValueError as error:
        issues.append(PlanIssue(str(error), path + ("format",)))
        return []
    if results is not None:
        matches, found = apply_results(activity.id, matches, results)
        issues.extend(found)
    _check_time(activity.when, activity.match, path, issues)
    ids = _ids(activity.id, [m.label for m in matches])
    pins = _pins(activity, [m.label for m in matches], loaded, path, issues)
    if results is not None:  # a played match stays where it was played
        for n, (oid, spec) in enumerate(zip(ids, matches, strict=True)):
            at, venue, problem = played_at(activity.id, spec.label, oid, results)
            if problem is not None:
                issues.append(problem)
            elif at is not None:
                pins[n] = _pin(
                    FixedAt(at=at, venue=venue), activity.match, loaded, path + ("fixed",), issues
                )
    names = {g.id: g.label for g in loaded.plan.groups}
    names.update(
        {f"P{n + 1}": LABELS["entrant"].format(n=n + 1) for n in range(activity.entrants or 0)}
    )
    day_filter = _match_day_filter(activity, days)
    occurrences = []
    for n, (oid, spec, pin) in enumerate(zip(ids, matches, pins, strict=True)):
        known = spec.home is not None and spec.away is not None
        teams_here = (spec.home, spec.away) if known else tuple(spec.candidates)
        audience = list(teams_here) if activity.teams else []
        audience += [g for g in activity.audience if g not in audience]
        home = _seat_name(spec.seats[0], spec.home, names)
        away = _seat_name(spec.seats[1], spec.away, names)
        occurrences.append(
            Occurrence(
                id=oid,
                activity=activity,
                title=f"{activity.title} {home} vs {away}",
                duration=activity.match,
                path=path,
                venue=activity.venue,
                staff=list(activity.staff),
                audience=audience,
                when=activity.when,
                pin=pin,
                number=n + 1,
                notes=activity.notes,
                match=spec,
                teams=tuple(teams_here),
                day_filter=day_filter,
            )
        )
    return occurrences


def expand(
    loaded: LoadedPlan,
    days: Days,
    windows: WindowCache,
    plugins: Plugins | None = None,
    results: Results | None = None,
) -> Expansion:
    """All occurrences of the plan, in plan order; raises `PlanError` on bad pins."""
    plugins = plugins or get_plugins()
    formats, _, _ = plugins.registry("scheduler_tournament_formats")
    issues: list[PlanIssue] = []
    occurrences: list[Occurrence] = []
    chains: list[Chain] = []
    skipped: dict[str, list[str]] = {}
    matches: dict[str, list[Occurrence]] = {}
    for index, activity in enumerate(loaded.plan.activities):
        path: Path = ("activities", index)
        if isinstance(activity, Deadline):
            found, chain = _deadline(activity, path)
        elif isinstance(activity, Tournament):
            found = _tournament(activity, loaded, days, path, formats, issues, results)
            chain = None
            matches[activity.id] = found
        else:
            found, chain = _repeated(activity, loaded, days, windows, path, issues, skipped)
        occurrences.extend(found)
        if chain is not None:
            chains.append(chain)
    if issues:
        raise loaded.fail(issues)
    return Expansion(occurrences, chains, skipped, matches)
