"""The month-by-month summary (月程工作安排), for the terminal and `summary.txt`.

One row per occurrence; a tournament's matches in a month fold into one row with
their date range and number of matches, as planners write it by hand.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

from rich.console import Console
from rich.table import Table

from .labels import LABELS, MONTHS, WEEKDAYS
from .schedule import PlacedOccurrence, Schedule


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def date_text(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"{first.month}月{first.day}日 {WEEKDAYS[first.weekday()]}"
    if first.month == last.month:
        return f"{first.month}月{first.day}日–{last.day}日"
    return f"{first.month}月{first.day}日–{last.month}月{last.day}日"


def day_span(o: PlacedOccurrence) -> tuple[dt.date, dt.date]:
    """First and last day an occurrence covers (whole-day `end` is exclusive)."""
    first = _day(o.start)
    return first, _day(o.end) - dt.timedelta(days=1) if o.all_day else first


def time_text(o: PlacedOccurrence) -> str:
    """`16:00–17:30`, 全天 for whole-day items, 截止 for deadlines."""
    if o.kind == "deadline":
        return LABELS["deadline"]
    return LABELS["all_day"] if o.all_day else f"{o.start[11:16]}–{o.end[11:16]}"


def _row(o: PlacedOccurrence, names: dict[str, str], venues: dict[str, str]) -> list[str]:
    first, last = day_span(o)
    return [
        date_text(first, last),
        time_text(o),
        o.title,
        venues.get(o.venue or "", ""),
        "、".join(names.get(s, s) for s in o.staff),
    ]


def month_rows(schedule: Schedule, plan) -> list[tuple[str, list[list[str]]]]:
    """(month heading, rows) for each month that holds something."""
    staff = {p.id: p.label for p in plan.staff}
    venues = {v.id: v.label for v in plan.venues}
    titles = {a.id: a.title for a in plan.activities}
    singles: dict[tuple[int, int], list[tuple[str, list[str]]]] = defaultdict(list)
    matches: dict[tuple[int, int], dict[str, list[PlacedOccurrence]]] = defaultdict(dict)
    for o in schedule.occurrences:
        day = _day(o.start)
        key = (day.year, day.month)
        if o.kind == "tournament":
            matches[key].setdefault(o.activity, []).append(o)
        else:
            singles[key].append((o.start, _row(o, staff, venues)))
    for key, by_activity in matches.items():
        for activity, played in by_activity.items():
            first, last = _day(played[0].start), _day(played[-1].start)
            used = sorted({venues.get(o.venue or "", "") for o in played} - {""})
            refs = sorted({s for o in played for s in o.staff})
            singles[key].append(
                (
                    played[0].start,
                    [
                        date_text(first, last),
                        f"{len(played)} {LABELS['matches']}",
                        titles[activity],
                        "、".join(used),
                        "、".join(staff.get(s, s) for s in refs),
                    ],
                )
            )
    years = {key[0] for key in singles}
    out = []
    for key in sorted(singles):
        year, month = key
        heading = MONTHS[month - 1] if len(years) == 1 else f"{year}年{MONTHS[month - 1]}"
        out.append((heading, [row for _, row in sorted(singles[key], key=lambda r: r[0])]))
    return out


def summary_table(schedule: Schedule, plan) -> Table:
    title = schedule.plan.name
    if schedule.provisional:
        title += f"（{LABELS['provisional']}）"
    table = Table(title=title, show_lines=False, expand=False)
    for key in ("month", "date", "time", "title", "venue", "owner"):
        table.add_column(LABELS[key], overflow="fold")
    for heading, rows in month_rows(schedule, plan):
        for index, row in enumerate(rows):
            table.add_row(heading if index == 0 else "", *row, end_section=index == len(rows) - 1)
    if schedule.provisional:
        table.caption = LABELS["provisional_banner"]
    return table


def summary_text(schedule: Schedule, plan, width: int = 110) -> str:
    """The summary as plain text (no colours), e.g. for `summary.txt`."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, color_system=None, markup=False, highlight=False, emoji=False
    )
    console.print(summary_table(schedule, plan))
    return buffer.getvalue()
