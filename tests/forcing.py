"""Forcing plans: the smallest plan in which one constraint alone forces the answer.

Each `tests/plans/forcing/*.yaml` starts with comment lines:
  # answer: OCC FIELD JSON      the field of occurrence OCC in schedule.json (`date`:
                                the start's date)
  # alt: PATH = YAML            a change that pins the answer the constraint forbids
  # relax: PATH = YAML | PATH deleted   the change that removes the constraint
The test solves the plan and checks each answer; with `alt` applied it must exit 1;
with `alt` and `relax` applied it must exit 0. So a dropped constraint fails twice:
the answer may move, and the forbidden alternative becomes solvable.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


@dataclass
class Forcing:
    path: Path
    answers: list[tuple[str, str, Any]] = field(default_factory=list)
    alts: list[tuple[tuple, Any]] = field(default_factory=list)
    relaxes: list[tuple[tuple, Any]] = field(default_factory=list)


DELETE = object()


def parse_path(text: str) -> tuple:
    parts: list[Any] = []
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", text.strip()):
        parts.append(int(token[1:-1]) if token.startswith("[") else token)
    return tuple(parts)


def _yaml_value(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def read_forcing(path: Path) -> Forcing:
    forcing = Forcing(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, rest = line[2:].partition(": ")
        if key == "answer":
            occ, name, value = rest.split(" ", 2)
            forcing.answers.append((occ, name, json.loads(value)))
        elif key in ("alt", "relax"):
            if rest.endswith(" deleted"):
                change = (parse_path(rest[: -len(" deleted")]), DELETE)
            else:
                target, _, value = rest.partition(" = ")
                change = (parse_path(target), _yaml_value(value))
            (forcing.alts if key == "alt" else forcing.relaxes).append(change)
    return forcing


def apply(text: str, changes: list[tuple[tuple, Any]]) -> str:
    yaml = YAML(typ="rt")
    data = yaml.load(text)
    for path, value in changes:
        node = data
        for part in path[:-1]:
            node = node[part]
        if value is DELETE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
