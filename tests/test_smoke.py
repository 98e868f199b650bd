"""The CLI answers and a small plan solves end to end."""

from pathlib import Path

PLAN = """
plan: {id: smoke, name: 冒烟测试, year: 2026, calendars: []}
venues: [{id: hall, name: 报告厅, capacity: 50}]
staff: [{id: li, name: 李主席, roles: [chair]}]
groups: [{id: all, name: 全体, size: 30}]
activities:
  - {id: meet, kind: series, title: 例会, every: month, duration: 1h, venue: hall,
     staff: [li], audience: [all], when: {days: [workday]}}
"""


def test_solve_small_plan(cli, tmp_path: Path) -> None:
    plan = tmp_path / "smoke.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, out, err = cli("solve", plan, "-o", tmp_path / "out")
    assert code == 0, err
    assert (tmp_path / "out" / "schedule.json").exists()
    assert (tmp_path / "out" / "calendar.ics").exists()
