"""Built-in exporter `summary`: `summary.txt`, the month-by-month table as plain text."""

from __future__ import annotations

from scheduler.api import Exporter, ExportInput
from scheduler.hookspecs import hookimpl
from scheduler.summary import summary_text


def render(inp: ExportInput) -> dict[str, bytes]:
    return {"summary.txt": summary_text(inp.schedule, inp.plan.plan).encode("utf-8")}


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("summary", render, "summary.txt: the month-by-month table (月程工作安排)")]
