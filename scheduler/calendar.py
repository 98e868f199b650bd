"""The calendar grid of a plan: every date's kinds, named dates and named periods.

The baseline is the plain week (Monday–Friday `workday`, Saturday and Sunday
`weekend`); calendar plugins mark the dates that differ (breaks, 调休 make-up
workdays, tags). Named dates and periods merge calendars (in `plan.calendars`
order), then the profile, then the plan's own `dates`/`periods`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .api import CalendarYear, DayMark, NamedDates, NamedPeriods
from .errors import PlanError, PlanIssue, SchedulerError
from .loader import LoadedPlan
from .plugins import Plugins, get_plugins
from .values import CORE_DAY_KINDS, WEEKDAY_WORDS, DayWord, suggest

Range = tuple[dt.date, dt.date]


@dataclass
class Days:
    """Dates of the plan period, indexed from 0, with their kinds."""

    first: dt.date
    last: dt.date
    workday: list[bool]
    holiday: list[str | None]
    tags: list[frozenset[str]]
    named_dates: dict[str, list[dt.date]] = field(default_factory=dict)
    named_periods: dict[str, list[Range]] = field(default_factory=dict)
    known_kinds: frozenset[str] = frozenset(CORE_DAY_KINDS)
    provisional: bool = False
    sources: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.workday)

    @functools.cached_property
    def _dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range(self.count)]

    @functools.cached_property
    def _kinds(self) -> list[frozenset[str]]:
        return [self._kinds_of(i) for i in range(self.count)]

    def date(self, index: int) -> dt.date:
        if 0 <= index < self.count:
            return self._dates[index]
        return self.first + dt.timedelta(days=index)

    def index(self, day: dt.date) -> int | None:
        offset = (day - self.first).days
        return offset if 0 <= offset < self.count else None

    def kinds(self, index: int) -> frozenset[str]:
        return self._kinds[index]

    def _kinds_of(self, index: int) -> frozenset[str]:
        day = self.date(index)
        weekday = day.weekday()
        kinds = {WEEKDAY_WORDS[weekday], "workday" if self.workday[index] else "rest_day"}
        if weekday >= 5 and not self.workday[index]:
            kinds.add("weekend")
        if self.holiday[index]:
            kinds.add("holiday")
        return frozenset(kinds | self.tags[index])

    def has_kind(self, index: int, word: str) -> bool:
        return word in self.kinds(index)

    def indices_of_kind(self, word: str) -> list[int]:
        return [i for i in range(self.count) if self.has_kind(i, word)]

    def spans(self, over: str) -> list[tuple[str, int, int]]:
        """(label, first index, last index) of each day, ISO week or month of the plan."""
        cached = self._spans.get(over)
        if cached is None:
            cached = self._spans[over] = self._make_spans(over)
        return list(cached)

    @functools.cached_property
    def _spans(self) -> dict[str, list[tuple[str, int, int]]]:
        return {}

    def _make_spans(self, over: str) -> list[tuple[str, int, int]]:
        spans: list[tuple[str, int, int]] = []
        for i in range(self.count):
            day = self.date(i)
            if over == "day":
                label = day.isoformat()
            elif over == "week":
                year, week, _ = day.isocalendar()
                label = f"{year}-W{week:02d}"
            elif over == "month":
                label = f"{day.year}-{day.month:02d}"
            else:
                raise ValueError(over)
            if spans and spans[-1][0] == label:
                spans[-1] = (label, spans[-1][1], i)
            else:
                spans.append((label, i, i))
        return spans

    def in_period(self, name: str) -> set[int]:
        """Indices of the days inside a named period (empty if it misses the plan)."""
        inside: set[int] = set()
        for start, end in self.named_periods.get(name, []):
            lo = max(start, self.first)
            hi = min(end, self.last)
            while lo <= hi:
                inside.add((lo - self.first).days)
                lo += dt.timedelta(days=1)
        return inside


def _years(first: dt.date, last: dt.date) -> list[int]:
    return list(range(first.year, last.year + 1))


def _call_each(plugins: Plugins, hook: str, **kwargs: object) -> Iterable[tuple[str, object]]:
    """Call a hook plugin by plugin, so failures name the plugin."""
    for impl in getattr(plugins.pm.hook, hook).get_hookimpls():
        args = {k: v for k, v in kwargs.items() if k in impl.argnames}
        try:
            result = impl.function(**args)
        except PlanError as error:  # the plugin's issues carry its name
            issues = [i if i.source else replace(i, source=impl.plugin_name) for i in error.issues]
            raise PlanError(issues) from None
        except SchedulerError:
            raise
        except Exception as error:  # noqa: BLE001 - report the plugin by name, exit 70
            raise RuntimeError(
                f"plugin {impl.plugin_name}: {hook} raised {type(error).__name__}: {error}"
            ) from error
        if result is None:
            continue
        items = result if isinstance(result, (list, tuple)) else [result]
        for item in items:
            yield impl.plugin_name, item


def _mark_days(
    loaded: LoadedPlan, plugins: Plugins, provisional: bool, first: dt.date, last: dt.date
) -> tuple[dict[dt.date, DayMark], set[str], bool, list[str]]:
    calendars = list(loaded.plan.plan.calendars)
    by_name: dict[str, list[CalendarYear]] = {name: [] for name in calendars}
    offered: set[str] = set()
    try:
        for year in _years(first, last):
            for _, result in _call_each(
                plugins,
                "scheduler_calendar_days",
                year=year,
                calendars=calendars,
                plan=loaded.plan,
                plan_path=loaded.file,
                provisional=provisional,
            ):
                assert isinstance(result, CalendarYear)
                offered.add(result.calendar)
                if result.calendar in by_name:
                    by_name[result.calendar].append(result)
    except PlanError as error:  # issues about the plan itself get its file and line
        raise PlanError([i if i.file else loaded.locate(i) for i in error.issues]) from None
    issues = [
        PlanIssue(
            f"unknown calendar {name!r}{suggest(name, offered)}"
            f" (installed: {', '.join(sorted(offered)) or 'none'})",
            ("plan", "calendars", i),
        )
        for i, name in enumerate(calendars)
        if not by_name[name]
    ]
    if issues:
        raise loaded.fail(issues)
    marks: dict[dt.date, DayMark] = {}
    kinds: set[str] = set()
    is_provisional = False
    sources: list[str] = []
    for name in calendars:
        for year_marks in by_name[name]:
            is_provisional |= year_marks.provisional
            kinds.update(year_marks.kinds)
            if year_marks.source:
                sources.append(f"{name} {year_marks.year}: {year_marks.source}")
            for day, mark in year_marks.days.items():
                old = marks.get(day, DayMark())
                marks[day] = DayMark(
                    workday=mark.workday if mark.workday is not None else old.workday,
                    holiday=mark.holiday if mark.holiday is not None else old.holiday,
                    tags=old.tags | mark.tags,
                )
    return marks, kinds, is_provisional, sources


def _named(
    loaded: LoadedPlan, plugins: Plugins, first: dt.date, last: dt.date
) -> tuple[dict[str, list[dt.date]], dict[str, list[Range]]]:
    calendars = list(loaded.plan.plan.calendars)
    profile = loaded.plan.plan.profile
    order = {name: i for i, name in enumerate(calendars)}

    def rank(item: NamedDates | NamedPeriods) -> int | None:
        if item.kind == "calendar" and item.source in order:
            return order[item.source]
        if item.kind == "profile" and item.source == profile:
            return len(order)
        return None

    dates: dict[str, list[dt.date]] = {}
    periods: dict[str, list[Range]] = {}
    for year in _years(first, last):
        year_dates: dict[str, dt.date] = {}
        found = [
            item
            for _, item in _call_each(
                plugins, "scheduler_named_dates", year=year, calendars=calendars, plan=loaded.plan
            )
        ]
        for item in sorted((i for i in found if rank(i) is not None), key=rank):
            year_dates.update(item.dates)
        for name, day in year_dates.items():
            dates.setdefault(name, []).append(day)
        year_periods: dict[str, list[Range]] = {}
        found = [
            item
            for _, item in _call_each(
                plugins, "scheduler_named_periods", year=year, calendars=calendars, plan=loaded.plan
            )
        ]
        for item in sorted((i for i in found if rank(i) is not None), key=rank):
            year_periods.update({k: list(v) for k, v in item.periods.items()})
        for name, ranges in year_periods.items():
            periods.setdefault(name, []).extend(ranges)
    for name, day in loaded.plan.plan.dates.items():
        dates[name] = [day]
    for name, ranges in loaded.plan.plan.periods.items():
        periods[name] = [(r.start, r.end) for r in ranges]
    for name in periods:
        periods[name] = sorted(set(periods[name]))
    return dates, periods


def build_days(
    loaded: LoadedPlan, plugins: Plugins | None = None, provisional: bool = False
) -> Days:
    """The plan period's calendar; raises `PlanError` for unknown names."""
    plugins = plugins or get_plugins()
    header = loaded.plan.plan
    first, last = header.first_day, header.last_day
    marks, kinds, is_provisional, sources = _mark_days(loaded, plugins, provisional, first, last)
    n = (last - first).days + 1
    workday, holiday, tags = [], [], []
    for i in range(n):
        day = first + dt.timedelta(days=i)
        mark = marks.get(day, DayMark())
        off = mark.holiday is not None and mark.workday is None
        workday.append(
            mark.workday if mark.workday is not None else (day.weekday() < 5 and not off)
        )
        holiday.append(mark.holiday)
        tags.append(frozenset(mark.tags))
    dates, periods = _named(loaded, plugins, first, last)
    days = Days(
        first=first,
        last=last,
        workday=workday,
        holiday=holiday,
        tags=tags,
        named_dates=dates,
        named_periods=periods,
        known_kinds=frozenset(CORE_DAY_KINDS) | frozenset(kinds),
        provisional=is_provisional,
        sources=sources,
    )
    check_calendar_names(loaded, days)
    return days


def check_calendar_names(loaded: LoadedPlan, days: Days) -> None:
    """Day kinds, period names and named dates the plan uses exist (else exit 2)."""
    issues: list[PlanIssue] = []
    kinds = days.known_kinds

    def kind(word: str, path: tuple) -> None:
        if word not in kinds:
            issues.append(
                PlanIssue(
                    f"unknown day kind {word!r}{suggest(word, kinds)}"
                    f" (known: {', '.join(sorted(kinds))})",
                    path,
                )
            )

    def ranges(entries: list, path: tuple) -> None:
        for i, entry in enumerate(entries):
            if isinstance(entry, DayWord):
                kind(entry.word, path + (i,))

    plan = loaded.plan
    for i, venue in enumerate(plan.venues):
        ranges(venue.closed, ("venues", i, "closed"))
    for i, person in enumerate(plan.staff):
        ranges(person.unavailable, ("staff", i, "unavailable"))
    for i, group in enumerate(plan.groups):
        ranges(group.unavailable, ("groups", i, "unavailable"))
    for a, activity in enumerate(plan.activities):
        clauses = [(("activities", a, "when"), activity.when)]
        for e, entry in enumerate(getattr(activity, "occurrences", None) or []):
            clauses.append((("activities", a, "occurrences", e, "when"), entry.when))
        for i, word in enumerate(getattr(activity, "match_days", None) or []):
            if isinstance(word, str):
                kind(word, ("activities", a, "match_days", i))
        for base, when in clauses:
            for c, clause in enumerate(when or []):
                path = base + (c,) if len(when) > 1 else base
                for key in ("days", "not_days"):
                    for i, word in enumerate(getattr(clause, key) or []):
                        kind(word, path + (key, i))
                for key in ("periods", "not_periods"):
                    for i, name in enumerate(getattr(clause, key) or []):
                        if name not in days.named_periods:
                            known = sorted(days.named_periods)
                            issues.append(
                                PlanIssue(
                                    f"unknown period {name!r}{suggest(name, known)}"
                                    f" (known: {', '.join(known) or 'none'})",
                                    path + (key, i),
                                )
                            )
                if clause.relative is not None:
                    issues += _relative_issue(clause.relative, days, path + ("relative",))
    if issues:
        raise loaded.fail(issues)


def _relative_issue(relative, days: Days, path: tuple) -> list[PlanIssue]:
    name = relative.to
    if name not in days.named_dates:
        known = sorted(days.named_dates)
        return [
            PlanIssue(
                f"unknown named date {name!r}{suggest(name, known)}"
                f" (known: {', '.join(known) or 'none; add it under plan.dates'})",
                path + ("to",),
            )
        ]
    inside = [d for d in days.named_dates[name] if days.first <= d <= days.last]
    if relative.year is not None:
        if not any(d.year == relative.year for d in inside):
            return [
                PlanIssue(
                    f"{name} has no date in {relative.year} inside the plan period",
                    path + ("year",),
                )
            ]
    elif len(inside) > 1:
        listed = ", ".join(str(d) for d in inside)
        return [
            PlanIssue(
                f"the plan period holds {name} twice ({listed}); pick one with year:",
                path + ("to",),
            )
        ]
    return []


def relative_anchor(relative, days: Days) -> dt.date | None:
    """The named date `relative.to` refers to, inside the plan period (None if none)."""
    inside = [d for d in days.named_dates.get(relative.to, []) if days.first <= d <= days.last]
    if relative.year is not None:
        inside = [d for d in inside if d.year == relative.year]
    return inside[0] if inside else None


__all__ = ["Days", "PlanError", "build_days", "relative_anchor"]
