"""Members of a conflict set, in the planner's terms.

A member is what the planner can change: an activity, a hard rule, or one staff cap
(`max_per_day/week/month` of a person). Venues, people and groups themselves are facts
the conflict runs into, not members. Each member maps to one enforcement literal of
the diagnosis model (`Built.enforce`) and is described with its file, line and one
sentence on what it requires, quoting the plan as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Conflict, Path, format_path
from ..loader import BoundRule, LoadedPlan
from .edits import flow

ORDER = {"activity": 0, "staff": 1, "rule": 2}


@dataclass(frozen=True)
class Member:
    kind: str  # "activity", "rule" or "staff" (a cap)
    id: str
    key: str | None = None  # the cap, for staff: "max_per_week"

    @property
    def name(self) -> str:
        """The name of its enforcement literal in `Built.enforce`."""
        if self.kind == "staff":
            return f"staff:{self.id}:{self.key}"
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, name: str) -> Member:
        kind, _, rest = name.partition(":")
        if kind == "staff":
            person, _, key = rest.partition(":")
            return cls("staff", person, key)
        return cls(kind, rest)

    def sort_key(self) -> tuple[int, str, str]:
        return ORDER.get(self.kind, 9), self.id, self.key or ""

    def __str__(self) -> str:
        if self.kind == "staff":
            return f"staff {self.id} {self.key}"
        return f"{self.kind} {self.id}"


def sort_members(members: Any) -> list[Member]:
    return sorted(set(members), key=Member.sort_key)


def activity_index(loaded: LoadedPlan, ident: str) -> int:
    return next(i for i, a in enumerate(loaded.plan.activities) if a.id == ident)


def staff_index(loaded: LoadedPlan, ident: str) -> int:
    return next(i for i, p in enumerate(loaded.plan.staff) if p.id == ident)


def rule_of(loaded: LoadedPlan, ident: str) -> BoundRule:
    return next(r for r in loaded.rules if r.id == ident)


def raw_at(loaded: LoadedPlan, path: Path) -> Any:
    """The plan data as written at `path` (None if absent)."""
    node: Any = loaded.data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def path_of(loaded: LoadedPlan, member: Member) -> Path:
    if member.kind == "activity":
        return ("activities", activity_index(loaded, member.id))
    if member.kind == "staff":
        return ("staff", staff_index(loaded, member.id), member.key or "")
    return rule_of(loaded, member.id).path


_ACTIVITY_KEYS = (
    "duration",
    "match",
    "every",
    "count",
    "format",
    "teams",
    "entrants",
    "when",
    "venue",
    "staff",
    "audience",
    "audience_size",
    "fixed",
    "dates",
    "spacing",
    "span",
    "courts",
    "rest",
    "max_per_day",
    "match_days",
)


def activity_sentence(raw: dict[str, Any], occurrences: int | None) -> str:
    """`3 occurrences: duration 2h; when {…}; venue hall` from the plan as written."""
    kind = raw.get("kind", "event")
    if occurrences is None:
        head = kind
    elif kind == "tournament":
        head = f"{kind}, {occurrences} match{'es' if occurrences != 1 else ''}"
    else:
        head = f"{kind}, {occurrences} occurrence{'s' if occurrences != 1 else ''}"
    parts = [f"{key} {flow(raw[key])}" for key in _ACTIVITY_KEYS if key in raw]
    return head + (": " + "; ".join(parts) if parts else "")


def rule_sentence(loaded: LoadedPlan, rule: BoundRule) -> str:
    """`min_gap_days {between: [a, b], days: 40}: <what the type does>`."""
    raw = raw_at(loaded, rule.path) if rule.path and rule.path[0] == "rules" else None
    if isinstance(raw, dict):
        params = {k: v for k, v in raw.items() if k not in ("type", "id")}
    else:
        params = rule.params.model_dump(mode="json", exclude_unset=True, exclude={"id"})
    text = f"{rule.type.name} {flow(params)}" if params else rule.type.name
    if rule.path and rule.path[0] != "rules":
        text += " (a default rule of the plan's profile)"
    return f"{text}: {rule.type.description}" if rule.type.description else text


def cap_sentence(value: int, key: str) -> str:
    over = key.removeprefix("max_per_")
    return f"works at most {value} occurrence{'s' if value != 1 else ''} a {over} ({key}: {value})"


def describe(member: Member, loaded: LoadedPlan, occurrences: int | None = None) -> Conflict:
    """The member as a `Conflict`: title, file, line and what it requires."""
    path = path_of(loaded, member)
    line = loaded.line(path)
    where = {"file": loaded.file, "path": format_path(path), "line": line}
    if member.kind == "activity":
        activity = loaded.plan.activities[path[1]]  # type: ignore[index]
        raw = raw_at(loaded, path) or {}
        return Conflict(
            "activity",
            member.id,
            activity.title,
            requires=activity_sentence(raw, occurrences),
            **where,
        )
    if member.kind == "staff":
        person = loaded.plan.staff[path[1]]  # type: ignore[index]
        value = getattr(person, member.key or "")
        return Conflict(
            "staff",
            member.id,
            person.label,
            requires=cap_sentence(value, member.key or ""),
            key=member.key,
            **where,
        )
    rule = rule_of(loaded, member.id)
    return Conflict(
        "rule", member.id, rule.type.name, requires=rule_sentence(loaded, rule), **where
    )


def fact(loaded: LoadedPlan, kind: str, ident: str, says: str) -> Conflict:
    """A resource a conflict runs into (venue, staff, group) or a role, located."""
    items = {"venue": loaded.plan.venues, "staff": loaded.plan.staff, "group": loaded.plan.groups}
    section = {"venue": "venues", "staff": "staff", "group": "groups"}.get(kind)
    if section is None:
        return Conflict(kind, ident, requires=says)
    for index, item in enumerate(items[kind]):
        if item.id == ident:
            path = (section, index)
            return Conflict(
                kind,
                ident,
                item.label,
                loaded.line(path),
                says,
                file=loaded.file,
                path=format_path(path),
            )
    return Conflict(kind, ident, requires=says)
