"""`scheduler import`: a staff sheet becomes `staff:` entries that the plan reads back
the same; bad rows are reported by file, row and column, all of them, with exit 2."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from scheduler.loader import load_plan
from scheduler.sheets import read_sheet
from scheduler.staff_import import import_staff

GOOD_CSV = """\
编号,姓名,角色（逗号分隔）,不可用,所属组,每月上限,电话
wang,王主席,"organiser, chair",,,,13800000000
wu,吴老师,referee,2026-05-11~2026-05-15；周日,pe,4,
chen,陈校医,medic,"2026/3/2 14:00 ~ 2026/3/2 17:00",,3,
zhou,周老师,referee,2026-06-01、2026-06-03,pe math,,
"""

PLAN_HEAD = """\
plan: {id: imported, name: 导入测试, year: 2026}
groups: [{id: pe, name: 体育组}, {id: math, name: 数学组}]
"""


def write_workbook(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教职工"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_good_sheet_becomes_staff_the_plan_reads_back(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "staff.csv"
    sheet.write_text(GOOD_CSV, encoding="utf-8-sig")  # Excel's "CSV UTF-8" has a BOM
    code, out, err = cli("import", sheet)
    assert code == 0, err
    assert out.splitlines() == [
        "staff:",
        "  - {id: wang, name: 王主席, roles: [organiser, chair]}",
        "  - {id: wu, name: 吴老师, roles: [referee], member_of: [pe],"
        " unavailable: [[2026-05-11, 2026-05-15], sun], max_per_month: 4}",
        "  - {id: chen, name: 陈校医, roles: [medic],"
        " unavailable: [[2026-03-02T14:00, 2026-03-02T17:00]], max_per_month: 3}",
        # two days listed apart stay two days (the plan reads [a, b] as one range)
        "  - {id: zhou, name: 周老师, roles: [referee], member_of: [pe, math],"
        " unavailable: [[2026-06-01, 2026-06-01], [2026-06-03, 2026-06-03]]}",
    ]
    assert "column '电话' is not a staff field; ignored" in err
    assert "4 staff from" in err
    plan = tmp_path / "imported.yaml"
    plan.write_text(PLAN_HEAD + out, encoding="utf-8")
    loaded = load_plan(plan)
    assert loaded.plan.staff == import_staff(read_sheet(sheet)).staff
    code, _, err = cli("validate", plan)
    assert code == 0, err


def test_xlsx_with_date_cells_and_english_headers(cli, tmp_path: Path) -> None:
    sheet = write_workbook(
        tmp_path / "staff.xlsx",
        [
            ["ID", "Name", "Roles", "Unavailable", "max_per_week"],
            ["li", "李主席", "chair", dt.datetime(2026, 5, 1), 2.0],
            [1023, "工号一〇二三", "medic", "holiday", None],
        ],
    )
    output = tmp_path / "staff.yaml"
    code, out, err = cli("import", sheet, "-o", output, "--sheet", "教职工")
    assert code == 0, err
    assert out == ""
    assert output.read_text(encoding="utf-8") == (
        "staff:\n"
        "  - {id: li, name: 李主席, roles: [chair], unavailable: [2026-05-01], max_per_week: 2}\n"
        "  - {id: '1023', name: 工号一〇二三, roles: [medic], unavailable: [holiday]}\n"
    )


def test_three_bad_rows_are_reported_exactly(cli, tmp_path: Path) -> None:
    sheet = write_workbook(
        tmp_path / "staff.xlsx",
        [
            ["编号", "姓名", "角色", "不可用", "每月上限"],
            ["wang", "王主席", "chair", None, None],
            ["li", "李老师", "referee", "2026-13-01", None],  # row 3: no such date
            ["wu", "吴老师", "referee", dt.datetime(2026, 5, 11), 4],
            [None, None, None, None, None],  # row 5: blank, skipped
            ["王", "王老师", "referee", None, None],  # row 6: not an ASCII id
            ["zhou", "周老师", "referee", "2026-05-11~2026-05-15；sunday", "四"],  # row 7: two
            ["chen", "陈校医", "medic", "2026-05-15 至 2026-05-20", 3],
        ],
    )
    code, out, err = cli("import", sheet)
    assert code == 2
    assert out == ""
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {sheet}:3 不可用: '2026-13-01' is not a calendar date",
        f"error: {sheet}:6 编号: '王' is not an id: use ASCII letters, digits, '-', '_' or '.',"
        " starting with a letter or digit",
        f"error: {sheet}:7 不可用: entry 2: unknown day kind 'sunday'; did you mean sun?"
        " (known: workday, rest_day, weekend, holiday, mon, tue, wed, thu, fri, sat, sun,"
        " 周一…周日, 周末, 节假日, 工作日, 休息日)",
        f"error: {sheet}:7 每月上限: expected a whole number, got '四'",
    ]
    assert {int(re.search(r":(\d+) ", e).group(1)) for e in errors} == {3, 6, 7}
    assert "Traceback" not in err


def test_repeated_id_names_the_first_row(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "staff.csv"
    sheet.write_text("id,name\nli,李一\nwu,吴\nli,李二\n", encoding="utf-8")
    code, _, err = cli("import", sheet)
    assert code == 2
    assert f"{sheet}:4 id: 'li' is already the id of row 2" in err


def test_gb18030_csv_is_read_with_a_warning(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "staff.csv"
    sheet.write_bytes("工号\t姓名\t角色\nli\t李主席\tchair\n".encode("gb18030"))
    code, out, err = cli("import", sheet)
    assert code == 0, err
    assert "{id: li, name: 李主席, roles: [chair]}" in out
    assert "read as GB 18030" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("姓名,角色\n李,chair\n", ":1: no id column: add one headed 编号 or id"),
        ("编号,id\nli,li\n", ":1: columns '编号' and 'id' both give id"),
        ("", ": the sheet is empty: no header row"),
    ],
)
def test_sheet_level_problems(cli, tmp_path: Path, text: str, message: str) -> None:
    sheet = tmp_path / "staff.csv"
    sheet.write_text(text, encoding="utf-8")
    code, _, err = cli("import", sheet)
    assert code == 2
    assert f"error: {sheet}{message}" in err


def test_unreadable_inputs(cli, tmp_path: Path) -> None:
    assert cli("import", tmp_path / "missing.xlsx")[0] == 2
    (tmp_path / "staff.txt").write_text("id\nli\n", encoding="utf-8")
    code, _, err = cli("import", tmp_path / "staff.txt")
    assert code == 2 and "expected an .xlsx or .csv file" in err
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    code, _, err = cli("import", tmp_path / "broken.xlsx")
    assert code == 2 and "cannot read the workbook" in err
    book = write_workbook(tmp_path / "ok.xlsx", [["id"], ["li"]])
    code, _, err = cli("import", book, "--sheet", "Sheet9")
    assert code == 2 and "no sheet 'Sheet9' (sheets: 教职工)" in err
