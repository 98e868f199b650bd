"""`scheduler import SHEET`: a staff availability sheet (.xlsx or .csv) as `staff:` YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_OK
from ..output import write_atomic
from ..sheets import read_sheet
from ..staff_import import import_staff, staff_yaml
from .terminal import err, out, warn


def import_sheet(
    sheet_file: Annotated[
        Path,
        typer.Argument(
            metavar="SHEET", help="The staff sheet (.xlsx or .csv).", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the YAML here instead of to stdout."),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="The workbook's sheet to read (default: the first).")
    ] = None,
) -> int:
    """Turn a staff sheet into the plan's staff: entries (headers: docs/import.md)."""
    table = read_sheet(sheet_file, sheet)
    imported = import_staff(table)
    warn(imported.warnings)
    text = staff_yaml(imported.staff)
    if output is None:
        out.print(text, end="", soft_wrap=True)
    else:
        write_atomic(output, text.encode("utf-8"))
    err.print(
        f"{len(imported.staff)} staff from {sheet_file}" + (f" in {output}" if output else "")
    )
    return EXIT_OK
