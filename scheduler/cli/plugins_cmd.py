"""`scheduler plugins`: what is loaded, what each plugin provides, and what failed."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from ..plugins import Plugins, get_plugins
from .terminal import out

PROVIDES = (
    ("scheduler_rule_types", "rule types"),
    ("scheduler_profiles", "profiles"),
    ("scheduler_tournament_formats", "formats"),
    ("scheduler_exporters", "exporters"),
)


def describe(loaded: Plugins) -> dict[str, Any]:
    """Every loaded plugin with what it registers, and every failure."""
    failures = loaded.check_all()
    provided: dict[str, dict[str, list[str]]] = {}
    for hook, label in PROVIDES:
        _, owners, _ = loaded.registry(hook)
        for name, plugin in owners.items():
            provided.setdefault(plugin, {}).setdefault(label, []).append(name)
    plugins = [
        {
            "name": info.name,
            "version": info.version,
            "source": info.source,
            "hooks": [h.removeprefix("scheduler_") for h in info.hooks],
            **{label: sorted(provided.get(info.name, {}).get(label, [])) for _, label in PROVIDES},
        }
        for info in loaded.loaded
    ]
    return {
        "plugins": plugins,
        "failures": [{"name": f.name, "reason": f.reason} for f in failures],
    }


def plugins(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> int:
    """List loaded plugins (version, source, hooks, what they register) and load failures."""
    report = describe(get_plugins())
    if as_json:
        out.print(json.dumps(report, ensure_ascii=False, indent=2), soft_wrap=True)
        return 0
    table = Table(title="Plugins")
    table.add_column("name", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("source", overflow="fold")
    table.add_column("hooks, and what it registers", overflow="fold")
    for plugin in report["plugins"]:
        lines = ["hooks: " + ", ".join(plugin["hooks"])]
        lines += [f"{label}: {', '.join(plugin[label])}" for _, label in PROVIDES if plugin[label]]
        table.add_row(plugin["name"], plugin["version"], plugin["source"], "\n".join(lines))
    out.print(table)
    if report["failures"]:
        failed = Table(title="Load failures (these plugins, or these items of them, are not used)")
        failed.add_column("plugin", overflow="fold")
        failed.add_column("reason", overflow="fold")
        for failure in report["failures"]:
            failed.add_row(failure["name"], failure["reason"])
        out.print(failed)
    return 0
