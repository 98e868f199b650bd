"""The occurrences a plan implies, with the ids of plan-format.md ("Occurrence ids").

Each activity kind is an entry of `KINDS` (how to expand it, and its own checks and
scores); tournaments register theirs from `tournament.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .plan import (
    Activity,
    Duration,
    Pin,
    Plan,
    StaffSpec,
    VenueSpec,
    When,
    as_list,
    is_label_mapping,
    parse_duration,
    parse_pin,
    parse_staff_spec,
    parse_venue_spec,
    parse_when,
)
from .report import Report, UnsupportedPlan
from .schedule import Placed
from .windows import Period, Windows, kept_periods

ONE_DAY = Duration(days=1)


@dataclass(frozen=True)
class Expected:
    """One occurrence as the plan describes it (after `occurrences:` overrides)."""

    id: str
    activity: Activity
    title: str
    duration: Duration
    venue: VenueSpec | None
    staff: StaffSpec
    when: When
    pin: Pin | None
    audience: tuple[str, ...] = ()  # who attends (a match: its two teams)
    period: Period | None = None  # the `every` period that holds its start day
    number: int | None = None  # position for `count:` items
    ordered: bool = False  # `count:` without `occurrences:`: /1 before /2 before ...
    date: date | None = None  # a deadline's fixed date
    match: Any = None  # a tournament match: its `tournament.MatchInfo`

    @property
    def is_deadline(self) -> bool:
        return self.activity.kind == "deadline"


def _pins(activity: Activity, labels: list[str]) -> list[Pin | None]:
    """`fixed:` one pin for a single occurrence, a list in id order, or (an extension,
    readings.md) a mapping from occurrence labels to pins."""
    n = len(labels)
    if activity.fixed is None:
        return [None] * n
    if is_label_mapping(activity.fixed):
        unknown = set(activity.fixed) - set(labels)
        if unknown:
            raise UnsupportedPlan(f"{activity.id}: fixed names unknown labels {sorted(unknown)}")
        return [parse_pin(activity.fixed.get(label)) for label in labels]
    if n == 1:
        fixed = activity.fixed
        if isinstance(fixed, list) and len(fixed) == 1:
            fixed = fixed[0]
        return [parse_pin(fixed)]
    pins = as_list(activity.fixed)
    if len(pins) != n:
        raise UnsupportedPlan(f"{activity.id}: fixed has {len(pins)} entries for {n}")
    return [parse_pin(p) for p in pins]


def _base(activity: Activity, occ_id: str, pin: Pin | None, **extra: Any) -> Expected:
    if activity.duration is None:
        raise UnsupportedPlan(f"{activity.id}: no duration")
    return Expected(occ_id, activity, activity.title, activity.duration, activity.venue,
                    activity.staff, activity.when, pin, activity.audience, **extra)


def _numbered(activity: Activity, n: int) -> list[Expected]:
    """`count: N` items, or the entries of `occurrences:`."""
    ids = [activity.id] if n == 1 else [f"{activity.id}/{k}" for k in range(1, n + 1)]
    if activity.entries is None:
        return [_base(activity, i, pin, number=k, ordered=n > 1)
                for k, (i, pin) in enumerate(
                    zip(ids, _pins(activity, [str(k) for k in range(1, n + 1)]), strict=True), 1)]
    if len(activity.entries) != n:
        raise UnsupportedPlan(f"{activity.id}: {len(activity.entries)} entries for count {n}")
    out = []
    for k, (occ_id, entry) in enumerate(zip(ids, activity.entries, strict=True), 1):
        v = entry.values
        out.append(Expected(
            occ_id, activity,
            title=v.get("title") or activity.title,
            duration=parse_duration(v["duration"]) if "duration" in v else activity.duration,
            venue=parse_venue_spec(v["venue"]) if "venue" in v else activity.venue,
            staff=parse_staff_spec(v["staff"]) if "staff" in v else activity.staff,
            when=parse_when(v["when"], f"{occ_id}.when") if "when" in v else activity.when,
            pin=parse_pin(v.get("fixed")), audience=activity.audience, number=k,
            ordered=False))
    return out


def expand_event(plan: Plan, windows: Windows, activity: Activity) -> list[Expected]:
    return _numbered(activity, int(activity.count or 1))


def expand_series(plan: Plan, windows: Windows, activity: Activity) -> list[Expected]:
    if activity.every is None:
        return _numbered(activity, int(activity.count or 1))
    periods = kept_periods(str(activity.every), plan, activity.when, windows)
    if len(periods) == 1:
        ids = [activity.id]
    else:
        ids = [f"{activity.id}/{p.label}" for p in periods]
    pins = _pins(activity, [p.label for p in periods])
    return [_base(activity, i, pin, period=p)
            for i, p, pin in zip(ids, periods, pins, strict=True)]


def expand_deadline(plan: Plan, windows: Windows, activity: Activity) -> list[Expected]:
    owner = StaffSpec(named=(activity.owner,)) if activity.owner else StaffSpec()
    if activity.dates is not None:
        n = len(activity.dates)
        ids = [activity.id] if n == 1 else [f"{activity.id}/{k}" for k in range(1, n + 1)]
        return [Expected(i, activity, activity.title, ONE_DAY, None, owner, (), None,
                         number=k, date=d)
                for k, (i, d) in enumerate(zip(ids, activity.dates, strict=True), 1)]
    n = int(activity.count or 1)
    ids = [activity.id] if n == 1 else [f"{activity.id}/{k}" for k in range(1, n + 1)]
    return [Expected(i, activity, activity.title, ONE_DAY, None, owner, activity.when, None,
                     number=k, ordered=n > 1)
            for k, i in enumerate(ids, 1)]


Expander = Callable[[Plan, Windows, Activity], list[Expected]]
KindCheck = Callable[[Plan, Windows, list[tuple[Expected, Placed]], Report], None]
KindAudit = Callable[[Plan, Windows, list[Placed], Report], None]
KindScore = Callable[[Plan, Windows, list[tuple[Expected, Placed]]], dict]


@dataclass(frozen=True)
class Kind:
    """What the checker knows of an activity kind: how its occurrences are generated, and
    the checks of its own beyond the shared ones (a tournament's `rest`, its bracket...),
    run on the (expected, placed) pairs of activities of that kind; `audit` sees every
    reported occurrence (also those the plan does not imply); `score` returns the kind's
    own score entries ({entry id: (type, weight, rules.Units)})."""

    expand: Expander
    check: KindCheck | None = None
    audit: KindAudit | None = None
    score: KindScore | None = None


KINDS: dict[str, Kind] = {
    "event": Kind(expand_event),
    "series": Kind(expand_series),
    "deadline": Kind(expand_deadline),
}  # "tournament": registered by tournament.py


def expand_plan(plan: Plan, windows: Windows) -> dict[str, Expected]:
    out: dict[str, Expected] = {}
    for activity in plan.activities.values():
        if activity.kind not in KINDS:
            raise UnsupportedPlan(f"{activity.id}: kind {activity.kind!r}")
        for occ in KINDS[activity.kind].expand(plan, windows, activity):
            out[occ.id] = occ
    return out
