"""Holiday data files of the `china` calendar: find, read and check them.

One YAML file per year (`calendars/holidays/cn/<year>.yaml`) transcribes the State
Council General Office notice for that year: each break with its days off and the
调休 make-up workdays. docs/calendars.md describes the format. A planner may supply a
file of the same format (`plan.holidays`), which wins for its year.

Files are read on first use and cached by path and modification time; importing this
module reads nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from scheduler.errors import PlanError, PlanIssue
from scheduler.model import Strict
from scheduler.validation import issues_from
from scheduler.values import DateField, DateList, DateRangeField, Slug
from scheduler.yamlsrc import read_source

# The repository's data folder: right for a clean checkout and an editable install.
REPO_DIR = Path(__file__).resolve().parents[2] / "calendars" / "holidays" / "cn"
# The same files shipped inside the package (wheel installs); see pyproject.toml.
PACKAGE_DIR = Path(__file__).resolve().parent / "holidays" / "cn"

MAX_BREAK_DAYS = 31  # a sanity bound: the longest break so far (2020 春节) had 10 days


# --- the file format -------------------------------------------------------------


class Notice(Strict):
    """The official notice a file transcribes (or one that amends it)."""

    title: str = Field(min_length=1)
    number: str | None = None  # 文号, e.g. 国办发明电〔2024〕12号
    date: DateField | None = None  # the date the notice was issued
    url: str | None = None
    note: str | None = None


class Break(Strict):
    """One announced break: its days off (weekend days inside included) and make-up days."""

    key: Slug  # new_year, spring_festival, qingming, labour_day, dragon_boat, …
    name: str = Field(min_length=1)  # as the notice names it: 春节, 国庆节、中秋节
    days: DateRangeField  # [first, last] or one date
    workdays: DateList = Field(default_factory=list)  # 调休 make-up workdays (weekend dates)
    notice: str | None = None  # the notice's sentence for this item, quoted
    note: str | None = None


class HolidayFile(Strict):
    year: Annotated[int, Field(ge=1949, le=2200, strict=True)]
    source: Notice
    amended_by: list[Notice] = Field(default_factory=list)
    breaks: list[Break] = Field(min_length=1)


@dataclass(frozen=True)
class YearData:
    """A checked holiday file: day-off dates and make-up workdays by date."""

    year: int
    file: str
    source: str  # one line naming the notice(s)
    days_off: dict[dt.date, str]  # date -> the break's name
    workdays: dict[dt.date, str]  # date -> the name of the break it makes up for
    breaks: dict[str, tuple[dt.date, dt.date]]  # key -> (first, last)
    planner: bool = False  # from plan.holidays, not the shipped data


def describe(notice: Notice) -> str:
    extra = "，".join(x for x in (notice.number, str(notice.date) if notice.date else None) if x)
    return f"{notice.title}（{extra}）" if extra else notice.title


# --- reading ---------------------------------------------------------------------


def data_dir() -> Path:
    """Where the shipped files are: the repository, else the installed package."""
    return REPO_DIR if REPO_DIR.is_dir() else PACKAGE_DIR


def shipped_file(year: int) -> Path | None:
    path = data_dir() / f"{year}.yaml"
    return path if path.is_file() else None


def shipped_years() -> list[int]:
    return sorted(int(p.stem) for p in data_dir().glob("*.yaml") if p.stem.isdigit())


def load_file(path: Path, shown: str, planner: bool = False) -> YearData:
    """Read and check one holiday file; `shown` is how messages name it."""
    stat = path.stat()
    return _load(str(path), shown, planner, stat.st_mtime_ns, stat.st_size)


@cache
def _load(path: str, shown: str, planner: bool, mtime: int, size: int) -> YearData:
    del mtime, size  # part of the cache key only: an edited file is read again
    source = read_source(path)
    lines = source.lines

    def fail(issues: list[PlanIssue]) -> PlanError:
        located = [i.located(shown, lines.line_of(i.path)) for i in issues]
        return PlanError(sorted(located, key=lambda i: (i.line or 0, str(i))))

    if not isinstance(source.data, dict):
        raise fail([PlanIssue("a holiday file is a mapping with year:, source: and breaks:")])
    try:
        parsed = HolidayFile.model_validate(source.data)
    except ValidationError as error:
        raise fail(issues_from(error, HolidayFile, source.data)) from None
    issues = check(parsed, Path(path).stem, planner)
    if issues:
        raise fail(issues)
    days_off: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    for item in parsed.breaks:
        for day in item.days.days():
            days_off[day] = item.name
        for day in item.workdays:
            workdays[day] = item.name
    notices = [describe(parsed.source)] + [describe(n) for n in parsed.amended_by]
    return YearData(
        year=parsed.year,
        file=shown,
        source="; ".join(notices),
        days_off=days_off,
        workdays=workdays,
        breaks={b.key: (b.days.start, b.days.end) for b in parsed.breaks},
        planner=planner,
    )


def check(parsed: HolidayFile, stem: str, planner: bool) -> list[PlanIssue]:
    """What the shape cannot say: dates belong to the year, breaks do not overlap,
    make-up workdays are weekend days outside every break."""
    issues: list[PlanIssue] = []
    year = parsed.year
    if not planner and stem != str(year):
        issues.append(PlanIssue(f"the file {stem}.yaml holds year {year}", ("year",)))
    taken: dict[dt.date, int] = {}
    keys: dict[str, int] = {}
    for i, item in enumerate(parsed.breaks):
        path = ("breaks", i)
        if item.key in keys:
            issues.append(
                PlanIssue(
                    f"break key {item.key!r} is used twice (breaks[{keys[item.key]}])",
                    path + ("key",),
                )
            )
        keys.setdefault(item.key, i)
        first, last = item.days.start, item.days.end
        if last < dt.date(year, 1, 1) or first > dt.date(year, 12, 31):
            issues.append(
                PlanIssue(f"the break {first}–{last} lies outside {year}", path + ("days",))
            )
        elif (last - first).days + 1 > MAX_BREAK_DAYS:
            issues.append(
                PlanIssue(
                    f"a break of {(last - first).days + 1} days; check the dates", path + ("days",)
                )
            )
        for day in item.days.days():
            if day in taken:
                issues.append(
                    PlanIssue(f"{day} is already in breaks[{taken[day]}]", path + ("days",))
                )
                break
            taken[day] = i
    for i, item in enumerate(parsed.breaks):
        for j, day in enumerate(item.workdays):
            path = ("breaks", i, "workdays", j)
            if day.weekday() < 5:
                issues.append(
                    PlanIssue(
                        f"{day} is a {day:%A}: a make-up workday (调休) is a Saturday or Sunday",
                        path,
                    )
                )
            elif day in taken:
                issues.append(PlanIssue(f"{day} is a day off in breaks[{taken[day]}]", path))
            elif abs(day.year - year) > 1 or not _near(day, item.days.start, item.days.end):
                issues.append(
                    PlanIssue(
                        f"{day} is far from its break {item.days.start}–{item.days.end}", path
                    )
                )
    return issues


def _near(day: dt.date, first: dt.date, last: dt.date) -> bool:
    return (first - day).days <= MAX_BREAK_DAYS and (day - last).days <= MAX_BREAK_DAYS


def resolve_planner_file(holidays: str, plan_path: str) -> tuple[Path, str]:
    """`plan.holidays` relative to the plan file's folder: (path, how to show it)."""
    given = Path(os.path.expanduser(holidays))
    if given.is_absolute():
        return given, str(given)
    base = Path(plan_path).parent
    path = base / given
    return path, str(path)
