"""Errors the planner sees, each mapped to one exit code of plan-format.md.

Exit 2 (`PlanError`): the file cannot be read as a plan. Exit 1 (`Unschedulable`):
it is a plan but no schedule exists. Everything else that escapes is an internal
error (exit 70), never shown as exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]

EXIT_OK = 0
EXIT_UNSCHEDULABLE = 1
EXIT_BAD_INPUT = 2
EXIT_NO_SOLUTION_YET = 3
EXIT_INTERNAL = 70


def format_path(path: Path) -> str:
    """`("activities", 3, "when", "months")` -> `activities[3].when.months`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class PlanIssue:
    """One problem in the plan file, located by file, line and key path."""

    message: str
    path: Path = ()
    file: str = ""
    line: int | None = None
    source: str = ""  # the plugin that reported it, if any
    severity: str = "error"  # "error" or "warning"

    def located(self, file: str, line: int | None) -> PlanIssue:
        return PlanIssue(self.message, self.path, file, line, self.source, self.severity)

    def __str__(self) -> str:
        where = self.file or "<plan>"
        if self.line is not None:
            where += f":{self.line}"
        key = format_path(self.path)
        text = f"{where} {key}: {self.message}" if key else f"{where}: {self.message}"
        if self.source:
            text += f" [plugin {self.source}]"
        return text


class SchedulerError(Exception):
    """Base of the errors that carry an exit code."""

    exit_code = EXIT_INTERNAL


class PlanError(SchedulerError):
    """The file cannot be read as a plan (exit 2). Holds every issue found."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, issues: list[PlanIssue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


@dataclass
class Conflict:
    """A member of a diagnosis: an activity, a rule or a staff cap the planner can change
    (or, in `Diagnosis.facts`, a venue, person, group or role the conflict runs into)."""

    kind: str  # "activity", "rule", "staff" (a cap); facts: "venue", "staff", "group", "role"
    id: str
    title: str = ""
    line: int | None = None
    requires: str = ""  # one sentence: what it asks for
    key: str | None = None  # the cap of a staff member ("max_per_week"), when it is one
    file: str = ""
    path: str = ""  # key path in the plan file, e.g. activities[3]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "line": self.line,
            "requires": self.requires,
            "key": self.key,
            "file": self.file,
            "path": self.path,
        }


@dataclass
class Diagnosis:
    """Why no schedule exists: what was found, and what could be relaxed.

    `conflicts` are the plan items the planner can change (activities, rules, staff
    caps) that cannot hold together; `facts` the resources they run into; `minimal`
    says whether dropping any one conflict was shown to leave a schedulable rest.
    `context` carries what the diagnosis was computed on (for relaxations); it is never
    written out.
    """

    summary: str
    found_by: str  # "precheck" or "search"
    conflicts: list[Conflict] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    relaxations: list[dict[str, Any]] = field(default_factory=list)
    facts: list[Conflict] = field(default_factory=list)
    minimal: bool | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    context: Any = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "found_by": self.found_by,
            "conflicts": [c.to_json() for c in self.conflicts],
            "details": self.details,
            "relaxations": self.relaxations,
            "facts": [c.to_json() for c in self.facts],
            "minimal": self.minimal,
        }


class Unschedulable(SchedulerError):
    """The plan is valid but no schedule exists (exit 1)."""

    exit_code = EXIT_UNSCHEDULABLE

    def __init__(self, diagnosis: Diagnosis):
        self.diagnosis = diagnosis
        super().__init__(diagnosis.summary)
