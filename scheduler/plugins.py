"""Load plugins one at a time, so that one broken plugin never takes the others down.

Built-ins (`DEFAULT_PLUGINS`) and third-party packages (entry-point group
`scheduler.plugins`) register on the same `pluggy` manager. Each import and each
registration has its own guard; a failure is recorded by name with its reason and
shown by `scheduler plugins`. `SCHEDULER_PLUGINS` selects third-party plugins
(unset: all; empty: none; `a,b`: only those) and `SCHEDULER_BLOCK_PLUGINS` blocks
any plugin by name, built-ins included; the CLI's `--plugins` and `--block-plugin`
options do the same for one run (`select_plugins`).

Registry hooks are called once per run and cached; each item they return is
checked (`registries.check_item`), and an unusable one is skipped and reported
under its plugin's name, like a failed import.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pluggy

from . import __version__, hookspecs
from .registries import LABEL, check_item

ENTRY_POINT_GROUP = "scheduler.plugins"
DEFAULT_PLUGINS = (
    "plugins.calendars.china",
    "plugins.formats.round_robin",
    "plugins.formats.knockout",
    "plugins.rules.counting",
    "plugins.rules.spacing",
    "plugins.rules.spread",
    "plugins.profiles.school",
    "plugins.profiles.hospital",
    "plugins.profiles.enterprise",
    "plugins.exporters.json_schedule",
    "plugins.exporters.ics",
    "plugins.exporters.feeds",
    "plugins.exporters.summary",
    "plugins.exporters.html_view",
    "plugins.exporters.xlsx",
)


@dataclass
class PluginInfo:
    name: str
    source: str  # "built-in" or the distribution that provides it
    version: str
    hooks: list[str] = field(default_factory=list)


@dataclass
class PluginFailure:
    name: str
    reason: str


REGISTRY_HOOKS = tuple(LABEL)

Registry = tuple[dict[str, Any], dict[str, str], list[str]]


@dataclass
class Plugins:
    """The loaded plugins, their failures, and per-plugin hook results."""

    pm: pluggy.PluginManager
    loaded: list[PluginInfo]
    failures: list[PluginFailure]
    _registries: dict[str, Registry] = field(default_factory=dict, repr=False)

    def fail(self, name: str, reason: str) -> None:
        """Record a failure of plugin `name` (once)."""
        if not any(f.name == name and f.reason == reason for f in self.failures):
            self.failures.append(PluginFailure(name, reason))

    def source(self, name: str) -> str:
        return next((info.source for info in self.loaded if info.name == name), "")

    def collect(self, hook: str) -> Iterator[tuple[str, Any]]:
        """Call a registry hook plugin by plugin: yields (plugin name, item).

        One plugin raising is recorded as a failure and skipped, like a failed import.
        """
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            try:
                result = list(impl.function() or ())
            except Exception as error:  # noqa: BLE001 - a plugin's bug must not stop the run
                self.fail(impl.plugin_name, f"{hook} raised {type(error).__name__}: {error}")
                continue
            for item in result:
                yield impl.plugin_name, item

    def registry(self, hook: str) -> Registry:
        """Items of a registry hook by name: (items, name -> plugin, duplicate messages).

        Called once per run (then cached). An item that fails `check_item` is skipped
        and recorded as its plugin's failure; of two items with one name the first is
        kept, and the clash is recorded for the second plugin and returned, so that a
        plan using that name fails with both plugins named.
        """
        if hook in self._registries:
            return self._registries[hook]
        items: dict[str, Any] = {}
        owners: dict[str, str] = {}
        duplicates: list[str] = []
        for plugin, item in self.collect(hook):  # registration order: built-ins first
            problem = check_item(hook, item, plugin, self.source(plugin) == "built-in")
            if problem is not None:
                self.fail(plugin, problem)
                continue
            if item.name in items:
                clash = f"{item.name!r} is registered by both {owners[item.name]} and {plugin}"
                duplicates.append(clash)
                self.fail(plugin, f"{LABEL[hook]} {clash}")
                continue
            items[item.name] = item
            owners[item.name] = plugin
        self._registries[hook] = (items, owners, duplicates)
        return self._registries[hook]

    def check_all(self) -> list[PluginFailure]:
        """Call every registry hook now, so that every failure is known; returns them."""
        for hook in REGISTRY_HOOKS:
            self.registry(hook)
        return list(self.failures)


def names(value: str | None) -> set[str] | None:
    """`"a, b"` -> {"a", "b"}; None stays None (no selection)."""
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _selection(env: str) -> set[str] | None:
    return names(os.environ.get(env))


def _short(module: str) -> str:
    return module.removeprefix("plugins.")


def load_plugins(
    builtins: tuple[str, ...] = DEFAULT_PLUGINS,
    select: set[str] | None = None,
    block: set[str] | None = None,
) -> Plugins:
    """Build a manager with every selected plugin that imports and registers.

    `select` (third-party plugins to load; None: `SCHEDULER_PLUGINS`) and `block`
    (added to `SCHEDULER_BLOCK_PLUGINS`) come from the CLI options.
    """
    pm = pluggy.PluginManager("scheduler")
    pm.add_hookspecs(hookspecs)
    loaded: list[PluginInfo] = []
    failures: list[PluginFailure] = []
    blocked = (_selection("SCHEDULER_BLOCK_PLUGINS") or set()) | (block or set())
    selected = select if select is not None else _selection("SCHEDULER_PLUGINS")

    def register(name: str, obj: Any, source: str, version: str) -> None:
        if name in blocked:
            return
        try:
            pm.register(obj, name=name)
        except (ValueError, pluggy.PluginValidationError) as error:
            failures.append(PluginFailure(name, f"cannot register: {error}"))
            return
        hooks = sorted(h.name for h in pm.get_hookcallers(obj) or [])
        loaded.append(PluginInfo(name, source, version, hooks))

    for module_name in builtins:
        name = _short(module_name)
        if name in blocked:
            continue
        try:
            module = importlib.import_module(module_name)
        except Exception as error:  # noqa: BLE001 - any import failure is reported by name
            failures.append(
                PluginFailure(name, f"error importing: {type(error).__name__}: {error}")
            )
            continue
        register(name, module, "built-in", __version__)

    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if selected is not None and entry.name not in selected:
            continue
        if entry.name in blocked:
            continue
        dist = entry.dist
        try:
            obj = entry.load()
        except Exception as error:  # noqa: BLE001 - a broken package must not stop the others
            failures.append(
                PluginFailure(entry.name, f"error importing: {type(error).__name__}: {error}")
            )
            continue
        register(entry.name, obj, dist.name if dist else "package", dist.version if dist else "")
    while True:  # a misspelt hook unregisters its plugin, not the whole run
        try:
            pm.check_pending()
            break
        except pluggy.PluginValidationError as error:
            name = pm.get_name(error.plugin) or "?"
            failures.append(PluginFailure(name, str(error)))
            pm.unregister(error.plugin)
            loaded[:] = [info for info in loaded if info.name != name]
    return Plugins(pm, loaded, failures)


_plugins: Plugins | None = None
_choice: tuple[set[str] | None, set[str]] = (None, set())


def get_plugins() -> Plugins:
    """The process-wide plugins, loaded on first use (importing does no work)."""
    global _plugins
    if _plugins is None:
        _plugins = load_plugins(select=_choice[0], block=_choice[1])
    return _plugins


def select_plugins(select: set[str] | None = None, block: set[str] | None = None) -> None:
    """Choose the plugins of this run (the CLI options) and forget any loaded ones;
    they load on first use. `select=None` leaves the choice to `SCHEDULER_PLUGINS`."""
    global _plugins, _choice
    _choice = (select, set(block or ()))
    _plugins = None


def reset_plugins(plugins: Plugins | None = None) -> None:
    """Forget (or replace) the loaded plugins and the CLI's choice; tests use this."""
    global _plugins, _choice
    _plugins = plugins
    _choice = (None, set())
