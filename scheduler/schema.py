"""The JSON Schema of plan files: the pydantic models plus every registered rule type."""

from __future__ import annotations

from typing import Any

from .model import PlanFile
from .plugins import Plugins


def plan_schema(plugins: Plugins) -> dict[str, Any]:
    schema = PlanFile.model_json_schema(by_alias=True)
    types_, owners, _ = plugins.registry("scheduler_rule_types")
    variants = []
    defs = schema.setdefault("$defs", {})
    for name in sorted(types_):
        rule_type = types_[name]
        params = rule_type.params.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
        defs.update(params.pop("$defs", {}))
        params.setdefault("properties", {})["type"] = {"const": name}
        params["required"] = sorted(set(params.get("required", [])) | {"type"})
        params["title"] = name
        params["description"] = f"{rule_type.description} (plugin {owners[name]})"
        variants.append(params)
    schema["properties"]["rules"] = {
        "type": "array",
        "items": {"oneOf": variants},
        "title": "Rules",
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Scheduler plan file"
    return schema
