"""`scheduler import`: a staff availability sheet becomes the plan's `staff:` entries.

Each row is checked by the plan's own `Person` model (scheduler.model), so a date,
a range or a number means the same in the sheet as in the plan file; every bad row
is reported with file, row, column and what is wrong, all at once. The accepted
headers (Chinese or English) are in `HEADERS` and docs/import.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import PlanError, PlanIssue
from .model import Person
from .sheets import Sheet, cell_text
from .validation import issues_from
from .values import CORE_DAY_KINDS, WEEKDAY_WORDS, DateRange, DateTimeRange, DayWord, suggest

# Person field -> the headers that mean it (compared without spaces, case or a note in
# brackets, so "角色（逗号分隔）" is 角色).
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "代号", "工号"),
    "name": ("name", "姓名", "名字"),
    "roles": ("roles", "role", "角色", "职责"),
    "member_of": ("member_of", "groups", "所属组", "所属部门", "部门", "所属"),
    "unavailable": ("unavailable", "不可用", "不可用时间", "不可用日期", "请假", "外出"),
    "max_per_day": ("max_per_day", "每日上限", "每天最多"),
    "max_per_week": ("max_per_week", "每周上限", "每周最多"),
    "max_per_month": ("max_per_month", "每月上限", "每月最多"),
}
LISTS = ("roles", "member_of")
NUMBERS = ("max_per_day", "max_per_week", "max_per_month")
# Chinese words for the day kinds a planner may write in the 不可用 column.
DAY_WORDS = {
    **{f"周{c}": w for c, w in zip("一二三四五六日", WEEKDAY_WORDS, strict=True)},
    **{f"星期{c}": w for c, w in zip("一二三四五六日", WEEKDAY_WORDS, strict=True)},
    "周天": "sun",
    "星期天": "sun",
    "周末": "weekend",
    "节假日": "holiday",
    "法定节假日": "holiday",
    "工作日": "workday",
    "休息日": "rest_day",
}
LIST_SPLIT = re.compile(r"[,，、;；/\s]+")
ENTRY_SPLIT = re.compile(r"[;；,，、\n]+")
RANGE_SPLIT = re.compile(r"\s*(?:~|～|至|到|—|–|\s-\s)\s*")
SLASHED_DATE = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?=$|[ T])")


def _key(header: str) -> str:
    return re.sub(r"[（(].*$", "", re.sub(r"\s+", "", header)).lower()


def columns(sheet: Sheet) -> tuple[dict[str, int], list[PlanIssue]]:
    """Field -> column index; issues for a missing id column, repeats and unknown headers."""
    known = {_key(h): f for f, headers in HEADERS.items() for h in headers}
    found: dict[str, int] = {}
    issues: list[PlanIssue] = []

    def header_issue(message: str, severity: str = "error") -> None:
        issues.append(PlanIssue(message, file=sheet.file, line=1, severity=severity))

    for index, header in enumerate(sheet.header):
        if not header:
            continue
        field = known.get(_key(header))
        if field is None:
            hint = suggest(header, known)
            header_issue(f"column {header!r} is not a staff field; ignored{hint}", "warning")
        elif field in found:
            first = sheet.header[found[field]]
            header_issue(f"columns {first!r} and {header!r} both give {field}")
        else:
            found[field] = index
    if "id" not in found:
        header_issue("no id column: add one headed 编号 or id (ASCII ids such as wang, li2)")
    return found, issues


def _date_text(text: str) -> str:
    """`2026/5/1` (Excel's CSV dates on Chinese Windows) -> `2026-05-01`; else as is."""
    match = SLASHED_DATE.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}" + text[match.end() :]


def _entry(text: str) -> Any:
    """One 不可用 entry as the plan would write it: a date, [start, end] or a day word."""
    word = DAY_WORDS.get(text, text)
    if word != text or re.match(r"^[a-z_]+$", text):
        return word
    parts = RANGE_SPLIT.split(text)
    if len(parts) == 2:
        return [_date_text(p.strip()) for p in parts]
    return _date_text(text)


def _unavailable(value: Any) -> list[Any]:
    if isinstance(value, (dt.date, dt.datetime)):
        return [cell_text(value)]
    entries = [_entry(p.strip()) for p in ENTRY_SPLIT.split(cell_text(value)) if p.strip()]
    if len(entries) == 2 and all(isinstance(e, str) and e[:1].isdigit() for e in entries):
        # two days the sheet lists apart; the plan would read `[a, b]` as one range
        entries = [[e, e] for e in entries]
    return entries


def _number(value: Any) -> Any:
    text = cell_text(value)
    return int(text) if re.fullmatch(r"\d+", text) else text


def raw_person(cells: list[Any], found: dict[str, int]) -> dict[str, Any]:
    """The row as the plan's `staff:` mapping would hold it (blank cells left out)."""
    raw: dict[str, Any] = {}
    for field, index in found.items():
        value = cells[index]
        if cell_text(value) == "":
            continue
        if field in LISTS:
            raw[field] = [v for v in LIST_SPLIT.split(cell_text(value)) if v]
        elif field == "unavailable":
            raw[field] = _unavailable(value)
        elif field in NUMBERS:
            raw[field] = _number(value)
        else:
            raw[field] = cell_text(value)
    return raw


def _day_word_issues(raw: dict[str, Any]) -> list[tuple[tuple, str]]:
    words = set(CORE_DAY_KINDS)
    return [
        (
            ("unavailable", i),
            f"unknown day kind {e!r}{suggest(e, words)}"
            f" (known: {', '.join(CORE_DAY_KINDS)}, 周一…周日, 周末, 节假日, 工作日, 休息日)",
        )
        for i, e in enumerate(raw.get("unavailable", []))
        if isinstance(e, str) and re.fullmatch(r"[a-z_]+", e) and e not in words
    ]


@dataclass
class Imported:
    staff: list[Person]
    warnings: list[PlanIssue]


def import_staff(sheet: Sheet) -> Imported:
    """Every row as a `Person`; raises PlanError listing every bad row (exit 2)."""
    found, header_issues = columns(sheet)
    errors = [i for i in header_issues if i.severity == "error"]
    if errors:
        raise PlanError(errors)
    headers = {field: sheet.header[index] for field, index in found.items()}
    issues: list[PlanIssue] = []
    staff: list[Person] = []
    first_row: dict[str, int] = {}
    order = {field: index for index, field in enumerate(found)}  # report in column order

    def bad(row: int, raw: dict[str, Any], path: tuple, message: str) -> None:
        field = str(path[0]) if path else ""
        if len(path) > 1 and isinstance(path[1], int) and len(raw.get(field, ())) > 1:
            message = f"entry {path[1] + 1}: {message}"
        column = (headers.get(field, field),) if field else ()
        issues.append(PlanIssue(message, column, sheet.file, row))

    for row, cells in sheet.rows:
        raw = raw_person(cells, found)
        problems = _day_word_issues(raw)
        person = None
        try:
            person = Person.model_validate(raw)
        except ValidationError as error:
            problems += [(i.path, i.message) for i in issues_from(error, Person, raw)]
        ident = raw.get("id")
        if ident in first_row:
            problems.append((("id",), f"{ident!r} is already the id of row {first_row[ident]}"))
        elif ident is not None:
            first_row[ident] = row
        for path, message in sorted(problems, key=lambda p: order.get(str(p[0][0]), len(order))):
            bad(row, raw, path, message)
        if person is not None and not problems:
            staff.append(person)
    if issues:
        raise PlanError(issues)
    return Imported(staff, sheet.warnings + header_issues)


def _moment(value: dt.date | dt.datetime) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value


def _flow(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def staff_yaml(staff: list[Person]) -> str:
    """`staff:` with one flow mapping a person, as the example plans write it."""
    entries = CommentedSeq()
    for person in staff:
        entry = CommentedMap(id=person.id)
        if person.name:
            entry["name"] = person.name
        for key in ("roles", "member_of"):
            if getattr(person, key):
                entry[key] = _flow(list(getattr(person, key)))
        ranges: list[Any] = []
        for item in person.unavailable:
            if isinstance(item, DayWord):
                ranges.append(item.word)
            elif isinstance(item, DateRange) and item.start == item.end:
                ranges.append(item.start)
            elif isinstance(item, (DateRange, DateTimeRange)):
                ranges.append(_flow([_moment(item.start), _moment(item.end)]))
        if len(ranges) == 2 and all(isinstance(r, dt.date) for r in ranges):
            ranges = [_flow([r, r]) for r in ranges]  # else the plan reads one range a–b
        if ranges:
            entry["unavailable"] = _flow(ranges)
        for key in NUMBERS:
            if getattr(person, key) is not None:
                entry[key] = getattr(person, key)
        entry.fa.set_flow_style()
        entries.append(entry)
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one person, one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.representer.ignore_aliases = lambda data: True  # no &anchors for repeated dates
    buffer = io.StringIO()
    yaml.dump({"staff": entries}, buffer)
    return buffer.getvalue()
