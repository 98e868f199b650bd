"""A deterministic district-sized plan: ten schools' unions, about 2,000 occurrences.

Each school has its own venues, staff and departments, weekly department meetings,
monthly committees, training series with spacing and a medic, festival and sports
events, deadlines and rules; a district hall is shared by every school's year-end
award ceremony. `plant(text, kind)` adds one conflict that makes the plan unschedulable
(for benchmarks/diagnosis.py).
"""

from __future__ import annotations

DEPARTMENTS = [("chinese", "语文组", 22), ("math", "数学组", 20), ("english", "英语组", 12)]
EVENTS = ["读书分享会", "篮球友谊赛", "健康讲座", "拔河比赛", "书画作品展", "趣味接力赛"]


def _school(
    n: int, medic_cap: int = 6, sports_months: str = "10, 11"
) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    """Venues, staff, groups, activities and rules of school `n` (ids prefixed `sN-`)."""
    p = f"s{n}-"
    venues = [
        f"  - {{id: {p}hall, name: {n}校报告厅, capacity: 200, tags: [meeting, stage]}}",
        f"  - {{id: {p}room, name: {n}校会议室, capacity: 40, tags: [meeting]}}",
        f"  - {{id: {p}room2, name: {n}校第二会议室, capacity: 30, tags: [meeting]}}",
        f"  - {{id: {p}gym, name: {n}校体育馆, capacity: 300, courts: 2, tags: [sports]}}",
    ]
    staff = [
        f"  - {{id: {p}chair, name: {n}校工会主席, roles: [{p}organiser, {p}chair]}}",
        f"  - {{id: {p}vice, name: {n}校副主席, roles: [{p}organiser]}}",
        f"  - {{id: {p}ref1, name: {n}校裁判甲, roles: [{p}referee], member_of: [{p}math],"
        " max_per_week: 3}",
        f"  - {{id: {p}ref2, name: {n}校裁判乙, roles: [{p}referee], member_of: [{p}english],"
        " max_per_week: 3}",
        f"  - {{id: {p}ref3, name: {n}校裁判丙, roles: [{p}referee], max_per_week: 3}}",
        f"  - {{id: {p}medic, name: {n}校校医, roles: [{p}medic], max_per_month: {medic_cap}}}",
    ]
    groups = [f"  - {{id: {p}all, name: {n}校全体教职工, size: 80, part_of: district}}"]
    groups += [
        f"  - {{id: {p}{gid}, name: {n}校{name}, size: {size}, part_of: {p}all}}"
        for gid, name, size in DEPARTMENTS
    ]
    acts = []
    for gid, name, _ in DEPARTMENTS:
        acts.append(
            f"  - {{id: {p}meet-{gid}, kind: series, title: {n}校{name}教研活动,"
            f" category: meeting, every: week, duration: 90m, venue: {{tags: [meeting]}},"
            f" audience: [{p}{gid}], when: {{days: [workday], not_periods: [summer],"
            ' time: "15:30-18:00"}}'
        )
    acts.append(
        f"  - {{id: {p}committee, kind: series, title: {n}校工会委员例会, category: meeting,"
        f" every: month, duration: 90m, venue: {p}room, staff: [{p}chair,"
        f" {{role: {p}organiser, count: 1}}], when: {{days: [workday],"
        ' time: "12:00-14:00"}}'
    )
    acts.append(
        f"  - {{id: {p}care, kind: series, title: {n}校困难职工走访, category: care,"
        f" every: 2 weeks, duration: 2h, staff: [{p}vice],"
        ' when: {days: [workday], time: "09:00-12:00"}}'
    )
    for i in range(3):
        half = "first" if i % 2 == 0 else "second"
        acts.append(
            f"  - {{id: {p}train-{i}, kind: series, title: {n}校专题培训{i + 1},"
            " category: training, count: 3, spacing: {min_days: 7, max_days: 40},"
            f" duration: 2h, venue: {{tags: [meeting], min_capacity: 40}},"
            f" staff: {{role: {p}medic, count: 1}}, audience: [{p}all],"
            f" when: {{half: {half}, days: [workday], not_periods: [summer],"
            ' time: "14:00-18:00"}}'
        )
    for i, title in enumerate(EVENTS):
        month = 3 + (i * 2 + n) % 9
        sport = "赛" in title
        venue = f"{p}gym" if sport else f"{{any_of: [{p}hall, {p}room]}}"
        staff_spec = f", staff: [{{role: {p}referee, count: 2}}]" if sport else ""
        dept = DEPARTMENTS[(i + n) % 3][0]
        acts.append(
            f"  - {{id: {p}ev-{i}, kind: event, title: {n}校{title},"
            f" category: {'sport' if sport else 'culture'}, duration: 2h, venue: {venue}"
            f"{staff_spec}, audience: [{p}{dept}], when: {{months: [{month}, {month + 1}],"
            ' days: [workday], time: "15:30-18:00"}}'
        )
    acts.append(
        f"  - {{id: {p}sports-day, kind: event, title: {n}校秋季运动会, category: sport,"
        f" duration: 1d, venue: {p}gym, staff: [{p}chair, {{role: {p}referee, count: 2}}],"
        f" audience: [{p}all], when: {{months: [{sports_months}], days: [workday]}}}}"
    )
    acts.append(
        f"  - {{id: {p}awards, kind: event, title: {n}校年度表彰会, category: culture,"
        f" duration: 2h, venue: district-hall, audience: [{p}all],"
        ' when: {months: [12], days: [workday], time: "14:00-17:00"}}'
    )
    acts.append(
        f"  - {{id: {p}reports, kind: deadline, title: {n}校工作报告, owner: {p}vice,"
        " count: 2, when: {months: [6, 12], days: [workday]}}"
    )
    rules = [
        f"  - {{id: {p}one-all-a-day, type: max_per_day, scope: {{audience: {p}all}}, limit: 1}}",
        f"  - {{id: {p}train-first, type: before, first: {p}train-0, then: {p}ev-2}}",
        f"  - {{id: {p}culture-spread, type: spread, scope: {{category: culture,"
        f" audience: [{p}chinese, {p}math, {p}english]}}, over: month, weight: 2}}",
    ]
    return venues, staff, groups, acts, rules


PLANTS = {
    # search: two talks whose windows are both in May must be 40 days apart
    "min_gap": {
        "activities": [
            "  - {id: s3-talk-a, kind: event, title: 3校师德报告会, duration: 2h, venue: s3-hall,"
            ' when: {months: [5], days: [workday], time: "14:00-17:00"}}',
            "  - {id: s3-talk-b, kind: event, title: 3校青年教师论坛, duration: 2h, venue: s3-hall,"
            ' when: {months: [5], days: [workday], time: "14:00-17:00"}}',
        ],
        "rules": [
            "  - {id: planted-gap, type: min_gap_days, between: [s3-talk-a, s3-talk-b], days: 40}"
        ],
        "expect": ["activity:s3-talk-a", "activity:s3-talk-b", "rule:planted-gap"],
    },
    # search: the medic of school 5 may work once a month; first aid needs three in May
    "staff_cap": {
        "activities": [
            "  - {id: s5-firstaid, kind: series, title: 5校急救培训, count: 3, duration: 2h,"
            " staff: {role: s5-medic, count: 1}, when: {months: [5], days: [workday],"
            ' time: "09:00-12:00"}}'
        ],
        "expect": ["activity:s5-firstaid", "staff:s5-medic:max_per_month"],
    },
    # precheck: 30 whole-day games and the sports day in school 7's gym in September
    "demand": {
        "activities": [
            "  - {id: s7-league, kind: event, title: 7校教工联赛, count: 30, duration: 1d,"
            " venue: s7-gym, when: {months: [9]}}"
        ],
        "expect": ["activity:s7-league", "activity:s7-sports-day"],
    },
}


def district_plan(schools: int = 10, year: int = 2026, plant: str | None = None) -> str:
    """YAML text of the plan (calendars: [] so that no holiday data is needed), with one
    planted conflict of kind `plant` (a key of PLANTS) if given."""
    lines = [
        "plan:",
        f"  id: bench-district-{year}",
        f"  name: 基准测试区教育工会 {year}",
        f"  year: {year}",
        "  calendars: []",
        '  day: {start: "08:00", end: "20:00"}',
        "  slot_minutes: 30",
        f"  periods: {{summer: [{year}-07-06, {year}-08-28]}}",
    ]
    parts = [
        _school(
            n + 1,
            medic_cap=1 if plant == "staff_cap" and n + 1 == 5 else 6,
            sports_months="9" if plant == "demand" and n + 1 == 7 else "10, 11",
        )
        for n in range(schools)
    ]
    extra = PLANTS[plant] if plant else {}
    head = {
        "venues": ["  - {id: district-hall, name: 区工人文化宫, capacity: 2000, tags: [stage]}"],
        "groups": ["  - {id: district, name: 全区教职工, size: 2000}"],
    }
    for k, section in enumerate(("venues", "staff", "groups", "activities", "rules")):
        lines.append(f"{section}:")
        lines += head.get(section, [])
        for part in parts:
            lines += part[k]
        lines += extra.get(section, [])
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(district_plan(), end="")
