"""`scheduler tokens reset ID`: a new secret URL for a staff member's personal feed."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import EXIT_OK
from ..publish.store import DEFAULT_DB
from ..publish.tokens import private_path, reset_token
from .options import DbOption, PublicUrlOption
from .terminal import err, out

tokens_app = typer.Typer(
    name="tokens",
    no_args_is_help=True,
    help="Secret links to staff members' personal feeds.",
)

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


@tokens_app.command("reset")
def reset(
    staff: Annotated[str, typer.Argument(help="The staff member's id.", show_default=False)],
    plan: Annotated[
        str | None, typer.Option(help="The plan id (needed when several are published).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    public_url: PublicUrlOption = None,
) -> int:
    """Make a new token for a staff member (the old one stops working) and print its URL."""
    plan_id, token = reset_token(db, staff, plan)
    base = (public_url or DEFAULT_PUBLIC_URL).rstrip("/")
    out.print(f"{base}{private_path(token)}", soft_wrap=True)
    err.print(
        f"new token for {staff} in {plan_id}; the previous one no longer works."
        " The database keeps only a hash: this is the only time the link is shown."
    )
    return EXIT_OK
