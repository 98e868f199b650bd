"""Built-in formats `round_robin` and `double_round_robin`.

Pairings come from the circle method (one team fixed, the others rotating), which
gives rounds in which every team plays at most once. A match is labelled by its two
teams in the order of `teams` (`math-chinese`); the second leg swaps them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scheduler.api import MatchSpec, TournamentFormat
from scheduler.hookspecs import hookimpl


def circle_rounds(teams: Sequence[str]) -> list[list[tuple[str, str]]]:
    """Rounds of pairs (each pair in `teams` order); every pair exactly once."""
    order = {team: index for index, team in enumerate(teams)}
    ring: list[str | None] = list(teams) + ([None] if len(teams) % 2 else [])
    n = len(ring)
    rounds = []
    for _ in range(n - 1):
        pairs = []
        for i in range(n // 2):
            a, b = ring[i], ring[n - 1 - i]
            if a is not None and b is not None:
                pairs.append((a, b) if order[a] < order[b] else (b, a))
        rounds.append(pairs)
        ring = [ring[0], ring[-1], *ring[1:-1]]
    return rounds


def round_robin(
    teams: Sequence[str], prefix: str = "", round_offset: int = 0, legs: int = 1
) -> list[MatchSpec]:
    matches = []
    rounds = circle_rounds(teams)
    for leg in range(legs):
        for r, pairs in enumerate(rounds):
            for home, away in pairs:
                if leg:
                    home, away = away, home
                matches.append(
                    MatchSpec(
                        label=f"{prefix}{home}-{away}",
                        home=home,
                        away=away,
                        round=round_offset + leg * len(rounds) + r + 1,
                    )
                )
    return matches


def _single(teams: Sequence[str], options: Any) -> list[MatchSpec]:
    return round_robin(teams)


def _double(teams: Sequence[str], options: Any) -> list[MatchSpec]:
    return round_robin(teams, legs=2)


@hookimpl
def scheduler_tournament_formats() -> list[TournamentFormat]:
    return [
        TournamentFormat("round_robin", _single, "every team meets every other team once"),
        TournamentFormat(
            "double_round_robin",
            _double,
            "every pair meets twice; the second leg swaps home and away",
        ),
    ]
