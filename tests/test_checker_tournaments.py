"""The checker on tournaments: the matches each format implies, and hand-written schedules
that each break one tournament constraint (and their corrected versions that break none);
then the real scheduler's output for each format, checked clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.checker import UnsupportedPlan, check
from tests.checker.plan import parse_activity
from tests.checker.tournament import (
    Setup,
    bracket_order,
    expected_count,
    match_infos,
    setup,
    snake,
)
from tests.test_checker import clean, kinds, timed

HEAD = "plan: {id: t, name: 测试, period: {start: 2027-03-01, end: 2027-03-31}, calendars: []}\n"
BASE = HEAD + """
venues:
  - {id: gym, name: 体育馆, capacity: 100, courts: 2}
  - {id: court, name: 小场, capacity: 30}
staff:
  - {id: zhou, roles: [referee], member_of: [dept]}
  - {id: qian, roles: [referee]}
  - {id: sun, roles: [referee]}
groups:
  - {id: dept, size: 30}
  - {id: a, size: 10, part_of: dept}
  - {id: b, size: 10}
  - {id: c, size: 10}
  - {id: d, size: 10}
  - {id: e, size: 10}
  - {id: fans, size: 5}
"""  # 2027-03-01 is a Monday
TITLE = "赛"


def match(oid: str, start: str, home: str | None = None, away: str | None = None,
          cands: list[str] | None = None, rnd: int = 1, *, players: bool = False,
          extra: tuple[str, ...] = (), minutes: int = 60, **fields) -> dict:
    """A match entry of schedule.json: audience = the two teams when known, else the
    candidates (none for numbered players), plus the tournament's audience."""
    if cands is None:
        cands = [home, away]
    if players:
        audience = list(extra)
    elif home is not None and away is not None:
        audience = [home, away, *extra]
    else:
        audience = [*cands, *extra]
    entry = timed(oid, start, minutes, kind="tournament", audience=audience,
                  title=f"{TITLE} {home or '某某胜者'} vs {away or '某某胜者'}", **fields)
    entry["match"] = {"home": home, "away": away, "round": rnd, "candidates": list(cands)}
    return entry


def tournament(body: str, base: str = BASE) -> str:
    return base + f"activities:\n  - {{id: t, kind: tournament, title: {TITLE}, {body}}}\n"


def moved(entry: dict, start: str) -> dict:
    """The same match at another start (same length)."""
    again = timed(entry["id"], start, 60)
    return dict(entry, start=again["start"], end=again["end"])


# ---------------------------------------------------------------- the bracket


def _setup(body: str) -> Setup:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=True).load(f"{{id: t, kind: tournament, title: T, match: 1h, {body}}}")
    return setup(parse_activity(raw))


def _labels(body: str) -> list[str]:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=True).load(f"{{id: t, kind: tournament, title: T, match: 1h, {body}}}")
    activity = parse_activity(raw)
    return [m.label for m in match_infos(activity, setup(activity))]


def test_bracket_order() -> None:
    assert bracket_order(2) == [1, 2]
    assert bracket_order(4) == [1, 4, 2, 3]
    assert bracket_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    order = bracket_order(16)
    assert order.index(1) < 8 <= order.index(2)  # 1 and 2 meet only in the final


def test_knockout_byes_and_labels() -> None:
    # 6 teams, bracket of 8: seeds 1 and 2 have byes, so QF1 and QF3 are no matches
    assert _labels("format: knockout, teams: [s1, s2, s3, s4, s5, s6], third_place: true") \
        == ["QF2", "QF4", "SF1", "SF2", "F", "3P"]
    assert _labels("format: knockout, entrants: 5") == ["QF2", "SF1", "SF2", "F"]
    assert _labels("format: knockout, entrants: 2") == ["F"]
    labels = _labels("format: knockout, entrants: 20")
    assert [x for x in labels if x.startswith("R32")] == [f"R32-{k}" for k in (2, 6, 10, 14)]
    assert labels[-1] == "F" and len(labels) == 19


def test_knockout_seats() -> None:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=True).load("{id: t, kind: tournament, title: T, match: 1h, "
                                "format: knockout, teams: [s1, s2, s3, s4, s5, s6, s7, s8]}")
    activity = parse_activity(raw)
    infos = {m.label: m for m in match_infos(activity, setup(activity))}
    assert [(infos[q].home, infos[q].away) for q in ("QF1", "QF2", "QF3", "QF4")] == \
        [("s1", "s8"), ("s4", "s5"), ("s2", "s7"), ("s3", "s6")]
    assert infos["SF1"].feeders == ("t/QF1", "t/QF2")
    assert infos["SF1"].candidates == {"s1", "s8", "s4", "s5"}
    assert infos["F"].home is None and len(infos["F"].candidates) == 8


def test_groups_snake_and_knockout_seeds() -> None:
    assert snake(tuple("12345678"), 3) == {"A": ["1", "6", "7"], "B": ["2", "5", "8"],
                                           "C": ["3", "4"]}
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=True).load("{id: t, kind: tournament, title: T, match: 1h, "
                                "format: groups_knockout, groups: 3, advance: 2, "
                                "third_place: true, teams: [a, b, c, d, e, f, g, h]}")
    activity = parse_activity(raw)
    infos = {m.label: m for m in match_infos(activity, setup(activity))}
    assert "A/a-f" in infos and "C/c-d" in infos and "A/f-a" not in infos
    # seeds A1 B1 C1 A2 B2 C2 into a bracket of 8: 1 v 8 (bye), 4 v 5 = A2 v B2, ...
    assert set(x for x in infos if x.startswith("KO/")) == \
        {"KO/QF2", "KO/QF4", "KO/SF1", "KO/SF2", "KO/F", "KO/3P"}
    assert infos["KO/QF2"].candidates == {"a", "f", "g", "b", "e", "h"}
    assert set(infos["KO/QF2"].feeders) == {"t/A/a-f", "t/A/a-g", "t/A/f-g", "t/B/b-e",
                                            "t/B/b-h", "t/B/e-h"}
    # SF1 = A1 (a bye) v winner of KO/QF2: it waits for group A and for QF2
    assert set(infos["KO/SF1"].feeders) == {"t/A/a-f", "t/A/a-g", "t/A/f-g", "t/KO/QF2"}


@pytest.mark.parametrize("fmt", ["round_robin", "double_round_robin", "knockout"])
def test_match_count_formula_agrees_with_the_bracket(fmt: str) -> None:
    for n in range(2, 34):
        third = ", third_place: true" if fmt == "knockout" and n >= 4 else ""
        body = f"format: {fmt}, entrants: {n}{third}"
        assert len(_labels(body)) == expected_count(_setup(body)), (fmt, n)


def test_groups_match_count() -> None:
    for n in range(4, 30):
        for g in range(1, n // 2 + 1):
            for m in (1, 2):
                if g * m < 2:
                    continue
                body = f"format: groups_knockout, entrants: {n}, groups: {g}, advance: {m}"
                assert len(_labels(body)) == expected_count(_setup(body)), (n, g, m)


# ---------------------------------------------------------------- round robins


RR = tournament("format: round_robin, teams: [a, b, c, d], match: 60m")
RR_GOOD = [match("t/a-b", "2027-03-01T09:00", "a", "b"),
           match("t/c-d", "2027-03-01T09:00", "c", "d"),
           match("t/a-c", "2027-03-02T09:00", "a", "c"),
           match("t/b-d", "2027-03-02T09:00", "b", "d"),
           match("t/a-d", "2027-03-03T09:00", "a", "d"),
           match("t/b-c", "2027-03-03T09:00", "b", "c")]


def test_round_robin_clean(run) -> None:
    assert clean(run(RR, RR_GOOD))


def test_wrong_number_of_matches(run) -> None:
    found = run(RR, RR_GOOD[:-1])
    assert kinds(found) == {"occurrence-set", "match-count", "match-pairs"}
    assert any("5 matches reported; round_robin of 4 gives 6" in v.message for v in found)


def test_a_pair_meets_twice(run) -> None:
    again = match("t/b-a", "2027-03-04T09:00", "b", "a")
    assert kinds(run(RR, RR_GOOD + [again])) == {"occurrence-set", "match-count", "match-pairs"}
    # the right ids, but b-c's teams claimed as a and d: a-d twice, b-c never
    relabelled = RR_GOOD[:-1] + [match("t/b-c", "2027-03-03T11:00", "a", "d")]
    assert kinds(run(RR, relabelled)) == {"match-field", "match-pairs", "fields"}


def test_double_round_robin(run) -> None:
    plan = tournament("format: double_round_robin, teams: [a, b, c], match: 60m")
    good = [match("t/a-b", "2027-03-01T09:00", "a", "b"),
            match("t/a-c", "2027-03-02T09:00", "a", "c"),
            match("t/b-c", "2027-03-03T09:00", "b", "c"),
            match("t/b-a", "2027-03-04T09:00", "b", "a"),
            match("t/c-a", "2027-03-05T09:00", "c", "a"),
            match("t/c-b", "2027-03-06T09:00", "c", "b")]
    assert clean(run(plan, good))
    # the second leg of a-b played with the first leg's home team
    same_home = good[:3] + [match("t/b-a", "2027-03-04T09:00", "a", "b")] + good[4:]
    assert kinds(run(plan, same_home)) == {"match-field", "match-pairs"}
    assert kinds(run(plan, good[:5])) == {"occurrence-set", "match-count", "match-pairs"}


def test_match_fields(run) -> None:
    wrong_home = RR_GOOD[:-1] + [match("t/b-c", "2027-03-03T09:00", "c", "b")]
    assert kinds(run(RR, wrong_home)) == {"match-field"}
    no_cands = RR_GOOD[:-1] + [match("t/b-c", "2027-03-03T09:00", "b", "c", cands=[])]
    assert kinds(run(RR, no_cands)) == {"match-field"}
    bad_title = RR_GOOD[:-1] + [dict(RR_GOOD[-1], title="b vs c")]
    assert kinds(run(RR, bad_title)) == {"fields"}
    no_match = RR_GOOD[:-1] + [{k: v for k, v in RR_GOOD[-1].items() if k != "match"}]
    assert kinds(run(RR, no_match)) == {"match-field", "match-pairs"}  # b-c unseen


def test_rest_between_a_teams_matches(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c], match: 60m, "
                      "rest: {min_hours: 20}")
    # rest is real time: 17:00-18:00, then 14:00 the next day is 20 h (the night counts)
    good = [match("t/a-b", "2027-03-01T17:00", "a", "b"),
            match("t/a-c", "2027-03-02T14:00", "a", "c"),
            match("t/b-c", "2027-03-03T11:00", "b", "c")]
    assert clean(run(plan, good))
    short = [good[0], moved(good[1], "2027-03-02T13:30"), good[2]]
    found = run(plan, short)
    assert kinds(found) == {"tournament-rest"}
    assert found[0].occurrences == ("t/a-b", "t/a-c")


def test_max_per_day(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c, d], match: 60m, max_per_day: 1")
    assert clean(run(plan, RR_GOOD))
    twice = RR_GOOD[:2] + [moved(RR_GOOD[2], "2027-03-01T11:00")] + RR_GOOD[3:]
    found = run(plan, twice)
    assert kinds(found) == {"tournament-max-per-day"}
    assert "a can play 2 matches on 2027-03-01" in found[0].message


def test_span(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c, d], match: 60m, span: 3")
    assert clean(run(plan, RR_GOOD))  # 03-01 to 03-03: three days
    late = RR_GOOD[:5] + [moved(RR_GOOD[5], "2027-03-04T09:00")]
    assert kinds(run(plan, late)) == {"tournament-span"}


def test_match_days(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c, d], match: 60m, "
                      "match_days: [mon, 2027-03-03]")
    good = RR_GOOD[:2] + [moved(RR_GOOD[2], "2027-03-08T09:00"),
                          moved(RR_GOOD[3], "2027-03-08T09:00")] + RR_GOOD[4:]
    assert clean(run(plan, good))
    assert kinds(run(plan, RR_GOOD)) == {"match-days"}  # 03-02 is a Tuesday


def test_tournament_courts(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c, d], match: 60m, courts: 1")
    assert kinds(run(plan, RR_GOOD)) == {"tournament-courts"}
    one_at_a_time = [moved(o, f"2027-03-0{k // 2 + 1}T{9 + 2 * (k % 2):02d}:00")
                     for k, o in enumerate(RR_GOOD)]
    assert clean(run(plan, one_at_a_time))


def test_venue_courts(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c, d], match: 60m, venue: gym") \
        + "  - {id: y, kind: event, duration: 1h, venue: gym}\n"
    on_gym = [dict(o, venue="gym") for o in RR_GOOD]
    assert clean(run(plan, on_gym + [timed("y", "2027-03-01T10:00", venue="gym")]))
    assert kinds(run(plan, on_gym + [timed("y", "2027-03-01T09:30", venue="gym")])) \
        == {"venue-overlap"}  # two matches and y at once; the gym has 2 courts


def test_referee_never_officiates_own_team(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c, d], match: 60m, "
                      "staff: {role: referee, count: 1}")
    # zhou is member of dept, and a is part of dept
    good = [dict(o, staff=["qian" if k % 2 == 0 else "sun"]) for k, o in enumerate(RR_GOOD)]
    good[1] = dict(good[1], staff=["zhou"])  # c-d, while a-b plays: zhou is not busy
    found = run(plan, good)
    assert kinds(found) == {"member-of"}  # ... but a (part of dept) plays a-b at the time
    good[1] = dict(good[1], start="2027-03-01T10:00:00+08:00", end="2027-03-01T11:00:00+08:00")
    assert clean(run(plan, good))
    own = list(good)
    own[0] = dict(own[0], staff=["zhou"])  # a-b
    assert kinds(run(plan, own)) == {"referee-own-team"}


def test_players_play_one_match_at_a_time(run) -> None:
    plan = tournament("format: round_robin, entrants: 3, match: 60m")
    good = [match("t/P1-P2", "2027-03-01T09:00", "P1", "P2", players=True),
            match("t/P1-P3", "2027-03-01T10:00", "P1", "P3", players=True),
            match("t/P2-P3", "2027-03-01T11:00", "P2", "P3", players=True)]
    assert clean(run(plan, good))
    assert kinds(run(plan, [good[0], moved(good[1], "2027-03-01T09:30"), good[2]])) \
        == {"player-overlap"}
    # players are no groups: a match has no audience of them
    assert kinds(run(plan, [dict(good[0], audience=["P1", "P2"])] + good[1:])) == {"fields"}


def test_tournament_audience(run) -> None:
    plan = tournament("format: round_robin, teams: [a, b, c], match: 60m, audience: fans, "
                      "venue: court")
    good = [match("t/a-b", "2027-03-01T09:00", "a", "b", extra=("fans",), venue="court"),
            match("t/a-c", "2027-03-01T10:00", "a", "c", extra=("fans",), venue="court"),
            match("t/b-c", "2027-03-01T11:00", "b", "c", extra=("fans",), venue="court")]
    assert clean(run(plan, good))
    assert kinds(run(plan, [dict(good[0], audience=["a", "b"])] + good[1:])) == {"fields"}


# ---------------------------------------------------------------- knockouts


KO = tournament("format: knockout, teams: [a, b, c, d], third_place: true, match: 60m, "
                "rest: {min_hours: 20}")
ALL = ["a", "d", "b", "c"]
KO_GOOD = [match("t/SF1", "2027-03-01T09:00", "a", "d"),
           match("t/SF2", "2027-03-01T09:00", "b", "c"),
           match("t/3P", "2027-03-02T09:00", None, None, ALL, 2),
           match("t/F", "2027-03-02T11:00", None, None, ALL, 2)]


def test_knockout_clean(run) -> None:
    assert clean(run(KO, KO_GOOD))


def test_final_before_a_semi_final(run) -> None:
    late_semi = [moved(KO_GOOD[0], "2027-03-02T12:00")] + KO_GOOD[1:]
    found = run(KO, late_semi)
    assert kinds(found) == {"knockout-order"}
    assert {v.occurrences for v in found} == {("t/SF1", "t/3P"), ("t/SF1", "t/F")}


def test_rest_before_the_next_round(run) -> None:
    early_final = KO_GOOD[:3] + [moved(KO_GOOD[3], "2027-03-01T11:00")]
    found = run(KO, early_final)
    assert kinds(found) == {"tournament-rest"}  # one hour after the semi-finals, not 20
    assert {v.occurrences for v in found} == {("t/SF1", "t/F"), ("t/SF2", "t/F")}


def test_undecided_matches_block_every_candidate(run) -> None:
    at_once = KO_GOOD[:3] + [moved(KO_GOOD[3], "2027-03-02T09:00")]
    assert kinds(run(KO, at_once)) == {"audience-overlap"}
    narrow = KO_GOOD[:3] + [dict(KO_GOOD[3], audience=["a", "b"])]
    assert kinds(run(KO, narrow)) == {"fields"}
    wrong_cands = KO_GOOD[:3] + [match("t/F", "2027-03-02T11:00", None, None, ["a", "b"], 2)]
    assert "match-field" in kinds(run(KO, wrong_cands))
    early_round = KO_GOOD[:3] + [match("t/F", "2027-03-02T11:00", None, None, ALL, 1)]
    assert kinds(run(KO, early_round)) == {"match-field"}


def test_max_per_day_counts_what_a_team_can_play(run) -> None:
    plan = KO.replace("rest: {min_hours: 20}", "max_per_day: 1")
    # the final and the third-place match on one day: each team plays only one of them
    assert clean(run(plan, KO_GOOD))
    same_day = KO_GOOD[:2] + [moved(KO_GOOD[2], "2027-03-01T11:00"), KO_GOOD[3]]
    found = run(plan, same_day)
    assert kinds(found) == {"tournament-max-per-day"}  # a semi-final loser plays 3P too
    assert len(found) == 4


def test_referee_of_an_undecided_match(run) -> None:
    plan = KO.replace("match: 60m", "match: 60m, staff: {role: referee, count: 1}")
    staffed = [dict(o, staff=[p]) for o, p in zip(KO_GOOD, ["qian", "sun"] * 2, strict=True)]
    assert clean(run(plan, staffed))
    # a (part of zhou's dept) can still reach the final
    assert kinds(run(plan, staffed[:3] + [dict(staffed[3], staff=["zhou"])])) \
        == {"referee-own-team"}
    # SF2 (b v c): a cannot reach it (but zhou must not work while a plays SF1)
    own_sf2 = [staffed[0], dict(moved(staffed[1], "2027-03-01T11:00"), staff=["zhou"])]
    assert clean(run(plan, own_sf2 + staffed[2:]))
    assert kinds(run(plan, [staffed[0], dict(staffed[1], staff=["zhou"])] + staffed[2:])) \
        == {"member-of"}


def test_capacity_of_an_undecided_match(run) -> None:
    plan = KO.replace("match: 60m", "match: 60m, venue: {any_of: [gym, court]}")
    placed = [dict(KO_GOOD[0], venue="court"), dict(KO_GOOD[1], venue="gym"),
              dict(KO_GOOD[2], venue="gym"), dict(KO_GOOD[3], venue="gym")]
    assert clean(run(plan, placed))  # a semi-final's two teams: 20 people
    assert kinds(run(plan, placed[:3] + [dict(placed[3], venue="court")])) == {"capacity"}


def test_knockout_pairs(run) -> None:
    # SF2 claimed as a v d again: the pair meets twice
    twice = [KO_GOOD[0], match("t/SF2", "2027-03-01T11:00", "a", "d")] + KO_GOOD[2:]
    assert {"match-pairs", "match-field"} <= kinds(run(KO, twice))


def test_a_single_match_has_the_bare_id(run) -> None:
    plan = tournament("format: knockout, teams: [a, b], match: 60m")
    assert clean(run(plan, [match("t", "2027-03-01T09:00", "a", "b")]))
    assert kinds(run(plan, [match("t/F", "2027-03-01T09:00", "a", "b")])) \
        == {"occurrence-set"}


def test_players_knockout(run) -> None:
    plan = tournament("format: knockout, entrants: 4, third_place: true, match: 60m")
    ps = ["P1", "P4", "P2", "P3"]
    good = [match("t/SF1", "2027-03-01T09:00", "P1", "P4", players=True),
            match("t/SF2", "2027-03-01T09:00", "P2", "P3", players=True),
            match("t/3P", "2027-03-01T10:00", None, None, ps, 2, players=True),
            match("t/F", "2027-03-01T10:00", None, None, ps, 2, players=True)]
    # a player plays the final or the third-place match, never both: they may run at once
    assert clean(run(plan, good))
    assert kinds(run(plan, good[:3] + [moved(good[3], "2027-03-01T09:30")])) \
        == {"knockout-order"}


def test_pins(run) -> None:
    plan = KO.replace("match: 60m", "match: 60m, venue: {any_of: [gym, court]}, fixed: "
                      "[2027-03-01T09:00, {at: 2027-03-01, venue: gym}, null, 2027-03-02T11:00]")
    placed = [dict(o, venue=v) for o, v in zip(KO_GOOD, ["court", "gym", "gym", "gym"],
                                               strict=True)]
    assert clean(run(plan, placed))
    # which match an entry pins is not spelled out: any one-to-one assignment will do
    assert clean(run(plan, [dict(placed[0], venue="gym"), dict(placed[1], venue="court")]
                     + placed[2:]))
    no_gym = [dict(placed[0], venue="court"), dict(moved(placed[1], "2027-03-01T11:00"),
                                                   venue="court")]
    assert kinds(run(plan, no_gym + placed[2:])) == {"pinned"}  # nothing on 03-01 in the gym
    assert kinds(run(plan, placed[:3])) == {"occurrence-set", "match-count", "pinned"}
    assert kinds(run(plan, placed[:3] + [moved(placed[3], "2027-03-02T12:00")])) == {"pinned"}


def test_groups_knockout(run) -> None:
    plan = tournament("format: groups_knockout, groups: 2, advance: 1, teams: [a, b, c, d, e], "
                      "match: 60m")
    # A: a, d, e; B: b, c; the final waits for every group match
    group_a, group_b = ["a", "d", "e"], ["b", "c"]
    good = [match("t/A/a-d", "2027-03-01T09:00", "a", "d"),
            match("t/A/a-e", "2027-03-01T10:00", "a", "e"),
            match("t/A/d-e", "2027-03-01T11:00", "d", "e"),
            match("t/B/b-c", "2027-03-01T09:00", "b", "c"),
            match("t/KO/F", "2027-03-01T12:00", None, None, group_a + group_b, 4)]
    assert clean(run(plan, good))
    early = good[:4] + [moved(good[4], "2027-03-01T11:00")]
    found = run(plan, early)
    assert {"knockout-order"} <= kinds(found)
    assert ("t/A/d-e", "t/KO/F") in {v.occurrences for v in found}
    # b v c under the wrong id: they still meet once
    assert kinds(run(plan, good[:3] + [match("t/B/c-b", "2027-03-01T09:00", "c", "b"),
                                       good[4]])) == {"occurrence-set"}


# ---------------------------------------------------------------- preferences


def test_compact_score(run) -> None:
    plan = RR.replace("match: 60m", "match: 60m, prefer: {compact: 3}")
    entry = {"rule": "compact:t", "type": "tournament.compact", "weight": 3, "units": 3,
             "penalty": 9, "occurrences": []}
    assert clean(run(plan, RR_GOOD, score=[entry]))
    assert kinds(run(plan, RR_GOOD, score=[dict(entry, units=2, penalty=6)])) == {"score"}
    assert kinds(run(plan, RR_GOOD, score=[dict(entry, penalty=8)])) == {"score"}
    assert kinds(run(plan, RR_GOOD, score=[dict(entry, type="compact")])) == {"score"}
    assert kinds(run(plan, RR_GOOD)) == {"score"}  # the entry is missing


def test_spread_score_bounds(run) -> None:
    plan = RR.replace("match: 60m", "match: 60m, prefer: {spread: 2}").replace(
        "2027-03-31", "2027-03-14")
    # each team: 3 matches, all in W09; its windows touch W09 and W10 (the plan period):
    # over 1 week the share is 3 (0 over), over 2 weeks it is 2 (1 over), for 4 teams
    entry = {"rule": "spread:t", "type": "tournament.spread", "weight": 2, "units": 4,
             "penalty": 8, "occurrences": []}
    assert clean(run(plan, RR_GOOD, score=[entry]))
    assert clean(run(plan, RR_GOOD, score=[dict(entry, units=0, penalty=0)]))
    assert kinds(run(plan, RR_GOOD, score=[dict(entry, units=5, penalty=10)])) == {"score"}
    narrow = plan.replace("match: 60m", "match: 60m, when: {between: [2027-03-01, 2027-03-07]}")
    assert kinds(run(narrow, RR_GOOD, score=[entry])) == {"score"}  # one week only: 0
    # match days only in W09: whether W10 counts as a week the windows touch is left open
    days = plan.replace("match: 60m", "match: 60m, match_days: [2027-03-01, 2027-03-02, "
                        "2027-03-03]")
    assert clean(run(days, RR_GOOD, score=[entry]))
    assert clean(run(days, RR_GOOD, score=[dict(entry, units=0, penalty=0)]))


def test_fair_slots_score(run) -> None:
    plan = RR.replace("match: 60m", "match: 60m, prefer: {fair_slots: 1}, "
                      "when: {time: '09:00-11:00'}")
    # legal starts 09:00, 09:30, 10:00: early 09:00, late 10:00; every match at 09:00:
    # each team plays 3, all early: 3 - ceil(3/3) = 2 over, for 4 teams: 8 units
    entry = {"rule": "fair_slots:t", "type": "tournament.fair_slots", "weight": 1,
             "units": 8, "penalty": 8, "occurrences": []}
    assert clean(run(plan, RR_GOOD, score=[entry]))
    assert kinds(run(plan, RR_GOOD, score=[dict(entry, units=0, penalty=0)])) == {"score"}
    # a-b at 10:00 (late): a and b play 1 late match (share 1) and 2 early (1 over each)
    later = [moved(RR_GOOD[0], "2027-03-01T10:00")] + RR_GOOD[1:]
    assert clean(run(plan, later, score=[dict(entry, units=6, penalty=6)]))


# ---------------------------------------------------------------- plans not judged


@pytest.mark.parametrize("body", [
    "format: swiss, teams: [a, b], match: 60m",
    "format: knockout, teams: [a, b, c], third_place: true, match: 60m",
    "format: round_robin, teams: [a, b], match: 1d",
    "format: round_robin, teams: [a, b, c], match: 60m, fixed: [2027-03-01]",
    "format: round_robin, teams: [a, b], entrants: 2, match: 60m",
    "format: round_robin, teams: [a, b], match: 60m, prefer: {balance: 1}",
    "format: round_robin, teams: [a, b], match: 60m, fixed: {at: 2027-03-01, venue: gym}",
])
def test_unsupported_tournaments(run, body: str) -> None:
    with pytest.raises(UnsupportedPlan):
        run(tournament(body), [])


# ---------------------------------------------------------------- end to end


PLANS = sorted((Path(__file__).parent / "plans" / "tournaments").glob("*.yaml"))


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_end_to_end_tournaments(tmp_path: Path, plan: Path) -> None:
    from scheduler.cli import run as scheduler_run
    from scheduler.plugins import reset_plugins

    reset_plugins()
    assert scheduler_run(["solve", str(plan), "-o", str(tmp_path / "out"), "-q"]) == 0
    schedule = json.loads((tmp_path / "out" / "schedule.json").read_text(encoding="utf-8"))
    assert any(o["kind"] == "tournament" for o in schedule["occurrences"])
    if plan.stem in ("knockout", "groups_knockout", "fair_slots", "spread_match_days"):
        assert schedule["objective"] > 0  # the score check compared real units
    violations = check(plan, tmp_path / "out")
    assert clean(violations)
