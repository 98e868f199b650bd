"""The `china` calendar through the CLI: `scheduler calendar`, and a 2027 plan without
holiday data refused, solved provisionally (every output marked), or solved with the
plan's own holiday file (nothing marked)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scheduler.labels import LABELS

PLAN_2027 = """\
plan:
  id: union-2027
  name: 工会 2027 年度活动
  year: 2027
  calendars: [china]{holidays}
venues: [{{id: hall, name: 报告厅, capacity: 200}}]
staff: [{{id: li, name: 李主席, roles: [chair]}}]
groups: [{{id: all, name: 全体会员, size: 120}}]
activities:
  - {{id: visits, kind: event, title: 春节慰问送温暖, duration: 3h, staff: [li],
     when: {{relative: {{to: spring_festival, from: -10, until: -1}}, days: [workday]}}}}
  - {{id: cool, kind: event, title: 送清凉, duration: 2h, staff: [li],
     when: {{periods: [sanfu], days: [workday]}}}}
  - {{id: meet, kind: series, title: 例会, every: quarter, duration: 1h, venue: hall,
     staff: [li], audience: [all], when: {{days: [workday]}}}}
"""

OWN_2027 = """\
year: 2027
source: {title: 本单位2027年放假安排（按预测先行安排）, date: 2026-11-20}
breaks:
  - {key: new_year, name: 元旦, days: [2027-01-01, 2027-01-03]}
  - {key: spring_festival, name: 春节, days: [2027-02-05, 2027-02-13], workdays: [2027-02-14]}
  - {key: national_day, name: 国庆节, days: [2027-10-01, 2027-10-07], workdays: [2027-10-09]}
"""


def flat(text: str) -> str:
    """Terminal text with rich's line wrapping undone."""
    return re.sub(r"\s+", " ", text)


def write_plan(tmp_path: Path, holidays: str | None = None) -> Path:
    extra = f"\n  holidays: {holidays}" if holidays else ""
    path = tmp_path / "union-2027.yaml"
    path.write_text(PLAN_2027.format(holidays=extra), encoding="utf-8")
    return path


def unfold(ics: str) -> str:
    return ics.replace("\r\n ", "").replace("\r\n", "\n")


def calendars(out: Path) -> dict[str, str]:
    files = [out / "calendar.ics", *sorted((out / "feeds").glob("*.ics"))]
    assert len(files) > 1
    return {f.name: unfold(f.read_text(encoding="utf-8")) for f in files}


def events(ics: str) -> list[str]:
    return re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", ics, flags=re.S)


def names(ics: str) -> list[str]:
    return re.findall(r"^(?:NAME|X-WR-CALNAME):(.*)$", ics, flags=re.M)


def test_2027_without_data_is_refused(cli, tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    code, _, err = cli("solve", plan, "-o", tmp_path / "out")
    assert code == 2
    err = flat(err)
    assert f"{plan}:5 plan.calendars[0]: no official holiday data for 2027" in err
    for part in ("calendars/holidays/cn/2027.yaml", "plan.holidays", "--provisional"):
        assert part in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
    code, _, err = cli("validate", plan)
    assert code == 2 and "no official holiday data for 2027" in err


def test_2027_provisional_marks_every_output(cli, tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    out = tmp_path / "out"
    code, _, err = cli("solve", plan, "-o", out, "--provisional")
    assert code == 0, err
    schedule = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    assert schedule["provisional"] is True
    assert len(schedule["occurrences"]) == 6
    for name, ics in calendars(out).items():
        found = events(ics)
        assert all("X-SCHEDULER-PROVISIONAL:TRUE" in e for e in found), name
        assert len(names(ics)) == 2 and all("暂定" in n for n in names(ics)), name
    assert len(events(calendars(out)["calendar.ics"])) == 6
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert LABELS["provisional_banner"] in summary
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["provisional"] is True
    assert any("provisional" in s for s in run["calendar_sources"])
    # provisional 2027: 春节 is 2027-02-06, so the visits fall in 01-27 … 02-04
    (visits,) = [o for o in schedule["occurrences"] if o["id"] == "visits"]
    assert "2027-01-27" <= visits["start"][:10] <= "2027-02-04"


def test_2027_with_the_plans_own_holiday_file_is_not_marked(cli, tmp_path: Path) -> None:
    (tmp_path / "own-2027.yaml").write_text(OWN_2027, encoding="utf-8")
    plan = write_plan(tmp_path, "own-2027.yaml")
    out = tmp_path / "out"
    code, _, err = cli("solve", plan, "-o", out)
    assert code == 0, err
    schedule = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    assert schedule["provisional"] is False
    for name, ics in calendars(out).items():
        assert "X-SCHEDULER-PROVISIONAL" not in ics, name
        assert names(ics) and not any("暂定" in n for n in names(ics)), name
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert LABELS["provisional_banner"] not in summary and "暂定" not in summary
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert any("本单位2027年放假安排" in s for s in run["calendar_sources"])


def test_bad_plan_holiday_file_exits_2_with_its_line(cli, tmp_path: Path) -> None:
    bad = OWN_2027.replace("workdays: [2027-02-14]", "workdays: [2027-02-15]")
    (tmp_path / "own-2027.yaml").write_text(bad, encoding="utf-8")
    plan = write_plan(tmp_path, "own-2027.yaml")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out")
    assert code == 2
    where = f"{tmp_path / 'own-2027.yaml'}:5 breaks[1].workdays[0]"
    assert f"{where}: 2027-02-15 is a Monday" in flat(err)
    assert "Traceback" not in err


def test_calendar_2026_shows_holidays_and_make_up_days(cli) -> None:
    code, out, err = cli("calendar", "2026")
    assert code == 0, err
    for marker in ("1休", "4班", "14班", "15休", "23休", "28班", "9班", "20班", "10班"):
        assert marker in out, marker
    assert "国务院办公厅关于2026年部分节假日安排的通知" in out.replace("\n", "")
    assert "spring_festival_week: 02-15–02-23" in out
    assert "sanfu: 07-15–08-23" in out


def test_calendar_2027_needs_data_or_provisional(cli) -> None:
    code, _, err = cli("calendar", "2027")
    assert code == 2
    assert "no official holiday data for 2027" in err
    assert "--provisional" in flat(err)
    code, out, err = cli("calendar", "2027", "--provisional")
    assert code == 0, err
    assert "provisional" in out
    assert "班" not in out.split("\n", 2)[2].replace("班 make-up workday", "")
    assert "5休" in out and "8休" in out  # 除夕 2027-02-05 … 初三 02-08
