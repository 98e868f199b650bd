"""Tournament benchmark: a 24-team round robin (276 matches) on 4 courts, weekday evenings
over 4 weeks, 6 referees, inside a plan with 100 other activities.

Measured: time to the first feasible schedule and to the end of search (proven optimum
or the gap at the limit), on the scheduler's default settings (2 workers). Baseline in
the same run: the circle method's rounds laid out greedily, round by round, each match
at the first evening slot where a court and a referee are free and both teams may
play (at most 2 matches a day, 1 h apart), as a planner with a spreadsheet would.
Both are scored on the same measures, computed from the placed matches:
  match days used; same-day doubles (team-days with two matches); spread (matches of
  a team in a week above ⌈23 / 4⌉); early/late fairness (matches of a team in the
  first or last evening slot above ⌈23 / starts⌉).

    .venv/bin/python benchmarks/tournament_league.py [--work-limit 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plugins.formats.round_robin import circle_rounds  # noqa: E402
from scheduler.pipeline import prepare  # noqa: E402
from scheduler.solver.params import SolverSettings  # noqa: E402
from scheduler.solver.run import solve  # noqa: E402

TEAMS = [f"dept{i:02d}" for i in range(1, 25)]
FIRST, LAST = dt.date(2026, 3, 2), dt.date(2026, 3, 27)  # four weeks, no holiday in them
EVENING = (17 * 60 + 30, 21 * 60 + 30)
MATCH, COURTS, REFEREES, MAX_PER_DAY, REST = 60, 4, 6, 2, 60


def league_plan(compact: int = 20) -> str:
    lines = [
        "plan:",
        "  id: bench-league",
        "  name: 职工乒乓球联赛基准",
        f"  period: {{start: {FIRST}, end: {LAST}}}",
        "  calendars: [china]",
        '  day: {start: "08:00", end: "21:30"}',
        "  slot_minutes: 30",
        "venues:",
        f"  - {{id: gym, name: 职工活动中心, capacity: 200, courts: {COURTS}, tags: [sports]}}",
        "  - {id: hall, name: 报告厅, capacity: 300, tags: [meeting]}",
        "  - {id: room1, name: 第一会议室, capacity: 40, tags: [meeting]}",
        "  - {id: room2, name: 第二会议室, capacity: 40, tags: [meeting]}",
        "  - {id: room3, name: 第三会议室, capacity: 30, tags: [meeting]}",
        "staff:",
    ]
    lines += [f"  - {{id: ref{i}, name: 裁判{i + 1}, roles: [referee]}}" for i in range(REFEREES)]
    lines += [
        "  - {id: chair, name: 工会主席, roles: [organiser]}",
        "  - {id: vice, name: 工会副主席, roles: [organiser]}",
        "  - {id: trainer, name: 培训师, roles: [trainer], max_per_week: 8}",
        "groups:",
        "  - {id: all, name: 全体职工, size: 600}",
    ]
    lines += [
        f"  - {{id: {t}, name: 第{i + 1}部门, size: 25, part_of: all}}" for i, t in enumerate(TEAMS)
    ]
    lines += [
        "activities:",
        "  - id: league",
        "    kind: tournament",
        "    title: 职工乒乓球联赛",
        "    category: sport",
        "    format: round_robin",
        f"    teams: [{', '.join(TEAMS)}]",
        f"    match: {MATCH}m",
        "    venue: gym",
        "    staff: {role: referee, count: 1}",
        f"    max_per_day: {MAX_PER_DAY}",
        f"    rest: {{min_hours: {REST / 60:g}}}",
        '    when: {days: [workday], time: "17:30-21:30"}',
        f"    prefer: {{compact: {compact}, spread: 1, fair_slots: 1}}",
    ]
    # 100 other activities: every department's weekly study session and monthly meeting,
    # trainings and union meetings sharing rooms, the organisers and the trainer.
    for i, team in enumerate(TEAMS):
        lines.append(
            f"  - {{id: study-{team}, kind: series, title: 第{i + 1}部门业务学习,"
            f" category: meeting, every: week, duration: 90m,"
            f" venue: {{tags: [meeting]}}, audience: [{team}],"
            ' when: {days: [workday], time: "14:00-17:30"}}'
        )
        lines.append(
            f"  - {{id: meet-{team}, kind: event, title: 第{i + 1}部门工会小组会,"
            f" category: meeting, duration: 1h, venue: {{tags: [meeting]}},"
            f' audience: [{team}], when: {{days: [workday], time: "12:00-14:00"}}}}'
        )
    for i in range(30):
        team = TEAMS[(i * 7) % len(TEAMS)]
        lines.append(
            f"  - {{id: train-{i}, kind: event, title: 岗位技能培训{i + 1},"
            f" category: training, duration: 2h, venue: {{tags: [meeting]}},"
            f" staff: {{role: trainer, count: 1}}, audience: [{team}],"
            ' when: {days: [workday], time: "09:00-17:30"}}'
        )
    for i in range(20):
        lines.append(
            f"  - {{id: union-{i}, kind: event, title: 工会专题会议{i + 1},"
            f" category: meeting, duration: 90m, venue: {{tags: [meeting]}},"
            f" staff: [{'chair' if i % 2 else 'vice'}],"
            ' when: {days: [workday], time: "09:00-17:00"}}'
        )
    lines.append(
        "  - {id: gym-class, kind: series, title: 工间操培训, category: sport, audience_size: 150,"
        " every: week, duration: 1h, venue: gym, audience: [all],"
        ' when: {days: [workday], time: "12:00-13:00"}}'
    )
    lines.append(
        "  - {id: friendly, kind: event, title: 篮球友谊赛, category: sport, duration: 2h,"
        " venue: gym, staff: {role: referee, count: 2}, audience: [dept01, dept02],"
        ' when: {days: [workday], time: "14:00-17:00"}}'
    )
    return "\n".join(lines) + "\n"


# --- the baseline ------------------------------------------------------------------


def weekdays() -> list[dt.date]:
    days, day = [], FIRST
    while day <= LAST:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def baseline() -> list[tuple[str, str, dt.date, int]]:
    """(home, away, date, start minute) for every match: rounds in order, each match at
    the first slot where a court and a referee are free and both teams may play."""
    starts = list(range(EVENING[0], EVENING[1] - MATCH + 1, 30))
    courts: dict[tuple[dt.date, int], int] = defaultdict(int)  # per 30-minute slot
    team_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    placed = []
    for pairs in circle_rounds(TEAMS):
        for home, away in pairs:
            for day in weekdays():
                done = False
                for start in starts:
                    slots = [(day, start + k) for k in range(0, MATCH, 30)]
                    if any(courts[s] >= min(COURTS, REFEREES) for s in slots):
                        continue
                    ok = True
                    for team in (home, away):
                        played = team_day[(team, day)]
                        if len(played) >= MAX_PER_DAY or any(
                            abs(start - other) < MATCH + REST for other in played
                        ):
                            ok = False
                    if not ok:
                        continue
                    for s in slots:
                        courts[s] += 1
                    team_day[(home, day)].append(start)
                    team_day[(away, day)].append(start)
                    placed.append((home, away, day, start))
                    done = True
                    break
                if done:
                    break
            else:
                raise RuntimeError(f"the baseline cannot place {home}-{away}")
    return placed


def measures(matches: list[tuple[str, str, dt.date, int]]) -> dict[str, int]:
    """The quality measures both layouts are compared on."""
    per_team_day = Counter((t, d) for h, a, d, _ in matches for t in (h, a))
    per_team_week = Counter((t, d.isocalendar()[1]) for h, a, d, _ in matches for t in (h, a))
    weeks = len({d.isocalendar()[1] for d in weekdays()})
    starts = sorted({s for *_, s in matches} | set(range(EVENING[0], EVENING[1] - MATCH + 1, 30)))
    share_week = math.ceil((len(TEAMS) - 1) / weeks)
    share_slot = math.ceil((len(TEAMS) - 1) / len(starts))
    early = Counter(t for h, a, _, s in matches if s == starts[0] for t in (h, a))
    late = Counter(t for h, a, _, s in matches if s == starts[-1] for t in (h, a))
    return {
        "match_days": len({d for *_, d, _ in matches}),
        "doubles": sum(1 for n in per_team_day.values() if n >= 2),
        "spread": sum(max(0, n - share_week) for n in per_team_week.values()),
        "fairness": sum(max(0, n - share_slot) for n in list(early.values()) + list(late.values())),
    }


def solved_matches(schedule) -> list[tuple[str, str, dt.date, int]]:
    out = []
    for o in schedule:
        if o.task.occ.match is None:
            continue
        spec = o.task.occ.match
        day = FIRST + dt.timedelta(days=o.day)
        out.append((spec.home, spec.away, day, o.minute))
    return out


def run_scheduler(compact: int, work_limit: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "league.yaml"
        plan.write_text(league_plan(compact), encoding="utf-8")
        began = time.perf_counter()
        problem = prepare(plan)
        prepared = time.perf_counter() - began
        events: list[tuple[float, float, float]] = []
        outcome = solve(
            problem,
            problem.loaded.rules,
            SolverSettings(work_limit=work_limit),
            progress=lambda e: events.append((e["seconds"], e["objective"], e["bound"])),
        )
        total = time.perf_counter() - began
    gap = (outcome.objective - outcome.bound) / outcome.objective if outcome.objective else 0.0
    return {
        **measures(solved_matches(outcome.placements)),
        "first_feasible_s": prepared + outcome.stats["first_solution_seconds"],
        "total_s": total,
        "status": outcome.status,
        "gap": gap,
        "objective": outcome.objective,
        "bound": outcome.bound,
        "compact_weight": compact,
        "occurrences": len(problem.tasks),
        "activities": len(problem.loaded.plan.activities),
        "stats": outcome.stats,
        "progress": events,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-limit", type=float, default=20.0)
    args = parser.parse_args()
    runs = {
        "scheduler, balanced (compact 20)": run_scheduler(20, args.work_limit),
        "scheduler, days first (compact 200)": run_scheduler(200, args.work_limit),
    }
    base_began = time.perf_counter()
    base = {**measures(baseline()), "seconds": time.perf_counter() - base_began}
    any_run = next(iter(runs.values()))
    table = Table(
        title=f"24-team round robin (276 matches) in a plan of {any_run['occurrences']}"
        f" occurrences, {any_run['activities']} activities; 2 workers,"
        f" work limit {args.work_limit:g}"
    )
    keys = ("match_days", "doubles", "spread", "fairness")
    for column in ("layout", "first feasible s", "end s", "status", "gap", *keys):
        table.add_column(
            column.replace("_", " "), justify="left" if column == "layout" else "right"
        )
    for label, run in runs.items():
        table.add_row(
            label,
            f"{run['first_feasible_s']:.1f}",
            f"{run['total_s']:.1f}",
            run["status"],
            f"{run['gap']:.0%}",
            *(str(run[k]) for k in keys),
        )
    table.add_row(
        "baseline (circle rounds, first fit)",
        f"{base['seconds']:.2f}",
        f"{base['seconds']:.2f}",
        "—",
        "—",
        *(str(base[k]) for k in keys),
    )
    Console(width=170).print(table)
    for label, run in runs.items():
        wins = [k for k in keys if run[k] < base[k]]
        ties = [k for k in keys if run[k] == base[k]]
        print(f"{label}: better on {', '.join(wins) or '—'}; equal on {', '.join(ties) or '—'}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "tournament_league.json").write_text(
        json.dumps({"runs": runs, "baseline": base, "work_limit": args.work_limit}, indent=2),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
