"""Changes to a plan file, as data: what a relaxation asks the planner to write.

An edit sets, deletes or appends at a key path of the plan as written (`when` may be a
mapping or a list there, `staff` one entry or a list). `apply_edits` works on the plain
data the loader keeps, and `reload` reads the changed plan through the same checks as
a file, so a suggested change is judged exactly as the planner's edit would be.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import Path, format_path
from ..loader import LoadedPlan, load_source
from ..plugins import Plugins
from ..yamlsrc import Source

_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/ \u3000-\u9fff\uff00-\uffef]*$")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "~"}


def flow(value: Any) -> str:
    """A value in YAML flow style, as a planner would write it on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text.strip() == text and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Edit:
    """One change at `path`: set a value, delete the key (or list item), or append a
    value to the list there (created when missing)."""

    path: Path
    op: Literal["set", "delete", "append"]
    value: Any = None

    def to_json(self) -> dict[str, Any]:
        where = format_path(self.path)
        if self.op == "delete":
            return {"path": where, "delete": True}
        return {"path": where, self.op: self.value}

    def yaml(self) -> str:
        """What to write, as a YAML line under the parent key."""
        key = self.path[-1]
        if self.op == "delete":
            return f"delete {key}" if isinstance(key, str) else "delete this entry"
        if self.op == "append":
            return f"{key}: [..., {flow(self.value)}]"
        if isinstance(key, int):
            return f"- {flow(self.value)}"
        return f"{key}: {flow(self.value)}"


def apply_edits(data: Any, edits: list[Edit]) -> Any:
    """A copy of the plan data with the edits applied (KeyError/IndexError if a path
    does not exist)."""
    data = copy.deepcopy(data)
    for edit in edits:
        node = data
        for part in edit.path[:-1]:
            node = node[part]
        key = edit.path[-1]
        if edit.op == "delete":
            del node[key]
        elif edit.op == "append":
            if isinstance(node, dict) and key not in node:
                node[key] = []
            current = node[key]
            node[key] = (list(current) if isinstance(current, list) else [current]) + [edit.value]
        else:
            node[key] = copy.deepcopy(edit.value)
    return data


def reload(loaded: LoadedPlan, edits: list[Edit], plugins: Plugins) -> LoadedPlan:
    """The plan with the edits, read and checked like a file (raises PlanError)."""
    data = apply_edits(loaded.data, edits)
    return load_source(Source(loaded.file, data, loaded.lines), plugins)
