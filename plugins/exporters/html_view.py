"""Built-in exporter `html`: `index.html`, the year at a glance in one offline page.

The page carries its CSS and JS inline and loads nothing, so it opens from a folder,
a mail attachment or a phone without a network. Jinja2 renders it with autoescape
on: titles and names are the planner's text and never become markup.
"""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from scheduler.api import Exporter, ExportInput
from scheduler.hookspecs import hookimpl

from .year_view import build_view


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("plugins.exporters", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(inp: ExportInput) -> dict[str, bytes]:
    page = environment().get_template("year.html.j2").render(view=build_view(inp))
    return {"index.html": page.encode("utf-8")}


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("html", render, "index.html: the year view (offline, one file)")]
