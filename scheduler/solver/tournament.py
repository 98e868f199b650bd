"""Tournament constraints: rest between a team's matches, knockout order, team limits.

Filled in by the tournaments issue; until then plans with tournaments are refused
at expansion (no format plugin is installed).
"""

from __future__ import annotations

from .built import Built


def add_tournament_constraints(b: Built) -> None:
    """Nothing yet: no tournament format is registered, so no match reaches the model."""
    assert not b.problem.expansion.matches or all(
        not m for m in b.problem.expansion.matches.values()
    )
