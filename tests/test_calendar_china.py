"""The built-in `china` calendar: holiday data, day kinds, named dates and periods.

The expected values here never come from the plugin's own code path: workdays and
holidays are compared with the `chinese_calendar` package; lunar festivals and solar
terms are found by walking Gregorian days through lunar_python (the plugin converts
lunar dates the other way); 三伏 is checked against published dates and a day-stem
count from the Julian day number.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import chinese_calendar
import pytest
from lunar_python import Solar

from scheduler.calendar import build_days
from scheduler.calendar_view import days_for_year
from scheduler.errors import PlanError
from scheduler.loader import load_plan
from scheduler.model import PlanFile, PlanHeader
from tests.cn_reference import ONE_DAY, each_day, expected_dates, lunar_days, sanfu_by_rule, stem

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "calendars" / "holidays" / "cn"
YEARS = range(2020, 2027)


def bare_plan(year: int) -> PlanFile:
    return PlanFile(plan=PlanHeader(name="test", year=year))


# --- workdays and holidays 2020–2026 against chinese_calendar -----------------------

# chinese_calendar lists the weekend before 2024-01-01 (元旦, "1月1日放假，与周末连休") as
# part of the break but not the weekend before 2024-06-10 (端午, worded the same way).
# We read both notices alike: the weekend is part of the break. Workdays agree anyway.
HOLIDAY_DISAGREEMENTS = {dt.date(2024, 6, 8), dt.date(2024, 6, 9)}


@pytest.mark.parametrize("year", YEARS)
def test_workdays_equal_chinese_calendar(year: int) -> None:
    days = days_for_year(year, ["china"])
    assert not days.provisional
    for i in range(days.count):
        day = days.date(i)
        kinds = days.kinds(i)
        assert ("workday" in kinds) == chinese_calendar.is_workday(day), day
        assert ("rest_day" in kinds) != chinese_calendar.is_workday(day), day


@pytest.mark.parametrize("year", YEARS)
def test_holidays_equal_chinese_calendar(year: int) -> None:
    # get_holiday_detail: (True, None) for a plain weekend, (True, name) for a day of a
    # break, (False, name) for a make-up workday, (False, None) for a plain workday.
    days = days_for_year(year, ["china"])
    disagreements = set()
    for i in range(days.count):
        day = days.date(i)
        rest, name = chinese_calendar.get_holiday_detail(day)
        theirs = rest and name is not None
        ours = days.has_kind(i, "holiday")
        if ours != theirs:
            disagreements.add(day)
        if not rest and name is not None:  # a 调休 make-up workday
            assert days.has_kind(i, "workday") and not days.has_kind(i, "weekend"), day
            assert day.weekday() >= 5, day
    assert disagreements == {d for d in HOLIDAY_DISAGREEMENTS if d.year == year}
    for day in disagreements:  # ours: part of the break, a rest day, still a weekend
        i = days.index(day)
        assert days.kinds(i) >= {"holiday", "rest_day", "weekend"}


def test_2026_make_up_workdays() -> None:
    days = days_for_year(2026, ["china"])
    for text in (
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ):
        i = days.index(dt.date.fromisoformat(text))
        assert days.has_kind(i, "workday"), text
        assert not days.has_kind(i, "weekend"), text
        assert not days.has_kind(i, "rest_day"), text
        assert days.has_kind(i, "sat") or days.has_kind(i, "sun"), text
    breaks = {
        "春节": ("2026-02-15", "2026-02-23"),
        "国庆节": ("2026-10-01", "2026-10-07"),
    }
    for name, (first, last) in breaks.items():
        for day in each_day(dt.date.fromisoformat(first), dt.date.fromisoformat(last)):
            i = days.index(day)
            assert days.holiday[i] == name and days.has_kind(i, "rest_day"), day


def test_break_starting_in_the_previous_year() -> None:
    # 元旦 2023 ran 2022-12-31 to 2023-01-02 and comes from the 2023 notice.
    days = days_for_year(2022, ["china"])
    assert days.holiday[days.index(dt.date(2022, 12, 31))] == "元旦"
    days = days_for_year(2023, ["china"])
    assert days.holiday[days.index(dt.date(2023, 1, 2))] == "元旦"
    assert days.has_kind(days.index(dt.date(2023, 1, 3)), "workday")


# --- the data files ------------------------------------------------------------------


def test_every_year_has_a_file_naming_its_notice() -> None:
    from ruamel.yaml import YAML

    assert sorted(int(p.stem) for p in DATA.glob("*.yaml")) == list(YEARS)
    for year in YEARS:
        raw = YAML(typ="safe", pure=True).load((DATA / f"{year}.yaml").read_text(encoding="utf-8"))
        assert raw["year"] == year
        assert raw["source"]["title"] == f"国务院办公厅关于{year}年部分节假日安排的通知"
        assert raw["source"]["date"] < dt.date(year, 1, 1)
        assert raw["source"]["number"].startswith("国办发明电")
        keys = [b["key"] for b in raw["breaks"]]
        assert "spring_festival" in keys and "national_day" in keys
        assert all(b.get("notice") for b in raw["breaks"]), year


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


OWN_2026 = """\
year: 2026
source: {title: 本单位2026年放假安排（测试）}
breaks:
  - {key: new_year, name: 元旦, days: 2026-01-01}
  - {key: spring_festival, name: 春节, days: [2026-02-16, 2026-02-22], workdays: [2026-02-15]}
"""


def plan_with_holidays(tmp_path: Path, holidays: str, year: int = 2026) -> Path:
    return write(
        tmp_path / "plan.yaml",
        f"plan: {{id: t, name: 测试, year: {year}, holidays: {holidays}}}\n",
    )


def test_plan_holidays_file_wins_for_its_year(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    write(tmp_path / "data" / "own.yaml", OWN_2026)
    loaded = load_plan(plan_with_holidays(tmp_path, "data/own.yaml"))
    days = build_days(loaded)
    kinds = {
        d: days.kinds(days.index(dt.date.fromisoformat(d)))
        for d in (
            "2026-01-02",
            "2026-01-04",
            "2026-02-15",
            "2026-02-23",
            "2026-10-08",
            "2026-10-10",
        )
    }
    assert "workday" in kinds["2026-01-02"]  # the shipped data has it off
    assert "weekend" in kinds["2026-01-04"]  # the shipped data makes it a workday
    assert "workday" in kinds["2026-02-15"] and "weekend" not in kinds["2026-02-15"]
    assert "workday" in kinds["2026-02-23"]
    assert "holiday" not in kinds["2026-10-08"]  # the file has no 国庆 break
    assert "weekend" in kinds["2026-10-10"]
    assert not days.provisional
    assert any("本单位2026年放假安排" in s and "own.yaml" in s for s in days.sources)
    assert days.named_periods["spring_festival_week"] == [
        (dt.date(2026, 2, 16), dt.date(2026, 2, 22))
    ]


BAD_SHAPE = """\
year: 2026
source: {title: 本单位放假安排}
breaks:
  - {key: labour_day, name: 劳动节, days: [2026-05-05, 2026-05-01]}
  - {key: qingming, name: 清明节, day: 2026-04-05}
"""

BAD_DATES = """\
year: 2026
source: {title: 本单位放假安排}
breaks:
  - {key: new_year, name: 元旦, days: [2026-01-01, 2026-01-03], workdays: [2026-01-05]}
  - {key: spring_festival, name: 春节, days: [2026-02-15, 2026-02-23]}
  - {key: spring_festival, name: 春节, days: [2026-02-20, 2026-02-25]}
  - {key: labour_day, name: 劳动节, days: [2027-05-01, 2027-05-05]}
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            BAD_SHAPE,
            [
                ":4 breaks[0].days: the range ends (2026-05-01) before it starts (2026-05-05)",
                ":5 breaks[1].day: unknown key; did you mean days?",
            ],
        ),
        (
            BAD_DATES,
            [
                ":4 breaks[0].workdays[0]: 2026-01-05 is a Monday: a make-up workday (调休)",
                ":6 breaks[2].key: break key 'spring_festival' is used twice (breaks[1])",
                ":6 breaks[2].days: 2026-02-20 is already in breaks[1]",
                ":7 breaks[3].days: the break 2027-05-01–2027-05-05 lies outside 2026",
            ],
        ),
    ],
)
def test_bad_plan_holidays_file_names_file_and_lines(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    write(tmp_path / "bad.yaml", text)
    loaded = load_plan(plan_with_holidays(tmp_path, "bad.yaml"))
    with pytest.raises(PlanError) as caught:
        build_days(loaded)
    found = [str(issue) for issue in caught.value.issues]
    assert all(t.startswith(str(tmp_path / "bad.yaml") + ":") for t in found), found
    for part in expected:
        assert any(part in t for t in found), (part, found)


def test_missing_plan_holidays_file(tmp_path: Path) -> None:
    loaded = load_plan(plan_with_holidays(tmp_path, "nowhere.yaml"))
    with pytest.raises(PlanError) as caught:
        build_days(loaded)
    (issue,) = caught.value.issues
    assert issue.file.endswith("plan.yaml") and issue.line == 1
    assert "holiday file 'nowhere.yaml' not found" in issue.message


def test_shipped_file_is_checked_like_a_plan(tmp_path: Path) -> None:
    from plugins.calendars import china_data

    text = (DATA / "2026.yaml").read_text(encoding="utf-8")
    path = write(tmp_path / "2025.yaml", text)  # the wrong year for its name
    with pytest.raises(PlanError) as caught:
        china_data.load_file(path, "calendars/holidays/cn/2025.yaml")
    assert "calendars/holidays/cn/2025.yaml:4 year: the file 2025.yaml holds year 2026" in str(
        caught.value
    )


def test_missing_year_is_refused_with_the_way_forward() -> None:
    with pytest.raises(PlanError) as caught:
        days_for_year(2027, ["china"])
    message = str(caught.value)
    for part in (
        "no official holiday data for 2027",
        "calendars/holidays/cn/2027.yaml",
        "国务院办公厅关于2027年部分节假日安排的通知",
        "docs/calendars.md",
        "plan.holidays",
        "--provisional",
    ):
        assert part in message


# --- provisional years ---------------------------------------------------------------


def statutory_days(year: int) -> set[dt.date]:
    """元旦, 春节 eve to the 3rd day, 清明, 5/1–2, 端午, 中秋, 10/1–3 (2024 rules)."""
    walk = list(lunar_days(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    festival = next(d for d, m, n, _ in walk if (m, n) == (1, 1))
    days = {dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 5, 2)}
    days |= {dt.date(year, 10, day) for day in (1, 2, 3)}
    days |= {festival + k * ONE_DAY for k in (-1, 0, 1, 2)}
    days |= {d for d, m, n, term in walk if term == "清明" or (m, n) in ((5, 5), (8, 15))}
    return days


@pytest.mark.parametrize("year", [2027, 2030])
def test_provisional_year(year: int) -> None:
    days = days_for_year(year, ["china"], provisional=True)
    assert days.provisional
    holidays = {days.date(i) for i in days.indices_of_kind("holiday")}
    assert holidays == statutory_days(year)
    for i in range(days.count):
        day = days.date(i)
        weekend = day.weekday() >= 5
        assert days.has_kind(i, "weekend") == weekend, day  # no 调休
        assert days.has_kind(i, "workday") == (not weekend and day not in holidays), day
    assert any("provisional" in s for s in days.sources)


def test_provisional_flag_does_not_touch_years_with_data() -> None:
    days = days_for_year(2026, ["china"], provisional=True)
    assert not days.provisional
    assert days.has_kind(days.index(dt.date(2026, 1, 4)), "workday")


# --- named dates 2020–2035 -----------------------------------------------------------

REQUIRED = [
    "new_year", "spring_festival", "lantern_festival", "womens_day", "arbor_day", "qingming",
    "labour_day", "youth_day", "nurses_day", "childrens_day", "dragon_boat", "party_day",
    "army_day", "qixi", "teachers_day", "mid_autumn", "national_day", "double_ninth", "chuxi",
    "laba", "winter_solstice", "doctors_day",
]  # fmt: skip


@pytest.mark.parametrize("year", range(2020, 2036))
def test_named_dates_equal_lunar_python(year: int) -> None:
    from plugins.calendars.china import scheduler_named_dates

    found = scheduler_named_dates(year=year, calendars=["china"])
    assert found.source == "china" and found.kind == "calendar"
    assert set(REQUIRED) <= set(found.dates)
    assert dict(found.dates) == expected_dates(year)


def test_named_dates_only_for_selected_calendar() -> None:
    from plugins.calendars.china import scheduler_named_dates, scheduler_named_periods

    assert scheduler_named_dates(year=2026, calendars=[]) is None
    assert scheduler_named_periods(year=2026, calendars=["other"], plan=bare_plan(2026)) is None


def test_laba_2023_falls_in_december_2022() -> None:
    # Solar 2023 has no 腊八 of its own: the one before 春节 2023 is 2022-12-30.
    assert expected_dates(2023)["laba"] == dt.date(2022, 12, 30)
    days = days_for_year(2022, ["china"])
    assert days.named_dates["laba"] == [dt.date(2022, 1, 10)]


# --- 三伏 and 数九 -------------------------------------------------------------------

# 初伏 (入伏) and the end of 末伏 (出伏), as published each year in the Chinese press and
# almanacs (e.g. 2024: 入伏 7月15日, 40 days; 2025: 入伏 7月20日, 30 days).
SANFU = {
    2020: ("07-16", "08-24"),
    2021: ("07-11", "08-19"),
    2022: ("07-16", "08-24"),
    2023: ("07-11", "08-19"),
    2024: ("07-15", "08-23"),
    2025: ("07-20", "08-18"),
    2026: ("07-15", "08-23"),
    2027: ("07-20", "08-18"),
    2028: ("07-14", "08-22"),
    2029: ("07-19", "08-17"),
    2030: ("07-14", "08-22"),
}


def test_stem_formula_agrees_with_lunar_python() -> None:
    for day in each_day(dt.date(2024, 7, 1), dt.date(2024, 7, 31)):
        assert stem(day) == Solar.fromYmd(day.year, 7, day.day).getLunar().getDayGanIndex()


@pytest.mark.parametrize("year", SANFU)
def test_sanfu(year: int) -> None:
    from plugins.calendars.china import scheduler_named_periods

    first, last = (dt.date.fromisoformat(f"{year}-{md}") for md in SANFU[year])
    periods = scheduler_named_periods(year=year, calendars=["china"], plan=bare_plan(year)).periods
    assert periods["sanfu"] == [(first, last)]
    # the published dates follow the rule: 初伏 on the 3rd 庚 day counting from 夏至
    chufu_day, zhongfu_day, mofu, end = sanfu_by_rule(year)
    assert (chufu_day, end) == (first, last)
    assert (last - first).days + 1 in (30, 40)
    (chufu,), (zhongfu,), (mofu_range,) = (periods[k] for k in ("chufu", "zhongfu", "mofu"))
    assert chufu == (first, first + 9 * ONE_DAY)
    assert zhongfu == (zhongfu_day, mofu - ONE_DAY)
    assert mofu_range == (mofu, last)


def test_shujiu_crosses_the_year() -> None:
    days = days_for_year(2026, ["china"])
    assert days.named_periods["shujiu"] == [
        (dt.date(2025, 12, 21), dt.date(2026, 3, 11)),  # 冬至 2025 + 80 days
        (dt.date(2026, 12, 22), dt.date(2027, 3, 12)),
    ]
    for start, end in days.named_periods["shujiu"]:
        assert (end - start).days + 1 == 81
    assert days.in_period("shujiu") >= {days.index(dt.date(2026, 1, 9))}  # 三九


def test_spring_festival_week() -> None:
    days = days_for_year(2026, ["china"])
    assert days.named_periods["spring_festival_week"] == [
        (dt.date(2026, 2, 15), dt.date(2026, 2, 23))
    ]
    assert days.named_periods["national_day_week"] == [(dt.date(2026, 10, 1), dt.date(2026, 10, 7))]
    days = days_for_year(2027, ["china"], provisional=True)  # 除夕 2027-02-05 to 初三
    assert days.named_periods["spring_festival_week"] == [
        (dt.date(2027, 2, 5), dt.date(2027, 2, 8))
    ]


def test_importing_the_plugin_does_no_work() -> None:
    code = (
        "import sys, plugins.calendars.china as c;"
        "from plugins.calendars import china_data as d, china_lunar as l;"
        "print(d._load.cache_info().currsize, l.named_dates.cache_info().currsize,"
        " l.solar_term.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.split() == ["0", "0", "0"]
