"""Dates of the Chinese calendar computed with `lunar_python`: lunar festivals, solar
terms, 三伏, 数九, and the statutory festival days used in provisional mode.

Everything is keyed by the Gregorian year and cached per year. Lunar festivals are
converted from their lunar date to the Gregorian one (`Lunar.fromYmd(...).getSolar()`);
solar terms come from the lunar year's term table.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from lunar_python import Lunar, Solar

ONE_DAY = dt.timedelta(days=1)

# Named dates on a fixed Gregorian day.
FIXED = {
    "new_year": (1, 1),  # 元旦
    "womens_day": (3, 8),  # 妇女节
    "arbor_day": (3, 12),  # 植树节
    "labour_day": (5, 1),  # 劳动节
    "youth_day": (5, 4),  # 青年节
    "nurses_day": (5, 12),  # 护士节
    "childrens_day": (6, 1),  # 儿童节
    "party_day": (7, 1),  # 建党节
    "army_day": (8, 1),  # 建军节
    "doctors_day": (8, 19),  # 中国医师节
    "teachers_day": (9, 10),  # 教师节
    "national_day": (10, 1),  # 国庆节
}

# Named dates on a lunar day of the lunar year that starts in the Gregorian year.
LUNAR = {
    "spring_festival": (1, 1),  # 春节
    "lantern_festival": (1, 15),  # 元宵节
    "dragon_boat": (5, 5),  # 端午节
    "qixi": (7, 7),  # 七夕
    "mid_autumn": (8, 15),  # 中秋节
    "double_ninth": (9, 9),  # 重阳节
}

# Named dates on a solar term, by lunar_python's term name.
TERMS = {
    "qingming": "清明",
    "summer_solstice": "夏至",
    "start_of_autumn": "立秋",
    "winter_solstice": "冬至",
}
# lunar_python's table of a lunar year names the terms after the year's end in pinyin.
_TERM_ALIASES = {"冬至": "DONG_ZHI", "大雪": "DA_XUE", "小寒": "XIAO_HAN", "大寒": "DA_HAN"}

GENG = 6  # 庚, the 7th of the ten heavenly stems (甲 = 0)


def _date(solar: Solar) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def lunar_date(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of lunar `month`/`day` (not a leap month) of lunar `year`."""
    return _date(Lunar.fromYmd(year, month, day).getSolar())


def spring_festival(year: int) -> dt.date:
    return lunar_date(year, 1, 1)


@cache
def solar_term(year: int, name: str) -> dt.date:
    """The day of solar term `name` (e.g. 冬至) in Gregorian `year`."""
    found: list[dt.date] = []
    for lunar_year in (year, year + 1):  # 冬至 may sit in the next lunar year's table
        table = Lunar.fromYmd(lunar_year, 1, 1).getJieQiTable()
        for key in (name, _TERM_ALIASES.get(name)):
            if key in table:
                found.append(_date(table[key]))
    inside = sorted({d for d in found if d.year == year})
    if len(inside) != 1:
        raise ValueError(f"solar term {name} in {year}: found {inside}")
    return inside[0]


def day_stem(day: dt.date) -> int:
    """The heavenly stem of a day (甲 = 0 … 癸 = 9), from lunar_python."""
    return Solar.fromYmd(day.year, day.month, day.day).getLunar().getDayGanIndex()


def _geng_days(start: dt.date):
    day = start
    while day_stem(day) != GENG:
        day += ONE_DAY
    while True:
        yield day
        day += dt.timedelta(days=10)


@cache
def named_dates(year: int) -> dict[str, dt.date]:
    """Every named date of the calendar in `year` (see docs/calendars.md)."""
    dates = {name: dt.date(year, month, day) for name, (month, day) in FIXED.items()}
    dates.update({name: lunar_date(year, m, d) for name, (m, d) in LUNAR.items()})
    dates.update({name: solar_term(year, term) for name, term in TERMS.items()})
    # 除夕 and 腊八 lead up to this year's 春节: 腊八 may fall in the last days of the
    # previous December (2023's is 2022-12-30), when this year has none of its own.
    dates["chuxi"] = spring_festival(year) - ONE_DAY
    dates["laba"] = lunar_date(year - 1, 12, 8)
    return dict(sorted(dates.items(), key=lambda item: (item[1], item[0])))


@cache
def sanfu(year: int) -> dict[str, tuple[dt.date, dt.date]]:
    """三伏: 初伏 from the 3rd 庚 day counting from 夏至 (夏至 itself counts), 中伏 from
    the 4th, 末伏 from the first 庚 day counting from 立秋; 初伏 and 末伏 last 10 days,
    中伏 runs up to 末伏 (10 or 20 days)."""
    geng = _geng_days(solar_term(year, "夏至"))
    next(geng)
    next(geng)
    chufu, zhongfu = next(geng), next(geng)
    mofu = next(_geng_days(solar_term(year, "立秋")))
    last = mofu + dt.timedelta(days=9)
    return {
        "chufu": (chufu, zhongfu - ONE_DAY),
        "zhongfu": (zhongfu, mofu - ONE_DAY),
        "mofu": (mofu, last),
        "sanfu": (chufu, last),
    }


def shujiu(year: int) -> tuple[dt.date, dt.date]:
    """数九: the 81 days from 冬至 of `year` (into March of the next year)."""
    start = solar_term(year, "冬至")
    return start, start + dt.timedelta(days=80)


@cache
def statutory_breaks(year: int) -> dict[str, tuple[str, dt.date, dt.date]]:
    """The statutory festival days of 全国年节及纪念日放假办法 (2024 revision), without
    调休: key -> (name, first, last). Used when a year has no official notice yet."""
    festival = spring_festival(year)
    return {
        "new_year": ("元旦", dt.date(year, 1, 1), dt.date(year, 1, 1)),
        "spring_festival": ("春节", festival - ONE_DAY, festival + 2 * ONE_DAY),
        "qingming": ("清明节", solar_term(year, "清明"), solar_term(year, "清明")),
        "labour_day": ("劳动节", dt.date(year, 5, 1), dt.date(year, 5, 2)),
        "dragon_boat": ("端午节", lunar_date(year, 5, 5), lunar_date(year, 5, 5)),
        "mid_autumn": ("中秋节", lunar_date(year, 8, 15), lunar_date(year, 8, 15)),
        "national_day": ("国庆节", dt.date(year, 10, 1), dt.date(year, 10, 3)),
    }
