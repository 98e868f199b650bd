"""Reference dates for the `china` calendar tests, computed without the plugin's code.

Lunar festivals and solar terms: walk Gregorian days through lunar_python and read each
day's lunar month, day and solar term (the plugin converts lunar dates to Gregorian
ones instead). Day stems: from the Julian day number. 三伏: from those two by the rule.
"""

from __future__ import annotations

import datetime as dt

from lunar_python import Solar

ONE_DAY = dt.timedelta(days=1)
GENG = 6  # 庚


def each_day(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def lunar_days(first: dt.date, last: dt.date):
    """(date, lunar month, lunar day, solar term) walking Gregorian days; a leap month is
    negative, as lunar_python gives it."""
    for day in each_day(first, last):
        lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
        yield day, lunar.getMonth(), lunar.getDay(), lunar.getJieQi()


FIXED = {
    "new_year": (1, 1),
    "womens_day": (3, 8),
    "arbor_day": (3, 12),
    "labour_day": (5, 1),
    "youth_day": (5, 4),
    "nurses_day": (5, 12),
    "childrens_day": (6, 1),
    "party_day": (7, 1),
    "army_day": (8, 1),
    "doctors_day": (8, 19),
    "teachers_day": (9, 10),
    "national_day": (10, 1),
}
LUNAR = {
    "spring_festival": (1, 1),
    "lantern_festival": (1, 15),
    "dragon_boat": (5, 5),
    "qixi": (7, 7),
    "mid_autumn": (8, 15),
    "double_ninth": (9, 9),
}
TERMS = {
    "qingming": "清明",
    "summer_solstice": "夏至",
    "start_of_autumn": "立秋",
    "winter_solstice": "冬至",
}


def expected_dates(year: int) -> dict[str, dt.date]:
    walk = list(lunar_days(dt.date(year - 1, 12, 1), dt.date(year, 12, 31)))
    this_year = [w for w in walk if w[0].year == year]
    out = {name: dt.date(year, m, d) for name, (m, d) in FIXED.items()}
    for name, lunar in LUNAR.items():
        (out[name],) = [d for d, m, n, _ in this_year if (m, n) == lunar]
    for name, term in TERMS.items():
        (out[name],) = [d for d, _, _, t in this_year if t == term]
    festival = out["spring_festival"]
    # 除夕: the last day of lunar month 12, the eve of this year's 春节
    (out["chuxi"],) = [
        d
        for (d, m, _, _), (nxt, _, _, _) in zip(walk, walk[1:], strict=False)
        if abs(m) == 12 and nxt == festival
    ]
    # 腊八: lunar 12/8 before this year's 春节 (late December of the year before, or January)
    (out["laba"],) = [d for d, m, n, _ in walk if (m, n) == (12, 8) and d < festival]
    return out


def stem(day: dt.date) -> int:
    """Heavenly stem of a day (甲 = 0 … 庚 = 6), from the Julian day number:
    (JDN + 49) mod 60 is the sexagenary day (2000-01-01, JDN 2451545, was 戊午 = 54)."""
    return (day.toordinal() + 1721425 + 49) % 60 % 10


def sanfu_by_rule(year: int) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(初伏, 中伏, 末伏, last day): 3rd and 4th 庚 day counting from 夏至, 1st from 立秋."""
    walk = list(lunar_days(dt.date(year, 6, 1), dt.date(year, 8, 31)))
    xiazhi = next(d for d, _, _, t in walk if t == "夏至")
    liqiu = next(d for d, _, _, t in walk if t == "立秋")
    geng = [d for d in each_day(xiazhi, dt.date(year, 8, 31)) if stem(d) == GENG]
    mofu = next(d for d in each_day(liqiu, dt.date(year, 8, 31)) if stem(d) == GENG)
    return geng[2], geng[3], mofu, mofu + 9 * ONE_DAY
