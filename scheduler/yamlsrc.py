"""Read a plan file into plain Python data plus a map from key paths to lines.

ruamel.yaml (YAML 1.2) keeps line marks and refuses duplicate keys; `08:00` stays
a string instead of YAML 1.1's sexagesimal 480. Everything downstream works on
plain dicts and lists; `LineMap` lets errors point back into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError

from .errors import Path, PlanError, PlanIssue


class LineMap:
    """1-based line of every mapping key and sequence item, by key path.

    Built on first use from the text with the round-trip parser (slow, but only needed
    when something is reported); plans are read with the fast C parser.
    """

    def __init__(self, lines: dict[Path, int] | None = None, text: str | None = None):
        self._lines = lines
        self._text = text

    @property
    def lines(self) -> dict[Path, int]:
        if self._lines is None:
            self._lines = _line_marks(self._text or "")
        return self._lines

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        lines = self.lines
        path = tuple(path)
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), None)


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


def _marks(node: Any, path: Path, lines: dict[Path, int]) -> None:
    """Record the line of every key and item of a round-trip node tree."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            child = path + (_key(key),)
            try:
                lines[child] = node.lc.key(key)[0] + 1
            except (KeyError, TypeError):
                pass
            _marks(value, child, lines)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            child = path + (index,)
            try:
                lines[child] = node.lc.item(index)[0] + 1
            except (KeyError, TypeError, IndexError):
                pass
            _marks(value, child, lines)


def _key(key: Any) -> Any:
    return key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)


def _plain(node: Any) -> Any:
    """Plain Python data: str keys (or int), lists, scalars."""
    if isinstance(node, dict):
        return {_key(k) if not isinstance(k, str) else str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
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


class _TextDatesFast(SafeConstructor):
    """The same for the fast parser."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        return self.construct_scalar(node)


_TextDatesFast.add_constructor(
    "tag:yaml.org,2002:timestamp", _TextDatesFast.construct_yaml_timestamp
)


def _load(text: str, file: str, typ: str) -> Any:
    yaml = YAML(typ=typ, pure=typ == "rt")
    yaml.Constructor = _TextDates if typ == "rt" else _TextDatesFast
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (error.problem or error.context or "invalid YAML").strip()
        if "duplicate key" in problem:
            problem = problem.replace("found ", "").split(" with value")[0]
        raise PlanError([PlanIssue(f"YAML: {problem}", file=file, line=line)]) from None


def _line_marks(text: str) -> dict[Path, int]:
    lines: dict[Path, int] = {(): 1}
    try:
        _marks(_load(text, "", "rt"), (), lines)
    except PlanError:
        pass
    return lines


def parse_text(text: str, file: str) -> tuple[Any, LineMap]:
    """YAML text -> (plain data, line map); syntax errors become PlanError.

    The fast C parser (libyaml) reads YAML 1.1 and refuses some YAML 1.2 that planners
    write, e.g. `{F: 2026-03-02T09:00}`; whatever it refuses, the round-trip parser
    (the reference) reads or reports.
    """
    try:
        return _plain(_load(text, file, "safe")), LineMap(text=text)
    except PlanError:
        lines: dict[Path, int] = {(): 1}
        node = _load(text, file, "rt")
        _marks(node, (), lines)
        return _plain(node), LineMap(lines=lines, text=text)


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
