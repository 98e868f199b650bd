"""The root command's options that choose plugins for one run.

`--plugins a,b` is `SCHEDULER_PLUGINS=a,b` (only these third-party plugins; `""`
none) and `--block-plugin NAME` (repeatable, or `a,b`) adds to
`SCHEDULER_BLOCK_PLUGINS` (any plugin, built-ins included). They apply before any
plugin loads, and only to this run.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..plugins import names, select_plugins


def choose_plugins(
    plugins: Annotated[
        str | None,
        typer.Option(
            "--plugins",
            metavar="NAMES",
            help="Load only these third-party plugins (comma-separated; '' for none)."
            " Overrides SCHEDULER_PLUGINS.",
            show_default=False,
        ),
    ] = None,
    block: Annotated[
        list[str] | None,
        typer.Option(
            "--block-plugin",
            metavar="NAME",
            help="Do not load this plugin, built-in or third-party (repeatable)."
            " Adds to SCHEDULER_BLOCK_PLUGINS.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Plan a year of activities from a plan file and publish it."""
    blocked = set().union(*(names(b) or set() for b in block or []))
    select_plugins(names(plugins), blocked)
