"""What the checker reports: violations of the contract, and plans it cannot judge."""

from __future__ import annotations

from dataclasses import dataclass


class UnsupportedPlan(Exception):
    """The plan uses something the checker cannot compute on its own (a tournament, a
    planner-supplied holiday file, a plugin's hard rule, ...). Raised instead of guessing, so
    that a pass always means every hard constraint was actually checked."""


@dataclass(frozen=True)
class Violation:
    """One broken constraint: `kind` is a short constraint name (`window`, `venue-overlap`,
    `staff-cap`, `before`, ...), `occurrences` the ids involved."""

    kind: str
    occurrences: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        ids = ", ".join(self.occurrences)
        return f"[{self.kind}] {ids}: {self.message}" if ids else f"[{self.kind}] {self.message}"


class Report:
    """Collects violations as the checks run."""

    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def add(self, kind: str, occurrences: str | tuple[str, ...] | list[str], message: str) -> None:
        ids = (occurrences,) if isinstance(occurrences, str) else tuple(occurrences)
        self.violations.append(Violation(kind, ids, message))
