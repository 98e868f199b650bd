"""The profile rules as preferences: exactly weight × units when broken, nothing when
they can be kept (a penalised and an unpenalised case each)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEAD = (
    'plan: {{name: 偏好测试, calendars: [], slot_minutes: 60, day: "08:00-12:00",'
    " period: {{start: {start}, end: {end}}}{extra}}}\n"
)

CASES = {
    # name: (period and extra header keys, body, rule id, units, penalty, occurrences)
    "sports_on_weekends": (
        ("2026-03-02", "2026-03-15", ""),
        """
activities:
  - {id: a, kind: event, title: 篮球赛, category: sport, duration: 1d, fixed: 2026-03-02}
rules:
  - {id: weekends, type: enterprise.sports_on_weekends, weight: 3}
""",
        "weekends",
        1,
        3,
        ["a"],
    ),
    "sports_on_weekends_default_weight": (
        ("2026-03-02", "2026-03-15", ""),
        """
activities:
  - {id: a, kind: event, title: 篮球赛, category: sport, duration: 2d, fixed: 2026-03-06}
rules:
  - {type: enterprise.sports_on_weekends}
""",
        "enterprise.sports_on_weekends-1",
        1,
        1,
        ["a"],
    ),
    "avoid_month_end": (
        ("2026-03-23", "2026-03-31", ""),
        """
activities:
  - {id: m, kind: event, title: 部门会议, duration: 1h, when: {days: [workday]}, fixed: 2026-03-30T08:00}
rules:
  - {type: enterprise.avoid_month_end, last_workdays: 2, weight: 4}
""",
        "enterprise.avoid_month_end-1",
        1,
        4,
        ["m"],
    ),
    "no_events_in_exam_weeks": (
        ("2026-03-02", "2026-03-15", ", periods: {exam_weeks: [2026-03-02, 2026-03-06]}"),
        """
activities:
  - {id: talk, kind: event, title: 讲座, duration: 1h, fixed: 2026-03-03T08:00}
rules:
  - {type: school.no_events_in_exam_weeks, weight: 2}
""",
        "school.no_events_in_exam_weeks-1",
        1,
        2,
        ["talk"],
    ),
    "min_on_duty": (
        ("2026-03-02", "2026-03-03", ""),
        """
staff:
  - {id: n1, name: 护士甲, roles: [nurse]}
  - {id: n2, name: 护士乙, roles: [nurse]}
activities:
  - {id: a, kind: event, title: 培训甲, duration: 1h, staff: [n1], fixed: 2026-03-02T08:00}
  - {id: b, kind: event, title: 培训乙, duration: 1h, staff: [n2], fixed: 2026-03-02T10:00}
rules:
  - {id: duty, type: hospital.min_on_duty, role: nurse, min: 1, weight: 5}
""",
        "duty",
        1,
        5,
        ["a", "b"],
    ),
}


def solve(cli, tmp_path: Path, name: str, free: bool) -> dict:
    (start, end, extra), body, *_ = CASES[name]
    if free:
        body = "\n".join(
            line.split(", fixed:")[0] + "}" if ", fixed:" in line else line
            for line in body.splitlines()
        )
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD.format(start=start, end=end, extra=extra) + body, encoding="utf-8")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out", "-q", "--format", "json")
    assert code == 0, err
    return json.loads((tmp_path / "out" / "schedule.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_penalised_exactly(cli, tmp_path: Path, name: str) -> None:
    *_, rule, units, penalty, occurrences = CASES[name]
    schedule = solve(cli, tmp_path, name, free=False)
    score = next(s for s in schedule["score"] if s["rule"] == rule)
    assert (score["units"], score["penalty"], score["occurrences"]) == (units, penalty, occurrences)
    assert schedule["objective"] == penalty


@pytest.mark.parametrize("name", sorted(CASES))
def test_unpenalised_when_it_can_be_kept(cli, tmp_path: Path, name: str) -> None:
    *_, rule, _, _, _ = CASES[name]
    schedule = solve(cli, tmp_path, name, free=True)
    score = next(s for s in schedule["score"] if s["rule"] == rule)
    assert (score["units"], score["penalty"], score["occurrences"]) == (0, 0, [])
