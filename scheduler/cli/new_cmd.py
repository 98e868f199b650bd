"""`scheduler new --profile school plan.yaml`: write a profile's commented starting plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_BAD_INPUT
from ..output import write_atomic
from ..plugins import get_plugins
from ..values import suggest
from .terminal import err


def new(
    plan: Annotated[Path, typer.Argument(help="The plan file to write.", show_default=False)],
    profile: Annotated[
        str,
        typer.Option(help="The organisation profile: school, hospital, enterprise, …"),
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> int:
    """Write a commented starting plan for an organisation profile."""
    profiles, owners, _ = get_plugins().registry("scheduler_profiles")
    chosen = profiles.get(profile)
    if chosen is None:
        known = ", ".join(sorted(profiles)) or "none installed"
        err.print(f"error: unknown profile {profile!r}{suggest(profile, list(profiles))} ({known})")
        return EXIT_BAD_INPUT
    if not chosen.template:
        err.print(f"error: profile {profile} (plugin {owners[profile]}) has no plan template")
        return EXIT_BAD_INPUT
    if plan.exists() and not force:
        err.print(f"error: {plan} exists; pass --force to overwrite it")
        return EXIT_BAD_INPUT
    write_atomic(plan, chosen.template.encode("utf-8"))
    err.print(
        f"wrote {plan}: a {chosen.title or profile} plan to edit;"
        f" check it with `scheduler validate {plan}`"
    )
    return 0
