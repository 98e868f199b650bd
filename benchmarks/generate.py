"""City-federation plans for the scale benchmark (issue 10), deterministic for a seed.

    .venv/bin/python benchmarks/generate.py --unions 31 [--seed 1] [-o plan.yaml]

A federation of N second-level unions (seed 001: 31 of them, 84 third-level unions,
4,000 members) shares one 职工活动中心: a gym with courts, a pool with lanes, a field, an
auditorium and meeting rooms, and the federation's trainers and referees (interchangeable:
pools), umpires and lecturers (each with their own unavailability, caps or `member_of`).

Each union (2–4 third-level unions as its departments) has a monthly committee meeting
and club afternoon, quarterly department study sessions, a spring and an autumn league
among its departments (a friendly when it has two), a training course (trainer pool), for
some a lecture series (lecturers) and a swimming course (pool lanes), a field day, an
awards meeting, 春节慰问, 三八, 送清凉 in 三伏, 重阳, quarterly safety checks and deadlines.
The federation adds a cup among the unions (groups_knockout), monthly and quarterly
meetings, its congress, a sports gala, a swimming gala and festival items, under three
hard rules; the leagues' and the cup's compactness and the lectures' spacing are the
preferences. N=5, 31 and 120 give about 350, 2,100 and 7,900 occurrences.

**Feasible by construction.** Before writing the plan, the generator places every
occurrence itself (the *witness*), reading the same activity specs it writes, under a
reading of each hard constraint that is stricter than the scheduler's: anything of a
union blocks the whole union (its departments included); a knockout match blocks every
union and is played after every group match, one a day, with the rest in between; a
member of a group is busy whenever any of it attends and never takes a role in its
items; caps, rest, spacing, order, venue hours, closures, unavailability and the hard
rules are kept. The plan's windows hold the witness, so a schedule exists.

**Calibrated.** The centre's opening for the unions (closing time, courts, lanes, rooms,
weekly closing days) is sized from the demand per month so that the busiest month of each
venue is about 70% booked: within 62–80% with as few closing days as possible. When the
witness cannot place an occurrence, the venue or staff pool that stopped it grows one
step and the witness starts again. `Federation.utilisation` is the witness's booked share
of open hours per venue and month; `utilisation_table()` prints it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import json
import math
import random
import re
import string
import sys
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The witness deals groups and rounds exactly as the built-in formats do.
from plugins.formats.knockout import snake_groups  # noqa: E402
from plugins.formats.round_robin import circle_rounds  # noqa: E402

YEAR = 2026
DAY_START, DAY_END, SLOT = 8 * 60, 21 * 60, 30
PER_DAY = (DAY_END - DAY_START) // SLOT
TARGET, BAND = 0.72, (0.62, 0.80)  # the busiest month's booked share of open hours

UNITS = (
    "市机关 供电公司 自来水公司 公交集团 第一人民医院 中医院 实验中学 第一小学 燃气集团 地铁公司"
)
UNITS += (
    " 邮政分公司 电信分公司 烟草公司 钢铁集团 化工厂 纺织厂 机械厂 建工集团 交通投资集团 城投公司"
)
UNITS += " 市场监管局 税务局 财政局 教育局 卫健委 环卫处 园林局 图书馆 广播电视台 报业集团 农商银行"
SECTIONS = ["第一分会", "第二分会", "第三分会", "第四分会"]

# The federation's own items ($n: number of unions, $teams: the union ids).
FEDERATION = """
- {id: fed-gala, kind: event, title: 迎新春职工运动会, category: federation, duration: 1d,
   venue: field, staff: [fed-sports, {role: referee, count: 2}], audience: [all],
   when: {relative: {to: spring_festival, from: -16, until: -3}, days: [rest_day]}}
- {id: fed-congress, kind: event, title: 职工代表大会, category: federation, duration: 1d,
   venue: auditorium, staff: [fed-chair, fed-vice], audience: [reps],
   when: {months: [3], days: [workday]}}
- {id: fed-swim-gala, kind: event, title: 职工游泳比赛, category: federation, duration: 1d,
   venue: pool, staff: [fed-sports, {role: referee, count: 2}],
   when: {months: [8], days: [weekend]}}
- {id: fed-cup, kind: tournament, title: 市职工篮球联赛, category: sport,
   format: groups_knockout, teams: $teams, groups: $groups, advance: $advance, match: 90m,
   venue: gym, staff: [{role: referee, count: 2}, {role: umpire, count: 1}],
   audience_size: 60, rest: {min_hours: 20}, when: {months: [5, 6]}, prefer: {compact: 2}}
- {id: fed-women-committee, kind: series, title: 各分会女工委员例会, category: federation,
   every: month, duration: 2h, venue: auditorium, staff: [fed-women],
   audience: [women-reps], when: {days: [workday]}}
- {id: fed-chairs, kind: series, title: 二三级工会主席季度考核会, category: federation,
   every: quarter, duration: 3h, venue: auditorium, staff: [fed-chair], audience: [chairs],
   when: {months: [1, 4, 7, 10], days: [workday]}}
- {id: fed-training, kind: series, title: 工会干部培训班, category: federation, count: 3,
   spacing: {min_days: 7}, duration: 3h, venue: auditorium,
   staff: [{role: lecturer, count: 1}], audience: [chairs],
   when: {months: [3], days: [workday]}}
- {id: fed-spring-visits, kind: event, title: 春节走访慰问劳模, category: federation,
   count: 3, spacing: {min_days: 1}, duration: 3h,
   staff: [fed-chair, {role: organiser, count: 1}],
   when: {relative: {to: spring_festival, from: -12, until: -1}, days: [workday]}}
- {id: fed-womens-day, kind: event, title: 三八女职工拔河比赛, category: federation,
   duration: 3h, venue: field, staff: [fed-women], audience: [women-reps],
   when: {relative: {to: womens_day, from: -6, until: 0}}}
- {id: fed-labour-awards, kind: event, title: 五一劳模表彰大会, category: federation,
   duration: 3h, venue: auditorium, staff: [fed-chair], audience: [reps],
   when: {relative: {to: labour_day, from: -8, until: -1}, days: [workday]}}
- {id: fed-cool, kind: event, title: 夏送清凉慰问一线职工, category: federation, count: 4,
   spacing: {min_days: 5}, duration: 3h, staff: [fed-chair, {role: organiser, count: 1}],
   when: {periods: [sanfu], days: [workday]}}
- {id: fed-dance, kind: event, title: 职工广场舞比赛, category: federation, duration: 3h,
   venue: field, staff: [fed-women, fed-sports], audience: [women-reps],
   when: {months: [9]}}
- {id: fed-double-ninth, kind: event, title: 重阳节退休职工座谈会, category: federation,
   duration: 3h, venue: auditorium, staff: [fed-chair], audience: [retirees],
   when: {relative: {to: double_ninth, from: -3, until: 3}, days: [workday]}}
- {id: fed-report, kind: deadline, title: 上报市总工会半年工作总结, category: report,
   owner: fed-vice, dates: [2026-06-30, 2026-12-31]}
- {id: fed-budget, kind: deadline, title: 工会经费预算编报, category: report,
   owner: fed-office, when: {months: [11], days: [workday]}}
"""

# Each union's year ($u: its id, $name: its name, $chair, $sections, $d1: its first
# department, $dn: its last, and months chosen per union so that demand spreads).
UNION = """
- {id: $u-committee, kind: series, title: ${name}委员会例会, category: meeting,
   every: month, duration: 90m, venue: {tags: [room]}, staff: [$chair],
   when: {days: [workday]}}
- {id: $u-club, kind: series, title: ${name}职工文体活动日, category: sport, every: month,
   duration: 2h, venue: gym, audience: [$u]}
- {id: $u-training, kind: series, title: ${name}岗位技能培训, category: training,
   count: 4, spacing: {min_days: 5}, duration: 2h, venue: {tags: [room]},
   staff: [{role: trainer, count: 1}], audience: [$d1],
   when: {months: [$training], days: [workday]}}
- {id: $u-awards, kind: event, title: ${name}年度表彰会, category: meeting, duration: 2h,
   venue: auditorium, staff: [$chair], audience: [$u],
   when: {months: [$awards], days: [workday]}}
- {id: $u-field-day, kind: event, title: ${name}趣味运动会, category: sport,
   duration: 3h, venue: field, audience: [$u], when: {months: [$field]}}
- {id: $u-spring-visits, kind: event, title: ${name}春节慰问困难职工, category: care,
   duration: 3h, staff: [$chair],
   when: {relative: {to: spring_festival, from: -10, until: -1}, days: [workday]}}
- {id: $u-womens-day, kind: event, title: ${name}三八女职工活动, category: culture,
   duration: 3h, staff: [$chair], audience: [$u],
   when: {relative: {to: womens_day, from: -5, until: 0}}}
- {id: $u-cool, kind: event, title: ${name}夏送清凉, category: care, count: 2,
   spacing: {min_days: 7}, duration: 3h, staff: [$chair],
   when: {periods: [sanfu], days: [workday]}}
- {id: $u-double-ninth, kind: event, title: ${name}重阳节走访退休职工, category: care,
   duration: 2h, staff: [$chair], audience: [$u-ret],
   when: {relative: {to: double_ninth, from: -3, until: 3}, days: [workday]}}
- {id: $u-safety, kind: series, title: ${name}安全生产检查, category: care,
   every: quarter, duration: 2h, staff: [$chair], when: {days: [workday]}}
- {id: $u-report, kind: deadline, title: ${name}半年工作总结, category: report,
   owner: $chair, dates: [2026-06-30, 2026-12-31]}
- {id: $u-dues, kind: deadline, title: ${name}会费收缴, category: report, owner: $chair,
   when: {months: [$dues], days: [workday]}}
"""
STUDY = """
- {id: $d-study, kind: series, title: ${dname}职工小组学习, category: meeting,
   every: quarter, duration: 90m, venue: {tags: [room]}, audience: [$d],
   when: {months: $months, days: [workday]}}
"""
LEAGUE = """
- {id: $u-$season-league, kind: tournament, title: ${name}${sport}联赛, category: sport,
   format: round_robin, teams: $sections, match: 60m, venue: gym,
   staff: [{role: referee, count: 1}], max_per_day: 1, when: {months: [$month]},
   prefer: {compact: 1}}
"""
FRIENDLY = """
- {id: $u-$season-friendly, kind: event, title: ${name}${sport}友谊赛, category: sport,
   duration: 2h, venue: gym, staff: [{role: referee, count: 1}], audience: $sections,
   when: {months: [$month]}}
"""
LECTURE = """
- {id: $u-lecture, kind: series, title: ${name}职工大讲堂, category: training, count: 3,
   spacing: {min_days: 7, weight: 1}, duration: 2h, venue: auditorium,
   staff: [{role: lecturer, count: 1}], audience: [$u],
   when: {months: [$lecture], days: [workday]}}
"""
SWIM = """
- {id: $u-swim, kind: series, title: ${name}游泳培训班, category: sport, count: 4,
   spacing: {min_days: 5}, duration: 1h, venue: pool, audience: [$dn],
   when: {months: [$swim]}}
"""
RULES = """
- {id: federation-one-a-day, type: max_per_day, scope: {category: federation}, limit: 1}
- {id: gala-before-congress, type: min_gap_days, between: [fed-gala, fed-congress], days: 14}
- {id: training-before-awards, type: before, first: fed-training, then: fed-labour-awards}
"""


def _yaml(template: str, **values) -> list[dict]:
    text = string.Template(template).substitute({k: flow(v) for k, v in values.items()})
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


# --- the calendar of the plan year ---------------------------------------------------


@dataclass(frozen=True)
class Year:
    """Day kinds, named dates and periods of the plan year, from the scheduler's `china`
    calendar (the data the plan is solved with)."""

    first: dt.date
    kinds: tuple[frozenset[str], ...]
    named_dates: dict[str, dt.date]
    named_periods: dict[str, list[tuple[dt.date, dt.date]]]

    @property
    def count(self) -> int:
        return len(self.kinds)

    def date(self, index: int) -> dt.date:
        return self.first + dt.timedelta(days=index)

    def index(self, day: dt.date) -> int:
        return (day - self.first).days

    def month(self, index: int) -> int:
        return self.date(index).month


@functools.cache
def plan_year() -> Year:
    from scheduler.calendar import build_days
    from scheduler.loader import load_plan
    from scheduler.plugins import get_plugins

    with tempfile.TemporaryDirectory() as tmp:
        header = Path(tmp) / "year.yaml"
        header.write_text(
            f"plan: {{id: year, name: year, year: {YEAR}, calendars: [china]}}\n", encoding="utf-8"
        )
        plugins = get_plugins()
        days = build_days(load_plan(header, plugins), plugins, False)
    return Year(
        days.first,
        tuple(days.kinds(i) for i in range(days.count)),
        {k: v[0] for k, v in days.named_dates.items()},
        {k: [(r[0], r[1]) for r in v] for k, v in days.named_periods.items()},
    )


def window(when: dict | None) -> list[int]:
    """Day indices a `when` mapping allows (the keys this generator writes)."""
    year, when = plan_year(), when or {}
    out = []
    for i in range(year.count):
        day, kinds = year.date(i), year.kinds[i]
        if "months" in when and day.month not in when["months"]:
            continue
        if "days" in when and not kinds & set(when["days"]):
            continue
        if "periods" in when and not any(
            lo <= day <= hi for name in when["periods"] for lo, hi in year.named_periods[name]
        ):
            continue
        if "relative" in when:
            rel = when["relative"]
            if not rel["from"] <= (day - year.named_dates[rel["to"]]).days <= rel["until"]:
                continue
        out.append(i)
    return out


def minutes_of(duration: str) -> int:
    number, unit = int(duration[:-1]), duration[-1]
    return number * {"m": 1, "h": 60, "d": 1440}[unit]


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_PLAIN = re.compile(r"^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff\-.]*$")


def flow(value) -> str:
    """A value as YAML flow text (slugs and plain words bare, other strings quoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text not in ("true", "false", "null", "yes", "no", "on", "off"):
        return text
    return json.dumps(text, ensure_ascii=False)


# --- venues and their calibration ----------------------------------------------------

OPEN_EVERY_DAY = [
    (),
    ("mon",),
    ("mon", "thu"),
    ("mon", "wed", "fri"),
    ("mon", "tue", "thu", "fri"),
    ("mon", "tue", "wed", "thu", "fri"),
    ("mon", "tue", "wed", "thu", "fri", "sun"),
]
WORKDAYS_ONLY = OPEN_EVERY_DAY[:5]


@dataclass
class Venue:
    """A venue class: one venue with `units` courts, or `units` rooms alike. Calibration
    sets `units`, `closes` and the weekly closing days (`patterns[pattern]`)."""

    key: str
    name: str
    tags: list[str]
    capacity: int | None
    opens: int  # minutes after midnight
    latest: int  # latest closing time
    base_closed: tuple[str, ...]  # day kinds it is always closed
    patterns: list[tuple[str, ...]]  # weekly closing days, most open first
    max_units: int
    rooms: bool = False
    units: int = 1
    closes: int = 0
    pattern: int = 0

    def ids(self) -> list[str]:
        return [f"{self.key}{n + 1}" for n in range(self.units)] if self.rooms else [self.key]

    def closed_words(self) -> tuple[str, ...]:
        return self.base_closed + self.patterns[self.pattern]

    def open_days(self) -> list[bool]:
        year, closed = plan_year(), set(self.closed_words())
        return [not (year.kinds[i] & closed) for i in range(year.count)]

    def yaml(self) -> list[str]:
        lines = []
        for n, vid in enumerate(self.ids()):
            spec: dict = {"id": vid, "name": self.name + (str(n + 1) if self.rooms else "")}
            if self.capacity:
                spec["capacity"] = self.capacity
            if not self.rooms and self.units > 1:
                spec["courts"] = self.units
            spec["tags"] = self.tags
            spec["hours"] = f"{_hm(self.opens)}-{_hm(self.closes)}"
            if self.closed_words():
                spec["closed"] = list(self.closed_words())
            lines.append("  - " + flow(spec))
        return lines

    def calibrate(self, demand: dict[int, dict[int, float]], whole: dict[int, int]) -> None:
        """The opening whose busiest month is inside BAND with the fewest closing days
        (then nearest TARGET, later closing, fewer units), among those where each month
        still packs: `demand` is booked minutes per month and item length, `whole`
        whole-day bookings per month. An item of length L uses ⌊h/L⌋·L of an h-hour day."""
        year, best = plan_year(), None
        lengths = {length for month in demand.values() for length in month}
        for index, pattern in enumerate(self.patterns):
            self.pattern = index
            per_month: dict[int, int] = defaultdict(int)
            for i, ok in enumerate(self.open_days()):
                per_month[year.month(i)] += ok
            if any(whole.get(m, 0) > per_month[m] for m in range(1, 13)):
                continue
            for closes in range(self.opens + max(lengths | {60}), self.latest + 1, SLOT):
                hours = closes - self.opens
                for units in range(1, self.max_units + 1):
                    peak = packed = 0.0
                    for m in range(1, 13):
                        if not per_month[m]:
                            continue
                        room = units * hours * per_month[m]
                        fixed = whole.get(m, 0) * units * hours
                        booked = sum(demand.get(m, {}).values())
                        stretched = sum(
                            d * hours / (hours // length * length)
                            for length, d in demand.get(m, {}).items()
                        )
                        peak = max(peak, (booked + fixed) / room)
                        packed = max(packed, (stretched + fixed) / room)
                    miss = abs(peak - TARGET)
                    if BAND[0] <= peak <= BAND[1] and packed <= 0.9:
                        score = (0, len(pattern), miss, -hours, units)
                    else:
                        score = (1, max(0.0, packed - 0.9), miss, len(pattern), -hours, units)
                    if best is None or score < best[0]:
                        best = (score, index, closes, units)
        assert best is not None
        _, self.pattern, self.closes, self.units = best

    def grow(self, closed_in_window: bool) -> bool:
        """One step more room: a closing day fewer if most of its window is closed, else a later
        closing, else one more unit. False when it cannot grow."""
        if closed_in_window and self.pattern > 0:
            self.pattern -= 1
        elif self.closes + SLOT <= self.latest:
            self.closes += SLOT
        elif self.units < self.max_units:
            self.units += 1
        elif self.pattern > 0:
            self.pattern -= 1
        else:
            return False
        return True


def centre(unions: int) -> dict[str, Venue]:
    most = max(4, math.ceil(unions / 10))
    every, workdays = OPEN_EVERY_DAY, WORKDAYS_ONLY
    return {
        v.key: v
        for v in [
            Venue(
                "gym", "职工活动中心体育馆", ["sports", "court"], 300, 840, DAY_END, (), every, most
            ),
            Venue("pool", "职工活动中心游泳馆", ["pool"], 200, 540, DAY_END, (), every, most),
            Venue(
                "field", "职工活动中心田径场", ["field", "outdoor"], None, 480, 1140, (), every, 1
            ),
            Venue(
                "auditorium",
                "职工活动中心报告厅",
                ["stage"],
                500,
                540,
                DAY_END,
                ("rest_day",),
                workdays,
                1,
            ),
            Venue(
                "room",
                "职工活动中心会议室",
                ["room"],
                100,
                510,
                1080,
                ("rest_day",),
                workdays,
                most,
                rooms=True,
            ),
        ]
    }


# --- staff and groups ------------------------------------------------------------------


@dataclass
class Person:
    id: str
    name: str
    roles: list[str]
    unavailable: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    max_per_week: int | None = None

    def yaml(self) -> str:
        spec: dict = {"id": self.id, "name": self.name, "roles": self.roles}
        if self.unavailable:
            spec["unavailable"] = [[lo, hi] for lo, hi in self.unavailable]
        if self.member_of:
            spec["member_of"] = self.member_of
        if self.max_per_week is not None:
            spec["max_per_week"] = self.max_per_week
        return "  - " + flow(spec)


@dataclass
class Union:
    index: int
    id: str
    name: str
    unit: str
    sections: list[tuple[str, str, int]]  # (id, name, size)
    staff_size: int

    @property
    def size(self) -> int:
        return sum(s for *_, s in self.sections) + self.staff_size


def _unions(n: int, rng: random.Random) -> list[Union]:
    units = UNITS.split()
    out = []
    for i in range(n):
        uid = f"u{i + 1:03d}"
        unit = units[i % len(units)] + (str(i // len(units) + 1) if i >= len(units) else "")
        k = rng.choices([2, 3, 4], weights=[40, 45, 15])[0]
        sections = [
            (f"{uid}-d{j + 1}", f"{unit}{SECTIONS[j]}", rng.randint(22, 60)) for j in range(k)
        ]
        out.append(Union(i, uid, f"{unit}工会", unit, sections, rng.randint(4, 16)))
    return out


def _people(members: list[Union], pools: dict[str, int]) -> list[Person]:
    people = [
        Person("fed-chair", "市总工会主席", ["chair", "organiser"]),
        Person("fed-vice", "市总工会副主席", ["organiser"]),
        Person("fed-women", "女职工委员会主任", ["organiser"]),
        Person("fed-sports", "文体部部长", ["organiser"]),
        Person("fed-office", "办公室主任", ["organiser"]),
    ]
    for u in members:
        away = []
        if u.index % 6 == 5:  # a week of cadre training in spring
            monday = dt.date(YEAR, 4, 13) + dt.timedelta(weeks=u.index % 4)
            away = [(monday, monday + dt.timedelta(days=4))]
        people.append(Person(f"{u.id}-chair", f"{u.name}主席", ["chair"], away))
    for role, title in (("trainer", "培训师"), ("referee", "裁判员")):  # interchangeable
        people += [
            Person(f"{role}{n + 1:02d}", f"{title}{n + 1}", [role]) for n in range(pools[role])
        ]
    for n in range(pools["umpire"]):
        person = Person(f"umpire{n + 1:02d}", f"裁判长{n + 1}", ["umpire"])
        if n % 3 == 0:  # works in a union: busy when it attends, never judges its matches
            person.member_of = [members[(n * 7) % len(members)].id]
        elif n % 3 == 1:
            start = dt.date(YEAR, 5, 1) + dt.timedelta(days=7 * n)
            person.unavailable = [(start, start + dt.timedelta(days=2))]
        else:
            person.max_per_week = 4
        people.append(person)
    for n in range(pools["lecturer"]):
        start = dt.date(YEAR, 3 + 3 * n, 10)
        away = [(start, start + dt.timedelta(days=6))]
        people.append(Person(f"lecturer{n + 1}", f"讲师{n + 1}", ["lecturer"], away, [], 3))
    return people


def _groups(members: list[Union]) -> list[dict]:
    n = len(members)
    # Each union sends its retirees' delegates to the federation's 重阳 meeting in the
    # auditorium (500 seats): twelve each, fewer when there are too many unions.
    delegates = min(12, 480 // n)
    groups = [
        {"id": "all", "name": "全市职工", "size": sum(u.size for u in members)},
        {"id": "reps", "name": "职工代表", "size": 300},
        {"id": "women-reps", "name": "女工委员", "size": n + 10},
        {"id": "chairs", "name": "基层工会主席", "size": n},
        {"id": "retirees", "name": "退休职工", "size": delegates * n},
    ]
    for u in members:
        groups.append({"id": u.id, "name": u.name, "size": u.size, "part_of": "all"})
        for sid, sname, size in u.sections:
            groups.append({"id": sid, "name": sname, "size": size, "part_of": u.id})
        groups.append(
            {
                "id": f"{u.id}-ret",
                "name": f"{u.name}退休职工",
                "size": delegates,
                "part_of": "retirees",
            }
        )
    return groups


def _atoms(members: list[Union]) -> dict[str, frozenset[str]]:
    """What each group blocks in the witness: a union and its departments the union's
    atom, `all` every union's, a union's retirees their own, `retirees` all of those."""
    atoms: dict[str, frozenset[str]] = {
        "all": frozenset(u.id for u in members),
        "retirees": frozenset(f"{u.id}-ret" for u in members),
    }
    for group in ("reps", "women-reps", "chairs"):
        atoms[group] = frozenset({group})
    for u in members:
        for g in [u.id] + [s for s, *_ in u.sections]:
            atoms[g] = frozenset({u.id})
        atoms[f"{u.id}-ret"] = frozenset({f"{u.id}-ret"})
    return atoms


# --- the activities ----------------------------------------------------------------------


def _rotate(index: int, options: list[int]) -> int:
    return options[index % len(options)]


def _activities(members: list[Union]) -> list[dict]:
    n = len(members)
    groups = min(26, max(2, round(n / 5)))
    acts = _yaml(
        FEDERATION,
        teams=[u.id for u in members],
        groups=groups,
        advance=2 if groups <= 8 else 1,
    )
    for u in members:
        i, sections = u.index, [s for s, *_ in u.sections]
        common = {"u": u.id, "name": u.name, "chair": f"{u.id}-chair"}
        acts += _yaml(
            UNION,
            **common,
            d1=sections[0],
            training=_rotate(i, [3, 4, 5, 6, 9, 10, 11, 12]),
            awards=12 if i % 2 else 1,
            field=_rotate(i, [4, 5, 9, 10, 11]),
            dues=1 + i % 12,
        )
        for j, (sid, sname, _) in enumerate(u.sections):
            months = [1 + (i + j) % 3 + 3 * q for q in range(4)]
            acts += _yaml(STUDY, d=sid, dname=sname, months=months)
        for season, sport, month in (
            ("spring", "乒乓球", 3 + i % 2),
            ("autumn", "羽毛球", 10 + i % 2),
        ):
            template = LEAGUE if len(sections) >= 3 else FRIENDLY
            acts += _yaml(
                template, **common, season=season, sport=sport, month=month, sections=sections
            )
        if i % 3 == 0:
            acts += _yaml(LECTURE, **common, lecture=_rotate(i // 3, [4, 5, 6, 9, 10, 11]))
        if i % 2 == 0:
            acts += _yaml(SWIM, **common, dn=sections[-1], swim=_rotate(i // 2, [6, 7, 8, 9]))
    return acts


def occurrence_count(acts: list[dict]) -> int:
    """Occurrences the plan implies (as the scheduler expands it)."""
    total = 0
    for a in acts:
        if a["kind"] == "tournament":
            teams = len(a["teams"])
            if a["format"] == "round_robin":
                total += teams * (teams - 1) // 2
            else:
                sizes = [len(g) for g in snake_groups(a["teams"], a["groups"])]
                total += sum(s * (s - 1) // 2 for s in sizes) + a["groups"] * a["advance"] - 1
        elif a["kind"] == "deadline":
            total += len(a["dates"]) if "dates" in a else a.get("count", 1)
        elif "count" in a:
            total += a["count"]
        else:
            total += len(_periods(a))
    return total


def _periods(a: dict) -> list[list[int]]:
    """Days of each period of an `every` series (or the one window of an event)."""
    days = window(a.get("when"))
    year = plan_year()
    if a["kind"] == "event":
        return [days]
    span = {"month": 1, "quarter": 3}[a["every"]]
    out = []
    for first in range(1, 13, span):
        inside = [d for d in days if first <= year.month(d) < first + span]
        if inside:
            out.append(inside)
    return out


# --- the witness -------------------------------------------------------------------------


@dataclass
class Need:
    """One occurrence as the witness sees it, read from its activity's spec."""

    label: str
    days: list[int]  # allowed start days
    minutes: int  # duration; whole days: a multiple of 1440
    venue: str | None  # venue class
    atoms: frozenset[str]
    named: tuple[str, ...]
    roles: tuple[tuple[str, int], ...]
    federation: bool  # counts for the federation's one-a-day rule
    teams: tuple[str, ...] = ()  # for daily limits and rest
    team_limit: int | None = None
    rest: int = 0  # minutes
    after: int = 0  # earliest real start (minutes from the year's first midnight)
    target: int | None = None  # preferred day
    month: int | None = None  # where calibration counts it

    @property
    def whole_days(self) -> int:
        return self.minutes // 1440 if self.minutes % 1440 == 0 else 0

    @property
    def size(self) -> int:
        return PER_DAY if self.whole_days else math.ceil(self.minutes / SLOT)


@dataclass
class Unit:
    """What the witness places in one go: an occurrence, or a `count:` chain of them."""

    needs: list[Need]
    min_days: int | None = None  # a chain: start date minus the previous last day


def _units(acts: list[dict], atoms: dict[str, frozenset[str]], venues: dict[str, Venue]):
    """(whole-day items, the cup's group stage, its knockout, everything else)."""
    whole, other, group_stage, knockout = [], [], [], []
    for a in acts:
        if a["kind"] == "deadline":
            continue
        named = tuple(s for s in a.get("staff", []) if isinstance(s, str))
        roles = tuple((s["role"], s["count"]) for s in a.get("staff", []) if isinstance(s, dict))
        venue = _venue_class(a.get("venue"))
        audience = frozenset().union(*(atoms[g] for g in a.get("audience", [])))
        base = Need(a["id"], [], 0, venue, audience, named, roles, a["category"] == "federation")
        if a["kind"] == "tournament":
            days = window(a["when"])
            rest = round(a.get("rest", {}).get("min_hours", 0) * 60)
            limit = a.get("max_per_day")
            match = minutes_of(a["match"])
            if a["format"] == "round_robin":
                for pairs in circle_rounds(a["teams"]):
                    for x, y in pairs:
                        need = replace(
                            base,
                            label=f"{a['id']}/{x}-{y}",
                            days=days,
                            minutes=match,
                            atoms=atoms[x] | atoms[y],
                            teams=(x, y),
                            team_limit=limit,
                            rest=rest,
                        )
                        other.append(Unit([need]))
                continue
            may = window({**a["when"], "months": [5]})
            june = window({**a["when"], "months": [6]})
            for g, members in enumerate(snake_groups(a["teams"], a["groups"])):
                for r, pairs in enumerate(circle_rounds(members)):
                    for x, y in pairs:
                        group_stage.append(
                            replace(
                                base,
                                label=f"{a['id']}/{x}-{y}",
                                days=may,
                                minutes=match,
                                atoms=atoms[x] | atoms[y],
                                teams=(x, y),
                                rest=rest,
                                month=5,
                                target=may[(r * 6 + g % 5) % len(may)],
                            )
                        )
            everyone = frozenset().union(*(atoms[t] for t in a["teams"]))
            for k in range(a["groups"] * a["advance"] - 1):
                knockout.append(
                    replace(
                        base,
                        label=f"{a['id']}/KO{k + 1}",
                        days=june,
                        minutes=match,
                        atoms=everyone,
                        teams=("KO",),
                        rest=rest,
                        month=6,
                    )
                )
            continue
        minutes = minutes_of(a["duration"])
        if "count" in a:
            days = window(a.get("when"))
            needs = [
                replace(base, label=f"{a['id']}/{j + 1}", days=days, minutes=minutes)
                for j in range(a["count"])
            ]
            other.append(Unit(needs, a.get("spacing", {}).get("min_days", 0)))
            continue
        for k, days in enumerate(_periods(a)):
            need = replace(base, label=f"{a['id']}/{k + 1}", days=days, minutes=minutes)
            (whole if need.whole_days else other).append(Unit([need]))
    return whole, group_stage, knockout, other


def _venue_class(spec) -> str | None:
    """The venue class a spec names: an id of the centre, or `{tags: [room]}`."""
    if isinstance(spec, dict):
        assert spec == {"tags": ["room"]}, spec
        return "room"
    return spec


class NoRoom(Exception):
    def __init__(self, need: Need, venue: str | None, role: str | None):
        super().__init__(need.label)
        self.need, self.venue, self.role = need, venue, role


class Witness:
    """A schedule placed occurrence by occurrence on a slot grid per resource."""

    def __init__(self, venues: dict[str, Venue], people: list[Person]):
        year = self.year = plan_year()
        self.venues = venues
        self.people = {p.id: p for p in people}
        self.members: dict[str, set[str]] = defaultdict(set)  # atom -> its members
        for p in people:
            for group in p.member_of:  # only ever a union here: its atom is its id
                self.members[group].add(p.id)
        self.busy: dict[str, bytearray] = defaultdict(lambda: bytearray(year.count * PER_DAY))
        self.capacity = {vid: 1 if v.rooms else v.units for v in venues.values() for vid in v.ids()}
        self.open = {vid: v.open_days() for v in venues.values() for vid in v.ids()}
        self.away = {
            p.id: {i for lo, hi in p.unavailable for i in range(year.index(lo), year.index(hi) + 1)}
            for p in people
        }
        self.by_role: dict[str, list[str]] = defaultdict(list)
        for p in people:
            for role in p.roles:
                self.by_role[role].append(p.id)
        self.load: dict[str, int] = defaultdict(int)
        self.week: dict[tuple[str, int], int] = defaultdict(int)
        self.team_day: dict[tuple[str, int], int] = defaultdict(int)
        self.team_times: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.federation_days: set[int] = set()
        self.placed: list[tuple[Need, int, int, str | None]] = []  # need, day, slot, venue

    # resources -----------------------------------------------------------------------

    def _free(self, key: str, day: int, slot: int, size: int, cap: int = 1) -> bool:
        row, base = self.busy[key], day * PER_DAY + slot
        return all(row[base + k] < cap for k in range(size))

    def _person_ok(self, person: str, days: range, slot: int, size: int) -> bool:
        if any(d in self.away[person] for d in days):
            return False
        cap = self.people[person].max_per_week
        if cap is not None and self.week[person, self.year.date(days[0]).isocalendar()[1]] >= cap:
            return False
        return all(self._free(f"p:{person}", d, slot, size) for d in days)

    def _pick(self, need: Need, days: range, slot: int, size: int) -> list[str] | str:
        """People for the roles (least busy first), or the role that is short."""
        chosen: list[str] = []
        members = set().union(*(self.members.get(a, set()) for a in need.atoms))
        for role, count in need.roles:
            free = [
                p
                for p in self.by_role[role]
                if p not in need.named
                and p not in chosen
                and p not in members  # never judges (or works for) its own union
                and self._person_ok(p, days, slot, size)
            ]
            free.sort(key=lambda p: (self.load[p], p))
            if len(free) < count:
                return role
            chosen += free[:count]
        return chosen

    def _keys(self, need: Need, staff: Iterable[str]) -> list[str]:
        people = set(staff).union(*(self.members.get(a, set()) for a in need.atoms))
        return [f"a:{a}" for a in sorted(need.atoms)] + [f"p:{p}" for p in sorted(people)]

    # placing -------------------------------------------------------------------------

    def place(self, need: Need, not_before: int = 0, relax: str = "") -> bool:
        """Place `need` on its first fit, days nearest its target first, each day from
        its earliest start; `relax` ("venue", "roles") tries without that resource and
        places nothing. Raises NoRoom, naming what stopped it."""
        days = [d for d in need.days if d >= not_before]
        if not days:
            raise NoRoom(need, None, None)
        target = need.target if need.target is not None else days[len(days) // 2]
        venue_ids = self.venues[need.venue].ids() if need.venue else [None]
        for day in sorted(days, key=lambda d: (abs(d - target), d)):
            if need.federation and day in self.federation_days:
                continue
            if any(self.team_day[t, day] >= (need.team_limit or 99) for t in need.teams):
                continue
            for slot, span in self._starts(need, day):
                found = self._fits(need, day, slot, span, venue_ids, relax)
                if found is None:
                    continue
                if not relax:
                    self._commit(need, day, slot, span, *found)
                return True
        if relax:
            return False
        venue = need.venue if need.venue and self.place(need, not_before, "venue") else None
        role = None
        if venue is None and need.roles and self.place(need, not_before, "roles"):
            role = self._short_role(need, not_before)
        raise NoRoom(need, venue, role)

    def _short_role(self, need: Need, not_before: int) -> str | None:
        roles = need.roles
        for role, _ in roles:
            need.roles = tuple(r for r in roles if r[0] != role)
            try:
                if self.place(need, not_before, "probe"):
                    return role
            finally:
                need.roles = roles
        return roles[0][0]

    def _starts(self, need: Need, day: int):
        """(slot, days) where `need` may start on `day`: slot -1 for a whole-day item."""
        if need.whole_days:
            if day + need.whole_days <= self.year.count:
                yield -1, range(day, day + need.whole_days)
            return
        lo, hi = DAY_START, DAY_END
        if need.venue:
            lo, hi = max(lo, self.venues[need.venue].opens), min(hi, self.venues[need.venue].closes)
        if need.after:
            lo = max(lo, need.after - day * 1440)
        first = math.ceil((lo - DAY_START) / SLOT)
        for slot in range(first, (hi - need.minutes - DAY_START) // SLOT + 1):
            yield slot, range(day, day + 1)

    def _fits(self, need, day, slot, span, venue_ids, relax):
        at, size = max(slot, 0), need.size
        if need.rest:
            start = day * 1440 + (DAY_START + slot * SLOT if slot >= 0 else 0)
            end = start + need.minutes
            for t in need.teams:
                if any(
                    start < e + need.rest and s < end + need.rest for s, e in self.team_times[t]
                ):
                    return None
        if not all(self._person_ok(p, span, at, size) for p in need.named):
            return None
        keys = self._keys(need, need.named)
        if not all(self._free(k, d, at, size) for k in keys for d in span):
            return None
        for vid in venue_ids:
            if vid is not None and relax != "venue" and not self._venue_free(vid, span, slot, size):
                continue
            if relax == "roles":
                return vid, []
            staff = self._pick(need, span, at, size)
            if isinstance(staff, str):
                continue
            return vid, staff
        return None

    def _venue_free(self, vid: str, span: range, slot: int, size: int) -> bool:
        if not all(self.open[vid][d] for d in span):
            return False
        if slot < 0:  # whole day: nothing else that day, and it takes every court
            return all(self._free(f"v:{vid}", d, 0, PER_DAY) for d in span)
        return self._free(f"v:{vid}", span[0], slot, size, self.capacity[vid])

    def _commit(self, need, day, slot, span, vid, staff) -> None:
        at, size = max(slot, 0), need.size
        bookings = [(k, 1) for k in self._keys(need, list(need.named) + staff)]
        if vid is not None:
            bookings.append((f"v:{vid}", self.capacity[vid] if slot < 0 else 1))
        for key, amount in bookings:
            row = self.busy[key]
            for d in span:
                for k in range(d * PER_DAY + at, d * PER_DAY + at + size):
                    row[k] += amount
        week = self.year.date(day).isocalendar()[1]
        for p in list(need.named) + staff:
            self.load[p] += 1
            self.week[p, week] += 1
        for t in need.teams:
            self.team_day[t, day] += 1
            if need.rest:
                start = day * 1440 + (DAY_START + slot * SLOT if slot >= 0 else 0)
                self.team_times[t].append((start, start + need.minutes))
        if need.federation:
            self.federation_days.add(day)
        self.placed.append((need, day, slot, vid))

    def end_of(self, need: Need) -> int:
        for placed, day, slot, _ in reversed(self.placed):
            if placed is need:
                return day * 1440 + (DAY_START + slot * SLOT if slot >= 0 else 0) + need.minutes
        raise KeyError(need.label)

    def chain(self, unit: Unit) -> None:
        """A `count:` item's occurrences in order, `min_days` apart, each near its share
        of the window."""
        days, previous = unit.needs[0].days, None
        for j, need in enumerate(unit.needs):
            need.target = days[min(len(days) - 1, (2 * j + 1) * len(days) // (2 * len(unit.needs)))]
            earliest = 0
            if previous is not None:
                last_day = (self.end_of(previous) - 1) // 1440
                earliest = last_day + (unit.min_days or 0)
                need.after = self.end_of(previous)
            self.place(need, not_before=earliest)
            previous = need

    def utilisation(self) -> dict[str, dict[int, float]]:
        """Booked share of open hours per venue class and month."""
        year, out = self.year, {}
        for key, venue in self.venues.items():
            hours = (venue.closes - venue.opens) / 60
            booked: dict[int, float] = defaultdict(float)
            opened: dict[int, float] = defaultdict(float)
            for vid in venue.ids():
                for i, ok in enumerate(self.open[vid]):
                    opened[year.month(i)] += hours * self.capacity[vid] * ok
            for need, day, slot, vid in self.placed:
                if need.venue != key:
                    continue
                if slot < 0:
                    for d in range(day, day + need.whole_days):
                        booked[year.month(d)] += hours * self.capacity[vid]
                else:
                    booked[year.month(day)] += need.size * SLOT / 60
            out[key] = {m: booked[m] / opened[m] if opened[m] else 0.0 for m in range(1, 13)}
        return out


def _place_all(witness: Witness, acts: list[dict], atoms, venues) -> None:
    """Whole-day items first, then the cup (groups in May, the knockout after them), then
    the federation's items, then the unions', least slack first."""
    whole, group_stage, knockout, other = _units(acts, atoms, venues)
    for unit in whole:
        witness.place(unit.needs[0])
    for need in group_stage:
        witness.place(need)
    last = max(witness.end_of(n) for n in group_stage)
    for need in knockout:
        need.after = last + need.rest
        need.target = need.after // 1440
        witness.place(need, not_before=last // 1440)
        last = witness.end_of(need)

    def rank(unit: Unit):
        first = unit.needs[0]
        return (not first.federation, len(first.days) / len(unit.needs), first.label)

    for unit in sorted(other, key=rank):
        if unit.min_days is not None:
            witness.chain(unit)
        else:
            need = unit.needs[0]
            need.target = need.days[zlib.crc32(need.label.encode()) % len(need.days)]
            witness.place(need)


def _calibrate(venues: dict[str, Venue], acts: list[dict], atoms) -> None:
    year = plan_year()
    demand: dict[str, dict[int, dict[int, float]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(float))
    )
    whole: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    w, group_stage, knockout, other = _units(acts, atoms, venues)
    for need in (
        [u.needs[0] for u in w] + group_stage + knockout + [n for u in other for n in u.needs]
    ):
        if need.venue is None:
            continue
        month = need.month or year.month(need.days[0])
        if need.whole_days:
            whole[need.venue][month] += need.whole_days
        else:
            demand[need.venue][month][need.size * SLOT] += need.size * SLOT
    for key, venue in venues.items():
        venue.calibrate({m: dict(d) for m, d in demand[key].items()}, dict(whole[key]))


# --- the federation --------------------------------------------------------------------


@dataclass
class Federation:
    unions: int
    seed: int
    text: str
    occurrences: int
    utilisation: dict[str, dict[int, float]]
    venues: dict[str, Venue]
    staff_pools: dict[str, int]
    attempts: int
    grown: list[str]

    def utilisation_table(self) -> str:
        lines = [f"{'venue':<11} {'opening':<32}" + "".join(f"{m:>5}" for m in range(1, 13))]
        for key, months in self.utilisation.items():
            v = self.venues[key]
            opening = f"{v.units}×{_hm(v.opens)}-{_hm(v.closes)}"
            if v.closed_words():
                opening += " closed " + ",".join(v.closed_words())
            row = "".join(f"{months[m]:>5.0%}" for m in range(1, 13))
            lines.append(f"{key:<11} {opening:<32}{row}")
        return "\n".join(lines)


def federation_plan(unions: int = 31, seed: int = 1) -> Federation:
    """The plan for `unions` second-level unions, with its witness's utilisation."""
    venues = centre(unions)
    pools = {
        "trainer": max(2, math.ceil(unions / 12)),
        "referee": max(3, math.ceil(unions / 15) + 2),
        "umpire": max(4, math.ceil(unions / 20) + 3),
        "lecturer": 3,
    }
    rng = random.Random(seed)
    members = _unions(unions, rng)
    acts = _activities(members)
    atoms = _atoms(members)
    _calibrate(venues, acts, atoms)
    grown: list[str] = []
    for attempt in range(1, 100):
        people = _people(members, pools)
        witness = Witness(venues, people)
        try:
            _place_all(witness, acts, atoms, venues)
        except NoRoom as error:
            venue = venues.get(error.venue or "")
            closed = venue is not None and 2 * sum(
                not venue.open_days()[d] for d in error.need.days
            ) > len(error.need.days)
            if venue is not None and venue.grow(closed):
                grown.append(f"{error.venue} for {error.need.label}")
            elif error.role in pools:
                pools[error.role] += 1
                grown.append(f"{error.role}s for {error.need.label}")
            else:
                raise RuntimeError(f"the witness cannot place {error.need.label}") from None
            continue
        text = _text(unions, seed, members, venues, people, acts)
        return Federation(
            unions,
            seed,
            text,
            occurrence_count(acts),
            witness.utilisation(),
            venues,
            dict(pools),
            attempt,
            grown,
        )
    raise RuntimeError("the witness did not converge")


def _text(n, seed, members, venues, people, acts) -> str:
    lines = [
        f"# A city federation of {n} unions: benchmarks/generate.py --unions {n} --seed {seed}",
        "# (its docstring says how the plan is built, calibrated and kept feasible).",
        "plan:",
        f"  id: federation-{n}",
        f"  name: 市总工会 {YEAR} 年度活动安排（{n} 个基层工会）",
        f"  year: {YEAR}",
        "  calendars: [china]",
        f'  day: {{start: "{_hm(DAY_START)}", end: "{_hm(DAY_END)}"}}',
        f"  slot_minutes: {SLOT}",
        "  categories: {federation: 市总工会活动, sport: 文体活动, meeting: 会议, training: 培训,"
        " care: 关爱慰问, culture: 文化活动, report: 报送}",
        "venues:",
    ]
    for venue in venues.values():
        lines += venue.yaml()
    lines.append("staff:")
    lines += [p.yaml() for p in people]
    lines.append("groups:")
    lines += ["  - " + flow(g) for g in _groups(members)]
    lines.append("activities:")
    for a in acts:
        if isinstance(a.get("venue"), str):
            a = {**a, "venue": venues[a["venue"]].ids()[0]}
        lines.append("  - " + flow(a))
    lines.append("rules:")
    lines += ["  - " + flow(rule) for rule in _yaml(RULES)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unions", type=int, default=31)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    fed = federation_plan(args.unions, args.seed)
    print(
        f"{fed.occurrences} occurrences; witness placed at attempt {fed.attempts};"
        f" staff pools {fed.staff_pools}",
        file=sys.stderr,
    )
    print(fed.utilisation_table(), file=sys.stderr)
    if args.output:
        args.output.write_text(fed.text, encoding="utf-8")
    else:
        sys.stdout.write(fed.text)


if __name__ == "__main__":
    main()
