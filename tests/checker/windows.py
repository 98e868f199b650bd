"""Where an item may go: `when` mappings, closures and unavailability, and the periods of
`every` series (plan-format.md, "`when`", "Time", "Kinds")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .days import Calendar
from .plan import Block, DayKind, DaySpan, Plan, Relative, TimeSpan, When, WhenMap
from .report import UnsupportedPlan


def days_between(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


class Windows:
    """Evaluates `when` and blocked times against one plan's calendar."""

    def __init__(self, plan: Plan, calendar: Calendar) -> None:
        self.plan = plan
        self.calendar = calendar
        self._anchors: dict[Relative, date] = {}

    def resolve_names(self, whens: list[When]) -> None:
        """Resolve every named period and date up front, so that a name the checker cannot
        compute raises `UnsupportedPlan` even where no day ever asks for it."""
        for when in whens:
            for m in when:
                for name in (m.periods or ()) + (m.not_periods or ()):
                    self.calendar.named_period(name)
                if m.relative is not None:
                    self.anchor(m.relative)

    # -- when

    def day_ok(self, m: WhenMap, d: date) -> bool:
        """Every day key of the mapping holds on `d` (`time` is not a day key)."""
        kinds = self.calendar.kinds(d)
        if m.months is not None and d.month not in m.months:
            return False
        if m.between is not None and not m.between.first <= d <= m.between.last:
            return False
        if m.half is not None and (d.month <= 6) != (m.half == "first"):
            return False
        if m.dates is not None and d not in m.dates:
            return False
        if m.days is not None and not (m.days & kinds):
            return False
        if m.not_days is not None and m.not_days & kinds:
            return False
        if m.periods is not None and not any(self.calendar.in_period(p, d) for p in m.periods):
            return False
        if m.not_periods is not None and any(
                self.calendar.in_period(p, d) for p in m.not_periods):
            return False
        if m.relative is not None:
            anchor = self.anchor(m.relative)
            if not m.relative.start <= (d - anchor).days <= m.relative.until:
                return False
        return True

    def anchor(self, rel: Relative) -> date:
        """The named date's occurrence inside the plan period (`year:` picks one of two)."""
        if rel not in self._anchors:
            self._anchors[rel] = self._anchor(rel)
        return self._anchors[rel]

    def _anchor(self, rel: Relative) -> date:
        found = self.calendar.named_date_occurrences(rel.to)
        if rel.year is not None:
            picked = [d for d in found if d.year == rel.year]
        else:
            picked = [d for d in found if self.plan.start <= d <= self.plan.end]
        if len(picked) != 1:
            raise UnsupportedPlan(
                f"relative to {rel.to!r}: {len(picked)} occurrences in the plan period")
        return picked[0]

    def whole_day_ok(self, when: When, first: date, ndays: int) -> list[date]:
        """Days of a whole-day item that no mapping of `when` allows (readings.md: the
        window of a `when` list is the union of its mappings)."""
        days = [first + timedelta(days=k) for k in range(ndays)]
        if not when:
            return []
        return [d for d in days if not any(self.day_ok(m, d) for m in when)]

    def timed_ok(self, when: When, start: datetime, end: datetime) -> bool:
        """One mapping allows the day and holds the time (start to reported end)."""
        if not when:
            return True
        lo, hi = minutes(start), minutes(start) + int((end - start).total_seconds() // 60)
        return any(self.day_ok(m, start.date())
                   and (m.times is None or any(t.holds(lo, hi) for t in m.times))
                   for m in when)

    def day_allowed(self, when: When, d: date) -> bool:
        """Day keys only: used to keep `every` periods and to find window periods."""
        return not when or any(self.day_ok(m, d) for m in when)

    def start_days(self, when: When, ndays: int, first: date, last: date) -> list[date]:
        """Start days in [first, last] whose whole item stays in the plan period and window."""
        out = []
        for d in days_between(max(first, self.plan.start), min(last, self.plan.end)):
            end = d + timedelta(days=max(ndays, 1) - 1)
            if end <= self.plan.end and not self.whole_day_ok(when, d, max(ndays, 1)):
                out.append(d)
        return out

    # -- closures and unavailability

    def hit(self, blocks: tuple[Block, ...], start: datetime, end: datetime) -> Block | None:
        """The first block that intersects [start, end), if any."""
        for block in blocks:
            if isinstance(block, TimeSpan):
                if block.start < end and start < block.end:
                    return block
            elif isinstance(block, DaySpan):
                lo = datetime.combine(block.first, time())
                hi = datetime.combine(block.last + timedelta(days=1), time())
                if lo < end and start < hi:
                    return block
            elif isinstance(block, DayKind):
                last = (end - timedelta(microseconds=1)).date()
                if any(block.word in self.calendar.kinds(d)
                       for d in days_between(start.date(), last)):
                    return block
        return None


# ---------------------------------------------------------------- `every` periods


@dataclass(frozen=True)
class Period:
    label: str
    first: date
    last: date


def week_label(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def month_label(d: date) -> str:
    return f"{d.year}-{d.month:02d}"


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def all_periods(every: str, plan: Plan, when: When) -> list[Period]:
    """Every period of an `every` series that meets the plan period."""
    every = every.strip()
    parts = every.split()
    out: list[Period] = []
    if every == "week" or (len(parts) == 2 and parts[1] in ("week", "weeks")):
        n = 1 if every == "week" else int(parts[0])
        anchor = plan.start
        if n > 1 and len(when) == 1 and when[0].between is not None:
            anchor = when[0].between.first
        monday = anchor - timedelta(days=anchor.weekday())
        while monday <= plan.end:
            out.append(Period(week_label(monday), monday, monday + timedelta(days=7 * n - 1)))
            monday += timedelta(days=7 * n)
        return [p for p in out if p.last >= plan.start]
    steps = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
    if every not in steps:
        raise UnsupportedPlan(f"every: {every!r} not understood")
    step = steps[every]
    year, month = plan.start.year, (plan.start.month - 1) // step * step + 1
    while _month_start(year, month) <= plan.end:
        first = _month_start(year, month)
        last = _month_start(year, month + step) - timedelta(days=1)
        if every == "month":
            label = month_label(first)
        elif every == "quarter":
            label = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
        elif every == "half_year":
            label = f"{first.year}-H{(first.month - 1) // 6 + 1}"
        else:
            label = str(first.year)
        out.append(Period(label, first, last))
        year, month = (month + step - 1) // 12 + year, (month + step - 1) % 12 + 1
    return out


def kept_periods(every: str, plan: Plan, when: When, windows: Windows) -> list[Period]:
    """The periods holding at least one day (inside the plan period) that `when` allows."""
    return [p for p in all_periods(every, plan, when)
            if any(windows.day_allowed(when, d)
                   for d in days_between(max(p.first, plan.start), min(p.last, plan.end)))]
