"""The year view in a real browser: Debian's Chromium, driven by playwright.

The page is written by `scheduler solve` and opened from disk (file://), as a
planner would open it: no server, no network.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.browser import missing, open_browser
from tests.exports import YEARVIEW_PLAN

why_not = missing()
if why_not and not os.environ.get("SCHEDULER_REQUIRE_BROWSER"):
    pytest.skip(why_not, allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from scheduler.cli import run
    from scheduler.plugins import reset_plugins

    out = tmp_path_factory.mktemp("site")
    reset_plugins()
    assert run(["solve", str(YEARVIEW_PLAN), "-o", str(out), "-q"]) == 0
    return out


def test_year_view_in_chromium(site: Path) -> None:
    schedule = json.loads((site / "schedule.json").read_text(encoding="utf-8"))
    total = len(schedule["occurrences"])
    problems: list[str] = []
    with open_browser() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        page.goto((site / "index.html").as_uri())

        # the year grid: twelve months, every day of 2026 once, holidays and 调休 marked
        assert page.locator("#year .month").count() == 12
        assert page.locator("#year .month h2").first.inner_text().startswith("一月份")
        assert page.locator("#year .d:not(.pad)").count() == 365
        assert page.locator("#year .d.makeup").count() == 6
        assert page.locator("#year .d.holiday").count() >= 30
        chips = page.locator("#year .chip")
        assert chips.count() == total + 2  # the three-day retreat has two more chips
        assert page.locator("#count").inner_text() == f"显示 {total} / {total} 项"

        # a filter hides the chips that do not match it
        page.select_option("select[data-filter=v]", "gym")
        visible = page.locator("#year .chip:visible")
        assert visible.count() == 3
        assert {visible.nth(i).get_attribute("data-v") for i in range(3)} == {"gym"}
        assert page.locator("#year .chip[data-v=hall]").first.is_hidden()
        assert page.locator("#count").inner_text() == f"显示 3 / {total} 项"
        assert page.locator("#subscribe").get_attribute("href") == "feeds/venue-gym.ics"
        page.select_option("select[data-filter=c]", "meeting")  # and: nothing is both
        assert page.locator("#year .chip:visible").count() == 0
        page.select_option("select[data-filter=v]", "")
        assert page.locator("#year .chip:visible").count() == 12  # one committee a month

        # a chip opens its details, as text (the title holds '<' and '>')
        page.select_option("select[data-filter=c]", "sport")
        page.locator("#year .chip:visible").first.click()
        assert page.locator("#detail").is_visible()
        assert page.locator("#detail [data-field=title]").inner_text() == "羽毛球<友谊赛>"
        assert page.locator("#detail [data-field=venue]").inner_text() == "体育馆"

        # the heatmap, the score and the feeds are on the page
        assert page.locator("#heatmap tbody tr").count() == 2
        assert page.locator("#score tbody tr").count() == 1
        assert page.locator("#feeds a[href='feeds/venue-gym.ics']").count() == 1
        # Chinese is drawn with a CJK font (what Chromium really used for the heading)
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]
        assert any("CJK" in f["familyName"] and f["glyphCount"] >= 8 for f in fonts), fonts
    assert problems == []
