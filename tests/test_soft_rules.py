"""Preferences: each weighted rule costs exactly weight × units, and nothing when it
can be kept (a penalised and an unpenalised case per rule)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEAD = ('plan: {name: 偏好测试, calendars: [], slot_minutes: 60, day: "08:00-12:00",'
        " period: {start: 2026-03-02, end: 2026-03-15}}\n")


def solve(cli, tmp_path: Path, body: str) -> dict:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + body, encoding="utf-8")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out", "-q", "--format", "json")
    assert code == 0, err
    return json.loads((tmp_path / "out" / "schedule.json").read_text(encoding="utf-8"))


def entry(schedule: dict, rule: str) -> dict:
    return next(s for s in schedule["score"] if s["rule"] == rule)


CASES = {
    # name: (body, rule id, units, penalty, occurrences)
    "max_per_week": ("""
activities:
  - {id: a, kind: event, title: 甲, category: sport, duration: 1d, fixed: 2026-03-02}
  - {id: b, kind: event, title: 乙, category: sport, duration: 1d, fixed: 2026-03-04}
rules:
  - {id: weekly, type: max_per_week, scope: {category: sport}, limit: 1, weight: 3}
""", "weekly", 1, 3, ["a", "b"]),
    "max_per_day": ("""
activities:
  - {id: a, kind: event, title: 甲, duration: 1h, fixed: 2026-03-02T08:00}
  - {id: b, kind: event, title: 乙, duration: 1h, fixed: 2026-03-02T09:00}
rules:
  - {type: max_per_day, limit: 1, weight: 2}
""", "max_per_day-1", 1, 2, ["a", "b"]),
    "min_gap_days": ("""
activities:
  - {id: a, kind: event, title: 甲, duration: 1d, fixed: 2026-03-02}
  - {id: b, kind: event, title: 乙, duration: 1d, fixed: 2026-03-03}
rules:
  - {type: min_gap_days, between: [a, b], days: 3, weight: 4}
""", "min_gap_days-1", 2, 8, ["a", "b"]),
    "before": ("""
activities:
  - {id: train, kind: event, title: 培训, duration: 1d, count: 2, fixed: [2026-03-04, 2026-03-06]}
  - {id: contest, kind: event, title: 竞赛, duration: 1d, fixed: 2026-03-05}
rules:
  - {type: before, first: train, then: contest, weight: 5}
""", "before-1", 1, 5, ["contest", "train/2"]),
    "spread": ("""
activities:
  - {id: a, kind: event, title: 读书会, category: culture, duration: 1d, fixed: 2026-03-02, when: {between: [2026-03-02, 2026-03-15]}}
  - {id: b, kind: event, title: 书画展, category: culture, duration: 1d, fixed: 2026-03-03, when: {between: [2026-03-02, 2026-03-15]}}
rules:
  - {type: spread, scope: {category: culture}, over: week, weight: 5}
""", "spread-1", 1, 5, ["a", "b"]),
    "spread_default_weight": ("""
activities:
  - {id: a, kind: event, title: 读书会, category: culture, duration: 1d, fixed: 2026-03-02}
  - {id: b, kind: event, title: 书画展, category: culture, duration: 1d, fixed: 2026-03-03}
rules:
  - {type: spread, scope: {category: culture}, over: week}
""", "spread-1", 1, 1, ["a", "b"]),
    "spacing_min": ("""
activities:
  - {id: course, kind: series, title: 培训, duration: 1d, count: 2, spacing: {min_days: 3, weight: 2}, fixed: [2026-03-02, 2026-03-03]}
""", "spacing:course", 2, 4, ["course/1", "course/2"]),
    "spacing_max": ("""
activities:
  - {id: course, kind: series, title: 培训, duration: 1d, count: 2, spacing: {max_days: 2, weight: 3}, fixed: [2026-03-02, 2026-03-07]}
""", "spacing:course", 3, 9, ["course/1", "course/2"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_penalised_exactly(cli, tmp_path: Path, name: str) -> None:
    body, rule, units, penalty, occurrences = CASES[name]
    schedule = solve(cli, tmp_path, body)
    score = entry(schedule, rule)
    assert (score["units"], score["penalty"], score["occurrences"]) == (units, penalty, occurrences)
    assert schedule["objective"] == sum(s["penalty"] for s in schedule["score"])
    assert schedule["status"] == "optimal" and schedule["bound"] == schedule["objective"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_unpenalised_when_it_can_be_kept(cli, tmp_path: Path, name: str) -> None:
    body, rule, *_ = CASES[name]
    free = "\n".join(line.split(", fixed:")[0] + ("}" if ", fixed:" in line else "")
                     for line in body.splitlines())
    schedule = solve(cli, tmp_path, free)
    score = entry(schedule, rule)
    assert (score["units"], score["penalty"], score["occurrences"]) == (0, 0, [])
    assert schedule["objective"] == 0
