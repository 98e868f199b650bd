"""Read a plan file into plain Python data plus a map from key paths to lines.

ruamel.yaml (YAML 1.2) keeps line marks and refuses duplicate keys; `08:00` stays
a string instead of YAML 1.1's sexagesimal 480. Everything downstream works on
plain dicts and lists; `LineMap` lets errors point back into the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .errors import Path, PlanError, PlanIssue


@dataclass
class LineMap:
    """1-based line of every mapping key and sequence item, by key path."""

    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


@dataclass
class Source:
    """A decoded, parsed plan file."""

    file: str
    data: Any
    lines: LineMap
    warnings: list[PlanIssue] = field(default_factory=list)


def decode(raw: bytes, file: str) -> tuple[str, list[PlanIssue]]:
    """UTF-8 (BOM allowed); else GB 18030 with a warning; else refuse."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise PlanError(
                [
                    PlanIssue(
                        f"not UTF-8 (byte {utf8_error.start}) and not GB 18030 either; "
                        "save the file as UTF-8",
                        file=file,
                    )
                ]
            ) from None
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            raise PlanError(
                [PlanIssue("not a text file (control characters)", file=file)]
            ) from None
        warning = PlanIssue(
            "not UTF-8; read as GB 18030 (save it as UTF-8 to silence this)",
            file=file,
            severity="warning",
        )
        return text, [warning]


def _plain(node: Any, path: Path, lines: LineMap) -> Any:
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            k = key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)
            if isinstance(k, str):
                k = str(k)
            child = path + (k,)
            try:
                lines.lines[child] = node.lc.key(key)[0] + 1
            except (KeyError, TypeError):
                pass
            out[k] = _plain(value, child, lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = path + (index,)
            try:
                lines.lines[child] = node.lc.item(index)[0] + 1
            except (KeyError, TypeError, IndexError):
                pass
            items.append(_plain(value, child, lines))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, dt.datetime):
        return dt.datetime(node.year, node.month, node.day, node.hour, node.minute, node.second)
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


class _TextDates(RoundTripConstructor):
    """Keep dates and times as the text the planner wrote: the plan models parse them
    with messages in the planner's words (`2027-13-01` is not a date), where YAML's
    own timestamp parsing would fail without a line number."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        return self.construct_scalar(node)


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", _TextDates.construct_yaml_timestamp)


def parse_text(text: str, file: str) -> tuple[Any, LineMap]:
    """YAML text -> (plain data, line map); syntax errors become PlanError."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDates
    try:
        node = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (error.problem or error.context or "invalid YAML").strip()
        if "duplicate key" in problem:
            problem = problem.replace("found ", "").split(" with value")[0]
        raise PlanError([PlanIssue(f"YAML: {problem}", file=file, line=line)]) from None
    lines = LineMap()
    lines.lines[()] = 1
    return _plain(node, (), lines), lines


def read_source(path: str | FsPath) -> Source:
    """Read, decode and parse a plan file."""
    fs_path = FsPath(path)
    file = str(path)
    try:
        raw = fs_path.read_bytes()
    except OSError as error:
        raise PlanError([PlanIssue(f"cannot read the file: {error.strerror}", file=file)]) from None
    text, warnings = decode(raw, file)
    data, lines = parse_text(text, file)
    return Source(file=file, data=data, lines=lines, warnings=warnings)
