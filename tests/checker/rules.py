"""Rules, spacing and the score (plan-format.md, "Rules" and "Kinds"; readings.md, "Rules").

Every rule is computed as units of violation. A hard rule (no `weight`) must have none; a
weighted rule (and `spread`, which costs 1 per unit without a weight) must appear in
schedule.json's `score` with exactly these units.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .expand import Expected
from .plan import Activity, Plan, Rule, Spacing, as_list, only_keys, parse_pin, pin_values
from .report import Report, UnsupportedPlan
from .schedule import Placed
from .windows import Windows, month_label, week_label

Pairs = list[tuple[Expected, Placed]]
SCOPE_KEYS = {"id", "category", "kind", "audience", "venue", "staff"}
PARAMS = {
    "max_per_week": {"scope", "limit"},
    "max_per_day": {"scope", "limit"},
    "min_gap_days": {"between", "days"},
    "before": {"first", "then"},
    "spread": {"scope", "over"},
}


@dataclass
class Units:
    """Units of violation of one rule, and the occurrences that cause them."""

    units: int
    occurrences: list[str]
    detail: str = ""
    accept: set[int] | None = None  # the units any reading accepts (spread), if not exact


# ---------------------------------------------------------------- selecting


def _venues_named(activity: Activity) -> set[str]:
    """Venues the plan names for an activity: its spec's ids, pins and entries."""
    names: set[str] = set()
    specs = [activity.venue] + [e.values.get("venue") for e in activity.entries or []]
    for spec in specs:
        if isinstance(spec, str):
            names.add(spec)
        elif isinstance(spec, dict):
            names |= set(as_list(spec.get("any_of")))
        elif spec is not None and spec.ids is not None:
            names |= set(spec.ids)
    pins = pin_values(activity.fixed) + [e.values.get("fixed") for e in activity.entries or []]
    for pin in pins:
        if isinstance(pin, dict):
            parsed = parse_pin(pin)
            if parsed and parsed.venue:
                names.add(parsed.venue)
    return names


def _staff_named(activity: Activity) -> set[str]:
    names = set(activity.staff.named)
    if activity.owner:
        names.add(activity.owner)
    for entry in activity.entries or []:
        for s in as_list(entry.values.get("staff")):
            if isinstance(s, str):
                names.add(s)
    return names


def scope_selects(scope: dict[str, Any] | None, activity: Activity) -> bool:
    """All given keys match (each one value or a list); deadlines only when the scope names
    them by id or `kind: deadline`."""
    scope = scope or {}
    only_keys(scope, SCOPE_KEYS, "rule scope")
    want = {k: {str(v) for v in as_list(scope[k])} for k in scope}
    if activity.kind == "deadline" and activity.id not in want.get("id", set()) \
            and "deadline" not in want.get("kind", set()):
        return False
    checks = {
        "id": {activity.id},
        "category": {activity.category} if activity.category else set(),
        "kind": {activity.kind},
        "audience": set(activity.audience) | (set(as_list(activity.raw.get("teams")))
                                              if activity.kind == "tournament" else set()),
        "venue": _venues_named(activity),
        "staff": _staff_named(activity),
    }
    return all(checks[k] & values for k, values in want.items())


def _selected(plan: Plan, scope: Any, pairs: Pairs) -> Pairs:
    chosen = {a.id for a in plan.activities.values() if scope_selects(scope, a)}
    return [(e, o) for e, o in pairs if e.activity.id in chosen]


def _named(name: str, pairs: Pairs) -> list[Placed]:
    """Occurrences of an activity named in `between`, `first` or `then`."""
    found = [o for e, o in pairs if e.activity.id == name]
    if not found:
        found = [o for e, o in pairs if e.id == name]
    if not found:
        raise UnsupportedPlan(f"rule names {name!r}, which is no activity")
    return found


# ---------------------------------------------------------------- units


def gap_days(a: Placed, b: Placed) -> int:
    """The later item's start date minus the earlier item's last day (either order)."""
    return max((b.first_day - a.last_day).days, (a.first_day - b.last_day).days)


def units_max_per(items: list[Placed], key: Callable[[Placed], str], limit: int) -> Units:
    buckets: dict[str, list[str]] = defaultdict(list)
    for occ in items:
        buckets[key(occ)].append(occ.id)
    over = {k: ids for k, ids in buckets.items() if len(ids) > limit}
    return Units(sum(len(ids) - limit for ids in over.values()),
                 sorted(i for ids in over.values() for i in ids),
                 ", ".join(f"{len(ids)} in {k}" for k, ids in sorted(over.items())))


def units_min_gap(first: list[Placed], second: list[Placed], days: int) -> Units:
    units, ids, seen = 0, set(), set()
    for a in first:
        for b in second:
            if a.id == b.id or (b.id, a.id) in seen:
                continue
            seen.add((a.id, b.id))
            short = days - gap_days(a, b)
            if short > 0:
                units += short
                ids |= {a.id, b.id}
    return Units(units, sorted(ids))


def units_before(first: list[Placed], then: list[Placed]) -> Units:
    bad = [(a, b) for a in first for b in then if a.id != b.id and a.end > b.start]
    return Units(len(bad), sorted({o.id for pair in bad for o in pair}),
                 ", ".join(f"{a.id} ends after {b.id} starts" for a, b in bad[:5]))


def units_spacing(items: list[Placed], spacing: Spacing) -> Units:
    ordered = sorted(items, key=lambda o: (o.start, o.id))
    units, ids, notes = 0, set(), []
    for a, b in zip(ordered, ordered[1:], strict=False):
        gap = (b.first_day - a.last_day).days
        miss = 0
        if spacing.min_days is not None and gap < spacing.min_days:
            miss += spacing.min_days - gap
        if spacing.max_days is not None and gap > spacing.max_days:
            miss += gap - spacing.max_days
        if miss:
            units += miss
            ids |= {a.id, b.id}
            notes.append(f"{a.id}..{b.id} {gap} days apart")
    return Units(units, sorted(ids), "; ".join(notes))


def window_periods(windows: Windows, exps: list[Expected], label: Callable) -> set[str]:
    """The periods (weeks or months) that the occurrences' windows cover, from `when`, the
    plan period, an `every` period or a deadline's dates: the widest reading (it ignores
    pins, closures and unavailability, which may narrow a window further)."""
    plan = windows.plan
    labels: set[str] = set()
    for exp in exps:
        if exp.date is not None:
            labels.add(label(exp.date))
            continue
        lo, hi = (exp.period.first, exp.period.last) if exp.period else (plan.start, plan.end)
        ndays = exp.duration.days if exp.duration.whole_day else 1
        labels |= {label(d) for d in windows.start_days(exp.when, ndays, lo, hi)}
    return labels


def units_spread(windows: Windows, selected: Pairs, over: str) -> Units:
    """Units over the even share ceil(total / periods). Which periods a window covers is
    read differently once pins, closures or unavailability narrow it, so every count of
    periods from those holding an actual start (the narrowest reading) to those `when`
    allows (the widest) is accepted."""
    if over not in ("week", "month"):
        raise UnsupportedPlan(f"spread over {over!r}")
    label = week_label if over == "week" else month_label
    items = [o for _, o in selected]
    if not items:
        return Units(0, [])
    used = {label(o.first_day) for o in items}
    widest = used | window_periods(windows, [e for e, _ in selected], label)

    def at(periods: int) -> Units:
        share = math.ceil(len(items) / periods)
        return units_max_per(items, lambda o: label(o.first_day), share)

    result = at(len(widest))
    result.accept = {at(n).units for n in range(len(used), len(widest) + 1)}
    result.detail = (f"{len(items)} occurrences over {len(used)} to {len(widest)} {over}s "
                     f"give {sorted(result.accept)} units")
    return result


def rule_units(plan: Plan, windows: Windows, rule: Rule, pairs: Pairs) -> Units | None:
    """Units of a built-in rule; None for a rule type the checker does not know."""
    if rule.type not in PARAMS:
        return None
    only_keys(rule.params, PARAMS[rule.type], f"rule {rule.id}")
    p = rule.params
    if rule.type == "max_per_week":
        items = [o for _, o in _selected(plan, p.get("scope"), pairs)]
        return units_max_per(items, lambda o: week_label(o.first_day), int(p["limit"]))
    if rule.type == "max_per_day":
        items = [o for _, o in _selected(plan, p.get("scope"), pairs)]
        return units_max_per(items, lambda o: o.first_day.isoformat(), int(p["limit"]))
    if rule.type == "min_gap_days":
        a, b = as_list(p["between"])
        return units_min_gap(_named(a, pairs), _named(b, pairs), int(p["days"]))
    if rule.type == "before":
        return units_before(_named(p["first"], pairs), _named(p["then"], pairs))
    return units_spread(windows, _selected(plan, p.get("scope"), pairs), p.get("over", "month"))


# ---------------------------------------------------------------- checking


def check_rules(plan: Plan, windows: Windows, pairs: Pairs, report: Report) -> dict:
    """Hard rules and hard spacing must hold; returns the units of every scored entry
    ({entry id: (type, weight, Units | None)})."""
    scored: dict[str, tuple[str, int, Units | None]] = {}
    for rule in plan.rules:
        units = rule_units(plan, windows, rule, pairs)
        weight = rule.weight if rule.weight is not None else (1 if rule.type == "spread"
                                                               else None)
        if weight is not None:
            scored[rule.id] = (rule.type, int(weight), units)
        elif units is None:
            raise UnsupportedPlan(f"hard rule {rule.id} of type {rule.type!r}")
        elif units.units:
            report.add(rule.type, units.occurrences, f"rule {rule.id}: {units.units} "
                       f"unit(s) of violation {units.detail}".rstrip())
    by_activity: dict[str, list[Placed]] = defaultdict(list)
    for exp, occ in pairs:
        by_activity[exp.activity.id].append(occ)
    for activity in plan.activities.values():
        if activity.spacing is None or not by_activity[activity.id]:
            continue
        units = units_spacing(by_activity[activity.id], activity.spacing)
        if activity.spacing.weight is not None:
            scored[f"spacing:{activity.id}"] = ("spacing", int(activity.spacing.weight), units)
        elif units.units:
            report.add("spacing", units.occurrences, f"{activity.id}: {units.detail}")
    return scored


def check_score(schedule: dict[str, Any], scored: dict, report: Report) -> None:
    """`score` lists every scored entry with its units and penalty = weight x units;
    `objective` is their sum and `bound` <= `objective` (= when optimal)."""
    entries = schedule.get("score")
    if not isinstance(entries, list):
        report.add("score", (), "schedule.json has no score list")
        return
    seen: dict[str, dict] = {}
    for entry in entries:
        rid = entry.get("rule")
        if rid in seen:
            report.add("score", (), f"score lists {rid} twice")
        seen[rid] = entry
    for rid in sorted(set(seen) - set(scored)):
        report.add("score", (), f"score lists {rid}, which is no weighted rule")
    total = 0
    for rid, (rtype, weight, units) in scored.items():
        entry = seen.get(rid)
        if entry is None:
            report.add("score", (), f"score misses {rid}")
            continue
        got_units, penalty = entry.get("units"), entry.get("penalty")
        if rtype != "spacing" and entry.get("type") != rtype:
            report.add("score", (), f"{rid}: type {entry.get('type')!r}, expected {rtype!r}")
        if entry.get("weight") != weight:
            report.add("score", (), f"{rid}: weight {entry.get('weight')}, expected {weight}")
        accepted = units.accept if units is not None and units.accept else None
        if accepted is not None and got_units not in accepted:
            report.add("score", tuple(units.occurrences), f"{rid}: {got_units} units "
                       f"reported; {units.detail}")
        elif accepted is None and units is not None and got_units != units.units:
            report.add("score", tuple(units.occurrences), f"{rid}: {got_units} units "
                       f"reported, {units.units} found {units.detail}".rstrip())
        if not isinstance(got_units, int) or got_units < 0 or penalty != weight * got_units:
            report.add("score", (), f"{rid}: penalty {penalty} is not {weight} x {got_units}")
        if isinstance(penalty, int):
            total += penalty
    objective, bound = schedule.get("objective"), schedule.get("bound")
    if objective != total:
        report.add("objective", (), f"objective {objective}, penalties sum to {total}")
    if not isinstance(bound, int | float) or not isinstance(objective, int | float) \
            or bound > objective:
        report.add("objective", (), f"bound {bound} above objective {objective}")
    elif schedule.get("status") == "optimal" and bound != objective:
        report.add("objective", (), f"optimal, but bound {bound} != objective {objective}")
