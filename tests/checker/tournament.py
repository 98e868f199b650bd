"""Tournaments (plan-format.md, "Kinds", "Resources", "Occurrence ids"; the tournaments
issue): the matches each format implies, their audiences and bracket, and the checks of
their own (match set, pairings, knockout order, rest, one match at a time per player,
max_per_day, span, match_days, courts, referees, pins) and preferences (compact, spread,
fair_slots).

A match has two seats. A seat is a known team (a group id, or `P<n>` for numbered
entrants), the winner or loser of an earlier match, or a group placing (`A1`, `B2`, ...).
The candidates of a seat are the teams that can still reach it; the feeders of a match
are the matches its seats wait for (a group placing waits for every match of its group).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .expand import KINDS, Expected, Kind
from .plan import (
    DAY_WORDS,
    Activity,
    Plan,
    as_list,
    is_date,
    is_label_mapping,
    parse_date,
    parse_duration,
    parse_pin,
)
from .report import Report, UnsupportedPlan
from .resources import Groups, allowed_venues, max_concurrent, overlapping
from .rules import Units
from .schedule import Placed
from .windows import Windows, days_between, minutes, week_label

FORMATS = ("round_robin", "double_round_robin", "knockout", "groups_knockout")
PREFER = {"compact": "tournament.compact", "spread": "tournament.spread",
          "fair_slots": "tournament.fair_slots"}


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Setup:
    """What the plan says of one tournament."""

    format: str
    entrants: tuple[str, ...]  # seed order: group ids, or P1..PN
    players: bool  # numbered entrants: not groups, no audience
    groups: int | None
    advance: int | None
    third_place: bool
    rest: timedelta | None
    courts: int | None
    max_per_day: int | None
    span: int | None
    match_days: tuple[Any, ...] | None  # day-kind words and dates
    prefer: dict[str, int]


def setup(activity: Activity) -> Setup:
    raw = activity.raw
    fmt = raw.get("format")
    if fmt not in FORMATS:
        raise UnsupportedPlan(f"{activity.id}: tournament format {fmt!r}")
    if (raw.get("teams") is None) == (raw.get("entrants") is None):
        raise UnsupportedPlan(f"{activity.id}: exactly one of teams and entrants")
    if raw.get("teams") is not None:
        entrants, players = tuple(str(t) for t in as_list(raw["teams"])), False
    else:
        entrants, players = tuple(f"P{k}" for k in range(1, int(raw["entrants"]) + 1)), True
    if len(set(entrants)) != len(entrants) or len(entrants) < 2:
        raise UnsupportedPlan(f"{activity.id}: teams must be at least two distinct ids")
    rest = raw.get("rest")
    if rest is not None:
        if set(rest) != {"min_hours"}:
            raise UnsupportedPlan(f"{activity.id}.rest: only min_hours is understood")
        rest = timedelta(hours=float(rest["min_hours"]))
    prefer = raw.get("prefer") or {}
    if set(prefer) - set(PREFER):
        raise UnsupportedPlan(f"{activity.id}.prefer: keys {sorted(set(prefer) - set(PREFER))}")
    if fmt == "groups_knockout" and (raw.get("groups") is None or raw.get("advance") is None):
        raise UnsupportedPlan(f"{activity.id}: groups_knockout needs groups and advance")
    if fmt != "groups_knockout" and (raw.get("groups") is not None
                                     or raw.get("advance") is not None):
        raise UnsupportedPlan(f"{activity.id}: groups/advance outside groups_knockout")
    match_days = raw.get("match_days")
    return Setup(
        format=fmt, entrants=entrants, players=players,
        groups=int(raw["groups"]) if raw.get("groups") is not None else None,
        advance=int(raw["advance"]) if raw.get("advance") is not None else None,
        third_place=bool(raw.get("third_place", False)), rest=rest,
        courts=int(raw["courts"]) if raw.get("courts") is not None else None,
        max_per_day=int(raw["max_per_day"]) if raw.get("max_per_day") is not None else None,
        span=int(raw["span"]) if raw.get("span") is not None else None,
        match_days=tuple(as_list(match_days)) if match_days is not None else None,
        prefer={k: int(v) for k, v in prefer.items() if v is not None})


# ---------------------------------------------------------------- the bracket


@dataclass(frozen=True)
class Seat:
    team: str | None = None  # a known team
    winner_of: str | None = None  # label of an earlier match
    loser_of: str | None = None
    group: str | None = None  # a group placing: group letter and place
    place: int = 0


@dataclass(frozen=True)
class Spec:
    label: str  # `a-b`, `A/a-b`, `QF1`, `KO/SF1`
    home: Seat
    away: Seat


@dataclass(frozen=True)
class MatchInfo:
    """What the checker knows of one match (on `Expected.match`)."""

    label: str
    home: str | None  # the known teams
    away: str | None
    candidates: frozenset[str]  # every team that can still reach it
    feeders: tuple[str, ...]  # occurrence ids that must end (plus rest) before it starts
    players: bool

    @property
    def decided(self) -> bool:
        return self.home is not None and self.away is not None


def bracket_order(size: int) -> list[int]:
    """Seed numbers in standard bracket order: 1 and 2 can meet only in the final
    (8: 1 8 4 5 2 7 3 6)."""
    order = [1]
    while len(order) < size:
        n = 2 * len(order)
        order = [s for seed in order for s in (seed, n + 1 - seed)]
    return order


def level_label(level: int, k: int) -> str:
    """Labels from the final backwards: F, SF1-2, QF1-4, R16-1..8, R32-1.."""
    if level == 0:
        return "F"
    if level == 1:
        return f"SF{k}"
    if level == 2:
        return f"QF{k}"
    return f"R{2 ** (level + 1)}-{k}"


def knockout(seeds: list[Seat], third_place: bool, prefix: str, where: str) -> list[Spec]:
    """A single-elimination bracket: byes go to the top seeds, a pairing with a bye is no
    match, `3P` between the losers of the semi-finals."""
    n = len(seeds)
    size = 1
    while size < n:
        size *= 2
    levels = size.bit_length() - 1  # first round is level levels-1
    specs: list[Spec] = []
    order = bracket_order(size)
    alive: list[Seat] = []
    semis: list[bool] = []
    for k in range(size // 2):
        a, b = order[2 * k], order[2 * k + 1]
        if b > n:  # a bye: the top seed goes through
            alive.append(seeds[a - 1])
            continue
        label = prefix + level_label(levels - 1, k + 1)
        specs.append(Spec(label, seeds[a - 1], seeds[b - 1]))
        alive.append(Seat(winner_of=label))
    if levels - 1 == 1:
        semis = [s.winner_of is not None for s in alive]
    for level in range(levels - 2, -1, -1):
        nxt = []
        for k in range(len(alive) // 2):
            label = prefix + level_label(level, k + 1)
            specs.append(Spec(label, alive[2 * k], alive[2 * k + 1]))
            nxt.append(Seat(winner_of=label))
        alive = nxt
        if level == 1:
            semis = [True, True]
    if third_place:
        if semis != [True, True]:
            raise UnsupportedPlan(f"{where}: third_place without two semi-finals")
        specs.append(Spec(prefix + "3P", Seat(loser_of=prefix + "SF1"),
                          Seat(loser_of=prefix + "SF2")))
    return specs


def round_robin(teams: tuple[str, ...], double: bool, prefix: str) -> list[Spec]:
    pairs = [(a, b) for i, a in enumerate(teams) for b in teams[i + 1:]]
    specs = [Spec(f"{prefix}{a}-{b}", Seat(team=a), Seat(team=b)) for a, b in pairs]
    if double:
        specs += [Spec(f"{prefix}{b}-{a}", Seat(team=b), Seat(team=a)) for a, b in pairs]
    return specs


def snake(entrants: tuple[str, ...], groups: int) -> dict[str, list[str]]:
    """Seed order into groups A, B, ...: A..G, then G..A, then A..G, ..."""
    letters = [chr(ord("A") + k) for k in range(groups)]
    members: dict[str, list[str]] = {g: [] for g in letters}
    for k, team in enumerate(entrants):
        lap, pos = divmod(k, groups)
        members[letters[pos if lap % 2 == 0 else groups - 1 - pos]].append(team)
    return members


def bracket(activity: Activity, s: Setup) -> tuple[list[Spec], dict[str, list[str]]]:
    """The match specs in generation order (a match comes after those it waits for), and
    the members of each group (groups_knockout)."""
    if s.format in ("round_robin", "double_round_robin"):
        return round_robin(s.entrants, s.format == "double_round_robin", ""), {}
    if s.format == "knockout":
        return knockout([Seat(team=t) for t in s.entrants], s.third_place, "",
                        activity.id), {}
    assert s.groups is not None and s.advance is not None
    if not 1 <= s.groups <= 26 or s.groups > len(s.entrants):
        raise UnsupportedPlan(f"{activity.id}: {s.groups} groups of {len(s.entrants)}")
    members = snake(s.entrants, s.groups)
    if s.advance > min(len(m) for m in members.values()) or s.groups * s.advance < 2:
        raise UnsupportedPlan(f"{activity.id}: advance {s.advance} does not fit the groups")
    specs = []
    for letter, teams in members.items():
        specs += round_robin(tuple(teams), False, f"{letter}/")
    seeds = [Seat(group=letter, place=p) for p in range(1, s.advance + 1) for letter in members]
    specs += knockout(seeds, s.third_place, "KO/", activity.id)
    return specs, members


def match_infos(activity: Activity, s: Setup) -> list[MatchInfo]:
    """Each match with its known teams, candidates and feeders, ids resolved."""
    specs, members = bracket(activity, s)
    single = len(specs) == 1
    occ_id = {sp.label: activity.id if single else f"{activity.id}/{sp.label}" for sp in specs}
    group_matches: dict[str, list[str]] = defaultdict(list)
    for sp in specs:
        if "/" in sp.label and not sp.label.startswith("KO/"):
            group_matches[sp.label.split("/")[0]].append(occ_id[sp.label])
    cands: dict[str, frozenset[str]] = {}

    def seat_candidates(seat: Seat) -> frozenset[str]:
        if seat.team is not None:
            return frozenset({seat.team})
        if seat.group is not None:
            return frozenset(members[seat.group])
        return cands[seat.winner_of or seat.loser_of or ""]

    def seat_feeders(seat: Seat) -> list[str]:
        if seat.group is not None:
            return group_matches[seat.group]
        label = seat.winner_of or seat.loser_of
        return [occ_id[label]] if label else []

    out = []
    for sp in specs:
        cands[sp.label] = seat_candidates(sp.home) | seat_candidates(sp.away)
        out.append(MatchInfo(sp.label, sp.home.team, sp.away.team, cands[sp.label],
                             tuple(seat_feeders(sp.home) + seat_feeders(sp.away)), s.players))
    return out


def expected_count(s: Setup) -> int:
    """The number of matches of each format, by its formula (not from the bracket)."""
    n = len(s.entrants)
    if s.format == "round_robin":
        return n * (n - 1) // 2
    if s.format == "double_round_robin":
        return n * (n - 1)
    if s.format == "knockout":
        return n - 1 + s.third_place
    assert s.groups is not None and s.advance is not None
    sizes = [n // s.groups + (k < n % s.groups) for k in range(s.groups)]
    return sum(g * (g - 1) // 2 for g in sizes) + s.groups * s.advance - 1 + s.third_place




# ---------------------------------------------------------------- expanding


def expand_tournament(plan: Plan, windows: Windows, activity: Activity) -> list[Expected]:
    """One occurrence per match. Its audience: the two teams when known, else every team
    that can still reach it (plus the tournament's own `audience`); numbered entrants are
    no groups, so their matches have only the tournament's audience. Pins are checked as a
    set (`check_pins`), so no match carries one of its own."""
    s = setup(activity)
    if "match" not in activity.raw:
        raise UnsupportedPlan(f"{activity.id}: no match duration")
    duration = parse_duration(activity.raw["match"])
    if duration.whole_day:
        raise UnsupportedPlan(f"{activity.id}: whole-day matches")
    infos = match_infos(activity, s)
    pins(activity, len(infos), [i.label for i in infos])  # no plan to judge if wrong
    extra = tuple(activity.audience)
    out = []
    for info in infos:
        if s.players:
            audience = extra
        elif info.decided:
            audience = (info.home, info.away) + extra
        else:
            audience = tuple(sorted(info.candidates)) + extra
        occ_id = activity.id if len(infos) == 1 else f"{activity.id}/{info.label}"
        out.append(Expected(occ_id, activity, activity.title, duration, activity.venue,
                            activity.staff, activity.when, None, audience, match=info))
    return out


def pins(activity: Activity, n: int, labels: list[str] | None = None) -> list:
    """`fixed:` one pin (a single match), a list of n entries (`null` leaving one free),
    or a mapping from match labels to pins (an extension, readings.md)."""
    fixed = activity.raw.get("fixed")
    if fixed is None:
        return []
    if is_label_mapping(fixed):
        unknown = set(fixed) - set(labels or [])
        if labels is not None and unknown:
            raise UnsupportedPlan(f"{activity.id}: fixed names unknown matches {sorted(unknown)}")
        out = [parse_pin(p) for p in fixed.values() if p is not None]
    else:
        entries = as_list(fixed)
        if len(entries) != n:
            raise UnsupportedPlan(f"{activity.id}: fixed has {len(entries)} entries for {n} "
                                  "matches")
        out = [parse_pin(p) for p in entries if p is not None]
    if activity.venue is None and any(p.venue for p in out):
        # which match a pinned venue gives a venue to is not spelled out
        raise UnsupportedPlan(f"{activity.id}: a pinned venue without `venue:`")
    return out


# ---------------------------------------------------------------- checking

Pairs = list[tuple[Expected, Placed]]


def _participants(info: MatchInfo) -> tuple[str, ...]:
    return tuple(t for t in (info.home, info.away) if t is not None)


def check_fields(activity: Activity, items: Pairs, report: Report) -> None:
    """The `match` object (known teams, candidates, round) and the title's prefix."""
    rounds: dict[str, int] = {}
    for _, occ in items:
        m = occ.raw.get("match")
        if isinstance(m, dict) and type(m.get("round")) is int:
            rounds[occ.id] = m["round"]
    for exp, occ in items:
        info = exp.match
        title = occ.raw.get("title")
        if not isinstance(title, str) or not title.startswith(f"{activity.title} ") \
                or " vs " not in title:
            report.add("fields", occ.id, f"title {title!r} is not '{activity.title} … vs …'")
        m = occ.raw.get("match")
        if not isinstance(m, dict) or set(m) != {"home", "away", "round", "candidates"}:
            report.add("match-field", occ.id, f"match is {m!r}, expected an object with "
                       "home, away, round, candidates")
            continue
        for side in ("home", "away"):
            if m[side] != getattr(info, side):
                report.add("match-field", occ.id, f"match.{side} is {m[side]!r}, expected "
                           f"{getattr(info, side)!r}")
        cands = m["candidates"]
        if not isinstance(cands, list) or len(set(cands)) != len(cands) \
                or set(cands) != info.candidates:
            report.add("match-field", occ.id, f"match.candidates {cands!r}, expected "
                       f"{sorted(info.candidates)} (the teams that can still reach it)")
        rnd = m["round"]
        if type(rnd) is not int or rnd < 1:
            report.add("match-field", occ.id, f"match.round {rnd!r} is no round number")
            continue
        early = [f for f in info.feeders if f in rounds and rounds[f] >= rnd]
        if early:
            report.add("match-field", (occ.id, *early), f"round {rnd} is not after the "
                       f"rounds of the matches feeding it")


def check_order(s: Setup, items: Pairs, report: Report) -> None:
    """A match starts no earlier than the end of every match feeding it, plus `rest`."""
    placed = {occ.id: occ for _, occ in items}
    for exp, occ in items:
        for feeder in exp.match.feeders:
            before = placed.get(feeder)
            if before is None:
                continue
            if occ.start < before.end:
                report.add("knockout-order", (feeder, occ.id), f"{occ.id} starts "
                           f"{occ.start:%m-%d %H:%M} before {feeder} ends {before.end:%m-%d %H:%M}")
            elif s.rest is not None and occ.start < before.end + s.rest:
                report.add("tournament-rest", (feeder, occ.id), f"{occ.id} starts "
                           f"{occ.start - before.end} after {feeder} ends; rest is {s.rest}")


def check_known_teams(plan: Plan, s: Setup, items: Pairs, report: Report) -> None:
    """For each team (player) the matches it surely plays: `rest` between consecutive ones
    (real time, nights count) and, for numbered entrants, one match at a time (teams are
    groups: their overlaps are audience overlaps)."""
    by_team: dict[str, list[Placed]] = defaultdict(list)
    for exp, occ in items:
        for team in _participants(exp.match):
            by_team[team].append(occ)
    for team, occs in sorted(by_team.items()):
        if s.players:
            for a, b in overlapping(occs, plan.slot):
                report.add("player-overlap", (a.id, b.id), f"{team} plays both at once")
        occs = sorted(occs, key=lambda o: (o.start, o.id))
        if s.rest is None:
            continue
        for a, b in zip(occs, occs[1:], strict=False):
            if b.start < a.end + s.rest:
                report.add("tournament-rest", (a.id, b.id), f"{team} rests "
                           f"{b.start - a.end} between them; rest is {s.rest}")


def _ancestors(items: Pairs) -> dict[str, set[str]]:
    """Every match that feeds a match, directly or through others."""
    feeders = {exp.id: exp.match.feeders for exp, _ in items}
    out: dict[str, set[str]] = {}

    def up(mid: str) -> set[str]:
        if mid not in out:
            out[mid] = set()
            for f in feeders.get(mid, ()):
                out[mid] |= {f} | up(f)
        return out[mid]

    for mid in feeders:
        up(mid)
    return out


def most_played(matches: list[Expected], ancestors: dict[str, set[str]], team: str) -> int:
    """How many of `matches` one team can play: every match it surely plays, plus the
    longest chain of undecided ones it can reach, each fed by the one before (a team plays
    a set of matches only when each of them waits for the earlier ones: never both the
    final and the third-place match, never two first-round places of one group)."""
    sure = [e for e in matches if team in _participants(e.match)]
    maybe = [e for e in matches if team not in _participants(e.match)
             and team in e.match.candidates]
    maybe.sort(key=lambda e: len(ancestors.get(e.id, ())))
    longest: dict[str, int] = {}
    for e in maybe:
        longest[e.id] = 1 + max((longest[p.id] for p in maybe
                                 if p.id in longest and p.id in ancestors.get(e.id, ())),
                                default=0)
    return len(sure) + max(longest.values(), default=0)


def check_per_day(s: Setup, items: Pairs, report: Report) -> None:
    """`max_per_day`: no team can play more matches on one day, whatever the results."""
    if s.max_per_day is None:
        return
    ancestors = _ancestors(items)
    by_day: dict[date, list[Expected]] = defaultdict(list)
    for exp, occ in items:
        by_day[occ.first_day].append(exp)
    for day, exps in sorted(by_day.items()):
        teams = sorted({t for e in exps for t in e.match.candidates})
        for team in teams:
            most = most_played(exps, ancestors, team)
            if most > s.max_per_day:
                ids = sorted(e.id for e in exps if team in e.match.candidates)
                report.add("tournament-max-per-day", ids, f"{team} can play {most} matches "
                           f"on {day}; max_per_day is {s.max_per_day}")


def check_span(s: Setup, items: Pairs, report: Report) -> None:
    if s.span is None or not items:
        return
    days = sorted(occ.first_day for _, occ in items)
    if (days[-1] - days[0]).days > s.span - 1:
        first = min(items, key=lambda p: (p[1].start, p[1].id))[1]
        last = max(items, key=lambda p: (p[1].start, p[1].id))[1]
        report.add("tournament-span", (first.id, last.id), f"matches from {days[0]} to "
                   f"{days[-1]}, more than {s.span} days")


def match_day_ok(windows: Windows, s: Setup, day: date) -> bool:
    if s.match_days is None:
        return True
    kinds = windows.calendar.kinds(day)
    for entry in s.match_days:
        if isinstance(entry, str) and entry in DAY_WORDS:
            if entry in kinds:
                return True
        elif is_date(entry) or isinstance(entry, str):
            if parse_date(entry) == day:
                return True
        else:
            raise UnsupportedPlan(f"match_days entry {entry!r}")
    return False


def check_match_days(windows: Windows, s: Setup, items: Pairs, report: Report) -> None:
    for _, occ in items:
        if not match_day_ok(windows, s, occ.first_day):
            report.add("match-days", occ.id, f"{occ.first_day} is none of match_days "
                       f"{[str(d) for d in s.match_days or ()]}")


def check_courts(plan: Plan, s: Setup, items: Pairs, report: Report) -> None:
    """`courts`: at most N of the tournament's matches at once (on the slots they block)."""
    if s.courts is None:
        return
    occs = [occ for _, occ in items]
    most, when = max_concurrent(occs, plan.slot)
    if most > s.courts:
        ids = sorted(o.id for o in occs if o.start <= when < o.blocked_end(plan.slot))
        report.add("tournament-courts", ids, f"{most} matches at once at {when}; courts is "
                   f"{s.courts}")


def check_referees(plan: Plan, groups: Groups, s: Setup, items: Pairs,
                   report: Report) -> None:
    """A `member_of` person never officiates a match whose teams (any team that can still
    reach it) share members with their groups."""
    if s.players:
        return
    for exp, occ in items:
        for pid in occ.staff:
            person = plan.staff.get(pid)
            if person is None or not person.member_of:
                continue
            own = sorted(t for t in exp.match.candidates
                         if groups.audiences_share(person.member_of, (t,)))
            if own:
                report.add("referee-own-team", occ.id, f"{pid} (member of "
                           f"{list(person.member_of)}) officiates a match of {own}")


def _holds(pin, occ: Placed) -> bool:
    if pin.moment is not None and occ.start != pin.moment:
        return False
    if pin.moment is None and pin.day is not None and occ.first_day != pin.day:
        return False
    return pin.venue is None or occ.venue == pin.venue


def check_pins(activity: Activity, s: Setup, items: Pairs, report: Report) -> None:
    """`fixed:` every pin held by a match of its own. Which match a list entry pins ("id
    order") is not spelled out for tournaments, so any one-to-one assignment is accepted."""
    infos = match_infos(activity, s)
    fixed = activity.raw.get("fixed")
    if is_label_mapping(fixed):  # each pin names its match
        by_label = {occ.id.rsplit("/", 1)[-1] if "/" in occ.id else occ.id: occ
                    for _, occ in items}
        for label, value in fixed.items():
            pin, occ = parse_pin(value), by_label.get(label)
            if pin is not None and (occ is None or not _holds(pin, occ)):
                report.add("pinned", f"{activity.id}/{label}", f"not where it is pinned: {pin}")
        return
    wanted = pins(activity, len(infos))
    occs = [occ for _, occ in items]

    holder: dict[int, int] = {}

    def place(k: int, seen: set[int]) -> bool:
        for j, occ in enumerate(occs):
            if j not in seen and _holds(wanted[k], occ):
                seen.add(j)
                if j not in holder or place(holder[j], seen):
                    holder[j] = k
                    return True
        return False

    lost = [wanted[k] for k in range(len(wanted)) if not place(k, set())]
    if lost:
        report.add("pinned", activity.id, f"{len(lost)} pin(s) held by no match of their own: "
                   + ", ".join(str(p) for p in lost))


def check_tournaments(plan: Plan, windows: Windows, pairs: Pairs, report: Report) -> None:
    groups = Groups(plan)
    by_activity: dict[str, Pairs] = defaultdict(list)
    for exp, occ in pairs:
        by_activity[exp.activity.id].append((exp, occ))
    for aid, items in by_activity.items():
        activity = plan.activities[aid]
        s = setup(activity)
        check_fields(activity, items, report)
        check_order(s, items, report)
        check_known_teams(plan, s, items, report)
        check_per_day(s, items, report)
        check_span(s, items, report)
        check_match_days(windows, s, items, report)
        check_courts(plan, s, items, report)
        check_referees(plan, groups, s, items, report)
        check_pins(activity, s, items, report)


# ---------------------------------------------------------------- the match set


def meetings(s: Setup) -> tuple[dict[tuple[str, str], int], bool]:
    """How often each pair must meet (as (home, away) when order matters), and whether the
    home/away order matters; pairs not listed meet at most once (knockout)."""
    if s.format == "knockout":
        return {}, False
    if s.format == "double_round_robin":
        return {(a, b): 1 for a in s.entrants for b in s.entrants if a != b}, True
    teams = [s.entrants] if s.format == "round_robin" else \
        list(snake(s.entrants, s.groups or 1).values())
    return {(a, b): 1 for group in teams for i, a in enumerate(group) for b in group[i + 1:]}, \
        False


def audit_tournaments(plan: Plan, windows: Windows, placed: list[Placed],
                      report: Report) -> None:
    """On everything schedule.json reports for each tournament (ids the plan does not imply
    included): the number of matches its format gives, and how often each pair meets."""
    for activity in plan.activities.values():
        if activity.kind != "tournament":
            continue
        s = setup(activity)
        mine = [o for o in placed if o.raw.get("activity") == activity.id]
        want = expected_count(s)
        if len(mine) != want:
            report.add("match-count", activity.id, f"{len(mine)} matches reported; "
                       f"{s.format} of {len(s.entrants)} gives {want}")
        required, ordered = meetings(s)
        met: dict[tuple[str, str], list[str]] = defaultdict(list)
        for occ in mine:
            m = occ.raw.get("match")
            if not isinstance(m, dict) or not isinstance(m.get("home"), str) \
                    or not isinstance(m.get("away"), str):
                continue
            pair = (m["home"], m["away"])
            if not ordered and pair not in required:
                pair = (pair[1], pair[0]) if (pair[1], pair[0]) in required else \
                    tuple(sorted(pair))
            met[pair].append(occ.id)
        for pair in sorted(set(required) | set(met)):
            times, need = len(met.get(pair, [])), required.get(pair)
            if (need is None and times > 1) or (need is not None and times != need):
                report.add("match-pairs", tuple(met.get(pair, [])) or activity.id,
                           f"{' v '.join(pair)} meet {times} time(s), expected "
                           f"{need if need is not None else 'at most 1'}")


# ---------------------------------------------------------------- preferences


def _widest_days(plan: Plan, windows: Windows, activity: Activity, s: Setup) -> list[date]:
    """Days a match may fall on by `when` (day keys), match_days and the plan period: the
    widest reading (pins, closures, unavailability and the bracket narrow it further)."""
    return [d for d in days_between(plan.start, plan.end)
            if windows.day_allowed(activity.when, d) and match_day_ok(windows, s, d)]


def _widest_times(plan: Plan, windows: Windows, activity: Activity, s: Setup,
                  length: int) -> set[int]:
    """Start times of day a match may take: the slot grid inside plan.day, the `when.time` of
    a mapping that allows some match day, and the hours of some venue it may use."""
    venues = allowed_venues(plan, activity.venue, None)
    days = _widest_days(plan, windows, activity, s)
    mappings = [m for m in activity.when if any(windows.day_ok(m, d) for d in days)]
    out = set()
    t = plan.day.start
    while t + length <= plan.day.end:
        in_when = not activity.when or any(
            m.times is None or any(c.holds(t, t + length) for c in m.times) for m in mappings)
        in_venue = venues is None or any(
            v not in plan.venues or plan.venues[v].hours is None
            or plan.venues[v].hours.holds(t, t + length) for v in venues)
        if in_when and in_venue:
            out.add(t)
        t += plan.slot
    return out


def _grid_is_exact(plan: Plan, activity: Activity, s: Setup) -> bool:
    """Nothing but the grid, `when` and venue hours decides which times of day are legal:
    no staff, no pins, no venue closures, no unavailable group among those attending."""
    if activity.staff.named or activity.staff.roles or activity.raw.get("fixed") is not None:
        return False
    venues = allowed_venues(plan, activity.venue, None) or set()
    if any(v not in plan.venues or plan.venues[v].closed for v in venues):
        return False
    groups = Groups(plan)
    attending = tuple(activity.audience) + (() if s.players else s.entrants)
    return not any(g.unavailable and groups.audiences_share((g.id,), attending)
                   for g in plan.groups.values())


def _over(counts: list[int], share: int) -> int:
    return sum(max(0, c - share) for c in counts)


def units_compact(items: Pairs) -> Units:
    days = sorted({occ.first_day for _, occ in items})
    return Units(len(days), sorted(occ.id for _, occ in items),
                 f"{len(days)} match days")


def units_spread(plan: Plan, windows: Windows, activity: Activity, s: Setup,
                 items: Pairs) -> Units:
    """Per team (per candidate), matches starting in an ISO week above ⌈its matches / the
    weeks its matches' windows touch⌉. Those weeks lie between the ones holding its
    starts and the ones its widest window touches, read as `when` (day keys) in the plan
    period, as for the `spread` rule: whether `match_days` narrows a window is left open
    (the scheduler counts weeks that hold no match day). Units only grow with the number
    of weeks, so every value between the two is accepted."""
    widest = {week_label(d) for d in days_between(plan.start, plan.end)
              if windows.day_allowed(activity.when, d)}
    lo = hi = 0
    teams = sorted({t for exp, _ in items for t in exp.match.candidates})
    for team in teams:
        starts = [occ.first_day for exp, occ in items if team in exp.match.candidates]
        counts: dict[str, int] = defaultdict(int)
        for d in starts:
            counts[week_label(d)] += 1
        used = set(counts)
        lo += _over(list(counts.values()), math.ceil(len(starts) / len(used)))
        hi += _over(list(counts.values()), math.ceil(len(starts) / len(used | widest)))
    return Units(lo, [], f"between {lo} and {hi} units by the weeks the windows touch",
                 accept=set(range(lo, hi + 1)))


def units_fair_slots(plan: Plan, windows: Windows, activity: Activity, s: Setup,
                     items: Pairs) -> Units:
    """Per team (per candidate), matches at the tournament's earliest (latest) legal start
    time of day above ⌈its matches / the number of distinct legal start times of day⌉.

    The legal start times of day lie between those used and the widest grid (`when.time`,
    plan.day, venue hours). When nothing else narrows them (no staff, pins, closures or
    unavailable groups) they are the grid and the units are exact. Otherwise every set of
    times between the two is allowed: the early time is the earliest used one or an
    earlier one of the grid (then no match is early), the same for late, and the count of
    times runs from those used (with early and late) to the grid's between them."""
    if not items:
        return Units(0, [])
    length = items[0][0].duration.minutes
    used = {minutes(occ.start) for _, occ in items}
    grid = sorted(_widest_times(plan, windows, activity, s, length) | used)
    teams = sorted({t for exp, _ in items for t in exp.match.candidates})
    played = {t: [minutes(occ.start) for exp, occ in items if t in exp.match.candidates]
              for t in teams}

    def units(at: int, slots: int) -> int:
        return sum(max(0, sum(1 for m in times if m == at) - math.ceil(len(times) / slots))
                   for times in played.values())

    def total(early: int, late: int, slots: int) -> int:
        return units(early, slots) + units(late, slots)

    exact = total(grid[0], grid[-1], len(grid))
    if _grid_is_exact(plan, activity, s):
        return Units(exact, [], f"{len(grid)} start times of day, "
                     f"early {grid[0] // 60:02d}:{grid[0] % 60:02d}, "
                     f"late {grid[-1] // 60:02d}:{grid[-1] % 60:02d}")
    accept = set()
    for early in (g for g in grid if g <= min(used)):
        for late in (g for g in grid if g >= max(used)):
            fewest = len(used | {early, late})
            most = sum(1 for g in grid if early <= g <= late)
            accept |= {total(early, late, n) for n in range(fewest, most + 1)}
    return Units(exact, [], f"{sorted(accept)} accepted ({len(used)} to {len(grid)} start "
                 "times of day)", accept=accept)


def score_tournaments(plan: Plan, windows: Windows, pairs: Pairs) -> dict:
    """Score entries `compact:<id>`, `spread:<id>`, `fair_slots:<id>` of each tournament's
    `prefer` weights: {entry id: (type, weight, Units)}."""
    scored: dict[str, tuple[str, int, Units]] = {}
    for activity in plan.activities.values():
        if activity.kind != "tournament":
            continue
        s = setup(activity)
        items = [(e, o) for e, o in pairs if e.activity.id == activity.id]
        for key, weight in s.prefer.items():
            if key == "compact":
                units = units_compact(items)
            elif key == "spread":
                units = units_spread(plan, windows, activity, s, items)
            else:
                units = units_fair_slots(plan, windows, activity, s, items)
            scored[f"{key}:{activity.id}"] = (PREFER[key], weight, units)
    return scored


KINDS["tournament"] = Kind(expand_tournament, check_tournaments, audit=audit_tournaments,
                           score=score_tournaments)
