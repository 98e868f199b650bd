"""Who shares members with whom, computed once as sets of "atoms".

Each group gets an atom of its own, each declared overlap an atom shared by both
groups; a group holds its own atoms and those of all its sub-groups (transitively).
Two groups share members exactly when their atom sets meet: the same group, one
part of the other, a common sub-group, or a declared overlap (which then also holds
for every group either one is part of). All occurrences whose audience holds one
atom pairwise clash, so one NoOverlap per atom covers every group clash.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from .model import PlanFile


class GroupIndex:
    def __init__(self, plan: PlanFile):
        self.groups = {g.id: g for g in plan.groups}
        self.parents = {g.id: list(g.part_of) for g in plan.groups}
        self.children: dict[str, list[str]] = {g: [] for g in self.groups}
        for group, parents in self.parents.items():
            for parent in parents:
                self.children.setdefault(parent, []).append(group)

    def ancestors(self, group: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self.parents.get(group, []))
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(self.parents.get(parent, []))
        return seen

    def descendants(self, group: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self.children.get(group, []))
        while stack:
            child = stack.pop()
            if child not in seen:
                seen.add(child)
                stack.extend(self.children.get(child, []))
        return seen

    @cached_property
    def _atoms(self) -> dict[str, frozenset[str]]:
        own: dict[str, set[str]] = {g: {g} for g in self.groups}
        for group in self.groups.values():
            for other in group.overlaps:
                atom = "&".join(sorted((group.id, other)))
                own[group.id].add(atom)
                own[other].add(atom)
        atoms: dict[str, frozenset[str]] = {}
        for group in self.groups:
            collected = set(own[group])
            for sub in self.descendants(group):
                collected |= own[sub]
            atoms[group] = frozenset(collected)
        return atoms

    def atoms(self, group: str) -> frozenset[str]:
        return self._atoms[group]

    def audience_atoms(self, audience: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for group in audience:
            out |= self._atoms[group]
        return frozenset(out)

    def share(self, a: str, b: str) -> bool:
        return bool(self._atoms[a] & self._atoms[b])

    def sharing(self, audience: Iterable[str]) -> set[str]:
        """Every group that shares members with some group of `audience`."""
        atoms = self.audience_atoms(audience)
        return {g for g, own in self._atoms.items() if own & atoms}

    def audience_size(self, audience: Iterable[str]) -> int | None:
        """Sum of sizes, a group counted once when an ancestor is listed too; None if a
        size is unknown."""
        listed = set(audience)
        total = 0
        for group in listed:
            if self.ancestors(group) & listed:
                continue
            size = self.groups[group].size
            if size is None:
                return None
            total += size
        return total
