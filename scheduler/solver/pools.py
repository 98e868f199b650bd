"""Give out interchangeable people after solving (see problem.find_pools).

The model only kept a pool from working more items at once than it has members. Going
through the items by start time and taking, for each, the least-busy members who are
free then, always succeeds: at any moment the items under way need no more people
than the pool has (interval graphs are perfect).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from ..problem import RoleSlot, Task


class Placed(Protocol):
    task: Task
    start: int
    staff: list[str]
    pooled: list[tuple[int, RoleSlot]]


def assign_pools(placements: Sequence[Placed]) -> None:
    """Fill every pooled slot, in start order (placements must be sorted by start)."""
    busy_until: dict[str, int] = defaultdict(lambda: -1)
    load: dict[str, int] = defaultdict(int)
    for placed in placements:
        for position, slot in reversed(placed.pooled):
            free = [
                p
                for p in slot.candidates
                if busy_until[p] <= placed.start and p not in placed.staff
            ]
            chosen = sorted(free, key=lambda p: (load[p], slot.candidates.index(p)))[: slot.count]
            if len(chosen) < slot.count:
                raise RuntimeError(f"pool {slot.pool} ran out of people at {placed.task.id}")
            for person in chosen:
                busy_until[person] = placed.start + placed.task.size
                load[person] += 1
            placed.staff[position:position] = chosen
