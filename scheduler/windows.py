"""Evaluate `when` on the calendar: which days an item may use, at which times.

A mapping holds on a day when every key given holds; a list holds when any of its
mappings does. The result maps each allowed day index to the time windows that
apply there (None: the whole bookable day). `explain_empty` says which key emptied
a window, in the planner's terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .calendar import Days, relative_anchor
from .model import When
from .values import TimeWindow

DayWindows = dict[int, tuple[TimeWindow, ...] | None]

KEY_ORDER = (
    "months",
    "between",
    "half",
    "dates",
    "days",
    "not_days",
    "periods",
    "not_periods",
    "relative",
)


def _key_days(clause: When, key: str, days: Days) -> set[int] | None:
    """Day indices that one key of a clause allows (None: the key is not given)."""
    value = getattr(clause, key)
    if value is None:
        return None
    everything = range(days.count)
    if key == "months":
        months = set(value)
        return {i for i in everything if days.date(i).month in months}
    if key == "between":
        return {i for i in everything if value.start <= days.date(i) <= value.end}
    if key == "half":
        first_half = value == "first"
        return {i for i in everything if (days.date(i).month <= 6) == first_half}
    if key == "dates":
        return {i for d in value if (i := days.index(d)) is not None}
    if key == "days":
        return {i for i in everything if days.kinds(i) & set(value)}
    if key == "not_days":
        return {i for i in everything if not days.kinds(i) & set(value)}
    if key == "periods":
        out: set[int] = set()
        for name in value:
            out |= days.in_period(name)
        return out
    if key == "not_periods":
        inside: set[int] = set()
        for name in value:
            inside |= days.in_period(name)
        return set(everything) - inside
    if key == "relative":
        anchor = relative_anchor(value, days)
        if anchor is None:
            return set()
        lo, hi = anchor + dt.timedelta(value.from_), anchor + dt.timedelta(value.until)
        return {i for i in everything if lo <= days.date(i) <= hi}
    raise KeyError(key)


def clause_key(clause: When) -> str:
    """Clauses with the same content share their evaluation (plans repeat them a lot)."""
    return repr(clause)


class WindowCache:
    """Clause evaluation is cached by content: occurrences and activities share them."""

    def __init__(self, days: Days):
        self.days = days
        self._clauses: dict[str, frozenset[int]] = {}
        self._windows: dict[tuple[str, ...] | None, DayWindows] = {}
        self._keys: dict[int, tuple[When, str]] = {}

    def _key(self, clause: When) -> str:
        hit = self._keys.get(id(clause))
        if hit is not None and hit[0] is clause:
            return hit[1]
        key = clause_key(clause)
        self._keys[id(clause)] = (clause, key)
        return key

    def clause_days(self, clause: When) -> frozenset[int]:
        key = self._key(clause)
        hit = self._clauses.get(key)
        if hit is not None:
            return hit
        allowed: set[int] = set(range(self.days.count))
        for name in KEY_ORDER:
            key_days = _key_days(clause, name, self.days)
            if key_days is not None:
                allowed &= key_days
        result = frozenset(allowed)
        self._clauses[key] = result
        return result

    def day_windows(self, when: Sequence[When] | None) -> DayWindows:
        """Allowed day -> time windows (None: any time of the bookable day). The same
        object for the same `when`, so callers may cache on its identity; never mutate."""
        key = tuple(self._key(c) for c in when) if when else None
        hit = self._windows.get(key)
        if hit is not None:
            return hit
        if not when:
            out: DayWindows = {i: None for i in range(self.days.count)}
        else:
            out = {}
            for clause in when:
                windows = tuple(clause.time) if clause.time else None
                for i in self.clause_days(clause):
                    if i in out and (out[i] is None or windows is None):
                        out[i] = None
                    elif i in out:
                        merged = set(out[i]) | set(windows)  # type: ignore[arg-type]
                        out[i] = tuple(sorted(merged, key=lambda w: (w.start, w.end)))
                    else:
                        out[i] = windows
        self._windows[key] = out
        return out

    def explain_empty(self, when: Sequence[When] | None) -> str:
        """Why `when` allows no day: the key after which each mapping was empty."""
        if not when:
            return "the plan period has no days"
        reasons = []
        for index, clause in enumerate(when):
            allowed: set[int] = set(range(self.days.count))
            steps = []
            for key in KEY_ORDER:
                key_days = _key_days(clause, key, self.days)
                if key_days is None:
                    continue
                allowed &= key_days
                steps.append(f"{key}: {_show(getattr(clause, key))}")
                if not allowed:
                    where = f"mapping {index + 1}: " if len(when) > 1 else ""
                    if key == "relative" and relative_anchor(clause.relative, self.days) is None:
                        reasons.append(
                            f"{where}{clause.relative.to} does not fall inside the plan period"
                        )
                    else:
                        reasons.append(f"{where}no day is left after " + ", ".join(steps))
                    break
        return "; ".join(reasons) or "no day holds"


def _show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if hasattr(value, "start") and hasattr(value, "end"):
        return f"[{value.start}, {value.end}]"  # type: ignore[attr-defined]
    if hasattr(value, "to"):
        return f"{value.from_}..{value.until} days from {value.to}"  # type: ignore[attr-defined]
    return str(value)
