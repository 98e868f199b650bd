"""`scheduler schema`: the plan file's JSON Schema, for editors to validate and complete."""

from __future__ import annotations

import json

from ..plugins import get_plugins
from ..schema import plan_schema
from .terminal import out


def schema() -> None:
    """Print the JSON Schema of plan files (with every installed rule type)."""
    out.print(json.dumps(plan_schema(get_plugins()), ensure_ascii=False, indent=2), soft_wrap=True)
