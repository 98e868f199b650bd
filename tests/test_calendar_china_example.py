"""The festival example plan solves, and every placed item keeps its calendar anchor.

The anchors are checked from the plan file and schedule.json alone, against dates
computed here (cn_reference: lunar_python walked day by day, day stems from the Julian
day number) and workdays from the `chinese_calendar` package: never the plugin's.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import chinese_calendar
from ruamel.yaml import YAML

from tests.cn_reference import expected_dates, sanfu_by_rule
from tests.conftest import EXAMPLES

PLAN = EXAMPLES / "union-festivals-2026.yaml"
SPRING_FESTIVAL_BREAK_2026 = (dt.date(2026, 2, 15), dt.date(2026, 2, 23))  # the notice


def periods_2026() -> dict[str, tuple[dt.date, dt.date]]:
    chufu, _, _, last = sanfu_by_rule(2026)
    return {"sanfu": (chufu, last), "spring_festival_week": SPRING_FESTIVAL_BREAK_2026}


def holds(clause: dict, day: dt.date) -> list[str]:
    """What of a `when` clause the day breaks (empty: it holds)."""
    broken = []
    relative = clause.get("relative")
    if relative:
        anchor = expected_dates(2026)[relative["to"]]
        low = anchor + dt.timedelta(days=relative["from"])
        high = anchor + dt.timedelta(days=relative["until"])
        if not low <= day <= high:
            broken.append(f"{day} not in {low}…{high} ({relative['to']} {anchor})")
    for word in clause.get("days", []):
        assert word == "workday", word  # the example uses no other kind
        if not chinese_calendar.is_workday(day):
            broken.append(f"{day} is no workday")
    periods = periods_2026()
    for name in clause.get("periods", []):
        first, last = periods[name]
        if not first <= day <= last:
            broken.append(f"{day} not in {name} {first}…{last}")
    for name in clause.get("not_periods", []):
        first, last = periods[name]
        if first <= day <= last:
            broken.append(f"{day} in {name} {first}…{last}")
    return broken


def test_festival_example_keeps_every_anchor(cli, tmp_path: Path) -> None:
    code, _, err = cli("solve", PLAN, "-o", tmp_path, "-q")
    assert code == 0, err
    schedule = json.loads((tmp_path / "schedule.json").read_text(encoding="utf-8"))
    assert schedule["provisional"] is False
    plan = YAML(typ="safe", pure=True).load(PLAN.read_text(encoding="utf-8"))
    whens = {a["id"]: a["when"] for a in plan["activities"]}
    placed = {o["activity"] for o in schedule["occurrences"]}
    assert placed == set(whens)
    relative = [a for a, w in whens.items() if "relative" in w]
    assert len(relative) >= 6
    for occurrence in schedule["occurrences"]:
        day = dt.date.fromisoformat(occurrence["start"][:10])
        broken = holds(whens[occurrence["activity"]], day)
        assert not broken, (occurrence["id"], broken)
    cool = [o for o in schedule["occurrences"] if o["activity"] == "cool-care"]
    assert len(cool) == 3
