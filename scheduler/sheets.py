"""Read a planner's table (an .xlsx workbook or a .csv file) as a header and numbered rows.

Row numbers are the ones the planner sees: the spreadsheet's row, or the CSV line
(header = 1). CSV files decode like plan files: UTF-8 (Excel's "CSV UTF-8" adds a
BOM), else GB 18030 (what Excel saves as plain "CSV" on Chinese Windows) with a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PlanError, PlanIssue
from .yamlsrc import decode


@dataclass
class Sheet:
    file: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number, cells); empty rows are left out
    warnings: list[PlanIssue] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(file: str, values: list[tuple[int, list[Any]]], warnings: list[PlanIssue]) -> Sheet:
    filled = [(n, cells) for n, cells in values if not all(_blank(c) for c in cells)]
    if not filled:
        raise PlanError([PlanIssue("the sheet is empty: no header row", file=file)])
    (_, header), rows = filled[0], filled[1:]
    names = ["" if _blank(h) else str(h).strip() for h in header]
    width = len(names)
    rows = [(n, (cells + [None] * width)[:width]) for n, cells in rows]
    return Sheet(file, names, rows, warnings)


def read_csv(path: Path, file: str) -> Sheet:
    text, warnings = decode(path.read_bytes(), file)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)  # the header's separator; ties: comma
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    values = [(reader.line_num, row) for row in reader]
    return _table(file, values, warnings)


def read_xlsx(path: Path, file: str, sheet: str | None) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as error:
        raise PlanError([PlanIssue(f"cannot read the workbook: {error}", file=file)]) from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            listed = ", ".join(wb.sheetnames)
            raise PlanError([PlanIssue(f"no sheet {sheet!r} (sheets: {listed})", file=file)])
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        values = [
            (n, list(cells)) for n, cells in enumerate(ws.iter_rows(values_only=True), start=1)
        ]
    finally:
        wb.close()
    return _table(file, values, [])


def read_sheet(path: str | Path, sheet: str | None = None) -> Sheet:
    """The table in `path` (.xlsx, .xlsm or .csv); raises PlanError (exit 2) if unreadable."""
    fs_path = Path(path)
    file = str(path)
    suffix = fs_path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise PlanError([PlanIssue("expected an .xlsx or .csv file", file=file)])
    if not fs_path.is_file():
        raise PlanError([PlanIssue("cannot read the file: no such file", file=file)])
    if suffix == ".csv":
        if sheet is not None:
            raise PlanError([PlanIssue("a CSV file has no sheets; drop --sheet", file=file)])
        return read_csv(fs_path, file)
    return read_xlsx(fs_path, file, sheet)


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without `.0`, dates as ISO, blanks as ''."""
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
