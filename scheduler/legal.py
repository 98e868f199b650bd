"""Legal starts: every place on the time grid an occurrence may begin, before search.

Time is one axis of slots: day `d` holds slots `d*S … d*S+S-1`, where S covers the
bookable day (`plan.day`) in steps of `slot_minutes`. A timed item starts on a slot
and blocks `ceil(duration / slot)` slots; a whole-day item starts at `d*S` and
blocks `N*S` slots. Windows, venue hours, closures and unavailability are applied
here, so the CP-SAT model only ever sees legal starts (as a `Domain`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from ortools.sat.python.cp_model import Domain

from .calendar import Days
from .values import DateRange, DateTimeRange, DayWord, Duration, RangeEntry, TimeWindow
from .windows import DayWindows

Minutes = tuple[int, int]  # [start, end) in minutes after midnight
Busy = dict[int, list[Minutes]]  # day index -> busy stretches that day
WHOLE_DAY: Minutes = (0, 24 * 60)


@dataclass(frozen=True)
class Grid:
    day_start: int
    day_end: int
    slot: int

    @functools.cached_property
    def per_day(self) -> int:
        return math.ceil((self.day_end - self.day_start) / self.slot)

    def size(self, duration: Duration) -> int:
        """Slots an item blocks on the axis."""
        if duration.whole_day:
            return duration.days * self.per_day
        return math.ceil(duration.minutes / self.slot)

    def split(self, t: int) -> tuple[int, int]:
        """Axis value -> (day index, minute after midnight)."""
        day, slot = divmod(t, self.per_day)
        return day, self.day_start + slot * self.slot

    def at(self, day: int, minute: int | None = None) -> int:
        if minute is None:
            return day * self.per_day
        return day * self.per_day + (minute - self.day_start) // self.slot


def busy_of(entries: Sequence[RangeEntry], days: Days) -> Busy:
    """Closures or unavailability as busy stretches per day of the plan."""
    busy: Busy = {}

    def add(index: int | None, stretch: Minutes) -> None:
        if index is not None:
            busy.setdefault(index, []).append(stretch)

    for entry in entries:
        if isinstance(entry, DayWord):
            for index in days.indices_of_kind(entry.word):
                add(index, WHOLE_DAY)
        elif isinstance(entry, DateRange):
            for day in entry.days():
                add(days.index(day), WHOLE_DAY)
        elif isinstance(entry, DateTimeRange):
            start, end = entry.start, entry.end
            day = start.date()
            while day <= end.date():
                lo = start.hour * 60 + start.minute if day == start.date() else 0
                hi = end.hour * 60 + end.minute if day == end.date() else 24 * 60
                if hi > lo:
                    add(days.index(day), (lo, hi))
                day = day.fromordinal(day.toordinal() + 1)
    return {d: sorted(set(v)) for d, v in busy.items()}


def merge_busy(parts: Iterable[Busy]) -> Busy:
    out: Busy = {}
    for part in parts:
        for day, stretches in part.items():
            out.setdefault(day, []).extend(stretches)
    return {d: sorted(set(v)) for d, v in out.items()}


def _intersect(a: Sequence[Minutes], b: Sequence[Minutes]) -> list[Minutes]:
    out = []
    for lo1, hi1 in a:
        for lo2, hi2 in b:
            lo, hi = max(lo1, lo2), min(hi1, hi2)
            if lo < hi:
                out.append((lo, hi))
    return out


class LegalStarts:
    """Computes start domains; per-day work is cached by its inputs."""

    def __init__(self, grid: Grid, days: Days):
        self.grid = grid
        self.days = days
        self._day_cache: dict[tuple, list[tuple[int, int]]] = {}
        self._starts: dict[tuple, tuple[DayWindows, Domain]] = {}
        self._window_cache: dict[tuple, tuple[Minutes, ...]] = {}

    def _day_slots(
        self, windows: tuple[Minutes, ...], forbidden: tuple[Minutes, ...], minutes: int
    ) -> list[tuple[int, int]]:
        """Slot offsets [lo, hi] in a day where a `minutes`-long item fits."""
        key = (windows, forbidden, minutes)
        hit = self._day_cache.get(key)
        if hit is not None:
            return hit
        grid = self.grid
        allowed = Domain.from_values([])
        for lo, hi in windows:
            first = math.ceil((lo - grid.day_start) / grid.slot)
            last = math.floor((hi - minutes - grid.day_start) / grid.slot)
            first, last = max(first, 0), min(last, grid.per_day - 1)
            if first <= last:
                allowed = allowed.union_with(Domain(first, last))
        for lo, hi in forbidden:
            first = math.floor((lo - minutes - grid.day_start) / grid.slot) + 1
            last = math.ceil((hi - grid.day_start) / grid.slot) - 1
            if first <= last:
                allowed = allowed.intersection_with(Domain(first, last).complement())
        flat = allowed.flattened_intervals()
        result = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
        self._day_cache[key] = result
        return result

    def starts(
        self,
        duration: Duration,
        allowed: DayWindows,
        start_days: Sequence[int],
        hours: TimeWindow | None,
        busy: Busy,
        pin_minute: int | None = None,
        busy_key: Hashable | None = None,
    ) -> Domain:
        """Legal axis starts for an item on the given candidate start days (sorted).

        With `busy_key` (what `busy` was made of), equal requests are answered from a
        cache: plans repeat the same window, venue and people a great deal.
        """
        key = None
        if busy_key is not None:
            days_key = (
                (start_days[0], start_days[-1], len(start_days))
                if start_days and start_days[-1] - start_days[0] + 1 == len(start_days)
                else tuple(start_days)
            )
            key = (duration, id(allowed), days_key, hours, busy_key, pin_minute)
            hit = self._starts.get(key)
            if hit is not None and hit[0] is allowed:
                return hit[1]
        domain = self._starts_of(duration, allowed, start_days, hours, busy, pin_minute)
        if key is not None:
            self._starts[key] = (allowed, domain)
        return domain

    def _windows(
        self, bookable: tuple[Minutes, ...], day_windows: tuple | None
    ) -> tuple[Minutes, ...]:
        if day_windows is None:
            return bookable
        key = (bookable, day_windows)
        hit = self._window_cache.get(key)
        if hit is None:
            hit = tuple(_intersect(bookable, [(w.start, w.end) for w in day_windows]))
            self._window_cache[key] = hit
        return hit

    def _starts_of(
        self,
        duration: Duration,
        allowed: DayWindows,
        start_days: Sequence[int],
        hours: TimeWindow | None,
        busy: Busy,
        pin_minute: int | None,
    ) -> Domain:
        grid, n_days = self.grid, self.days.count
        per_day = grid.per_day
        intervals: list[list[int]] = []
        if duration.whole_day:
            span = duration.days
            for day in start_days:
                if day + span > n_days:
                    continue
                if all(d in allowed and d not in busy for d in range(day, day + span)):
                    intervals.append([day * per_day, day * per_day])
            return Domain.from_intervals(intervals)
        bookable: tuple[Minutes, ...] = ((grid.day_start, grid.day_end),)
        if hours is not None:
            bookable = tuple(_intersect(bookable, [(hours.start, hours.end)]))
        minutes = duration.minutes
        for day in start_days:
            day_windows = allowed.get(day, False)
            if day_windows is False:
                continue
            windows = self._windows(bookable, day_windows)
            base = day * per_day
            for lo, hi in self._day_slots(windows, tuple(busy.get(day, ())), minutes):
                intervals.append([base + lo, base + hi])
        domain = Domain.from_intervals(intervals)
        if pin_minute is not None:
            pinned = [[grid.at(d, pin_minute)] * 2 for d in start_days]
            domain = domain.intersection_with(Domain.from_intervals(pinned))
        return domain

    def free(self, duration: Duration, domain: Domain, busy: Busy) -> Domain:
        """The part of `domain` where a resource with `busy` can take the item."""
        if not busy:
            return domain
        grid = self.grid
        blocked: list[list[int]] = []
        for day, stretches in busy.items():
            if duration.whole_day:
                first = max(day - duration.days + 1, 0)
                blocked.append([grid.at(first), grid.at(day)])
                continue
            base = grid.at(day)
            for lo, hi in stretches:
                first = math.floor((lo - duration.minutes - grid.day_start) / grid.slot) + 1
                last = math.ceil((hi - grid.day_start) / grid.slot) - 1
                first, last = max(first, 0), min(last, grid.per_day - 1)
                if first <= last:
                    blocked.append([base + first, base + last])
        return domain.intersection_with(Domain.from_intervals(blocked).complement())
