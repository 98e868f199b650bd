"""plan.xlsx: the 工作计划表 matches schedule.json cell for cell, read by openpyxl and pandas.

Expected cells are worked out here from schedule.json and the plan file alone (names
from the YAML), not from the exporter's own row code.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from ruamel.yaml import YAML

from plugins.exporters import xlsx
from tests.exports import YEARVIEW_PLAN, export_input

HEADER = ["月份", "日期", "星期", "时间", "活动内容", "类别", "地点", "参加对象", "责任人", "编号"]
MONTHS = "一 二 三 四 五 六 七 八 九 十 十一 十二".split()
WEEKDAYS = "一二三四五六日"


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> tuple[Path, dict]:
    from scheduler.cli import run
    from scheduler.plugins import reset_plugins

    out = tmp_path_factory.mktemp("out")
    reset_plugins()
    assert run(["solve", str(YEARVIEW_PLAN), "-o", str(out), "-q"]) == 0
    return out / "plan.xlsx", json.loads((out / "schedule.json").read_text(encoding="utf-8"))


def expected_rows(schedule: dict) -> list[list]:
    plan = YAML(typ="safe", pure=True).load(YEARVIEW_PLAN.read_text(encoding="utf-8"))
    names = {
        kind: {item["id"]: item.get("name", item["id"]) for item in plan.get(kind, [])}
        for kind in ("venues", "staff", "groups")
    }
    categories = plan["plan"].get("categories", {})
    rows = []
    for o in schedule["occurrences"]:
        first = dt.date.fromisoformat(o["start"][:10])
        if o["kind"] == "deadline":
            time = "截止"
        elif o["all_day"]:
            last = dt.date.fromisoformat(o["end"]) - dt.timedelta(days=1)
            days = (last - first).days + 1
            time = "全天" if days == 1 else f"全天（{days}天，至{last.month}月{last.day}日）"
        else:
            time = f"{o['start'][11:16]}–{o['end'][11:16]}"
        rows.append(
            [
                f"{MONTHS[first.month - 1]}月份",
                first,
                "周" + WEEKDAYS[first.weekday()],
                time,
                o["title"],
                categories.get(o["category"], o["category"]) if o["category"] else "其他",
                names["venues"][o["venue"]] if o["venue"] else "",
                "、".join(names["groups"][g] for g in o["audience"]),
                "、".join(names["staff"][s] for s in o["staff"]),
                o["id"],
            ]
        )
    return rows


def sheet_rows(ws) -> list[list]:
    out = []
    for values in ws.iter_rows(min_row=3, values_only=True):
        row = ["" if v is None else v for v in values]
        row[1] = row[1].date() if isinstance(row[1], dt.datetime) else row[1]
        out.append(row)
    return out


def test_sheets_and_layout(solved) -> None:
    path, schedule = solved
    wb = openpyxl.load_workbook(path)
    months = [f"{m}月" for m in range(1, 13)]
    assert wb.sheetnames == ["工作计划表", *months, "报告厅", "体育馆"]
    for ws in wb.worksheets:
        assert ws["A1"].value.startswith(schedule["plan"]["name"])
        assert [c.value for c in ws[2]] == HEADER
        assert ws.freeze_panes == "A3"
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$2:$2"
    plan_sheet = wb["工作计划表"]
    # wide enough for the Chinese text (two units a character), up to the wrap cap
    widths = {c: plan_sheet.column_dimensions[c].width for c in "ABCDEFGHIJ"}
    assert widths["E"] >= 2 * len("三八节女职工座谈") + 2
    assert widths["B"] >= 10 and widths["I"] >= 8
    assert plan_sheet["B3"].number_format == 'm"月"d"日"'


def test_plan_sheet_matches_schedule_json_cell_for_cell(solved) -> None:
    path, schedule = solved
    expected = expected_rows(schedule)
    wb = openpyxl.load_workbook(path)
    assert sheet_rows(wb["工作计划表"]) == expected
    for month in range(1, 13):
        assert sheet_rows(wb[f"{month}月"]) == [r for r in expected if r[1].month == month]
    assert sheet_rows(wb["体育馆"]) == [r for r in expected if r[6] == "体育馆"]
    assert len(sheet_rows(wb["体育馆"])) == 3


def test_pandas_reads_the_same_table(solved) -> None:
    path, schedule = solved
    sheets = pd.read_excel(path, sheet_name=None, header=1, dtype={"编号": str})
    assert len(sheets) == 15
    frame = sheets["工作计划表"].fillna("")
    assert list(frame.columns) == HEADER
    got = frame.to_dict("split")["data"]
    for row in got:
        row[1] = row[1].date()
    assert got == expected_rows(schedule)
    assert len(sheets["2月"]) == sum(1 for o in schedule["occurrences"] if o["start"][5:7] == "02")


def test_same_schedule_same_bytes_stamped_not_now() -> None:
    inp = export_input()
    first = xlsx.render(inp)["plan.xlsx"]
    assert xlsx.render(inp)["plan.xlsx"] == first
    stamp = inp.stamp  # 2026-01-01T00:00Z: the plan's first day, not the clock
    assert stamp == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-01-01T00:00:00Z") == 2  # created and modified
    properties = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert properties.creator == "scheduler" and properties.modified == dt.datetime(2026, 1, 1)


def test_sheet_names_are_legal_and_unique() -> None:
    taken: set[str] = set()
    assert xlsx.sheet_name("1月", taken) == "1月"
    assert xlsx.sheet_name("1月", taken) == "1月 (2)"
    assert xlsx.sheet_name("场地[A]/B:C*?", taken) == "场地_A__B_C__"
    long = xlsx.sheet_name("体" * 40, taken)
    assert len(long) == 31 and xlsx.sheet_name("体" * 40, taken) == "体" * 27 + " (2)"


SCHOOL_YEAR = """
plan: {id: sy, name: 学年计划, period: {start: 2025-09-01, end: 2026-08-31}}
venues: [{id: hall, name: 礼堂}]
activities:
  - {id: meet, kind: series, title: 例会, every: month, duration: 1h, venue: hall,
     when: {days: [workday]}}
"""


def test_a_school_year_names_its_months_with_years(tmp_path: Path) -> None:
    plan = tmp_path / "sy.yaml"
    plan.write_text(SCHOOL_YEAR, encoding="utf-8")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.render(export_input(plan))["plan.xlsx"]))
    months = [f"2025年{m}月" for m in range(9, 13)] + [f"2026年{m}月" for m in range(1, 9)]
    assert book.sheetnames == ["工作计划表", *months, "礼堂"]
    first = book["工作计划表"]
    assert first["A3"].value == "2025年九月份" and first["A14"].value == "2026年八月份"
    assert first["B3"].number_format == 'yyyy"年"m"月"d"日"'


def test_provisional_title(tmp_path: Path) -> None:
    plan = tmp_path / "p2027.yaml"
    plan.write_text(
        "plan: {id: p, name: 工会 2027 年度活动, year: 2027}\n"
        "activities: [{id: m, kind: event, title: 例会, duration: 1h}]\n",
        encoding="utf-8",
    )
    book = openpyxl.load_workbook(
        io.BytesIO(xlsx.render(export_input(plan, provisional=True))["plan.xlsx"])
    )
    assert all(ws["A1"].value.startswith("工会 2027 年度活动（暂定）") for ws in book.worksheets)
    assert book.properties.title == "工会 2027 年度活动（暂定）"
