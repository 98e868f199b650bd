"""What the year view shows, worked out in Python so the template only lays it out.

`build_view` turns a schedule, its plan and its calendar into plain values: month
grids with day kinds and occurrence chips, filter options, the venue × week
utilisation heatmap, warnings, the score and the feed links.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from scheduler.api import ExportInput
from scheduler.labels import LABELS, MONTHS, NAMED_DATES, VIEW_LABELS, WEEKDAYS
from scheduler.values import DateRange, DayWord

from .palette import category_colours, category_order, tint
from .rows import Names, occurrence_row

NONE = "_none"  # the filter value of "no category"


@dataclass(frozen=True)
class Chip:
    index: int  # position in the schedule's occurrences
    label: str
    continued: bool = False


@dataclass(frozen=True)
class DayCell:
    day: int  # 0: padding before the first or after the last day of the month
    kind: str = "pad"  # work, weekend, holiday, makeup, outside, pad
    mark: str = ""  # 休 or 班
    note: str = ""  # a festival or the break that starts this day
    title: str = ""
    chips: tuple[Chip, ...] = ()


@dataclass(frozen=True)
class MonthView:
    name: str
    weeks: list[list[DayCell]]
    count: int  # occurrences that start in the month


@dataclass(frozen=True)
class OccurrenceView:
    """A chip's filter keys and what its detail panel says."""

    category: int  # index into `categories` (its colour class), -1 for none
    kind: str
    all_day: bool
    filters: dict[str, str]  # data-* attribute -> space-separated ids
    detail: dict[str, str]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Filter:
    key: str  # the chip's data-* attribute
    label: str
    feed: str  # feeds/<feed>-<id>.ics
    options: list[Option]


@dataclass(frozen=True)
class HeatCell:
    level: int  # 0 (nothing) … 4 (as busy as the busiest week); -1 closed all week
    title: str


@dataclass(frozen=True)
class HeatRow:
    venue: str
    name: str
    cells: list[HeatCell]
    hours: float


@dataclass(frozen=True)
class Heatmap:
    weeks: list[int]  # ISO week numbers
    months: list[tuple[str, int]]  # month heading and how many weeks it spans
    rows: list[HeatRow]


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    colour: str
    tint: str
    count: int


@dataclass
class YearView:
    title: str
    period: str
    provisional: bool
    status: str
    objective: int
    bound: int
    months: list[MonthView]
    occurrences: list[OccurrenceView]
    categories: list[Category]
    filters: list[Filter]
    heatmap: Heatmap
    warnings: list[str]
    score: list[dict[str, Any]]
    feeds: list[tuple[str, list[tuple[str, str]]]]
    sources: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


def _day_cells(inp: ExportInput, chips: dict[dt.date, list[Chip]]) -> dict[dt.date, DayCell]:
    days = inp.days
    named: dict[dt.date, list[str]] = defaultdict(list)
    for name, dates in sorted(days.named_dates.items()):
        for day in dates:
            named[day].append(NAMED_DATES.get(name, name))
    cells: dict[dt.date, DayCell] = {}
    for index in range(days.count):
        day = days.date(index)
        kinds = days.kinds(index)
        holiday = days.holiday[index]
        notes = list(named.get(day, []))
        if "holiday" in kinds:
            kind, mark, legend = "holiday", VIEW_LABELS["holiday_mark"], holiday or ""
            starts_break = index == 0 or days.holiday[index - 1] != holiday
            if starts_break and holiday and holiday not in notes:
                notes.insert(0, holiday)
        elif "workday" in kinds and day.weekday() >= 5:
            kind, mark, legend = "makeup", VIEW_LABELS["makeup_mark"], VIEW_LABELS["makeup_legend"]
        elif "weekend" in kinds:
            kind, mark, legend = "weekend", "", ""
        else:
            kind, mark, legend = "work", "", ""
        title = " · ".join(
            x for x in (f"{day.isoformat()} {WEEKDAYS[day.weekday()]}", legend, *notes) if x
        )
        cells[day] = DayCell(day.day, kind, mark, "、".join(notes), title, tuple(chips[day]))
    return cells


def _months(inp: ExportInput, cells: dict[dt.date, DayCell], starts: dict) -> list[MonthView]:
    first, last = inp.days.first, inp.days.last
    several_years = first.year != last.year
    months: list[MonthView] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        weeks = []
        for week in pycal.Calendar().monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(DayCell(0))
                else:
                    row.append(cells.get(day, DayCell(day.day, "outside", title=day.isoformat())))
            weeks.append(row)
        name = MONTHS[month - 1]
        months.append(
            MonthView(f"{year}年{name}" if several_years else name, weeks, starts[year, month])
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _open_minutes(inp: ExportInput) -> dict[str, list[int]]:
    """Bookable court-minutes of each venue on each day (0 when closed all day)."""
    days = inp.days
    plan = inp.plan.plan
    window = plan.plan.day
    out: dict[str, list[int]] = {}
    for venue in plan.venues:
        start, end = window.start, window.end
        if venue.hours is not None:
            start, end = max(start, venue.hours.start), min(end, venue.hours.end)
        daily = max(0, end - start) * venue.courts
        minutes = [daily] * days.count
        for entry in venue.closed:
            if isinstance(entry, DayWord):
                for index in days.indices_of_kind(entry.word):
                    minutes[index] = 0
            elif isinstance(entry, DateRange):
                for day in entry.days():
                    index = days.index(day)
                    if index is not None:
                        minutes[index] = 0
        out[venue.id] = minutes
    return out


def _heatmap(inp: ExportInput, names: Names) -> Heatmap:
    days = inp.days
    open_minutes = _open_minutes(inp)
    used: dict[str, list[int]] = {v: [0] * days.count for v in open_minutes}
    items: dict[str, list[set[str]]] = {v: [set() for _ in range(days.count)] for v in used}
    for o in inp.schedule.occurrences:
        if not o.venue or o.venue not in used:
            continue
        first = dt.date.fromisoformat(o.start[:10])
        if o.all_day:
            span = (dt.date.fromisoformat(o.end) - first).days
            for offset in range(span):
                index = days.index(first + dt.timedelta(days=offset))
                if index is not None:
                    used[o.venue][index] += open_minutes[o.venue][index]
                    items[o.venue][index].add(o.id)
        else:
            index = days.index(first)
            if index is not None:
                start, end = dt.datetime.fromisoformat(o.start), dt.datetime.fromisoformat(o.end)
                used[o.venue][index] += int((end - start).total_seconds() // 60)
                items[o.venue][index].add(o.id)
    spans = days.spans("week")
    weeks = [int(label.rsplit("W", 1)[1]) for label, _, _ in spans]
    months: list[tuple[str, int]] = []
    for _, lo, hi in spans:  # a week counts in the month of its middle day in the period
        middle = days.date((lo + hi) // 2)  # (Thursday, as ISO weeks do, for a whole week)
        name = MONTHS[middle.month - 1].removesuffix("份")
        if months and months[-1][0] == name:
            months[-1] = (name, months[-1][1] + 1)
        else:
            months.append((name, 1))
    shares: dict[str, list[tuple[float, int, int]]] = {}  # share, booked minutes, items
    for venue in inp.plan.plan.venues:
        shares[venue.id] = []
        for _, lo, hi in spans:
            capacity = sum(open_minutes[venue.id][lo : hi + 1])
            booked = sum(used[venue.id][lo : hi + 1])
            count = len(set().union(*items[venue.id][lo : hi + 1]))
            share = (
                -1.0 if capacity == 0 and booked == 0 else booked / capacity if capacity else 1.0
            )
            shares[venue.id].append((share, booked, count))
    busiest = max((s for row in shares.values() for s, _, _ in row), default=0.0)
    rows = []
    for venue in inp.plan.plan.venues:
        cells = []
        for (label, lo, hi), (share, booked, count) in zip(spans, shares[venue.id], strict=True):
            first, last = days.date(lo), days.date(hi)
            head = (
                f"{label}（{first.month}月{first.day}日–{last.month}月{last.day}日）{venue.label}"
            )
            if share < 0:
                cells.append(HeatCell(-1, f"{head}：{VIEW_LABELS['closed']}"))
                continue
            # darker is busier; the busiest week of any venue is the darkest
            level = 0 if booked == 0 else max(1, math.ceil(4 * math.sqrt(share / busiest)))
            text = f"{count} {VIEW_LABELS['items']}，{booked / 60:g} {VIEW_LABELS['hours']}"
            cells.append(HeatCell(level, f"{head}：{text}，{share:.0%}"))
        total = sum(used[venue.id]) / 60
        rows.append(HeatRow(venue.id, names.venues[venue.id], cells, round(total, 1)))
    return Heatmap(weeks, months, rows)


def _options(
    ids: list[str], table: dict[str, str], counts: dict[str, int], keep_empty: bool = True
) -> list[Option]:
    return [
        Option(i, table.get(i, i), counts.get(i, 0)) for i in ids if keep_empty or counts.get(i)
    ]


def build_view(inp: ExportInput) -> YearView:
    schedule = inp.schedule
    plan = inp.plan.plan
    names = Names.of(inp.plan)
    occurrences = schedule.occurrences
    order = category_order(plan.plan.categories, (o.category for o in occurrences))
    colours = category_colours(order)
    several_years = inp.days.first.year != inp.days.last.year

    views: list[OccurrenceView] = []
    chips: dict[dt.date, list[Chip]] = defaultdict(list)
    starts: dict[tuple[int, int], int] = defaultdict(int)
    counts: dict[str, dict[str, int]] = {k: defaultdict(int) for k in ("v", "g", "s", "c")}
    for index, o in enumerate(occurrences):
        row = occurrence_row(o, names, several_years)
        filters = {
            "v": o.venue or "",
            "g": " ".join(names.groups_attending(o)),
            "s": " ".join(o.staff),
            "c": o.category or NONE,
        }
        for key, value in filters.items():
            for ident in value.split():
                counts[key][ident] += 1
        views.append(
            OccurrenceView(
                category=order.index(o.category) if o.category else -1,
                kind=o.kind,
                all_day=o.all_day,
                filters=filters,
                detail={
                    "title": row.title,
                    "when": row.when,
                    "category": row.category,
                    "venue": row.venue,
                    "audience": row.audience,
                    "staff": row.staff,
                    "id": row.id,
                },
            )
        )
        starts[row.first.year, row.first.month] += 1
        day = row.first
        while day <= row.last:
            chips[day].append(Chip(index, o.title, continued=day != row.first))
            day += dt.timedelta(days=1)

    categories = [
        Category(c, names.category(c), colours[c], tint(colours[c], 0.22), counts["c"].get(c, 0))
        for c in order
    ]
    if counts["c"].get(NONE):
        categories.append(
            Category(
                NONE,
                names.category(None),
                colours[None],
                tint(colours[None], 0.22),
                counts["c"][NONE],
            )
        )
    filters = [
        Filter(
            "v",
            LABELS["venue"],
            "venue",
            _options([v.id for v in plan.venues], names.venues, counts["v"]),
        ),
        Filter(
            "g",
            VIEW_LABELS["audience_column"],
            "group",
            _options([g.id for g in plan.groups], names.groups, counts["g"]),
        ),
        Filter(
            "s",
            LABELS["staff"],
            "staff",
            _options([p.id for p in plan.staff], names.staff, counts["s"]),
        ),
        Filter(
            "c",
            VIEW_LABELS["category"],
            "category",
            [Option(c.id, c.name, c.count) for c in categories],
        ),
    ]
    titles = {o.id: o.title for o in occurrences}
    score = [
        {
            "rule": s.rule,
            "type": s.type,
            "weight": s.weight,
            "units": s.units,
            "penalty": s.penalty,
            "titles": "、".join(dict.fromkeys(titles.get(i, i) for i in s.occurrences)),
            "ids": " ".join(s.occurrences),
        }
        for s in schedule.score
    ]
    warnings = [str(w) for w in inp.plan.warnings]
    if schedule.status != "optimal":
        warnings.append(
            f"{VIEW_LABELS['feasible']}：{VIEW_LABELS['objective']} {schedule.objective}，"
            f"{VIEW_LABELS['bound']} {schedule.bound}"
        )
    used_categories = [c for c in order if counts["c"].get(c)]
    feeds = [
        (VIEW_LABELS["whole_plan"], [(schedule.plan.name, "calendar.ics")]),
        (
            VIEW_LABELS["feed_venue"],
            [(names.venues[v.id], f"feeds/venue-{v.id}.ics") for v in plan.venues],
        ),
        (
            VIEW_LABELS["feed_group"],
            [(names.groups[g.id], f"feeds/group-{g.id}.ics") for g in plan.groups],
        ),
        (
            VIEW_LABELS["feed_staff"],
            [(names.staff[p.id], f"feeds/staff-{p.id}.ics") for p in plan.staff],
        ),
        (
            VIEW_LABELS["feed_category"],
            [(names.category(c), f"feeds/category-{c}.ics") for c in sorted(used_categories)],
        ),
    ]
    period = schedule.plan.period
    title = schedule.plan.name
    if schedule.provisional:
        title += f"（{LABELS['provisional']}）"
    return YearView(
        title=title,
        period=f"{period.start} – {period.end}",
        provisional=schedule.provisional,
        status=VIEW_LABELS[schedule.status],
        objective=schedule.objective,
        bound=schedule.bound,
        months=_months(inp, _day_cells(inp, chips), starts),
        occurrences=views,
        categories=categories,
        filters=filters,
        heatmap=_heatmap(inp, names),
        warnings=warnings,
        score=score,
        feeds=[(label, links) for label, links in feeds if links],
        sources=list(inp.days.sources),
        labels={**LABELS, **VIEW_LABELS},
    )
