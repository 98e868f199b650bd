"""A terminal view of one year's calendar: month grids with day kinds, and named dates.

Holidays show in red with 休, 调休 make-up workdays in bold with 班, weekends dimmed;
each month lists the named dates and periods that fall in it.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from collections.abc import Sequence

from rich.columns import Columns
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from .calendar import Days, build_days
from .labels import MONTHS
from .loader import LoadedPlan
from .model import PlanFile, PlanHeader
from .yamlsrc import LineMap


def days_for_year(year: int, calendars: Sequence[str], provisional: bool = False) -> Days:
    header = PlanHeader(name=f"calendar {year}", year=year, calendars=list(calendars))
    loaded = LoadedPlan(
        file=f"<calendar {year}>",
        plan=PlanFile(plan=header),
        id="calendar",
        lines=LineMap(),
        data={},
    )
    return build_days(loaded, provisional=provisional)


def _month(days: Days, year: int, month: int, names: dict[dt.date, list[str]]) -> Table:
    table = Table(
        title=MONTHS[month - 1], show_header=True, box=None, padding=(0, 1), title_justify="left"
    )
    for head in ("一", "二", "三", "四", "五", "六", "日"):
        table.add_column(head, justify="right", no_wrap=True)
    for week in pycal.Calendar().monthdayscalendar(year, month):
        cells = []
        for number in week:
            if number == 0:
                cells.append(Text(""))
                continue
            day = dt.date(year, month, number)
            index = days.index(day)
            assert index is not None
            kinds = days.kinds(index)
            text = Text(f"{number:2d}")
            if "holiday" in kinds:
                text.append("休", style="bold red")
                text.stylize("red", 0, 2)
            elif "workday" in kinds and day.weekday() >= 5:
                text.append("班", style="bold")
                text.stylize("bold", 0, 2)
            elif "weekend" in kinds:
                text.stylize("dim")
            if day in names:
                text.stylize("underline", 0, 2)
            cells.append(text)
        table.add_row(*cells)
    listed = sorted((d, n) for d, ns in names.items() for n in ns if d.month == month)
    if listed:
        table.caption = "  ".join(f"{d.day}日 {n}" for d, n in listed)
        table.caption_justify = "left"
    return table


def year_view(
    year: int, calendars: Sequence[str], provisional: bool = False
) -> list[RenderableType]:
    days = days_for_year(year, calendars, provisional)
    names: dict[dt.date, list[str]] = {}
    for name, dates in days.named_dates.items():
        for day in dates:
            if day.year == year:
                names.setdefault(day, []).append(name)
    header = Text(f"{year}: " + ", ".join(calendars or ["plain week"]))
    if days.provisional:
        header.append("  (provisional: no official holiday data; no 调休)", style="bold yellow")
    legend = Text("休 holiday   班 make-up workday (调休)   dim: weekend   underline: named date")
    months = [_month(days, year, m, names) for m in range(1, 13)]

    def day(d: dt.date) -> str:  # a range reaching into another year shows that year
        return f"{d:%m-%d}" if d.year == year else d.isoformat()

    periods = [
        f"{name}: "
        + ", ".join(f"{day(a)}–{day(b)}" for a, b in ranges if a.year == year or b.year == year)
        for name, ranges in sorted(days.named_periods.items())
    ]
    out: list[RenderableType] = [header, legend, Columns(months, equal=True, expand=False)]
    out += [Text(line) for line in periods if not line.endswith(": ")]
    out += [Text(f"source: {source}", style="dim") for source in days.sources]
    return out
