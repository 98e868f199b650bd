"""Why an occurrence has no legal start, in the plan's terms.

The window first (which `when` key emptied it, the period, the pin, consecutive days),
then each restriction on its own against the window: the bookable day and `when.time`,
each candidate venue's hours and closures, each named person's and each audience
group's unavailable times. The first one that alone leaves nothing is named with what
the plan says of it; if none does alone, the message says they do together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..calendar import Days
from ..errors import Conflict
from ..expand import Occurrence
from ..legal import Busy
from ..loader import LoadedPlan
from ..model import TimeWindow
from ..windows import WindowCache
from .edits import flow
from .members import fact, raw_at

Probe = Callable[[TimeWindow | None, Busy], bool]  # (hours, busy) -> any start left?


@dataclass
class Reason:
    """Why there is no start, and the venues, people or groups it names."""

    message: str
    facts: list[Conflict] = field(default_factory=list)


@dataclass
class Restrictions:
    """What may rule out starts: venue candidates, named staff and audience groups,
    with their busy times."""

    venue_ids: Sequence[str] | None = None
    fixed: Sequence[str] = ()
    sharing: Sequence[str] = ()
    venue_busy: dict[str, Busy] | None = None
    staff_busy: dict[str, Busy] | None = None
    group_busy: dict[str, Busy] | None = None


def _days_text(days: Days, indices: Sequence[int]) -> str:
    dates = [days.date(i).isoformat() for i in sorted(indices)]
    if len(dates) <= 4:
        return f"on the days its window allows ({', '.join(dates)})"
    return f"on the {len(dates)} days its window allows ({dates[0]} … {dates[-1]})"


def _raw(loaded: LoadedPlan, section: str, ident: str, key: str) -> str:
    for item in loaded.data.get(section) or []:
        if isinstance(item, dict) and item.get("id") == ident and key in item:
            return flow(item[key])
    return ""


def _window_reason(
    occ: Occurrence, loaded: LoadedPlan, windows: WindowCache, days: Days, start_days: list[int]
) -> str | None:
    allowed = windows.day_windows(occ.when)
    if not allowed:
        return "its window is empty: " + windows.explain_empty(occ.when)
    if not start_days:
        if occ.pin is not None:
            return f"it is fixed on {occ.pin.day}, outside its period"
        return "its period has no day"
    usable = [d for d in start_days if d in allowed]
    if occ.pin is not None and not usable:
        window = _when(occ, loaded)
        return f"it is fixed on {occ.pin.day}, which its window (when: {window}) does not allow"
    if not usable:
        lo, hi = days.date(start_days[0]), days.date(start_days[-1])
        return f"no day between {lo} and {hi} is allowed by its window (when: {_when(occ, loaded)})"
    if occ.whole_day and occ.duration.days > 1:
        span = occ.duration.days
        if not any(all(d + k in allowed for k in range(span)) for d in usable):
            return f"its window (when: {_when(occ, loaded)}) has no {span} consecutive allowed days"
    return None


def _when(occ: Occurrence, loaded: LoadedPlan) -> str:
    """The occurrence's `when` as written (its entry's, else its activity's)."""
    for path in (occ.path, occ.path[:2]):
        node = raw_at(loaded, path + ("when",))
        if node is not None:
            return flow(node)
    return "any day"


def explain_no_start(
    occ: Occurrence,
    loaded: LoadedPlan,
    windows: WindowCache,
    days: Days,
    start_days: list[int],
    probe: Probe | None = None,
    hours: dict[str, TimeWindow | None] | None = None,
    limits: Restrictions | None = None,
) -> Reason:
    """What leaves the occurrence no legal start: one sentence, and the resources named."""
    reason = _window_reason(occ, loaded, windows, days, start_days)
    if reason is not None or probe is None:
        return Reason(reason or "no legal start remains")
    limits = limits or Restrictions()
    allowed = windows.day_windows(occ.when)
    where = _days_text(days, [d for d in start_days if d in allowed])
    if not probe(None, {}):
        header = loaded.plan.plan
        times = (
            f" and when.time {_when(occ, loaded)}" if any(c.time for c in occ.when or ()) else ""
        )
        return Reason(
            f"a {occ.duration} item fits nowhere inside plan.day ({header.day}){times} {where}"
        )
    venues = list(limits.venue_ids or [])
    blocked, facts = [], []
    for venue in venues:
        busy = (limits.venue_busy or {}).get(venue, {})
        opening = (hours or {}).get(venue)
        label = f"venue {venue} ({_label(loaded, 'venues', venue)})"
        if not probe(opening, {}):
            says = f"is open only {opening}"
        elif not probe(None, busy):
            says = f"is closed then (closed: {_raw(loaded, 'venues', venue, 'closed')})"
        elif not probe(opening, busy):
            says = f"has no time left between its hours ({opening}) and closures"
        else:
            continue
        blocked.append(f"{label} {says}")
        facts.append(fact(loaded, "venue", venue, says))
    if venues and len(blocked) == len(venues):
        return Reason(f"no venue is free {where}: " + "; ".join(blocked), facts)
    for kind, section, ids, busy_of in (
        ("staff", "staff", limits.fixed, limits.staff_busy),
        ("group", "groups", limits.sharing, limits.group_busy),
    ):
        for ident in ids:
            if not probe(None, (busy_of or {}).get(ident, {})):
                says = (
                    f"is unavailable (unavailable: {_raw(loaded, section, ident, 'unavailable')})"
                )
                prefix = "group " if kind == "group" else ""
                name = f"{prefix}{ident} ({_label(loaded, section, ident)})"
                return Reason(f"{name} {says} {where}", [fact(loaded, kind, ident, says)])
    named = [f"venue {'/'.join(venues)}"] if venues else []
    named += [f"staff {', '.join(limits.fixed)}"] if limits.fixed else []
    named += ["its audience's unavailable times"] if limits.sharing else []
    together = ", ".join(named or ["its resources"])
    return Reason(f"no start is left {where} once {together} are combined", facts)


def _label(loaded: LoadedPlan, section: str, ident: str) -> str:
    for item in getattr(loaded.plan, section):
        if item.id == ident:
            return item.label
    return ident
