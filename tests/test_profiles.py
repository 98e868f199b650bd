"""Organisation profiles: templates, default periods and dates, and how default rules
enter a plan (named by id, replaced by a plan rule, dropped with plan.drop_rules)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from plugins.calendars.china_lunar import spring_festival
from plugins.profiles import school

PROFILES = ["school", "hospital", "enterprise"]
D = dt.date


def solve(cli, plan: Path, out: Path) -> tuple[int, dict | None, str]:
    code, _, err = cli("solve", plan, "-o", out, "-q", "--format", "json")
    found = out / "schedule.json"
    return code, json.loads(found.read_text("utf-8")) if found.exists() else None, err


@pytest.mark.parametrize("profile", PROFILES)
def test_each_template_validates_and_solves(cli, tmp_path: Path, profile: str) -> None:
    plan = tmp_path / f"{profile}.yaml"
    code, _, err = cli("new", "--profile", profile, plan)
    assert code == 0, err
    assert f"profile: {profile}" in plan.read_text("utf-8")
    code, _, err = cli("validate", plan)
    assert code == 0, err
    code, schedule, err = solve(cli, plan, tmp_path / "out")
    assert code == 0, err
    assert schedule["status"] == "optimal" and schedule["occurrences"]
    if profile == "school":  # the default rule keeps events out of the exam weeks
        exams = school.periods(2026)["exam_weeks"]
        for occ in schedule["occurrences"]:
            if occ["kind"] == "event":
                day = D.fromisoformat(occ["start"][:10])
                assert not any(a <= day <= b for a, b in exams), occ
    if profile == "enterprise":  # its soft default rules are scored under their ids
        rules = {s["rule"]: s["weight"] for s in schedule["score"]}
        assert rules == {"enterprise.sports_on_weekends": 1, "enterprise.avoid_month_end": 5}


def test_new_refuses_to_overwrite_unless_forced(cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("mine\n", encoding="utf-8")
    code, _, err = cli("new", "--profile", "school", plan)
    assert code == 2 and "exists; pass --force" in err
    assert plan.read_text("utf-8") == "mine\n"
    code, _, err = cli("new", "--profile", "school", plan, "--force")
    assert code == 0, err
    assert "profile: school" in plan.read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]  # no temp file left


def test_new_names_the_profiles(cli, tmp_path: Path) -> None:
    code, _, err = cli("new", "--profile", "scool", tmp_path / "plan.yaml")
    assert code == 2 and "did you mean school?" in err and "enterprise, hospital, school" in err
    assert not (tmp_path / "plan.yaml").exists()


def test_school_periods_2026() -> None:
    periods = school.periods(2026)
    assert periods["winter_vacation"] == [(D(2026, 1, 31), D(2026, 3, 1))]
    assert periods["summer_vacation"] == [(D(2026, 7, 4), D(2026, 8, 31))]
    assert periods["spring_term"] == [(D(2026, 3, 2), D(2026, 7, 3))]
    assert periods["autumn_term"] == [
        (D(2025, 9, 1), D(2026, 1, 30)),
        (D(2026, 9, 1), D(2027, 1, 22)),
    ]
    assert periods["exam_weeks"] == [
        (D(2026, 1, 19), D(2026, 1, 30)),
        (D(2026, 6, 22), D(2026, 7, 3)),
    ]


@pytest.mark.parametrize("year", range(2020, 2036))
def test_winter_vacation_surrounds_the_spring_festival(year: int) -> None:
    start, end = school.winter_vacation(year)
    assert start.weekday() == 5 and end.weekday() == 6
    assert start + dt.timedelta(days=14) <= spring_festival(year) <= end - dt.timedelta(days=12)
    assert 30 <= (end - start).days + 1 <= 37  # Saturday to Sunday, 5 or 6 weekends
    periods = school.periods(year)
    (spring,) = periods["spring_term"]
    assert spring[0].weekday() == 0 and spring[1].weekday() == 4
    for first, last in periods["exam_weeks"]:
        assert first.weekday() == 0 and last.weekday() == 4


HEAD = (
    'plan: {{name: 配置测试, calendars: [], slot_minutes: 60, day: "08:00-12:00",'
    " period: {{start: 2026-03-02, end: 2026-03-06}}{extra}}}\n"
)


def write(tmp_path: Path, extra: str, body: str) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD.format(extra=extra) + body, encoding="utf-8")
    return plan


EXAM = ", profile: school, periods: {exam_weeks: [2026-03-02, 2026-03-05]}"
TALK = (
    "activities:\n  - {id: talk, kind: event, title: 专题讲座, duration: 1d, fixed: 2026-03-03}\n"
)


def test_default_rule_is_named_in_the_diagnosis(cli, tmp_path: Path) -> None:
    plan = write(tmp_path, EXAM, TALK)
    code, _, err = cli("solve", plan, "-o", tmp_path / "out")
    assert code == 1
    assert "rule school.no_events_in_exam_weeks" in err
    diagnosis = json.loads((tmp_path / "out" / "diagnosis.json").read_text("utf-8"))
    rule = next(c for c in diagnosis["conflicts"] if c["kind"] == "rule")
    assert rule["id"] == "school.no_events_in_exam_weeks" and rule["line"] == 1  # profile:


def test_a_plan_rule_with_its_id_replaces_a_default_rule(cli, tmp_path: Path) -> None:
    rules = (
        "rules:\n  - {id: school.no_events_in_exam_weeks, type: school.no_events_in_exam_weeks,"
        " weight: 7}\n"
    )
    code, schedule, err = solve(cli, write(tmp_path, EXAM, TALK + rules), tmp_path / "out")
    assert code == 0, err
    (score,) = schedule["score"]
    assert (score["rule"], score["units"], score["penalty"]) == (
        "school.no_events_in_exam_weeks",
        1,
        7,
    )


def test_drop_rules_leaves_a_default_rule_out(cli, tmp_path: Path) -> None:
    extra = EXAM + ", drop_rules: [school.no_events_in_exam_weeks]"
    code, schedule, err = solve(cli, write(tmp_path, extra, TALK), tmp_path / "out")
    assert code == 0, err
    code, _, err = cli("validate", write(tmp_path, EXAM + ", drop_rules: [school.no_event]", TALK))
    assert code == 2
    assert "plan.drop_rules[0]: profile school has no default rule 'school.no_event';" in err
    assert "did you mean school.no_events_in_exam_weeks?" in err
    code, _, err = cli("validate", write(tmp_path, ", drop_rules: [x]", TALK))
    assert code == 2 and "this plan has no profile" in err


def test_a_rule_of_the_same_type_under_another_id_warns(cli, tmp_path: Path) -> None:
    rules = "rules:\n  - {type: school.no_events_in_exam_weeks, weight: 2}\n"
    code, _, err = cli("validate", write(tmp_path, EXAM, TALK + rules))
    assert code == 0
    assert "rules[0].type: profile school's default rule school.no_events_in_exam_weeks" in err


def test_unknown_period_in_the_exam_rule_is_an_input_error(cli, tmp_path: Path) -> None:
    rules = "rules:\n  - {type: school.no_events_in_exam_weeks, periods: [exams]}\n"
    code, _, err = cli("solve", write(tmp_path, "", TALK + rules), "-o", tmp_path / "out")
    assert code == 2
    assert "rules[0].periods[0]: unknown period 'exams'" in err
    assert "[plugin profiles.school]" in err


STAFF = "staff:\n  - {id: n1, name: 护士甲, roles: [nurse]}\n  - {id: n2, name: 护士乙, roles: [nurse]}\n"


def test_min_on_duty_role_nobody_holds_is_an_input_error(cli, tmp_path: Path) -> None:
    rules = "rules:\n  - {type: hospital.min_on_duty, role: nurce, min: 1}\n"
    code, _, err = cli("validate", write(tmp_path, "", STAFF + TALK + rules))
    assert code == 2
    assert "rules[0].role: no staff member has role 'nurce'; did you mean nurse?" in err
    assert "[plugin profiles.hospital]" in err


def test_min_on_duty_per_slot_is_hard_only(cli, tmp_path: Path) -> None:
    rules = "rules:\n  - {type: hospital.min_on_duty, role: nurse, min: 1, per: slot, weight: 3}\n"
    code, _, err = cli("validate", write(tmp_path, "", STAFF + TALK + rules))
    assert code == 2
    assert (
        "per: slot is a hard rule; drop weight, or use per: day [plugin profiles.hospital]" in err
    )


def test_min_on_duty_with_too_few_holders_has_no_schedule(cli, tmp_path: Path) -> None:
    rules = "rules:\n  - {id: duty, type: hospital.min_on_duty, role: nurse, min: 3}\n"
    code, _, err = cli("solve", write(tmp_path, "", STAFF + TALK + rules), "-o", tmp_path / "out")
    assert code == 1 and "rule duty" in err


NAMES = {
    # profile: (period, when, allowed starts, the error without the profile)
    "hospital": (
        "{start: 2026-05-01, end: 2026-05-31}",
        "{relative: {to: nurses_day, from: -2, until: 0}}",
        ["2026-05-10", "2026-05-11", "2026-05-12"],
        "unknown named date 'nurses_day'",
    ),
    "school": (
        "{start: 2026-06-29, end: 2026-07-05}",
        "{periods: [summer_vacation], months: [7]}",
        ["2026-07-04", "2026-07-05"],
        "unknown period 'summer_vacation'",
    ),
}


@pytest.mark.parametrize("profile", sorted(NAMES))
def test_profile_dates_and_periods_reach_the_plan(cli, tmp_path: Path, profile: str) -> None:
    """Without the china calendar (calendars: []), from the profile alone."""
    period, when, starts, error = NAMES[profile]
    head = (
        f"plan: {{name: 配置测试, calendars: [], profile: {profile}, slot_minutes: 60,"
        f' day: "08:00-12:00", period: {period}}}\n'
    )
    body = f"activities:\n  - {{id: a, kind: event, title: 活动, duration: 1d, when: {when}}}\n"
    plan = tmp_path / "plan.yaml"
    plan.write_text(head + body, encoding="utf-8")
    code, schedule, err = solve(cli, plan, tmp_path / "out")
    assert code == 0, err
    assert schedule["occurrences"][0]["start"] in starts
    plan.write_text(head.replace(f" profile: {profile},", "") + body, encoding="utf-8")
    code, _, err = cli("validate", plan)
    assert code == 2 and error in err


def test_exam_weeks_leave_series_alone_by_default(cli, tmp_path: Path) -> None:
    body = (
        "activities:\n  - {id: weekly, kind: series, title: 教研例会, every: week, duration: 1h}\n"
    )
    every_day = EXAM.replace("2026-03-05", "2026-03-06")  # the whole plan is exam weeks
    code, schedule, err = solve(cli, write(tmp_path, every_day, body), tmp_path / "out")
    assert code == 0, err
    assert [o["id"] for o in schedule["occurrences"]] == ["weekly"]


def test_unavailable_holders_still_count_as_on_duty(cli, tmp_path: Path) -> None:
    staff = (
        "staff:\n  - {id: n1, name: 护士甲, roles: [nurse], unavailable: [2026-03-02, 2026-03-06]}\n"
        "  - {id: n2, name: 护士乙, roles: [nurse]}\n"
    )
    body = (
        "activities:\n  - {id: talk, kind: event, title: 讲座, duration: 1h, staff: [n2],"
        " fixed: 2026-03-03T08:00}\n"
        "rules:\n  - {type: hospital.min_on_duty, role: nurse, min: 1}\n"
    )
    code, _, err = cli("solve", write(tmp_path, "", staff + body), "-o", tmp_path / "out")
    assert code == 0, err


def test_a_month_that_ends_after_the_plan_has_no_closing_days(cli, tmp_path: Path) -> None:
    head = HEAD.replace("2026-03-06", "2026-03-27")  # March's last workdays are 27, 30, 31
    body = (
        "activities:\n  - {id: m, kind: event, title: 部门会议, duration: 1d, fixed: 2026-03-27}\n"
        "rules:\n  - {type: enterprise.avoid_month_end}\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(head.format(extra="") + body, encoding="utf-8")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out")
    assert code == 0, err
    plan.write_text(head.replace("2026-03-27", "2026-03-31").format(extra="") + body, "utf-8")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out")
    assert code == 1 and "enterprise.avoid_month_end" in err
