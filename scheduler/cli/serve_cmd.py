"""`scheduler serve`: serve the published feeds over HTTP (uvicorn, starlette)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..errors import EXIT_OK
from ..publish.store import DEFAULT_DB, PublishError, Store
from ..serve.app import DB_ENV, PUBLIC_URL_ENV
from .options import DbOption, PublicUrlOption
from .terminal import err

DEFAULT_PORT = 8000


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to bind; 0.0.0.0 makes the feeds reachable from others.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = DEFAULT_PORT,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    public_url: PublicUrlOption = None,
) -> int:
    """Serve the published feeds: an index with QR codes, public feeds, token feeds."""
    store = Store(db, create=False)
    try:
        plans = store.current()
    finally:
        store.close()
    if not plans:
        raise PublishError(f"{db}: nothing is published yet (run `scheduler publish PLAN`)")
    os.environ[DB_ENV] = str(db.resolve())
    if public_url:
        os.environ[PUBLIC_URL_ENV] = public_url
    import uvicorn  # imported here: only `serve` needs the server

    shown = public_url or f"http://{host}:{port}"
    err.print(f"serving {', '.join(p.plan_id for p in plans)} from {db} at {shown}/")
    uvicorn.run(
        "scheduler.serve.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        server_header=False,
    )
    return EXIT_OK
