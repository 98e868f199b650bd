"""A deterministic school-sized plan: about 60 activities and 200 occurrences.

The mix follows the example plans (monthly and quarterly meetings, training series with
spacing, festival events, sports events sharing venues and referees, deadlines), with
hard rules and weighted preferences, so that the objective is not trivially zero.
"""

from __future__ import annotations

import random

DEPARTMENTS = [
    ("chinese", "语文组", 22),
    ("math", "数学组", 20),
    ("english", "英语组", 12),
    ("arts", "综合组", 14),
    ("pe", "体育组", 8),
    ("admin", "行政后勤组", 20),
]
EVENTS = [
    "读书分享会",
    "书画作品展",
    "师德报告会",
    "青年教师论坛",
    "经典诵读",
    "摄影展",
    "健康讲座",
    "心理减压讲座",
    "法律知识讲座",
    "茶艺体验",
    "插花沙龙",
    "手工制作",
    "合唱排练",
    "广播操比赛",
    "跳绳比赛",
    "踢毽比赛",
    "拔河比赛",
    "篮球友谊赛",
    "排球友谊赛",
    "趣味接力赛",
]


def school_plan(seed: int = 7, year: int = 2026) -> str:
    """YAML text of the plan (calendars: [] with the festival dates written in)."""
    rng = random.Random(seed)
    lines = [
        "plan:",
        f"  id: bench-school-{year}",
        f"  name: 基准测试学校工会 {year}",
        f"  year: {year}",
        "  calendars: []",
        '  day: {start: "07:30", end: "21:00"}',
        "  slot_minutes: 30",
        f"  dates: {{spring_festival: {year}-02-17, womens_day: {year}-03-08,"
        f" teachers_day: {year}-09-10, double_ninth: {year}-10-18}}",
        f"  periods: {{summer_vacation: [{year}-07-04, {year}-08-31],"
        f" exam_weeks: [[{year}-01-12, {year}-01-23], [{year}-06-22, {year}-07-03]]}}",
        "venues:",
        "  - {id: hall, name: 报告厅, capacity: 200, tags: [meeting, stage]}",
        "  - {id: room1, name: 第一会议室, capacity: 40, tags: [meeting]}",
        "  - {id: room2, name: 第二会议室, capacity: 30, tags: [meeting]}",
        "  - {id: library, name: 图书室, capacity: 40, tags: [reading, meeting]}",
        "  - {id: gym, name: 体育馆, capacity: 300, courts: 3, tags: [sports]}",
        '  - {id: field, name: 操场, tags: [sports, outdoor], hours: "07:00-18:00"}',
        "staff:",
        "  - {id: chair, name: 王主席, roles: [organiser, chair]}",
        "  - {id: vice, name: 刘副主席, roles: [organiser]}",
        "  - {id: women, name: 赵委员, roles: [organiser]}",
        "  - {id: sports, name: 孙委员, roles: [organiser, referee]}",
    ]
    for i in range(5):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)][0]
        lines.append(
            f"  - {{id: ref{i}, name: 裁判{i + 1}, roles: [referee],"
            f" member_of: [{dept}], max_per_week: 2}}"
        )
    lines += [
        "  - {id: medic1, name: 陈校医, roles: [medic], max_per_month: 4}",
        "  - {id: medic2, name: 吴校医, roles: [medic], max_per_month: 4}",
        "groups:",
        "  - {id: all, name: 全体教职工, size: 96}",
    ]
    for gid, name, size in DEPARTMENTS:
        lines.append(f"  - {{id: {gid}, name: {name}, size: {size}, part_of: all}}")
    lines += [
        "  - {id: women-staff, name: 女教工, size: 68, part_of: all,"
        " overlaps: [chinese, math, english, arts, admin]}",
        "  - {id: retired, name: 退休教工, size: 45}",
        "activities:",
    ]
    dept_ids = [d[0] for d in DEPARTMENTS]

    def act(text: str) -> None:
        lines.append("  - " + text)

    # 6 department meetings every month (72), 3 quarterly committees (12): 84
    for gid, name, _ in DEPARTMENTS:
        act(
            f"{{id: meet-{gid}, kind: series, title: {name}教研活动, category: meeting,"
            f" every: month, duration: 90m, venue: {{tags: [meeting]}}, audience: [{gid}],"
            ' when: {days: [workday], not_periods: [summer_vacation], time: "15:30-18:00"}}'
        )
    for i, name in enumerate(["女教工", "退休教工", "语文组", "数学组"]):
        act(
            f"{{id: care-{i}, kind: series, title: {name}月度关爱走访, category: care,"
            f" every: month, duration: 1h, staff: [{{role: organiser, count: 1}}],"
            ' when: {days: [workday], time: "12:00-14:00"}}'
        )
    for i, who in enumerate(["chair", "vice", "women"]):
        act(
            f"{{id: quarterly-{i}, kind: series, title: 季度工作会{i + 1}, category: meeting,"
            f" every: quarter, duration: 2h, venue: room1, staff: [{who}],"
            ' when: {days: [workday], time: "14:00-17:00"}}'
        )
    # 10 training series × 3 (30) with spacing and a medic or organiser
    for i in range(10):
        audience = rng.choice(dept_ids + ["women-staff"])
        half = "first" if i % 2 == 0 else "second"
        staff = "{role: medic, count: 1}" if i < 4 else "{role: organiser, count: 1}"
        act(
            f"{{id: train-{i}, kind: series, title: 专题培训{i + 1}, category: training,"
            f" count: 3, spacing: {{min_days: 7, max_days: 35}}, duration: 2h,"
            f" venue: {{tags: [meeting], min_capacity: 40}}, staff: {staff},"
            f" audience: [{audience}], when: {{half: {half}, days: [workday],"
            ' not_periods: [exam_weeks, summer_vacation], time: "14:00-18:00"}}'
        )
    # 30 single events across the year (culture and sport), most for one department
    for i in range(30):
        title = EVENTS[i % len(EVENTS)]
        sport = "比赛" in title or "操" in title
        month = 2 + (i * 7) % 10
        audience = "all" if i % 6 == 0 else rng.choice(dept_ids)
        if sport:
            act(
                f"{{id: ev-{i}, kind: event, title: {title}, category: sport, duration: 2h,"
                f" venue: {{tags: [sports]}}, staff: [{{role: referee, count: 2}}],"
                f" audience: [{audience}], when: {{months: [{month}, {month + 1}],"
                ' days: [workday], time: "15:30-18:00"}}'
            )
        else:
            act(
                f"{{id: ev-{i}, kind: event, title: {title}, category: culture, duration: 2h,"
                f" venue: {{any_of: [hall, library]}}, audience: [{audience}],"
                f" when: {{months: [{month}, {month + 1}], days: [workday],"
                ' time: "14:00-17:30"}}'
            )
    # festival items (4) and deadlines (7 activities, 10 occurrences)
    act(
        "{id: spring-visit, kind: event, title: 春节慰问退休教工, category: care, duration: 3h,"
        " staff: [chair, vice], audience: [retired],"
        " when: {relative: {to: spring_festival, from: -10, until: -1}, days: [workday]}}"
    )
    act(
        "{id: womens-day, kind: event, title: 三八妇女节活动, category: culture, duration: 2h,"
        " venue: hall, audience: [women-staff],"
        " when: {relative: {to: womens_day, from: -3, until: 0}}}"
    )
    act(
        "{id: teachers-day, kind: event, title: 教师节联欢, category: culture, duration: 3h,"
        " venue: hall, audience: [all], when: {relative: {to: teachers_day, from: -3,"
        ' until: 0}, time: "14:00-17:30"}}'
    )
    act(
        "{id: double-ninth, kind: event, title: 重阳节敬老, category: care, duration: 3h,"
        " venue: hall, staff: [chair], audience: [retired],"
        " when: {relative: {to: double_ninth, from: -3, until: 3}, days: [workday]}}"
    )
    for i, month in enumerate([3, 5, 7, 9, 11, 12]):
        act(
            f"{{id: report-{i}, kind: deadline, title: 材料报送{i + 1}, category: admin,"
            f" owner: vice, when: {{months: [{month}], days: [workday]}}}}"
        )
    act(
        f"{{id: half-report, kind: deadline, title: 半年报告, owner: women,"
        f" dates: [{year}-06-30, {year}-09-30, {year}-12-31, {year}-03-31]}}"
    )
    act(
        "{id: sports-day, kind: event, title: 秋季运动会, category: sport, duration: 1d,"
        " venue: field, staff: [sports, {role: referee, count: 2}, {role: medic, count: 1}],"
        " audience: [all], when: {months: [10, 11], days: [workday]}}"
    )
    lines += [
        "rules:",
        "  - {id: one-all-hands-a-day, type: max_per_day, scope: {audience: all}, limit: 1}",
        "  - {id: sport-weekly, type: max_per_week, scope: {category: sport}, limit: 2}",
        "  - {type: before, first: train-0, then: ev-2}",
        "  - {type: min_gap_days, between: [sports-day, ev-4], days: 10}",
        "  - {id: culture-spread, type: spread, scope: {category: culture}, over: month,"
        " weight: 3}",
        "  - {id: training-spread, type: spread, scope: {category: training}, over: week,"
        " weight: 1}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(school_plan(), end="")
