"""Built-in exporter `json`: `schedule.json`, the solved year as data."""

from __future__ import annotations

from scheduler.api import Exporter, ExportInput
from scheduler.hookspecs import hookimpl


def render(inp: ExportInput) -> dict[str, bytes]:
    return {"schedule.json": inp.schedule.to_json()}


@hookimpl
def scheduler_exporters() -> list[Exporter]:
    return [Exporter("json", render, "schedule.json: every occurrence and the score per rule")]
