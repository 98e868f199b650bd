"""The year view (index.html): self-contained, escaped, and faithful to schedule.json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import chinese_calendar

from plugins.exporters import feeds, html_view
from plugins.exporters.year_view import build_view
from scheduler.errors import PlanIssue
from tests.exports import export_input


def page() -> str:
    return html_view.render(export_input())["index.html"].decode("utf-8")


def test_page_needs_no_network() -> None:
    text = page()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<script src" not in text and 'rel="stylesheet"' not in text
    assert "@import" not in text and "url(" not in text
    assert '"Noto Sans CJK SC"' in text and "Microsoft YaHei" in text
    assert text.startswith("<!doctype html>") and '<meta charset="utf-8">' in text


def test_plan_text_is_escaped() -> None:
    text = page()
    assert "<安排>" not in text and "&lt;安排&gt; &amp; &#34;测试&#34;" in text
    assert "<友谊赛>" not in text and "羽毛球&lt;友谊赛&gt;" in text
    data = re.search(r'<script type="application/json" id="details">(.*?)</script>', text, re.S)
    assert data and "<" not in data.group(1)
    titles = [d["title"] for d in json.loads(data.group(1))]
    assert "羽毛球<友谊赛>" in titles


def test_same_schedule_same_page() -> None:
    assert page() == page()


def test_months_mark_holidays_and_makeup_workdays() -> None:
    view = build_view(export_input())
    assert [m.name for m in view.months][:3] == ["一月份", "二月份", "三月份"]
    assert len(view.months) == 12
    cells = {
        dt.date(2026, month, cell.day): cell
        for month, m in enumerate(view.months, start=1)
        for week in m.weeks
        for cell in week
        if cell.day
    }
    assert len(cells) == 365
    makeup = sorted(d for d, c in cells.items() if c.kind == "makeup")
    assert makeup == [  # 调休 Saturdays and Sundays, from the chinese_calendar package
        d for d in cells if d.weekday() >= 5 and chinese_calendar.is_workday(d)
    ]
    assert len(makeup) == 6
    assert all(c.mark == "班" for d, c in cells.items() if d in makeup)
    assert (
        cells[dt.date(2026, 2, 17)].kind == "holiday" and "春节" in cells[dt.date(2026, 2, 17)].note
    )
    assert cells[dt.date(2026, 2, 15)].note == "春节"  # the first day of the break is named
    assert cells[dt.date(2026, 3, 8)].note == "妇女节"
    assert cells[dt.date(2026, 3, 7)].kind == "weekend"
    assert cells[dt.date(2026, 3, 9)].kind == "work"


def test_every_occurrence_has_a_chip_on_each_of_its_days() -> None:
    inp = export_input()
    view = build_view(inp)
    placed: dict[str, list[str]] = {}
    for m_index, m in enumerate(view.months, start=1):
        for week in m.weeks:
            for cell in week:
                for chip in cell.chips:
                    o = inp.schedule.occurrences[chip.index]
                    placed.setdefault(o.id, []).append(dt.date(2026, m_index, cell.day).isoformat())
    for o in inp.schedule.occurrences:
        if o.all_day:
            first, end = dt.date.fromisoformat(o.start), dt.date.fromisoformat(o.end)
            days = [(first + dt.timedelta(n)).isoformat() for n in range((end - first).days)]
        else:
            days = [o.start[:10]]
        assert placed[o.id] == days, o.id
    assert len(placed["retreat"]) == 3


def test_filters_follow_the_feeds() -> None:
    inp = export_input()
    view = build_view(inp)
    by_id = {o.id: v for o, v in zip(inp.schedule.occurrences, view.occurrences, strict=True)}
    assert by_id["womens-day"].filters == {"v": "hall", "g": "women", "s": "", "c": "care"}
    # a member of the women's group attends what the whole union attends (feeds: ancestors)
    assert set(by_id["badminton/1"].filters["g"].split()) == {"all", "women"}
    assert by_id["visit"].filters["c"] == "_none"
    keys = {f.key: f for f in view.filters}
    assert [(o.value, o.count) for o in keys["v"].options] == [("hall", 13), ("gym", 3)]
    assert [o.label for o in keys["c"].options] == ["文体活动", "关爱慰问", "会议", "其他"]
    links = {href for _, items in view.feeds for _, href in items}
    written = set(feeds.render(inp)) | {"calendar.ics"}
    assert links == written


def test_heatmap_weeks_and_closures() -> None:
    view = build_view(export_input())
    heat = view.heatmap
    assert heat.weeks[0] == 1 and heat.weeks[-1] == 53 and len(heat.weeks) == 53
    assert sum(span for _, span in heat.months) == 53
    gym = next(r for r in heat.rows if r.venue == "gym")
    assert gym.hours == 6.0  # three 2 h badminton evenings
    closed = [i for i, c in enumerate(gym.cells) if c.level == -1]
    assert closed == list(range(27, 35))  # W28–W35 lie inside 07-01…08-31
    busiest = max(c.level for r in heat.rows for c in r.cells)
    assert busiest == 4


def test_score_and_warnings_are_listed() -> None:
    inp = export_input()
    noisy = dataclasses.replace(
        inp,
        plan=dataclasses.replace(
            inp.plan, warnings=[PlanIssue("read as GB 18030", file="x.yaml", severity="warning")]
        ),
    )
    view = build_view(noisy)
    assert view.warnings == ["x.yaml: read as GB 18030"]
    [row] = view.score
    assert (row["rule"], row["units"], row["penalty"]) == ("sport-apart", 2, 6)
    assert row["titles"] == "羽毛球<友谊赛>"
    text = html_view.render(noisy)["index.html"].decode("utf-8")
    assert "x.yaml: read as GB 18030" in text
    assert 'data-ids="badminton/1 badminton/2 badminton/3"' in text


PROVISIONAL = """
plan: {id: p2027, name: 工会 2027 年度活动, year: 2027}
activities:
  - {id: meet, kind: series, title: 例会, every: quarter, duration: 1h, when: {days: [workday]}}
"""


def test_provisional_year_shows_the_banner(tmp_path) -> None:
    plan = tmp_path / "p2027.yaml"
    plan.write_text(PROVISIONAL, encoding="utf-8")
    text = html_view.render(export_input(plan, provisional=True))["index.html"].decode("utf-8")
    assert "<title>工会 2027 年度活动（暂定）</title>" in text
    assert 'class="banner"' in text and "暂定安排" in text
    assert 'class="d makeup"' not in text  # no 调休 in a provisional year


def test_a_school_year_runs_september_to_august(tmp_path) -> None:
    plan = tmp_path / "sy.yaml"
    plan.write_text(
        "plan: {id: sy, name: 学年计划, period: {start: 2025-09-01, end: 2026-08-31}}\n"
        "venues: [{id: hall, name: 礼堂}]\n"
        "activities: [{id: m, kind: event, title: 开学典礼, duration: 1h, venue: hall}]\n",
        encoding="utf-8",
    )
    view = build_view(export_input(plan))
    assert [m.name for m in view.months][::11] == ["2025年九月份", "2026年八月份"]
    assert len(view.months) == 12
    # the week cut by the period's end (Mon 2026-08-31) counts in August, not September
    assert [name for name, _ in view.heatmap.months] == [
        "九月",
        "十月",
        "十一月",
        "十二月",
        "一月",
        "二月",
        "三月",
        "四月",
        "五月",
        "六月",
        "七月",
        "八月",
    ]
