"""`scheduler explain`: the score per rule and occurrence, `--why`, and the diagnosis."""

from __future__ import annotations

import json
from pathlib import Path

PLANS = Path(__file__).parent / "plans"
WEEK = PLANS / "explain" / "week.yaml"


def explain(cli, *args) -> tuple[int, dict | None, str, str]:
    code, out, err = cli("explain", *args, "--json")
    return code, json.loads(out) if out.strip() else None, out, err


def test_score_per_rule_and_occurrence(cli) -> None:
    code, data, _, err = explain(cli, WEEK)
    assert code == 0, err
    score = data["score"]
    assert score["objective"] == 5
    (rule,) = score["rules"]
    assert (rule["rule"], rule["units"], rule["penalty"]) == ("one-sport-a-week", 1, 5)
    (term,) = rule["terms"]
    assert term["tag"] == "2026-W10" and sorted(term["occurrences"]) == ["basketball", "tug"]
    assert sorted(score["occurrences"]) == ["basketball", "tug"]
    code, out, _ = cli("explain", WEEK)
    assert code == 0 and "one-sport-a-week (max_per_week, weight 5): 1 unit(s), penalty 5" in out


def _attempts(cli, occurrence: str, *extra: str) -> list[dict]:
    code, data, _, err = explain(cli, WEEK, "--why", occurrence, *extra)
    assert code == 0, err
    assert data["why"]["occurrence"] == occurrence
    return data["why"]["attempts"]


def test_why_an_earlier_day_would_cost_more(cli) -> None:
    attempts = _attempts(cli, "relay", "--tries", "2")
    assert [a["start"] for a in attempts] == ["2026-03-02", "2026-03-08"]
    for attempt in attempts:
        assert attempt["verdict"] == "costlier"
        assert attempt["cost"] == 5 and attempt["by_rule"] == {"one-sport-a-week": 5}


def test_why_names_the_rule_and_the_pinned_item_in_the_way(cli) -> None:
    first, *_, same_day = _attempts(cli, "quiz")
    assert first["verdict"] == "impossible"
    assert {(b["kind"], b["id"]) for b in first["blockers"]} == {
        ("activity", "talk"),
        ("rule", "talk-first"),
    }
    assert same_day["start"] == "2026-03-09 08:00-10:00"
    assert [(b["kind"], b["id"]) for b in same_day["blockers"]] == [("activity", "talk")]
    assert "holds venue hall" in same_day["blockers"][0]["says"]


def test_why_an_occurrence_in_the_way_that_could_move(cli) -> None:
    (attempt,) = _attempts(cli, "song", "--at", "2026-03-10T08:00")
    assert attempt["verdict"] == "blocked"
    (blocker,) = attempt["blockers"]
    assert blocker["kind"] == "occurrence" and blocker["id"] == "film"
    assert "holds venue hall" in blocker["says"]
    assert attempt["note"] == "possible if the occurrences in the way move"


def test_why_unknown_occurrence_is_bad_input(cli) -> None:
    code, _, err = cli("explain", WEEK, "--why", "nothing")
    assert code == 2 and "no occurrence 'nothing'" in err


def test_explain_an_unschedulable_plan_gives_the_diagnosis(cli) -> None:
    plan = PLANS / "infeasible" / "min-gap-window.yaml"
    code, data, _, _ = explain(cli, plan)
    assert code == 1
    assert {c["id"] for c in data["conflicts"]} == {"outing", "sports", "apart"}
    assert data["relaxations"][0]["solves"] is True
    code, out, err = cli("explain", plan)
    assert code == 1 and out == ""
    assert "changes that make it schedulable, smallest first:" in err
    assert "min-gap-window.yaml:10 rule apart (min_gap_days)" in err
