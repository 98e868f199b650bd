"""`scheduler publish`: revisions in SQLite, byte-identical unchanged events, SEQUENCE
bumps, cancelled events kept for a while, all-or-nothing writes, and tokens."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.pipeline import prepare, schedule_for
from scheduler.publish.publisher import publish
from scheduler.publish.store import Store
from scheduler.publish.tokens import token_digest
from scheduler.solver.params import SolverSettings
from tests.conftest import ROOT
from tests.feeds_support import PARSERS

T1 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)

ITEMS = {
    "outing": "{id: outing, kind: event, title: 春游踏青, category: culture, duration: 1d,"
    " audience: [all], fixed: 2026-04-11}",
    "reading": "{id: reading, kind: event, title: 读书分享会, category: culture, duration: 2h,"
    " venue: club, staff: [wang], fixed: 2026-05-12T15:00}",
    "committee": "{id: committee, kind: event, title: 工会委员会议, category: meeting,"
    " duration: 1h, venue: hall, staff: [li], fixed: 2026-03-10T16:00}",
    "tea": "{id: tea, kind: event, title: 茶话会, category: culture, duration: 2h, venue: club,"
    " audience: [all], fixed: 2026-06-02T15:00}",
}


def plan_text(items: dict[str, str]) -> str:
    return (
        "plan: {id: pub, name: 发布测试工会, year: 2026, calendars: [],"
        " categories: {culture: 文化活动, meeting: 会议}}\n"
        "venues: [{id: hall, name: 报告厅}, {id: club, name: 职工之家}]\n"
        "staff: [{id: li, name: 李主席}, {id: wang, name: 王老师}]\n"
        "groups: [{id: all, name: 全体会员}]\n"
        "activities:\n" + "".join(f"  - {item}\n" for item in items.values())
    )


def publish_text(tmp_path: Path, items: dict[str, str], now: dt.datetime, **options):
    plan = tmp_path / "pub.yaml"
    plan.write_text(plan_text(items), encoding="utf-8")
    problem = prepare(plan)
    schedule, _ = schedule_for(problem, SolverSettings())
    return publish(schedule, problem.loaded, tmp_path / "pub.sqlite3", now=now, **options)


def current_feeds(db: Path, plan_id: str = "pub") -> dict[str, bytes]:
    store = Store(db, create=False)
    try:
        (revision,) = store.current(plan_id)
        return {row.path: row.body for row in store.feeds(revision.id)}
    finally:
        store.close()


def vevents(feed: bytes) -> dict[str, bytes]:
    """Raw VEVENT bytes by UID."""
    found = {}
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", feed, flags=re.S):
        uid = re.search(rb"\r\nUID:(.*?)\r\n", block.replace(b"\r\n ", b"")).group(1)
        found[uid.decode()] = block
    return found


def prop(block: bytes, name: str) -> str | None:
    match = re.search(rf"\r\n{name}:(.*?)\r\n".encode(), block.replace(b"\r\n ", b""))
    return match.group(1).decode() if match else None


def test_republish_keeps_unchanged_bytes_bumps_changed_and_cancels_removed(tmp_path: Path):
    first = publish_text(tmp_path, {k: ITEMS[k] for k in ("outing", "reading", "committee")}, T1)
    assert first.revision.number == 1 and dict(first.events) == {"added": 3}
    before = current_feeds(tmp_path / "pub.sqlite3")

    edited = dict(ITEMS)
    del edited["committee"]  # removed
    edited["reading"] = ITEMS["reading"].replace("T15:00", "T16:00")  # changed
    second = publish_text(tmp_path, edited, T2)  # and "tea" is new
    assert second.revision.number == 2
    assert dict(second.events) == {"unchanged": 1, "changed": 1, "cancelled": 1, "added": 1}
    after = current_feeds(tmp_path / "pub.sqlite3")

    # Unchanged: the same bytes (DTSTAMP, SEQUENCE and all) in every feed that holds it.
    holding = [p for p, feed in before.items() if "outing@pub" in vevents(feed)]
    assert sorted(holding) == ["calendar.ics", "feeds/category-culture.ics", "feeds/group-all.ics"]
    for path in holding:
        assert vevents(after[path])["outing@pub"] == vevents(before[path])["outing@pub"], path
    assert prop(vevents(after["calendar.ics"])["outing@pub"], "DTSTAMP") == "20260105T080000Z"

    # Changed: SEQUENCE + 1, DTSTAMP and LAST-MODIFIED of the second revision.
    old = vevents(before["calendar.ics"])["reading@pub"]
    new = vevents(after["calendar.ics"])["reading@pub"]
    assert prop(old, "SEQUENCE") == "0" and prop(new, "SEQUENCE") == "1"
    assert prop(new, "DTSTAMP") == prop(new, "LAST-MODIFIED") == "20260201T093000Z"
    assert prop(new, "CREATED") == "20260105T080000Z"
    assert prop(new, "DTSTART;TZID=Asia/Shanghai") == "20260512T160000"

    # Removed: CANCELLED, SEQUENCE + 1, in each feed that held it, with its last content.
    for path in ("calendar.ics", "feeds/venue-hall.ics", "feeds/staff-li.ics"):
        gone = vevents(after[path])["committee@pub"]
        assert prop(gone, "STATUS") == "CANCELLED", path
        assert prop(gone, "SEQUENCE") == "1" and prop(gone, "SUMMARY") == "工会委员会议"
        assert prop(gone, "DTSTAMP") == "20260201T093000Z"
    # Added: SEQUENCE 0, created now.
    tea = vevents(after["calendar.ics"])["tea@pub"]
    assert prop(tea, "SEQUENCE") == "0" and prop(tea, "CREATED") == "20260201T093000Z"

    # Last-Modified of a feed: when its bytes last changed.
    store = Store(tmp_path / "pub.sqlite3", create=False)
    try:
        (rev,) = store.current("pub")
        rows = {row.path: row for row in store.feeds(rev.id)}
    finally:
        store.close()
    assert after["feeds/group-all.ics"] != before["feeds/group-all.ics"]  # tea joined it
    assert rows["feeds/staff-wang.ics"].modified_at == T2  # reading changed
    assert rows["feeds/venue-hall.ics"].modified_at == T2  # committee cancelled
    # The meeting category has no live event left: its feed stays while it holds the
    # cancelled one, so that its subscribers see the cancellation.
    assert list(vevents(after["feeds/category-meeting.ics"])) == ["committee@pub"]


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_published_feeds_parse_with_history_fields(tmp_path: Path, parser: str) -> None:
    publish_text(tmp_path, ITEMS, T1)
    edited = dict(ITEMS)
    del edited["committee"]
    edited["reading"] = ITEMS["reading"].replace("读书分享会", "读书分享会（改期）")
    publish_text(tmp_path, edited, T2)
    for path, feed in current_feeds(tmp_path / "pub.sqlite3").items():
        events = {e.uid: e for e in PARSERS[parser](feed)}
        if "committee@pub" in events:
            assert events["committee@pub"].status == "CANCELLED", path
        if "reading@pub" in events:
            assert events["reading@pub"].summary == "读书分享会（改期）"
            assert events["reading@pub"].sequence in (1, None), path  # ics 0.7 has none


def test_cancelled_events_stay_for_the_keep_period_then_go(tmp_path: Path) -> None:
    keep = dt.timedelta(days=30)
    publish_text(tmp_path, ITEMS, T1, keep_cancelled=keep)
    without = {k: v for k, v in ITEMS.items() if k != "committee"}
    publish_text(tmp_path, without, T2, keep_cancelled=keep)
    kept = publish_text(tmp_path, without, T2 + dt.timedelta(days=29), keep_cancelled=keep)
    assert dict(kept.events) == {"unchanged": 3}
    assert "committee@pub" in vevents(current_feeds(tmp_path / "pub.sqlite3")["calendar.ics"])
    gone = publish_text(tmp_path, without, T2 + dt.timedelta(days=30), keep_cancelled=keep)
    assert dict(gone.events) == {"unchanged": 3, "expired": 1}
    feeds = current_feeds(tmp_path / "pub.sqlite3")
    assert all("committee@pub" not in vevents(feed) for feed in feeds.values())
    # It comes back: its SEQUENCE continues above the cancellation's, never back to 0.
    back = publish_text(tmp_path, ITEMS, T2 + dt.timedelta(days=40), keep_cancelled=keep)
    assert back.events["added"] == 1
    block = vevents(current_feeds(tmp_path / "pub.sqlite3")["calendar.ics"])["committee@pub"]
    assert prop(block, "SEQUENCE") == "2" and prop(block, "STATUS") is None


def test_an_unchanged_plan_republishes_the_same_bytes(tmp_path: Path) -> None:
    publish_text(tmp_path, ITEMS, T1)
    before = current_feeds(tmp_path / "pub.sqlite3")
    again = publish_text(tmp_path, ITEMS, T2)
    assert again.revision.number == 2 and again.feeds_changed == 0
    assert current_feeds(tmp_path / "pub.sqlite3") == before


def test_an_error_mid_publish_leaves_the_previous_revision(tmp_path: Path, monkeypatch):
    publish_text(tmp_path, ITEMS, T1)
    before = current_feeds(tmp_path / "pub.sqlite3")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "make_current", fail)
    edited = {k: v for k, v in ITEMS.items() if k != "committee"}
    with pytest.raises(OSError, match="disk full"):
        publish_text(tmp_path, edited, T2)
    monkeypatch.undo()
    assert current_feeds(tmp_path / "pub.sqlite3") == before
    db = sqlite3.connect(tmp_path / "pub.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM revisions").fetchone() == (1,)
    assert db.execute("SELECT COUNT(*) FROM events WHERE cancelled_at IS NOT NULL").fetchone() == (
        0,
    )
    db.close()
    assert publish_text(tmp_path, edited, T2).revision.number == 2


CRASH = """
import datetime as dt, os, sys
from pathlib import Path
from scheduler.pipeline import prepare, schedule_for
from scheduler.publish import publisher
from scheduler.publish.store import Store
from scheduler.solver.params import SolverSettings

def crash(self, *args, **kwargs):
    os._exit(9)  # the process dies inside the transaction: no rollback, no cleanup

Store.make_current = crash
problem = prepare(sys.argv[1])
schedule, _ = schedule_for(problem, SolverSettings())
publisher.publish(schedule, problem.loaded, Path(sys.argv[2]), now=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
"""


def test_a_crash_mid_publish_leaves_the_previous_revision(tmp_path: Path) -> None:
    publish_text(tmp_path, ITEMS, T1)
    before = current_feeds(tmp_path / "pub.sqlite3")
    plan = tmp_path / "pub.yaml"
    plan.write_text(plan_text({k: ITEMS[k] for k in ("outing", "tea")}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(plan), str(tmp_path / "pub.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        env={"SCHEDULER_PLUGINS": "", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 9, done.stderr.decode()
    assert current_feeds(tmp_path / "pub.sqlite3") == before
    db = sqlite3.connect(tmp_path / "pub.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*) FROM revisions").fetchone() == (1,)
    db.close()


def test_publish_command_records_the_time_it_used(cli, tmp_path: Path, monkeypatch) -> None:
    plan = tmp_path / "pub.yaml"
    plan.write_text(plan_text(ITEMS), encoding="utf-8")
    db = tmp_path / "history.sqlite3"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T1.timestamp())))
    code, _, err = cli("publish", plan, "--db", db)
    assert code == 0, err
    assert "pub: revision 1 at 2026-01-05 08:00:00 UTC (SOURCE_DATE_EPOCH); events: 4 added" in err
    code, _, err = cli("publish", plan, "--db", db)
    assert code == 0 and "revision 2" in err and "4 unchanged; 0 of 8 feeds changed" in err
    row = (
        sqlite3.connect(db)
        .execute("SELECT published_at, clock, plan_file FROM revisions WHERE number = 2")
        .fetchone()
    )
    assert row == ("2026-01-05T08:00:00Z", "SOURCE_DATE_EPOCH", str(plan))


def test_publish_command_exit_codes_publish_nothing(cli, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    plan = tmp_path / "pub.yaml"
    plan.write_text(plan_text(ITEMS), encoding="utf-8")
    assert cli("publish", plan, "--db", db)[0] == 0
    plan.write_text(plan_text(ITEMS).replace("duration: 1h", "duration: 1x"), encoding="utf-8")
    code, _, err = cli("publish", plan, "--db", db)
    assert code == 2 and "pub.yaml:" in err
    clash = dict(ITEMS, tea=ITEMS["tea"].replace("2026-06-02T15:00", "2026-05-12T15:00"))
    plan.write_text(plan_text(clash), encoding="utf-8")  # tea and reading share the club
    code, _, err = cli("publish", plan, "--db", db)
    assert code == 1, err
    store = Store(db, create=False)
    try:
        assert [r.number for r in store.current()] == [1]
    finally:
        store.close()


def test_tokens_are_stored_hashed_and_reset_replaces_them(cli, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    plan = tmp_path / "pub.yaml"
    plan.write_text(plan_text(ITEMS), encoding="utf-8")
    assert cli("publish", plan, "--db", db)[0] == 0
    code, out, err = cli(
        "tokens", "reset", "li", "--db", db, "--public-url", "https://cal.example.org/"
    )
    assert code == 0, err
    url = out.strip()
    assert re.fullmatch(r"https://cal\.example\.org/-/private/[A-Za-z0-9_-]{43}\.ics", url)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    rows = sqlite3.connect(db).execute("SELECT plan_id, staff_id, digest FROM tokens").fetchall()
    assert rows == [("pub", "li", token_digest(token))]
    assert token.encode() not in db.read_bytes()
    code, again, _ = cli("tokens", "reset", "li", "--db", db)
    assert code == 0 and again.strip().startswith("http://127.0.0.1:8000/-/private/")
    rows = sqlite3.connect(db).execute("SELECT digest FROM tokens").fetchall()
    assert rows == [(token_digest(again.strip().rsplit("/", 1)[1].removesuffix(".ics")),)]
    code, _, err = cli("tokens", "reset", "nobody", "--db", db)
    assert code == 2 and "plan pub has no staff member 'nobody' (staff: li, wang)" in err
    code, _, err = cli("tokens", "reset", "li", "--db", tmp_path / "missing.sqlite3")
    assert code == 2 and "no publishing database" in err


CHESS = """
plan: {id: chess-club, name: 象棋赛, calendars: [], year: 2026, slot_minutes: 60, day: "08:00-12:00"}
activities:
  - {id: chess, kind: tournament, title: 象棋赛, format: knockout, entrants: 4, third_place: true,
     match: 1h, when: {between: [2026-03-02, 2026-03-06]}}
"""


def test_publish_with_results_fills_the_final_and_keeps_played_matches(cli, tmp_path, monkeypatch):
    plan = tmp_path / "chess.yaml"
    plan.write_text(CHESS, encoding="utf-8")
    db = tmp_path / "history.sqlite3"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T1.timestamp())))
    assert cli("publish", plan, "--db", db)[0] == 0
    before = vevents(current_feeds(db, "chess-club")["calendar.ics"])
    results = tmp_path / "results.yaml"
    results.write_text(
        "chess:\n  played:\n    SF1: {winner: P4}\n    SF2: {winner: P2}\n", encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(T2.timestamp())))
    code, _, err = cli("publish", plan, "--db", db, "--results", results)
    assert code == 0, err
    after = vevents(current_feeds(db, "chess-club")["calendar.ics"])
    for label in ("SF1", "SF2"):  # played where the published revision had them
        assert after[f"chess/{label}@chess-club"] == before[f"chess/{label}@chess-club"]
    final = after["chess/F@chess-club"]
    assert prop(final, "SEQUENCE") == "1" and "选手4" in prop(final, "SUMMARY")
    assert "选手2" in prop(final, "SUMMARY")
