"""Built-in calendar `china`: statutory holidays, 调休 make-up workdays, festivals, seasons.

- Days: each year's breaks and make-up workdays come from the holiday data files
  (`calendars/holidays/cn/<year>.yaml`, or the plan's own `plan.holidays` file for its
  year). A year without data is refused (exit 2) unless the run is provisional; then
  the statutory festival days are computed from their rules, with no 调休, and the
  year is marked provisional.
- Named dates: fixed-day observances, lunar festivals and solar terms (lunar_python).
- Named periods: `sanfu` (and `chufu`, `zhongfu`, `mofu`), `shujiu`,
  `spring_festival_week` and `national_day_week` (the year's official breaks).

docs/calendars.md describes the data files, the dates and the periods. Importing this
module reads nothing; data is loaded on first use and cached.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence

from scheduler.api import CalendarYear, DayMark, NamedDates, NamedPeriods
from scheduler.errors import PlanError, PlanIssue
from scheduler.hookspecs import hookimpl
from scheduler.model import PlanFile

from . import china_data as data
from . import china_lunar as lunar

NAME = "china"
PROVISIONAL_SOURCE = (
    "provisional: statutory festival days of 全国年节及纪念日放假办法 (2024 revision)"
    " computed from their rules; no 调休"
)

# The plan file each plan object was read from, remembered from `scheduler_calendar_days`
# (the only calendar hook that receives it) so that `spring_festival_week` can honour
# `plan.holidays` too. Keyed by object id, dropped when the plan object is.
_plan_paths: dict[int, tuple[weakref.ref, str]] = {}


def _remember(plan: PlanFile, plan_path: str) -> None:
    key = id(plan)
    if key not in _plan_paths or _plan_paths[key][0]() is not plan:
        _plan_paths[key] = (weakref.ref(plan, lambda _: _plan_paths.pop(key, None)), plan_path)


def _recalled(plan: PlanFile) -> str | None:
    entry = _plan_paths.get(id(plan))
    return entry[1] if entry and entry[0]() is plan else None


def _planner_data(plan: PlanFile, plan_path: str | None) -> data.YearData | None:
    """The plan's own holiday file, read and checked; None if the plan names none."""
    holidays = plan.plan.holidays
    if not holidays:
        return None
    path, shown = data.resolve_planner_file(holidays, plan_path or "")
    if not path.is_file():
        raise PlanError(
            [
                PlanIssue(
                    f"holiday file {holidays!r} not found (looked for {path});"
                    " the path is relative to the plan file's folder",
                    ("plan", "holidays"),
                )
            ]
        )
    return data.load_file(path, shown, planner=True)


def _year_data(year: int, planner: data.YearData | None) -> data.YearData | None:
    """The data for `year`: the plan's own file if it is for that year, else shipped."""
    if planner is not None and planner.year == year:
        return planner
    path = data.shipped_file(year)
    if path is None:
        return None
    return data.load_file(path, f"calendars/holidays/cn/{path.name}")


def _missing(year: int, planner: data.YearData | None, calendars: Sequence[str]) -> PlanError:
    shipped = data.shipped_years()
    have = f"{shipped[0]}–{shipped[-1]}" if shipped else "none"
    own = ""
    if planner is not None:
        own = f" (plan.holidays {planner.file} is for {planner.year})"
    message = (
        f"no official holiday data for {year}: the china calendar has"
        f" calendars/holidays/cn/<year>.yaml for {have}{own}. To go on, either add"
        f" calendars/holidays/cn/{year}.yaml transcribed from 国务院办公厅关于{year}年部分节假日"
        "安排的通知 (year:, source: {title, number, date}, breaks: [{key, name, days:"
        " [first, last], workdays: [make-up dates]}]; see docs/calendars.md), or set"
        " plan.holidays to a file of your own in that format, or pass --provisional to"
        " use the statutory festival days without 调休 (every output is then marked 暂定)"
    )
    return PlanError([PlanIssue(message, ("plan", "calendars", list(calendars).index(NAME)))])


def _marks_from(found: data.YearData, year: int) -> dict[dt.date, DayMark]:
    marks = {day: DayMark(workday=False, holiday=name) for day, name in found.days_off.items()}
    marks.update({day: DayMark(workday=True) for day in found.workdays})
    return {day: mark for day, mark in marks.items() if day.year == year}


def _provisional_marks(year: int) -> dict[dt.date, DayMark]:
    marks: dict[dt.date, DayMark] = {}
    for name, first, last in lunar.statutory_breaks(year).values():
        day = first
        while day <= last:
            if day.year == year:
                old = marks.get(day)
                label = f"{old.holiday}、{name}" if old and old.holiday != name else name
                marks[day] = DayMark(workday=False, holiday=label)
            day += lunar.ONE_DAY
    return marks


@hookimpl
def scheduler_calendar_days(
    year: int, calendars: Sequence[str], plan: PlanFile, plan_path: str, provisional: bool
) -> CalendarYear:
    if NAME not in calendars:
        # Not selected: an empty year, only so that the core can name `china` among the
        # installed calendars (the core keeps the results of selected calendars only).
        return CalendarYear(NAME, year, {})
    _remember(plan, plan_path)
    planner = _planner_data(plan, plan_path)
    own = _year_data(year, planner)
    if own is None and not provisional:
        raise _missing(year, planner, calendars)
    marks: dict[dt.date, DayMark] = {}
    # A break may start in the previous year (元旦 2023 began on 2022-12-31): the
    # neighbouring years' files mark their days in this year too; later notices win.
    for other in (year - 1, year, year + 1):
        found = own if other == year else _year_data(other, planner)
        if found is not None:
            marks.update(_marks_from(found, year))
        elif other == year:
            marks.update(_provisional_marks(year))
    if own is None:
        return CalendarYear(NAME, year, marks, provisional=True, source=PROVISIONAL_SOURCE)
    source = own.source + (f" (plan.holidays {own.file})" if own.planner else "")
    return CalendarYear(NAME, year, marks, source=source)


@hookimpl
def scheduler_named_dates(year: int, calendars: Sequence[str]) -> NamedDates | None:
    if NAME not in calendars:
        return None
    return NamedDates(NAME, lunar.named_dates(year), "calendar")


def _break(year: int, key: str, plan: PlanFile) -> tuple[dt.date, dt.date]:
    """The official break `key` of `year` (the plan's own file wins), else the statutory
    days of a provisional year."""
    try:
        planner = _planner_data(plan, _recalled(plan))
    except PlanError:
        planner = None  # reported by scheduler_calendar_days, which runs first
    found = _year_data(year, planner)
    if found is not None and key in found.breaks:
        return found.breaks[key]
    _, first, last = lunar.statutory_breaks(year)[key]
    return first, last


@hookimpl
def scheduler_named_periods(
    year: int, calendars: Sequence[str], plan: PlanFile
) -> NamedPeriods | None:
    if NAME not in calendars:
        return None
    fu = lunar.sanfu(year)
    periods: dict[str, list[tuple[dt.date, dt.date]]] = {
        name: [fu[name]] for name in ("sanfu", "chufu", "zhongfu", "mofu")
    }
    # 数九 runs from 冬至 into March: the year holds the end of last winter's and the
    # start of this winter's.
    periods["shujiu"] = [lunar.shujiu(year - 1), lunar.shujiu(year)]
    periods["spring_festival_week"] = [_break(year, "spring_festival", plan)]
    periods["national_day_week"] = [_break(year, "national_day", plan)]
    return NamedPeriods(NAME, periods, "calendar")
