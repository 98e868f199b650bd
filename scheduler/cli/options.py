"""Options that several commands share, declared once (typer `Annotated` aliases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

PlanArg = Annotated[Path, typer.Argument(help="The plan file (YAML).", show_default=False)]
WorkLimitOption = Annotated[
    float, typer.Option(help="Deterministic work limit (CP-SAT time units).")
]
WorkersOption = Annotated[int, typer.Option(min=1, help="Search workers.")]
SeedOption = Annotated[int, typer.Option(help="Random seed of the search.")]
ProvisionalOption = Annotated[
    bool,
    typer.Option(help="Allow years without official holiday data (outputs are marked 暂定)."),
]
DbOption = Annotated[
    Path,
    typer.Option(
        "--db", envvar="SCHEDULER_DB", help="The publishing database (SQLite; publish makes it)."
    ),
]
PublicUrlOption = Annotated[
    str | None,
    typer.Option(
        envvar="SCHEDULER_PUBLIC_URL",
        help="The address people reach the server at, for links (e.g. https://cal.example.org).",
    ),
]
