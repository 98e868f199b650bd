"""Built-in formats `knockout` and `groups_knockout`.

`knockout`: teams in seed order; the bracket is the next power of two, byes go to the
top seeds, seeds are placed so that 1 and 2 can only meet in the final. Matches are
labelled from the final backwards: `F`, `SF1`-`SF2`, `QF1`-`QF4`, `R16-1`…; a match
whose teams are not known yet lists the matches that feed it and every team that can
still reach it. `third_place: true` adds `3P` between the semi-final losers.

`groups_knockout`: `groups: N` groups filled in seed order, snake-wise (A, B, …, then
back); a round robin in each (`A/math-chinese`); then the top `advance: M` of each
group play a knockout (`KO/SF1`, `KO/F`), group winners seeded first.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Sequence
from typing import Any

from scheduler.api import MatchSpec, TournamentFormat
from scheduler.hookspecs import hookimpl

from .round_robin import round_robin


def bracket_order(size: int) -> list[int]:
    """Seed numbers (1-based) in bracket position order: 1 and 2 meet last."""
    order = [1]
    while len(order) < size:
        span = 2 * len(order) + 1
        order = [seed for s in order for seed in (s, span - s)]
    return order


def _round_labels(matches: int) -> list[str]:
    if matches == 1:
        return ["F"]
    if matches == 2:
        return ["SF1", "SF2"]
    if matches == 4:
        return ["QF1", "QF2", "QF3", "QF4"]
    return [f"R{2 * matches}-{i + 1}" for i in range(matches)]


Seat = tuple[str | None, tuple[str, ...], str]  # (known team, candidates, where from)


def knockout(
    entries: Sequence[Seat], prefix: str = "", third_place: bool = False, round_offset: int = 0
) -> list[MatchSpec]:
    """Bracket matches for entries in seed order. An entry is (team if known, teams that
    may fill the seat, where it comes from: "" or e.g. "rank:A:1")."""
    n = len(entries)
    if n < 2:
        raise ValueError("a knockout needs at least two teams")
    size = 1
    while size < n:
        size *= 2
    # A seat in the bracket: the entry, plus the label of the match it comes from.
    seats: list[tuple[Seat, str | None] | None] = [
        (entries[seed - 1], None) if seed <= n else None for seed in bracket_order(size)
    ]
    matches: list[MatchSpec] = []
    round_number = round_offset
    while len(seats) > 1:
        round_number += 1
        next_seats: list[tuple[Seat, str | None] | None] = []
        for index, label in enumerate(_round_labels(len(seats) // 2)):
            a, b = seats[2 * index], seats[2 * index + 1]
            if a is None or b is None:  # a bye: the present seat goes through unplayed
                next_seats.append(a or b)
                continue
            full = prefix + label
            (team_a, cand_a, from_a), feed_a = a
            (team_b, cand_b, from_b), feed_b = b
            candidates = tuple(dict.fromkeys(cand_a + cand_b))
            matches.append(
                MatchSpec(
                    label=full,
                    home=team_a,
                    away=team_b,
                    round=round_number,
                    feeds_from=tuple(f for f in (feed_a, feed_b) if f is not None),
                    candidates=candidates,
                    seats=(from_a, from_b),
                )
            )
            next_seats.append(((None, candidates, f"winner:{full}"), full))
        seats = next_seats
    if third_place:
        semis = [m for m in matches if m.label.startswith(prefix + "SF")]
        if len(semis) < 2:
            raise ValueError("third_place needs two semi-finals: at least 4 teams in the knockout")
        if len(semis) == 2:
            candidates = tuple(dict.fromkeys(semis[0].candidates + semis[1].candidates))
            final = next(m for m in matches if m.label == prefix + "F")
            matches.insert(
                matches.index(final),
                MatchSpec(
                    label=prefix + "3P",
                    home=None,
                    away=None,
                    round=final.round,
                    feeds_from=(semis[0].label, semis[1].label),
                    candidates=candidates,
                    seats=(f"loser:{semis[0].label}", f"loser:{semis[1].label}"),
                ),
            )
    return matches


def _knockout(teams: Sequence[str], options: Any) -> list[MatchSpec]:
    return knockout([(t, (t,), "") for t in teams], third_place=bool(options.third_place))


def snake_groups(teams: Sequence[str], groups: int) -> list[list[str]]:
    """Teams in seed order dealt to groups A, B, … then back: the snake."""
    filled: list[list[str]] = [[] for _ in range(groups)]
    for index, team in enumerate(teams):
        lap, position = divmod(index, groups)
        filled[position if lap % 2 == 0 else groups - 1 - position].append(team)
    return filled


def _groups_knockout(teams: Sequence[str], options: Any) -> list[MatchSpec]:
    groups = options.groups or 2
    advance = options.advance or 2
    if groups < 1 or groups > 26:
        raise ValueError("groups_knockout needs 1 to 26 groups")
    dealt = snake_groups(teams, groups)
    if min(len(g) for g in dealt) < max(2, advance):
        raise ValueError(
            f"{len(teams)} teams in {groups} groups leave a group smaller than"
            f" advance: {advance} (or than 2)"
        )
    matches: list[MatchSpec] = []
    rounds = 0
    for letter, members in zip(string.ascii_uppercase, dealt, strict=False):
        group_matches = round_robin(members, prefix=f"{letter}/")
        matches += group_matches
        rounds = max(rounds, max(m.round for m in group_matches))
    # Knockout seeds: every group's winner, then every runner-up, …
    entries = [
        (None, tuple(members), f"rank:{letter}:{rank + 1}")
        for rank in range(advance)
        for letter, members in zip(string.ascii_uppercase, dealt, strict=False)
    ]
    knockout_matches = knockout(
        entries, prefix="KO/", third_place=bool(options.third_place), round_offset=rounds
    )
    group_labels = {
        letter: [m.label for m in matches if m.label.startswith(f"{letter}/")]
        for letter in string.ascii_uppercase[:groups]
    }
    # A seat filled from a group ("rank:A:1") waits for that group's matches: in the
    # first knockout round, and in a later round after a bye.
    out = []
    for match in knockout_matches:
        from_groups = tuple(
            label
            for seat in match.seats
            if seat.startswith("rank:")
            for label in group_labels[seat.split(":")[1]]
        )
        out.append(dataclasses.replace(match, feeds_from=match.feeds_from + from_groups))
    return matches + out


@hookimpl
def scheduler_tournament_formats() -> list[TournamentFormat]:
    return [
        TournamentFormat(
            "knockout",
            _knockout,
            "single elimination in seed order; byes to top seeds; third_place",
        ),
        TournamentFormat(
            "groups_knockout",
            _groups_knockout,
            "round robin in `groups` groups (snake seeding), then the top"
            " `advance` of each play a knockout",
        ),
    ]
