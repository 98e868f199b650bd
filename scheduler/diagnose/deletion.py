"""Deletion filtering: shrink a set that cannot hold together to a minimal one.

Members are dropped a chunk at a time: half of what is left, the chunk halved whenever
the rest alone would hold together, until one member is shown to be needed; then again
from half of what is left. A big set with a few needed members costs about
(needed × log size) tests instead of one per member. A test that still fails also
returns its own core, and everything outside that core goes at once. A member is kept
only when the set without it alone was shown to hold together; a test that cannot
decide keeps its member and the result is not called minimal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

Key = TypeVar("Key")
Test = Callable[[list[Key]], tuple[str, list[Key] | None]]  # -> (status, core)


def shrink_by_deletion(
    keys: Sequence[Key], test: Test, may_go_on: Callable[[], bool]
) -> tuple[list[Key], bool]:
    """(a subset that still fails, whether it was shown to be minimal)."""
    confirmed: list[Key] = []
    rest = list(keys)
    size = max(1, len(rest) // 2)
    minimal = True
    while rest:
        if not may_go_on():
            return confirmed + rest, False
        size = min(size, len(rest))
        chunk, remaining = rest[:size], rest[size:]
        status, core = test(confirmed + remaining)
        if status == "infeasible":
            rest = remaining if core is None else [k for k in remaining if k in set(core)]
            continue
        if size > 1:
            size //= 2
            continue
        confirmed.append(chunk[0])
        rest = remaining
        size = max(1, len(rest) // 2)
        minimal = minimal and status == "feasible"
    return confirmed, minimal
