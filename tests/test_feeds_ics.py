"""The calendars `solve` writes: every feed of every example plan reads in four
independent parsers, long Chinese text folds whole, calendar properties, reminders."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from scheduler.feeds.selection import feed_specs
from scheduler.publish.publisher import publish
from scheduler.publish.store import Store
from tests.conftest import EXAMPLES
from tests.feeds_support import EXAMPLE_PLANS, PARSERS, solved, solved_feeds

LONG_TITLE = ("工会职工文体活动暨“书香校园”读书月启动仪式，欢迎全体会员踊跃参加！" * 10)[:300]
LONG_NOTES = ("请各部门提前十分钟到场签到，着装整洁，手机调至静音。" * 12)[:280]


def plan_text(extra_header: str = "", title: str = "例会", notes: str = "") -> str:
    return f"""
plan:
  id: feeds-test
  name: 订阅测试工会
  year: 2026
  calendars: []
  categories: {{meeting: 会议, sport: 文体活动}}
{extra_header}
venues: [{{id: hall, name: 报告厅}}]
staff: [{{id: li, name: 李主席}}]
groups: [{{id: all, name: 全体会员}}, {{id: women, name: 女职工, part_of: all}}]
activities:
  - {{id: long, kind: event, title: "{title}", category: sport, duration: 2h, venue: hall,
     staff: [li], audience: [women], notes: "{notes or "无"}", fixed: 2026-03-03T09:00}}
  - {{id: sports-day, kind: event, title: 运动会, category: sport, duration: 1d,
     audience: [all], fixed: 2026-04-04}}
  - {{id: meet, kind: event, title: 例会, category: meeting, duration: 1h, venue: hall,
     fixed: 2026-05-05T10:00}}
  - {{id: report, kind: deadline, title: 半年报告, owner: li, dates: [2026-06-30]}}
"""


def solve_text(cli, tmp_path: Path, text: str) -> Path:
    plan = tmp_path / "feeds-test.yaml"
    plan.write_text(text, encoding="utf-8")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out", "-q")
    assert code == 0, err
    return tmp_path / "out"


def unfold(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")


def vevents(data: bytes) -> list[str]:
    return re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", unfold(data), flags=re.S)


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("plan", EXAMPLE_PLANS)
def test_every_feed_of_every_example_parses(plan: str, parser: str) -> None:
    schedule, problem = solved(EXAMPLES / plan)
    files = solved_feeds(EXAMPLES / plan)
    titles = {f"{o.id}@{schedule.plan.id}": o.title for o in schedule.occurrences}
    specs = feed_specs(schedule, problem.loaded)
    assert sorted(files) == sorted(s.path for s in specs)
    for spec in specs:
        events = PARSERS[parser](files[spec.path])
        expected = sorted(f"{o}@{schedule.plan.id}" for o in spec.occurrences)
        assert sorted(e.uid for e in events) == expected, spec.path
        for event in events:
            assert event.summary == titles[event.uid], (spec.path, event.uid)


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("plan", EXAMPLE_PLANS)
def test_every_published_feed_of_every_example_parses(tmp_path: Path, plan: str, parser: str):
    """Published twice: the second time one item is gone (cancelled) and one renamed."""
    schedule, problem = solved(EXAMPLES / plan)
    db = tmp_path / "published.sqlite3"
    publish(schedule, problem.loaded, db, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    removed, renamed, *rest = schedule.occurrences
    edited = schedule.model_copy(
        update={
            "occurrences": [renamed.model_copy(update={"title": "改期：" + renamed.title}), *rest]
        }
    )
    publish(edited, problem.loaded, db, now=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    store = Store(db, create=False)
    try:
        (revision,) = store.current()
        feeds = store.feeds(revision.id)
    finally:
        store.close()
    specs = {s.path: s for s in feed_specs(edited, problem.loaded)}
    gone = f"{removed.id}@{schedule.plan.id}"
    seen_cancelled = 0
    for row in feeds:
        events = {e.uid: e for e in PARSERS[parser](row.body)}
        live = (
            {f"{o}@{schedule.plan.id}" for o in specs[row.path].occurrences}
            if row.path in specs
            else set()
        )
        assert set(events) - {gone} == live, row.path
        if gone in events:
            seen_cancelled += 1
            assert events[gone].status == "CANCELLED", row.path
    assert seen_cancelled >= 1


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_long_chinese_text_round_trips(cli, tmp_path: Path, parser: str) -> None:
    assert len(LONG_TITLE) == 300
    out = solve_text(cli, tmp_path, plan_text(title=LONG_TITLE, notes=LONG_NOTES))
    for path in [out / "calendar.ics", *sorted((out / "feeds").glob("*.ics"))]:
        events = {e.uid: e for e in PARSERS[parser](path.read_bytes())}
        if "long@feeds-test" not in events:
            continue
        event = events["long@feeds-test"]
        assert event.summary == LONG_TITLE, path.name
        assert event.description == f"工作人员：李主席\n参加：女职工\n备注：{LONG_NOTES}"


def test_long_lines_fold_at_75_octets_between_characters(cli, tmp_path: Path) -> None:
    out = solve_text(cli, tmp_path, plan_text(title=LONG_TITLE, notes=LONG_NOTES))
    data = (out / "calendar.ics").read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) > 20
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a folded piece never ends or starts inside a character
    assert f"SUMMARY:{LONG_TITLE}\n" in unfold(data)


def test_calendar_properties(cli, tmp_path: Path) -> None:
    out = solve_text(cli, tmp_path, plan_text())
    for path in [out / "calendar.ics", *sorted((out / "feeds").glob("*.ics"))]:
        text = unfold(path.read_bytes())
        head = text.split("BEGIN:VTIMEZONE", 1)[0]
        for line in (
            "VERSION:2.0",
            "PRODID:-//scheduler//scheduler",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "NAME:订阅测试工会",
            "X-WR-CALNAME:订阅测试工会",
            "X-WR-TIMEZONE:Asia/Shanghai",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H\n",
            "X-PUBLISHED-TTL:PT12H\n",
        ):
            assert line in head, (path.name, line)
        assert "BEGIN:VTIMEZONE\nTZID:Asia/Shanghai\n" in text, path.name
    venue = unfold((out / "feeds" / "venue-hall.ics").read_bytes())
    assert "NAME:订阅测试工会 · 报告厅\n" in venue


def test_refresh_interval_comes_from_the_plan(cli, tmp_path: Path) -> None:
    out = solve_text(cli, tmp_path, plan_text("  refresh: 1d"))
    text = unfold((out / "calendar.ics").read_bytes())
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D\n" in text
    assert "X-PUBLISHED-TTL:P1D\n" in text


def test_events_carry_uid_location_categories_description(cli, tmp_path: Path) -> None:
    out = solve_text(cli, tmp_path, plan_text())
    events = {
        re.search(r"^UID:(.*)$", e, re.M).group(1): e
        for e in vevents((out / "calendar.ics").read_bytes())
    }
    assert sorted(events) == [
        "long@feeds-test",
        "meet@feeds-test",
        "report@feeds-test",
        "sports-day@feeds-test",
    ]
    long = events["long@feeds-test"]
    assert "LOCATION:报告厅\n" in long and "CATEGORIES:文体活动\n" in long
    assert "DTSTAMP:20260101T000000Z\n" in long and "SEQUENCE:0\n" in long
    report = events["report@feeds-test"]
    assert "DESCRIPTION:责任人：李主席\n" in report and "DTSTART;VALUE=DATE:20260630\n" in report


def test_reminders_per_category(cli, tmp_path: Path) -> None:
    out = solve_text(cli, tmp_path, plan_text("  reminders: {sport: [1d, 2h], meeting: 30m}"))
    events = {
        re.search(r"^UID:(.*)$", e, re.M).group(1): e
        for e in vevents((out / "calendar.ics").read_bytes())
    }

    def triggers(uid: str) -> list[str]:
        return re.findall(
            r"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:提醒：.*\nTRIGGER:(.*)\nEND:VALARM",
            events[uid],
        )

    assert triggers("long@feeds-test") == ["-P1D", "-PT2H"]
    assert triggers("meet@feeds-test") == ["-PT30M"]
    # A whole-day item counts as starting at 09:00: the day before at 09:00, then 07:00.
    assert triggers("sports-day@feeds-test") == ["-PT15H", "PT7H"]
    assert "VALARM" not in events["report@feeds-test"]  # no category, no reminder


def test_reminders_for_an_unknown_category_are_bad_input(cli, tmp_path: Path) -> None:
    plan = tmp_path / "feeds-test.yaml"
    plan.write_text(plan_text("  reminders: {meting: 1d}\n  refresh: 1h"), encoding="utf-8")
    code, _, err = cli("validate", plan)
    assert code == 2
    assert (
        "feeds-test.yaml:8 plan.reminders.meting: no activity has category 'meting'; did you mean meeting?"
        in err
    )
    assert "Traceback" not in err


def test_refresh_more_often_than_15_minutes_is_bad_input(cli, tmp_path: Path) -> None:
    plan = tmp_path / "feeds-test.yaml"
    plan.write_text(plan_text("  refresh: 10m\n  reminders: {sport: 2x}"), encoding="utf-8")
    code, _, err = cli("validate", plan)
    assert code == 2
    assert "plan.refresh: refresh 10m is too often for calendar apps: at least 15m" in err
    assert "plan.reminders.sport: '2x' is not a duration" in err


def test_solve_still_writes_staff_feeds_for_the_planner(cli, tmp_path: Path) -> None:
    out = solve_text(cli, tmp_path, plan_text())
    staff = out / "feeds" / "staff-li.ics"
    assert (
        sorted(re.findall(r"^UID:(.*)$", unfold(staff.read_bytes()), re.M))[0] == "long@feeds-test"
    )
