"""The catalogue of relaxations: for each member of a conflict, the natural changes to
the plan as written, as edits, each with a rank (what the planner gives up) and, for a
number, a knob whose smallest working step relax.py searches.

Ranks, smallest change first:
  1 widen a window by a month; allow any venue with the tags; drop min_capacity; keep a
    pin's date but free its venue; let any holder of a role stand in for a named person;
    raise a staff cap, a tournament's span or courts, a rule's limit; lower a rule's
    minimum or a spacing
  2 drop one key of a window
  3 drop a pin; reduce a count (fewer occurrences or fewer staff)
  4 soften a rule (give it a weight) or a spacing
  5 drop a rule, a staff cap, a spacing or a tournament limit
  6 drop the activity
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import Path, format_path
from ..loader import LoadedPlan
from ..profiles import PROFILE_PATH
from .edits import Edit, flow
from .members import Member, activity_index, raw_at, rule_of, staff_index

SOFT_WEIGHT = 10  # the weight a softened rule gets: a clear cost, easy to tune
MAX_STEP = 64  # the furthest a number is moved

# Rule parameters that loosen the rule when moved: type -> (key, direction, bound).
RULE_KNOBS: dict[str, tuple[str, int, int | None]] = {
    "min_gap_days": ("days", -1, 0),
    "max_per_week": ("limit", 1, None),
    "max_per_day": ("limit", 1, None),
    "hospital.min_on_duty": ("min", -1, 0),
}


@dataclass
class Knob:
    """A number to move: from `current` by `direction` up to `bound` (inclusive)."""

    path: Path
    current: int
    direction: int
    bound: int
    say: Callable[[int], str]  # the change, given the new value


@dataclass
class Candidate:
    member: Member
    rank: int
    change: str
    at: Path  # where in the file the change goes (for file:line)
    edits: list[Edit] = field(default_factory=list)
    knob: Knob | None = None
    size: int = 1
    resolves: bool | None = None
    solves: bool | None = None

    def to_json(self, loaded: LoadedPlan) -> dict[str, Any]:
        return {
            "member": self.member.name,
            "change": self.change,
            "file": loaded.file,
            "line": loaded.line(self.at),
            "path": format_path(self.at),
            "yaml": "; ".join(e.yaml() for e in self.edits),
            "edits": [e.to_json() for e in self.edits],
            "rank": self.rank,
            "size": self.size,
            "resolves": self.resolves,
            "solves": self.solves,
        }


# --- the catalogue ---------------------------------------------------------------------


def _months_later(text: str, months: int) -> str:
    day = dt.date.fromisoformat(str(text))
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d).isoformat()
        except ValueError:
            continue
    return text


def _window(member: Member, base: Path, raw: dict[str, Any]) -> Iterator[Candidate]:
    when = raw.get("when")
    if when is None:
        return
    mappings = [(base + ("when",), when)] if isinstance(when, dict) else []
    if isinstance(when, list):
        mappings = [(base + ("when", j), w) for j, w in enumerate(when) if isinstance(w, dict)]
    who = f"{member.id}"
    for at, clause in mappings:
        months = clause.get("months")
        if months is not None:
            listed = sorted(months if isinstance(months, list) else [months])
            if listed[-1] < 12:
                new = sorted(set(listed) | {listed[-1] + 1})
                yield _set(member, 1, at + ("months",), new, f"widen {who}'s window by a month")
            if listed[0] > 1:
                new = sorted(set(listed) | {listed[0] - 1})
                yield _set(member, 1, at + ("months",), new, f"widen {who}'s window by a month")
        between = clause.get("between")
        if isinstance(between, list) and len(between) == 2:
            later = [between[0], _months_later(between[1], 1)]
            yield _set(member, 1, at + ("between",), later, f"widen {who}'s window by a month")
            earlier = [_months_later(between[0], -1), between[1]]
            yield _set(member, 1, at + ("between",), earlier, f"widen {who}'s window by a month")
        relative = clause.get("relative")
        if isinstance(relative, dict) and "until" in relative and "from" in relative:
            for key, shift in (("until", 30), ("from", -30)):
                value = {**relative, key: relative[key] + shift}
                yield _set(member, 1, at + ("relative",), value, f"widen {who}'s window by a month")
        for key in clause:
            yield Candidate(
                member,
                2,
                f"drop when.{key} of {who} ({key}: {flow(clause[key])})",
                at + (key,),
                [Edit(at + (key,), "delete")],
            )


def _set(member: Member, rank: int, at: Path, value: Any, why: str) -> Candidate:
    return Candidate(member, rank, f"{why}: {at[-1]}: {flow(value)}", at, [Edit(at, "set", value)])


def _pins(member: Member, base: Path, raw: dict[str, Any]) -> Iterator[Candidate]:
    fixed = raw.get("fixed")
    if fixed is None:
        return
    at = base + ("fixed",)
    if isinstance(fixed, dict) and "at" in fixed and fixed.get("venue"):
        yield Candidate(
            member,
            1,
            f"keep {member.id} on {fixed['at']} but let the solver choose its venue",
            at,
            [Edit(at, "set", fixed["at"])],
        )
    if isinstance(fixed, list):
        for k, entry in enumerate(fixed):
            if entry is not None:
                yield Candidate(
                    member,
                    3,
                    f"leave occurrence {k + 1} of {member.id} free (it is fixed at {flow(entry)})",
                    at + (k,),
                    [Edit(at + (k,), "set", None)],
                )
    elif isinstance(fixed, dict) and "at" not in fixed:
        for label, entry in fixed.items():
            yield Candidate(
                member,
                3,
                f"leave {member.id}/{label} free (it is fixed at {flow(entry)})",
                at + (label,),
                [Edit(at + (label,), "delete")],
            )
    yield Candidate(
        member, 3, f"drop the pin of {member.id} (fixed: {flow(fixed)})", at, [Edit(at, "delete")]
    )


def _venue(member: Member, base: Path, raw: dict[str, Any], loaded: LoadedPlan) -> Iterator:
    spec = raw.get("venue")
    at = base + ("venue",)
    venues = {v.id: v for v in loaded.plan.venues}
    if isinstance(spec, str) and spec in venues and venues[spec].tags:
        tags = list(venues[spec].tags)
        yield Candidate(
            member,
            1,
            f"let {member.id} use any venue with the tags of {spec}: venue: {{tags: {flow(tags)}}}",
            at,
            [Edit(at, "set", {"tags": tags})],
        )
    elif isinstance(spec, dict) and "any_of" in spec:
        listed = [venues[v] for v in spec["any_of"] if v in venues]
        common = [t for t in listed[0].tags if all(t in v.tags for v in listed)] if listed else []
        if common:
            yield Candidate(
                member,
                1,
                f"let {member.id} use any venue with the tags {flow(common)} its venues share",
                at,
                [Edit(at, "set", {"tags": common})],
            )
    elif isinstance(spec, dict) and spec.get("min_capacity") is not None:
        yield Candidate(
            member,
            1,
            f"drop min_capacity ({spec['min_capacity']}) from {member.id}'s venue",
            at + ("min_capacity",),
            [Edit(at + ("min_capacity",), "delete")],
        )


def _staff(member: Member, base: Path, raw: dict[str, Any], loaded: LoadedPlan) -> Iterator:
    spec = raw.get("staff")
    entries = [(base + ("staff",), spec)] if not isinstance(spec, list) else []
    if isinstance(spec, list):
        entries = [(base + ("staff", k), e) for k, e in enumerate(spec)]
    people = {p.id: p for p in loaded.plan.staff}
    for at, entry in entries:
        if isinstance(entry, dict) and entry.get("count", 1) > 1:
            count = entry["count"]
            yield _knob(
                member,
                3,
                at + ("count",),
                count,
                -1,
                1,
                lambda v, e=entry, c=count: (
                    f"ask for {v} × {e['role']} instead of {c} in {member.id}"
                ),
            )
        elif isinstance(entry, str) and entry in people:
            for role in people[entry].roles:
                value = {"role": role, "count": 1}
                yield Candidate(
                    member,
                    1,
                    f"let any {role} stand in for {entry} in {member.id}",
                    at,
                    [Edit(at, "set", value)],
                )


def _soften_or_drop(member: Member, at: Path, what: str, weighted: bool) -> Iterator[Candidate]:
    """Give `what` (a rule, a spacing) a weight, so that it becomes a preference; or drop it."""
    if not weighted:
        yield Candidate(
            member,
            4,
            f"make {what} a preference (weight {SOFT_WEIGHT})",
            at,
            [Edit(at + ("weight",), "set", SOFT_WEIGHT)],
        )
    yield Candidate(member, 5, f"drop {what}", at, [Edit(at, "delete")])


def _knob(
    member: Member,
    rank: int,
    at: Path,
    current: int,
    direction: int,
    bound: int,
    say: Callable[[int], str],
) -> Candidate:
    return Candidate(member, rank, "", at, knob=Knob(at, current, direction, bound, say))


def _activity_knobs(
    member: Member, base: Path, raw: dict[str, Any], horizon: int
) -> Iterator[Candidate]:
    who = member.id
    count = raw.get("count")
    if isinstance(count, int) and count > 1 and "occurrences" not in raw:
        yield _knob(
            member, 3, base + ("count",), count, -1, 1, lambda v: f"hold {v} of {who}, not {count}"
        )
    spacing = raw.get("spacing")
    if isinstance(spacing, dict):
        at = base + ("spacing",)
        low = spacing.get("min_days")
        if isinstance(low, int) and low > 0:
            yield _knob(
                member,
                1,
                at + ("min_days",),
                low,
                -1,
                0,
                lambda v: f"space {who} at least {v} days apart, not {low}",
            )
        high = spacing.get("max_days")
        if isinstance(high, int):
            yield _knob(
                member,
                1,
                at + ("max_days",),
                high,
                1,
                horizon,
                lambda v: f"space {who} at most {v} days apart, not {high}",
            )
        yield from _soften_or_drop(member, at, f"{who}'s spacing", "weight" in spacing)
    for key, bound in (("span", horizon), ("courts", 16), ("max_per_day", 16)):
        value = raw.get(key)
        if isinstance(value, int):
            yield _knob(
                member,
                1,
                base + (key,),
                value,
                1,
                max(bound, value + 1),
                lambda v, k=key, old=value: f"raise {who}'s {k} from {old} to {v}",
            )
            yield Candidate(
                member, 5, f"drop {who}'s {key}", base + (key,), [Edit(base + (key,), "delete")]
            )
    for key in ("rest", "match_days"):
        if key in raw:
            yield Candidate(
                member,
                5 if key == "rest" else 2,
                f"drop {who}'s {key} ({flow(raw[key])})",
                base + (key,),
                [Edit(base + (key,), "delete")],
            )


def activity_candidates(member: Member, loaded: LoadedPlan, horizon: int) -> Iterator[Candidate]:
    base: Path = ("activities", activity_index(loaded, member.id))
    raw = raw_at(loaded, base) or {}
    yield from _window(member, base, raw)
    yield from _venue(member, base, raw, loaded)
    yield from _pins(member, base, raw)
    yield from _staff(member, base, raw, loaded)
    yield from _activity_knobs(member, base, raw, horizon)
    yield Candidate(member, 6, f"drop activity {member.id}", base, [Edit(base, "delete")])


def rule_candidates(member: Member, loaded: LoadedPlan) -> Iterator[Candidate]:
    rule = rule_of(loaded, member.id)
    if rule.path and rule.path[0] == "rules":
        base = rule.path
        raw = raw_at(loaded, base) or {}
        knob = RULE_KNOBS.get(rule.type.name)
        if knob is not None and isinstance(raw.get(knob[0]), int):
            key, direction, bound = knob
            old = raw[key]
            yield _knob(
                member,
                1,
                base + (key,),
                old,
                direction,
                bound if bound is not None else old + MAX_STEP,
                lambda v: f"change {key} of rule {member.id} from {old} to {v}",
            )
        yield from _soften_or_drop(member, base, f"rule {member.id}", rule.weight is not None)
        return
    params = rule.params.model_dump(mode="json", exclude_unset=True, exclude={"id", "weight"})
    replacement = {"id": rule.id, "type": rule.type.name, **params, "weight": SOFT_WEIGHT}
    yield Candidate(
        member,
        4,
        f"make the profile's rule {member.id} a preference: add it to rules with a weight",
        ("rules",) if "rules" in loaded.data else PROFILE_PATH,
        [Edit(("rules",), "append", replacement)],
    )
    yield Candidate(
        member,
        5,
        f"leave the profile's rule {member.id} out: plan.drop_rules",
        PROFILE_PATH,
        [Edit(("plan", "drop_rules"), "append", rule.id)],
    )


def cap_candidates(member: Member, loaded: LoadedPlan) -> Iterator[Candidate]:
    at: Path = ("staff", staff_index(loaded, member.id), member.key or "")
    old = raw_at(loaded, at)
    if not isinstance(old, int):
        return
    yield _knob(
        member,
        1,
        at,
        old,
        1,
        old + MAX_STEP,
        lambda v: f"raise {member.id}'s {member.key} from {old} to {v}",
    )
    yield Candidate(member, 5, f"lift {member.id}'s {member.key}", at, [Edit(at, "delete")])


def candidates(member: Member, loaded: LoadedPlan, horizon: int) -> list[Candidate]:
    if member.kind == "activity":
        return list(activity_candidates(member, loaded, horizon))
    if member.kind == "rule":
        return list(rule_candidates(member, loaded))
    return list(cap_candidates(member, loaded))
