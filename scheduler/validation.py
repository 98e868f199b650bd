"""Turn pydantic `ValidationError`s into `PlanIssue`s in the planner's words.

Pydantic locations include union tags and validator names; `clean_path` keeps only
the parts that index into the data, so the line map can find them. For unknown keys
the model expected at that place is found by walking the annotations along the
data, and the closest known key is suggested.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .errors import Path, PlanIssue
from .values import suggest


def clean_path(loc: tuple[Any, ...], data: Any, keep_last: bool = False) -> Path:
    """Keep the parts of a pydantic `loc` that exist in `data`."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif last and keep_last and isinstance(part, (str, int)):
            path.append(part)
    return tuple(path)


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> list[Any]:
    """The alternatives of a (possibly nested, annotated) union."""
    annotation = _strip(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for a in get_args(annotation) for m in _members(a)]
    return [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _pick(annotation: Any, node: Any) -> Any:
    """The member of a union that fits `node` (a dict picks a model, a list a list)."""
    members = _members(annotation)
    if isinstance(node, list):
        lists = [m for m in members if get_origin(m) is list]
        return lists[0] if lists else None
    if isinstance(node, dict):
        models = [m for m in members if _is_model(m)]
        dicts = [m for m in members if get_origin(m) is dict]
        if not models:
            return dicts[0] if dicts else None
        kind = node.get("kind")
        for model in models:
            field = model.model_fields.get("kind")
            if field is not None and kind in get_args(_strip(field.annotation)):
                return model
        return max(models, key=lambda m: _fit(node, m))
    return None


def _fit(node: dict[str, Any], model: type[BaseModel]) -> float:
    """How well a mapping's keys fit a model: exact keys, then near misses."""
    import difflib

    keys = _keys(model)
    exact = len(set(node) & keys)
    near = sum(
        1
        for k in node
        if k not in keys and difflib.get_close_matches(str(k), sorted(keys), n=1, cutoff=0.6)
    )
    return exact + 0.5 * near


def _keys(model: type[BaseModel]) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


def _field(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field.annotation
    return None


def model_at(root: type[BaseModel], path: Path, data: Any) -> type[BaseModel] | None:
    """The model that validates the mapping at `path` in `data`."""
    annotation: Any = root
    node = data
    for part in path:
        picked = _pick(annotation, node)
        if picked is None and isinstance(node, dict):  # one value written for a list
            lists = [m for m in _members(annotation) if get_origin(m) is list]
            picked = _pick(get_args(lists[0])[0], node) if lists else None
        annotation = picked
        if annotation is None:
            return None
        if _is_model(annotation) and isinstance(part, str):
            annotation = _field(annotation, part)
        elif get_origin(annotation) is list and isinstance(part, int):
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) is dict:
            annotation = get_args(annotation)[1]
        else:
            return None
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    picked = _pick(annotation, node)
    if picked is None and isinstance(node, dict):  # one value written for a list
        lists = [m for m in _members(annotation) if get_origin(m) is list]
        picked = _pick(get_args(lists[0])[0], node) if lists else None
    return picked if _is_model(picked) else None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: dict[str, Any], root: type[BaseModel], path: Path, data: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        model = model_at(root, path[:-1], data)
        hint = suggest(str(path[-1]), _keys(model)) if model is not None else ""
        return f"unknown key{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_show(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {_show(value)}"
    if kind == "string_type":
        return f"expected text, got {_show(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_show(value)}"
    if kind == "list_type":
        return f"expected a list, got {_show(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (key: value), got {_show(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {_show(value)}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {_show(value)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "literal_error":
        return f"{_show(value)} is not one of {ctx.get('expected')}"
    if kind == "kind" and isinstance(value, dict):
        given = value.get("kind")
        if given is None:
            return "required key kind is missing (event, series, tournament or deadline)"
        return f"unknown kind {given!r}; kind must be event, series, tournament or deadline"
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return str(error["msg"])


def issues_from(
    error: ValidationError, root: type[BaseModel], data: Any, prefix: Path = (), source: str = ""
) -> list[PlanIssue]:
    """One `PlanIssue` per pydantic error, located under `prefix` in the file."""
    issues: list[PlanIssue] = []
    seen: set[tuple[Path, str]] = set()
    for item in error.errors(include_url=False):
        keep_last = item["type"] in ("missing", "extra_forbidden")
        path = clean_path(tuple(item["loc"]), data, keep_last=keep_last)
        message = _message(item, root, path, data)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        issues.append(PlanIssue(message, prefix + path, source=source))
    return issues
