"""Checks between items of a plan: unique ids, ids that exist, no `part_of` cycles.

These run after the shape is valid; each issue carries the key path of the
offending id so the loader can name its line.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from .api import Scope
from .errors import Path, PlanIssue
from .model import AnyOfVenues, Deadline, FixedAt, PlanFile, RoleDemand, Tournament
from .values import Ref, suggest


def _unique(items: Iterable[Any], section: str, what: str) -> list[PlanIssue]:
    issues = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            issues.append(PlanIssue(f"{what} id {item.id!r} is used twice", (section, index, "id")))
        seen.add(item.id)
    return issues


class _Ids:
    """Known ids of each kind, with a checker that suggests a close one."""

    def __init__(self, plan: PlanFile):
        self.known = {
            "venue": {v.id for v in plan.venues},
            "staff": {p.id for p in plan.staff},
            "group": {g.id for g in plan.groups},
            "activity": {a.id for a in plan.activities},
        }
        self.issues: list[PlanIssue] = []

    def check(self, kind: str, value: str, path: Path, source: str = "") -> None:
        known = self.known[kind]
        if value not in known:
            label = {"staff": "staff member", "activity": "activity"}.get(kind, kind)
            self.issues.append(
                PlanIssue(
                    f"no {label} has id {value!r}{suggest(value, known)}", path, source=source
                )
            )


def _venue_refs(ids: _Ids, venue: Any, path: Path) -> None:
    if isinstance(venue, str):
        ids.check("venue", venue, path)
    elif isinstance(venue, AnyOfVenues):
        for i, v in enumerate(venue.any_of):
            ids.check("venue", v, path + ("any_of", i))


def _staff_refs(ids: _Ids, staff: list[Any], path: Path) -> None:
    listed: set[str] = set()
    for i, entry in enumerate(staff):
        if isinstance(entry, RoleDemand):
            continue
        ids.check("staff", entry, path + (i,))
        if entry in listed:
            ids.issues.append(PlanIssue(f"{entry!r} is listed twice", path + (i,)))
        listed.add(entry)


def _fixed_refs(ids: _Ids, fixed: Any, path: Path) -> None:
    entries = fixed if isinstance(fixed, list) else [fixed]
    for i, entry in enumerate(entries):
        if isinstance(entry, FixedAt) and entry.venue is not None:
            at = path + ((i,) if isinstance(fixed, list) else ()) + ("venue",)
            ids.check("venue", entry.venue, at)


def _cycles(plan: PlanFile) -> list[PlanIssue]:
    parents = {g.id: list(g.part_of) for g in plan.groups}
    index = {g.id: i for i, g in enumerate(plan.groups)}
    issues: list[PlanIssue] = []
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for parent in parents.get(node, []):
            if parent not in parents:
                continue
            if state.get(parent) == 1:
                loop = (
                    trail[trail.index(parent) :] + [parent] if parent in trail else [node, parent]
                )
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    issues.append(
                        PlanIssue(
                            "part_of forms a cycle: " + " → ".join(loop),
                            ("groups", index[node], "part_of"),
                        )
                    )
            elif state.get(parent) is None:
                visit(parent, trail + [parent])
        state[node] = 2

    for group in plan.groups:
        if group.id not in state:
            visit(group.id, [group.id])
    return issues


def check_references(plan: PlanFile) -> list[PlanIssue]:
    """Every id referenced in the plan exists, and ids are unique per kind."""
    issues = (
        _unique(plan.venues, "venues", "venue")
        + _unique(plan.staff, "staff", "staff")
        + _unique(plan.groups, "groups", "group")
        + _unique(plan.activities, "activities", "activity")
    )
    ids = _Ids(plan)
    for g_index, group in enumerate(plan.groups):
        for i, parent in enumerate(group.part_of):
            ids.check("group", parent, ("groups", g_index, "part_of", i))
            if parent == group.id:
                ids.issues.append(
                    PlanIssue("a group cannot be part of itself", ("groups", g_index, "part_of", i))
                )
        for i, other in enumerate(group.overlaps):
            ids.check("group", other, ("groups", g_index, "overlaps", i))
    for p_index, person in enumerate(plan.staff):
        for i, group in enumerate(person.member_of):
            ids.check("group", group, ("staff", p_index, "member_of", i))
    for a_index, activity in enumerate(plan.activities):
        path: Path = ("activities", a_index)
        if isinstance(activity, Deadline):
            ids.check("staff", activity.owner, path + ("owner",))
            continue
        for i, group in enumerate(activity.audience):
            ids.check("group", group, path + ("audience", i))
        _venue_refs(ids, activity.venue, path + ("venue",))
        _staff_refs(ids, activity.staff, path + ("staff",))
        fixed = getattr(activity, "fixed", None)
        if fixed is not None:
            _fixed_refs(ids, fixed, path + ("fixed",))
        if isinstance(activity, Tournament) and activity.teams:
            seen: set[str] = set()
            for i, team in enumerate(activity.teams):
                ids.check("group", team, path + ("teams", i))
                if team in seen:
                    ids.issues.append(
                        PlanIssue(f"team {team!r} is listed twice", path + ("teams", i))
                    )
                seen.add(team)
        for e_index, entry in enumerate(getattr(activity, "occurrences", None) or []):
            entry_path = path + ("occurrences", e_index)
            if entry.venue is not None:
                _venue_refs(ids, entry.venue, entry_path + ("venue",))
            if entry.staff is not None:
                _staff_refs(ids, entry.staff, entry_path + ("staff",))
            if entry.fixed is not None:
                _fixed_refs(ids, entry.fixed, entry_path + ("fixed",))
    return issues + ids.issues + _cycles(plan) + _reminder_categories(plan)


def _reminder_categories(plan: PlanFile) -> list[PlanIssue]:
    """`plan.reminders` names categories that activities use or `plan.categories` lists."""
    known = {a.category for a in plan.activities if a.category} | set(plan.plan.categories)
    return [
        PlanIssue(
            f"no activity has category {category!r}{suggest(category, known)}",
            ("plan", "reminders", category),
        )
        for category in plan.plan.reminders
        if category not in known
    ]


def _ref_kind(annotation: Any) -> tuple[str | None, bool]:
    """(kind of id, is a list) for an annotation marked with `Ref`."""
    is_list = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            args = get_args(annotation)
            for meta in args[1:]:
                if isinstance(meta, Ref):
                    return meta.kind, is_list
            annotation = args[0]
        elif origin in (list, tuple):
            is_list = True
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return None, is_list
            annotation = inner[0]
        else:
            return None, is_list


def check_scope(plan: PlanFile, scope: Scope, path: Path, source: str = "") -> list[PlanIssue]:
    ids = _Ids(plan)
    kinds = {"id": "activity", "audience": "group", "venue": "venue", "staff": "staff"}
    for key, kind in kinds.items():
        for i, value in enumerate(getattr(scope, key) or []):
            ids.check(kind, value, path + (key, i), source)
    categories = {a.category for a in plan.activities if a.category}
    for i, category in enumerate(scope.category or []):
        if category not in categories:
            ids.issues.append(
                PlanIssue(
                    f"no activity has category {category!r}{suggest(category, categories)}",
                    path + ("category", i),
                    source=source,
                )
            )
    return ids.issues


def check_params_refs(
    plan: PlanFile, params: BaseModel, path: Path, source: str
) -> list[PlanIssue]:
    """Ids in a rule's parameters (fields marked `Ref`, and every `Scope`) exist."""
    ids = _Ids(plan)
    issues: list[PlanIssue] = []
    for name, field in type(params).model_fields.items():
        value = getattr(params, name)
        key = field.alias or name
        if isinstance(value, Scope):
            issues += check_scope(plan, value, path + (key,), source)
            continue
        kind = next((m.kind for m in field.metadata if isinstance(m, Ref)), None)
        if kind is None:
            kind, _ = _ref_kind(field.annotation)
        if kind is None or value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for i, item in enumerate(values):
            at = path + (key, i) if isinstance(value, (list, tuple)) else path + (key,)
            ids.check(kind, item, at, source)
    return issues + ids.issues
