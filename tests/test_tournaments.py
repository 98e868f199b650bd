"""Tournament formats (pairings, byes, labels, snake groups) and results that fill
knockout places while played matches stay where they were."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.formats.knockout import bracket_order, knockout, snake_groups
from plugins.formats.round_robin import circle_rounds, round_robin


@pytest.mark.parametrize("n", range(2, 13))
def test_round_robin_meets_every_pair_once_in_rounds(n: int) -> None:
    teams = [f"t{i}" for i in range(n)]
    matches = round_robin(teams)
    pairs = Counter(frozenset((m.home, m.away)) for m in matches)
    assert set(pairs) == {frozenset(p) for p in itertools.combinations(teams, 2)}
    assert set(pairs.values()) == {1}
    for r in range(1, max(m.round for m in matches) + 1):
        playing = [t for m in matches if m.round == r for t in (m.home, m.away)]
        assert len(playing) == len(set(playing)), "a team plays twice in one round"
    assert all(teams.index(m.home) < teams.index(m.away) for m in matches)
    assert len(circle_rounds(teams)) == n - 1 + n % 2


def test_double_round_robin_swaps_the_second_leg() -> None:
    matches = round_robin(["math", "chinese", "english"], legs=2)
    labels = {m.label for m in matches}
    assert {"math-chinese", "chinese-math", "math-english", "english-math"} <= labels
    assert len(matches) == 6


def test_bracket_order_keeps_top_seeds_apart() -> None:
    assert bracket_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    order = bracket_order(16)
    assert order.index(1) < 8 <= order.index(2)


@pytest.mark.parametrize("n", range(2, 20))
def test_knockout_has_n_minus_one_matches_and_byes_for_top_seeds(n: int) -> None:
    teams = [f"P{i + 1}" for i in range(n)]
    matches = knockout([(t, (t,), "") for t in teams], third_place=n >= 4)
    assert len(matches) == n - 1 + (1 if n >= 4 else 0)
    first_round = [m for m in matches if m.round == 1]
    size = 1 << (n - 1).bit_length()
    byes = size - n
    playing_first = {t for m in first_round for t in (m.home, m.away)}
    assert playing_first.isdisjoint(teams[:byes]), "top seeds should have the byes"
    labels = {m.label for m in matches}
    assert "F" in labels and (n < 4 or "3P" in labels)
    for m in matches:
        for feeder in m.feeds_from:
            assert next(x for x in matches if x.label == feeder).round < m.round


def test_snake_groups() -> None:
    assert snake_groups(list("abcdefgh"), 3) == [["a", "f", "g"], ["b", "e", "h"], ["c", "d"]]


def test_groups_knockout_labels_and_seeding() -> None:
    from plugins.formats.knockout import _groups_knockout

    options = SimpleNamespace(groups=2, advance=2, third_place=False)
    matches = _groups_knockout(list("abcdef"), options)
    labels = [m.label for m in matches]
    assert sum(1 for x in labels if x.startswith("A/")) == 3
    assert sum(1 for x in labels if x.startswith("B/")) == 3
    semis = {m.label: m.seats for m in matches if m.label.startswith("KO/SF")}
    assert semis == {"KO/SF1": ("rank:A:1", "rank:B:2"), "KO/SF2": ("rank:B:1", "rank:A:2")}



@pytest.mark.parametrize(("teams", "groups", "advance"), [(31, 6, 2), (120, 24, 1), (10, 3, 1)])
def test_a_seat_from_a_group_waits_for_the_whole_group(teams, groups, advance) -> None:
    """Also after a bye: 24 group winners in a 32 bracket meet the R32 winners in R16
    (the federation benchmark's checker found R16 played before a group ended)."""
    from plugins.formats.knockout import _groups_knockout

    options = SimpleNamespace(groups=groups, advance=advance, third_place=False)
    matches = _groups_knockout([f"t{i:03d}" for i in range(teams)], options)
    group_matches: dict[str, set[str]] = {}
    for m in matches:
        if not m.label.startswith("KO/"):
            group_matches.setdefault(m.label.split("/")[0], set()).add(m.label)
    byes_checked = 0
    for m in matches:
        for seat in m.seats:
            if seat.startswith("rank:"):
                group = seat.split(":")[1]
                assert group_matches[group] <= set(m.feeds_from), (m.label, seat)
                byes_checked += any(f.startswith("KO/") for f in m.feeds_from)
    assert byes_checked > 0  # every case has a seat that enters after a bye

PLAN = """
plan: {name: 比赛结果, calendars: [], year: 2026, slot_minutes: 60, day: "08:00-12:00"}
activities:
  - {id: chess, kind: tournament, title: 象棋赛, format: knockout, entrants: 4, third_place: true,
     match: 1h, when: {between: [2026-03-02, 2026-03-06]}}
"""


def _solve(cli, tmp_path: Path, *extra: str) -> dict:
    plan = tmp_path / "chess.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out", "-q", *extra)
    assert code == 0, err
    return {o["id"]: o for o in json.loads((tmp_path / "out" / "schedule.json").read_text(
        encoding="utf-8"))["occurrences"]}


def test_results_fill_places_and_keep_played_matches(cli, tmp_path: Path) -> None:
    before = _solve(cli, tmp_path)
    assert before["chess/F"]["match"]["home"] is None
    results = tmp_path / "results.yaml"
    results.write_text("chess:\n  played:\n    SF1: {winner: P4}\n    SF2: {winner: P2}\n",
                       encoding="utf-8")
    after = _solve(cli, tmp_path, "--results", results)
    for label in ("SF1", "SF2"):
        assert after[f"chess/{label}"]["start"] == before[f"chess/{label}"]["start"]
    assert (after["chess/F"]["match"]["home"], after["chess/F"]["match"]["away"]) == ("P4", "P2")
    assert (after["chess/3P"]["match"]["home"], after["chess/3P"]["match"]["away"]) == ("P1", "P3")
    assert "选手4" in after["chess/F"]["title"] and "选手2" in after["chess/F"]["title"]


def test_bad_results_are_refused_with_file_and_line(cli, tmp_path: Path) -> None:
    _solve(cli, tmp_path)
    results = tmp_path / "results.yaml"
    results.write_text("chess:\n  played:\n    SF1: {winner: P2}\n    F: {winner: P1}\n",
                       encoding="utf-8")
    code, _, err = cli("solve", tmp_path / "chess.yaml", "-o", tmp_path / "out", "-q",
                       "--results", results)
    assert code == 2
    assert f"{results}:3 chess.played.SF1.winner: the winner of SF1 must be P1 or P4" in err
    assert f"{results}:4 chess.played.F.winner: F cannot have been played" in err
