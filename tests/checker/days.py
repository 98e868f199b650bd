"""Day kinds, named dates and named periods, computed independently of the scheduler's
calendar plugins: official data from the `chinese_calendar` package, lunar dates and solar
terms from `lunar_python`, and the provisional rules of plan-format.md ("Days")."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar
from lunar_python import Lunar, Solar

from .plan import WEEKDAYS, DaySpan, Plan
from .report import UnsupportedPlan

DATA_YEARS = range(2020, 2027)  # years with official holiday data (chinese_calendar)

FIXED_DATES = {
    "new_year": (1, 1), "womens_day": (3, 8), "arbor_day": (3, 12), "labour_day": (5, 1),
    "youth_day": (5, 4), "nurses_day": (5, 12), "childrens_day": (6, 1), "party_day": (7, 1),
    "army_day": (8, 1), "doctors_day": (8, 19), "teachers_day": (9, 10),
    "national_day": (10, 1),
}
LUNAR_DATES = {
    "spring_festival": (1, 1), "lantern_festival": (1, 15), "dragon_boat": (5, 5),
    "qixi": (7, 7), "mid_autumn": (8, 15), "double_ninth": (9, 9), "laba": (12, 8),
}
TERM_DATES = {"qingming": "清明", "winter_solstice": "冬至"}
_TERM_ALIASES = {"DONG_ZHI": "冬至", "XIAO_HAN": "小寒", "DA_HAN": "大寒", "LI_CHUN": "立春",
                 "YU_SHUI": "雨水", "JING_ZHE": "惊蛰", "DA_XUE": "大雪"}
NAMED_DATES = frozenset(FIXED_DATES) | frozenset(LUNAR_DATES) | frozenset(TERM_DATES) | {"chuxi"}
NAMED_PERIODS = frozenset({"sanfu", "shujiu", "spring_festival_week"})


def lunar_to_solar(lunar_year: int, month: int, day: int) -> date:
    s = Lunar.fromYmd(lunar_year, month, day).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


@cache
def solar_terms(year: int) -> dict[str, date]:
    """The 24 solar terms that fall in the Gregorian `year`, by Chinese name."""
    terms: dict[str, date] = {}
    for around in (year - 1, year, year + 1):
        table = Solar.fromYmd(around, 6, 1).getLunar().getJieQiTable()
        for name, s in table.items():
            if s.getYear() == year:
                terms[_TERM_ALIASES.get(name, name)] = date(s.getYear(), s.getMonth(), s.getDay())
    return terms


def spring_festival(year: int) -> date:
    """正月初一 in the Gregorian `year` (it always falls in January or February)."""
    return lunar_to_solar(year, 1, 1)


def is_geng_day(d: date) -> bool:
    return Solar.fromYmd(d.year, d.month, d.day).getLunar().getDayGan() == "庚"


def sanfu(year: int) -> DaySpan:
    """三伏: 初伏 on the 3rd 庚 day from 夏至 (夏至 itself counts), 末伏 on the first 庚 day
    from 立秋 (立秋 itself counts), 末伏 lasting 10 days."""
    day, found = solar_terms(year)["夏至"], 0
    while True:
        if is_geng_day(day):
            found += 1
            if found == 3:
                break
        day += timedelta(days=1)
    last_fu = solar_terms(year)["立秋"]
    while not is_geng_day(last_fu):
        last_fu += timedelta(days=1)
    return DaySpan(day, last_fu + timedelta(days=9))


@cache
def provisional_holidays(year: int) -> frozenset[date]:
    """Statutory days by rule (plan-format.md, "Days"): 元旦, 春节 eve to the 3rd day, 清明,
    5/1-2, 端午, 中秋, 10/1-3."""
    sf = spring_festival(year)
    days = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 2), date(year, 10, 1),
            date(year, 10, 2), date(year, 10, 3), solar_terms(year)["清明"]}
    days |= {sf + timedelta(days=k) for k in range(-1, 3)}
    days.add(lunar_to_solar(year, 5, 5))
    days.add(lunar_to_solar(year, 8, 15))
    return frozenset(days)


def spring_festival_break(year: int) -> DaySpan:
    """The official 春节 break (chinese_calendar) or, without data, 除夕 to 初三."""
    sf = spring_festival(year)
    if year in DATA_YEARS:
        days = [sf + timedelta(days=k) for k in range(-12, 13)]
        off = [d for d in days if chinese_calendar.get_holiday_detail(d)
               == (True, "Spring Festival")]
        if off:
            return DaySpan(min(off), max(off))
    return DaySpan(sf - timedelta(days=1), sf + timedelta(days=2))


class Calendar:
    """Day kinds, named dates and named periods for one plan."""

    def __init__(self, plan: Plan) -> None:
        unknown = [c for c in plan.calendars if c != "china"]
        if unknown:
            raise UnsupportedPlan(f"calendars the checker does not know: {unknown}")
        if plan.holidays is not None:
            raise UnsupportedPlan("plan.holidays (a planner-supplied holiday file)")
        self.plan = plan
        self.china = "china" in plan.calendars
        self._kinds: dict[date, frozenset[str]] = {}
        self._periods: dict[str, list[DaySpan]] = {}

    @property
    def years(self) -> range:
        return range(self.plan.start.year, self.plan.end.year + 1)

    @property
    def provisional(self) -> bool:
        """True when some year of the plan period has no official holiday data."""
        return self.china and any(y not in DATA_YEARS for y in self.years)

    def kinds(self, d: date) -> frozenset[str]:
        """Every day-kind word that holds on `d`."""
        if d not in self._kinds:
            self._kinds[d] = self._classify(d)
        return self._kinds[d]

    def _classify(self, d: date) -> frozenset[str]:
        weekend_day = d.weekday() >= 5
        if self.china and d.year in DATA_YEARS:
            workday = chinese_calendar.is_workday(d)
            on_holiday, name = chinese_calendar.get_holiday_detail(d)
            holiday = on_holiday and name is not None  # a name: inside an official break
        elif self.china:
            holiday = d in provisional_holidays(d.year)
            workday = not weekend_day and not holiday
        else:
            holiday, workday = False, not weekend_day
        kinds = {WEEKDAYS[d.weekday()], "workday" if workday else "rest_day"}
        if weekend_day and not workday:
            kinds.add("weekend")
        if holiday:
            kinds.add("holiday")
        return frozenset(kinds)

    def named_date_occurrences(self, name: str) -> list[date]:
        """Every date the name falls on, around the plan period (a plan's own date wins)."""
        if name in self.plan.dates:
            return [self.plan.dates[name]]
        if name not in NAMED_DATES:
            raise UnsupportedPlan(f"named date {name!r} (from a profile?)")
        years = range(self.plan.start.year - 1, self.plan.end.year + 2)
        if name in FIXED_DATES:
            month, day = FIXED_DATES[name]
            return [date(y, month, day) for y in years]
        if name in TERM_DATES:
            return [solar_terms(y)[TERM_DATES[name]] for y in years]
        if name == "chuxi":
            return [spring_festival(y) - timedelta(days=1) for y in years]
        month, day = LUNAR_DATES[name]
        return [lunar_to_solar(y - 1 if month == 12 else y, month, day) for y in years]

    def named_period(self, name: str) -> list[DaySpan]:
        if name not in self._periods:
            self._periods[name] = self._named_period(name)
        return self._periods[name]

    def _named_period(self, name: str) -> list[DaySpan]:
        if name in self.plan.periods:
            return self.plan.periods[name]
        years = range(self.plan.start.year - 1, self.plan.end.year + 2)
        if name == "sanfu":
            return [sanfu(y) for y in years]
        if name == "shujiu":
            return [DaySpan(w, w + timedelta(days=80))
                    for w in (solar_terms(y)["冬至"] for y in years)]
        if name == "spring_festival_week":
            return [spring_festival_break(y) for y in years]
        raise UnsupportedPlan(f"named period {name!r} (from a profile?) without plan.periods")

    def in_period(self, name: str, d: date) -> bool:
        return any(s.first <= d <= s.last for s in self.named_period(name))
