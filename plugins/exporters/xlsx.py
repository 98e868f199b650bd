"""Built-in exporter `xlsx`: `plan.xlsx`, the 工作计划表 that leadership already reads.

Sheets: 工作计划表 (every occurrence), one per month, one per venue; the same columns
on each (rows.COLUMNS), one row per occurrence in schedule.json order. Each sheet has
a title row, a frozen header with a filter, widths that fit Chinese text, and A4
landscape print setup. The file is reproducible: the document properties and every
zip entry carry the revision stamp, never the time of the run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence

from scheduler.api import Exporter, ExportInput
from scheduler.hookspecs import hookimpl
from scheduler.labels import LABELS, VIEW_LABELS

from .palette import category_colours, category_order, tint
from .rows import COLUMNS, Names, OccurrenceRow, occurrence_row, row_cells

# Widest a column grows (in Excel's character units) before its text wraps.
WIDTH_CAPS = {LABELS["title"]: 36, VIEW_LABELS["audience_column"]: 22, LABELS["owner"]: 22}
DEFAULT_CAP = 24
HEADER_FILL = "DCE6F0"
BORDER_COLOUR = "B7C3D0"


def text_width(text: str) -> int:
    """Width in Excel character units: CJK (wide) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", "_", wanted).strip("' ")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _styles(wb, fills: dict[str, str], date_format: str) -> None:
    """Named styles, registered once: assigning a name is much cheaper than styling cells."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    side = Side(style="thin", color=BORDER_COLOUR)
    border = Border(left=side, right=side, top=side, bottom=side)
    centre = Alignment(horizontal="center", vertical="center")
    styles = [
        NamedStyle("plan-title", font=Font(bold=True, size=14), alignment=centre),
        NamedStyle(
            "plan-header",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=centre,
            border=border,
        ),
        NamedStyle("plan-cell", border=border, alignment=Alignment(vertical="center")),
        NamedStyle(
            "plan-wrap", border=border, alignment=Alignment(vertical="center", wrap_text=True)
        ),
        NamedStyle("plan-date", border=border, alignment=centre, number_format=date_format),
    ]
    for index, colour in enumerate(fills.values()):
        styles.append(
            NamedStyle(
                f"plan-category-{index}",
                border=border,
                alignment=Alignment(vertical="center"),
                fill=PatternFill("solid", fgColor=colour),
            )
        )
    for style in styles:
        wb.add_named_style(style)


def _fill_sheet(ws, heading: str, rows: Sequence[OccurrenceRow], fills: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter

    last_col = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = heading
    ws["A1"].style = "plan-title"
    ws.row_dimensions[1].height = 28
    ws.append(list(COLUMNS))
    for cell in ws[2]:
        cell.style = "plan-header"
    widths = [text_width(c) for c in COLUMNS]
    caps = [WIDTH_CAPS.get(c, DEFAULT_CAP) for c in COLUMNS]
    date_col = COLUMNS.index(LABELS["date"])
    category_col = COLUMNS.index(VIEW_LABELS["category"])
    category_style = {name: f"plan-category-{i}" for i, name in enumerate(fills)}
    for row in rows:
        values = row_cells(row)
        ws.append(list(values))
        for index, cell in enumerate(ws[ws.max_row]):
            if index == date_col:
                cell.style = "plan-date"
                shown = f"{row.first.month}月{row.first.day}日"
                width = text_width(shown) + (5 if "年" in str(cell.number_format) else 0)
            else:
                width = text_width(str(values[index]))
                if index == category_col and row.category in category_style:
                    cell.style = category_style[row.category]
                else:
                    cell.style = "plan-wrap" if width > caps[index] else "plan-cell"
            widths[index] = max(widths[index], min(width, caps[index]))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width + 2
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last_col}{max(ws.max_row, 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _pinned(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with every entry dated `stamp` (zipfile dates them "now")."""
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render(inp: ExportInput) -> dict[str, bytes]:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    schedule = inp.schedule
    plan = inp.plan.plan
    names = Names.of(inp.plan)
    first, last = inp.days.first, inp.days.last
    several_years = first.year != last.year
    placed = [(o, occurrence_row(o, names, several_years)) for o in schedule.occurrences]
    rows = [row for _, row in placed]
    order = category_order(plan.plan.categories, (o.category for o in schedule.occurrences))
    colours = category_colours(order)
    fills = {names.category(c): tint(colours[c], 0.3)[1:].upper() for c in colours}
    date_format = 'yyyy"年"m"月"d"日"' if several_years else 'm"月"d"日"'
    title = schedule.plan.name
    if schedule.provisional:
        title += f"（{LABELS['provisional']}）"

    wb = Workbook()
    _styles(wb, fills, date_format)
    taken: set[str] = set()
    ws = wb.active
    ws.title = sheet_name(VIEW_LABELS["sheet_plan"], taken)
    _fill_sheet(ws, title, rows, fills)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        label = f"{year}年{month}月" if several_years else f"{month}月"
        in_month = [r for r in rows if (r.first.year, r.first.month) == (year, month)]
        ws = wb.create_sheet(sheet_name(label, taken))
        _fill_sheet(ws, f"{title} · {label}", in_month, fills)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for venue in plan.venues:
        at_venue = [row for o, row in placed if o.venue == venue.id]
        ws = wb.create_sheet(sheet_name(venue.label, taken))
        _fill_sheet(ws, f"{title} · {venue.label}", at_venue, fills)

    stamp = inp.stamp.astimezone(dt.UTC).replace(tzinfo=None)
    wb.properties.creator = wb.properties.lastModifiedBy = "scheduler"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # wb.save() would stamp "modified" with the clock
    return {"plan.xlsx": _pinned(buffer.getvalue(), inp.stamp.astimezone(dt.UTC))}


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("xlsx", render, "plan.xlsx: 工作计划表, a sheet per month and per venue")]
