"""`scheduler plugins`: what is loaded, what each plugin provides, and what failed."""

from __future__ import annotations

from rich.table import Table

from ..plugins import get_plugins
from .terminal import out


def plugins() -> int:
    """List loaded plugins (version, source, hooks, what they register) and load failures."""
    loaded = get_plugins()
    provided: dict[str, list[str]] = {}
    for hook, label in (
        ("scheduler_rule_types", "rule"),
        ("scheduler_exporters", "exporter"),
        ("scheduler_profiles", "profile"),
        ("scheduler_tournament_formats", "format"),
    ):
        _, owners, _ = loaded.registry(hook)
        for name, plugin in owners.items():
            provided.setdefault(plugin, []).append(f"{label} {name}")
    table = Table(title="Plugins")
    for column in ("name", "version", "source", "hooks", "provides"):
        table.add_column(column, overflow="fold")
    for info in loaded.loaded:
        table.add_row(
            info.name,
            info.version,
            info.source,
            ", ".join(h.removeprefix("scheduler_") for h in info.hooks),
            ", ".join(provided.get(info.name, [])),
        )
    out.print(table)
    for failure in loaded.failures:
        out.print(f"failed: {failure.name}: {failure.reason}")
    return 0
