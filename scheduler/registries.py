"""What a plugin may register through a registry hook, checked item by item.

A registry hook (`scheduler_rule_types`, `_profiles`, `_tournament_formats`,
`_exporters`) returns named items. `check_item` says why one is unusable (wrong
class, bad name, a rule type without a namespace or a parameter model that is not a
`RuleParams`), so the host can skip that item, report it under its plugin's name and
keep everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .api import Exporter, Profile, RuleParams, RuleType, TournamentFormat

NAME_RE = re.compile(r"^[a-z][a-z0-9_\-]*$")
RULE_NAME_RE = re.compile(r"^[a-z][a-z0-9_\-]*(\.[a-z][a-z0-9_\-]*)?$")
# Built-in plugins whose rule types are the core vocabulary (no namespace).
CORE_RULE_FAMILY = "rules."

ITEM_CLASS: dict[str, type] = {
    "scheduler_rule_types": RuleType,
    "scheduler_profiles": Profile,
    "scheduler_tournament_formats": TournamentFormat,
    "scheduler_exporters": Exporter,
}
LABEL = {
    "scheduler_rule_types": "rule type",
    "scheduler_profiles": "profile",
    "scheduler_tournament_formats": "tournament format",
    "scheduler_exporters": "exporter",
}


def namespaces(plugin: str) -> set[str]:
    """Namespaces a plugin may use: its name, and for `profiles.school` also `school`."""
    return {plugin, plugin.rsplit(".", 1)[-1]}


def _rule_type(item: RuleType, plugin: str, builtin: bool) -> str | None:
    name = item.name
    if not isinstance(name, str) or not RULE_NAME_RE.match(name):
        return f"rule type name {name!r} is not `<plugin>.<rule>` (a-z, 0-9, _ and -)"
    if "." not in name:
        if not (builtin and plugin.startswith(CORE_RULE_FAMILY)):
            return (
                f"rule type {name!r} needs its plugin's namespace, e.g."
                f" '{sorted(namespaces(plugin))[-1]}.{name}'"
            )
    elif name.split(".", 1)[0] not in namespaces(plugin):
        allowed = " or ".join(f"'{n}.'" for n in sorted(namespaces(plugin)))
        return f"rule type {name!r} is outside its plugin's namespace ({allowed})"
    if not (isinstance(item.params, type) and issubclass(item.params, RuleParams)):
        return f"rule type {name!r}: params {item.params!r} is not a RuleParams subclass"
    if not callable(item.apply):
        return f"rule type {name!r}: apply is not callable"
    return None


def _profile(item: Profile, plugin: str, builtin: bool) -> str | None:
    if not isinstance(item.name, str) or not NAME_RE.match(item.name):
        return f"profile name {item.name!r} is not lowercase letters, digits, _ and -"
    for rule in item.rules:
        if not isinstance(rule, Mapping) or not isinstance(rule.get("type"), str):
            return f"profile {item.name!r}: default rule {rule!r} has no type"
    if not isinstance(item.template, str):
        return f"profile {item.name!r}: template is not text"
    return None


def _named(item: Any, plugin: str, builtin: bool) -> str | None:
    if not isinstance(item.name, str) or not NAME_RE.match(item.name):
        return f"name {item.name!r} is not lowercase letters, digits, _ and -"
    return None


CHECKS: dict[str, Callable[[Any, str, bool], str | None]] = {
    "scheduler_rule_types": _rule_type,
    "scheduler_profiles": _profile,
    "scheduler_tournament_formats": _named,
    "scheduler_exporters": _named,
}


def check_item(hook: str, item: Any, plugin: str, builtin: bool) -> str | None:
    """Why `item` from `plugin` cannot be used, or None if it can."""
    expected = ITEM_CLASS.get(hook)
    if expected is not None and not isinstance(item, expected):
        return f"{hook} returned {item!r}, not a {expected.__name__}"
    check = CHECKS.get(hook)
    return check(item, plugin, builtin) if check else None
