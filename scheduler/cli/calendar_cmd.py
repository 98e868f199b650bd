"""`scheduler calendar YEAR`: a month grid of the year's day kinds and named dates."""

from __future__ import annotations

from typing import Annotated

import typer

from ..calendar_view import year_view
from .terminal import out


def calendar(
    year: Annotated[int, typer.Argument(help="The year to show.")],
    calendars: Annotated[
        list[str] | None,
        typer.Option("--calendar", help="Calendars to lay over the plain week (default: china)."),
    ] = None,
    provisional: Annotated[
        bool, typer.Option(help="Allow a year without official holiday data.")
    ] = False,
) -> int:
    """Show a year: holidays, 调休 make-up workdays, weekends and named dates."""
    for renderable in year_view(
        year, calendars if calendars is not None else ["china"], provisional
    ):
        out.print(renderable)
    return 0
