"""Diagnosis of unschedulable plans (issue 8).

Each `tests/plans/infeasible/*.yaml` plants one conflict of its own kind and says in its
header which members it planted (`# planted: activity:a rule:r staff:p:max_per_week`)
and who should find it (`# found_by: precheck|search`). The reported set must equal
the planted one, be proved minimal, and its first relaxation, written into the file as
the diagnosis says, must make `scheduler solve` succeed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.forcing import parse_path

PLANS = sorted((Path(__file__).parent / "plans" / "infeasible").glob("*.yaml"))


def header(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        found[key] = value
    return found


def member(conflict: dict) -> str:
    if conflict["kind"] == "staff":
        return f"staff:{conflict['id']}:{conflict['key']}"
    return f"{conflict['kind']}:{conflict['id']}"


def apply_relaxation(text: str, edits: list[dict]) -> str:
    """Write a relaxation's edits into the plan text, as a planner would."""
    yaml = YAML(typ="rt")
    data = yaml.load(text)
    for edit in edits:
        path = parse_path(edit["path"])
        node = data
        for part in path[:-1]:
            node = node[part]
        key = path[-1]
        if edit.get("delete"):
            del node[key]
        elif "append" in edit:
            node.setdefault(key, [])
            node[key].append(edit["append"])
        else:
            node[key] = edit["set"]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def solve(cli, plan: Path, out: Path) -> tuple[int, str]:
    code, _, err = cli("solve", plan, "-o", out, "-q", "--format", "json")
    return code, err


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_planted_conflict_is_reported_exactly_and_relaxed(cli, path: Path, tmp_path: Path) -> None:
    expected = header(path)
    plan = tmp_path / path.name
    plan.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    code, err = solve(cli, plan, out)
    assert code == 1, err
    assert sorted(p.name for p in out.iterdir()) == ["diagnosis.json", "run.json"]
    diagnosis = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert set(diagnosis) >= {"summary", "found_by", "conflicts", "details", "relaxations"}
    assert diagnosis["found_by"] == expected["found_by"]
    assert {member(c) for c in diagnosis["conflicts"]} == set(expected["planted"].split())
    assert diagnosis["minimal"] is True
    for conflict in diagnosis["conflicts"]:
        assert conflict["line"] and conflict["requires"]
        assert f"{plan.name}:{conflict['line']} {conflict['kind']} {conflict['id']}" in err
    relaxations = diagnosis["relaxations"]
    assert relaxations, err
    ranks = [(r["rank"], r["size"]) for r in relaxations]
    assert ranks == sorted(ranks)
    first = relaxations[0]
    assert first["solves"] is True and first["resolves"] is True
    assert first["member"] in expected["planted"].split()
    relaxed = tmp_path / "relaxed.yaml"
    relaxed.write_text(apply_relaxation(plan.read_text("utf-8"), first["edits"]), "utf-8")
    code, err = solve(cli, relaxed, tmp_path / "out-relaxed")
    assert code == 0, f"{first['change']} did not make it solvable:\n{err}"


def test_every_verified_relaxation_solves(cli, tmp_path: Path) -> None:
    path = next(p for p in PLANS if p.stem == "min-gap-window")
    out = tmp_path / "out"
    assert solve(cli, path, out)[0] == 1
    relaxations = json.loads((out / "diagnosis.json").read_text("utf-8"))["relaxations"]
    assert len(relaxations) >= 5
    for n, relaxation in enumerate(relaxations):
        assert relaxation["solves"] is True
        relaxed = tmp_path / f"relaxed-{n}.yaml"
        text = apply_relaxation(path.read_text("utf-8"), relaxation["edits"])
        relaxed.write_text(text, "utf-8")
        assert solve(cli, relaxed, tmp_path / f"out-{n}")[0] == 0, relaxation["change"]


HEAD = (
    'plan: {name: 预检测试, calendars: [], slot_minutes: 60, day: "08:00-12:00",'
    " period: {start: 2026-03-01, end: 2026-04-30}}\n"
)


def write(tmp_path: Path, body: str) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + body, encoding="utf-8")
    return plan


def test_demand_counts_only_what_must_happen_in_the_month(cli, tmp_path: Path) -> None:
    body = (
        "venues: [{id: gym, name: 体育馆}]\n"
        "activities:\n"
        "  - {id: league, kind: series, title: 联赛, count: 20, duration: 1d, venue: gym,"
        " when: {months: [3]}}\n"
        "  - {id: cup, kind: series, title: 杯赛, count: 15, duration: 1d, venue: gym,"
        " when: {months: [3, 4]}}\n"
    )
    assert solve(cli, write(tmp_path, body), tmp_path / "out")[0] == 0
    squeezed = body.replace("months: [3, 4]", "months: [3]")
    code, err = solve(cli, write(tmp_path, squeezed), tmp_path / "out2")
    assert code == 1
    assert "in 2026-03, venue gym (体育馆) is needed for 140 h (cup 60 h, league 80 h)" in err


def test_collisions_count_a_venues_courts(cli, tmp_path: Path) -> None:
    pinned = "".join(
        f"  - {{id: m{n}, kind: event, title: 比赛{n}, duration: 2h, venue: gym,"
        " fixed: 2026-03-02T08:00}\n"
        for n in range(3)
    )
    body = "venues: [{id: gym, name: 体育馆, courts: COURTS}]\nactivities:\n" + pinned
    assert solve(cli, write(tmp_path, body.replace("COURTS", "3")), tmp_path / "o3")[0] == 0
    code, err = solve(cli, write(tmp_path, body.replace("COURTS", "2")), tmp_path / "o2")
    assert code == 1
    assert "venue gym (体育馆) is needed at once (it holds 2 at once) by" in err
    diagnosis = json.loads((tmp_path / "o2" / "diagnosis.json").read_text("utf-8"))
    assert diagnosis["found_by"] == "precheck" and len(diagnosis["conflicts"]) == 3


def test_validate_reports_prechecks_without_searching(cli) -> None:
    plan = next(p for p in PLANS if p.stem == "monthly-demand")
    code, _, err = cli("validate", plan)
    assert code == 1
    assert "venue gym (体育馆) is needed for 140 h" in err
    assert "changes that make it schedulable" not in err  # relaxations need the search


def test_an_earlier_good_calendar_stays_and_run_json_says_what_it_cost(cli, tmp_path: Path) -> None:
    path = next(p for p in PLANS if p.stem == "min-gap-window")
    plan = tmp_path / "plan.yaml"
    good = apply_relaxation(path.read_text("utf-8"), [{"path": "rules[0]", "delete": True}])
    plan.write_text(good, "utf-8")
    out = tmp_path / "out"
    assert solve(cli, plan, out)[0] == 0
    kept = (out / "schedule.json").read_bytes()
    plan.write_text(path.read_text("utf-8"), "utf-8")
    assert solve(cli, plan, out)[0] == 1
    assert (out / "schedule.json").read_bytes() == kept
    run = json.loads((out / "run.json").read_text("utf-8"))
    assert run["exit_code"] == 1 and run["found_by"] == "search"
    assert run["diagnosis"]["tests"] > 0 and set(run["diagnosis"]["phases"]) >= {"core", "shrink"}


def test_out_of_budget_the_set_is_not_called_minimal() -> None:
    from scheduler.diagnose.budget import Budget
    from scheduler.diagnose.conflicts import shrink
    from scheduler.diagnose.members import Member
    from scheduler.diagnose.subplan import Context, Tester
    from scheduler.pipeline import prepare
    from scheduler.solver.params import SolverSettings

    path = next(p for p in PLANS if p.stem == "min-gap-window")
    problem = prepare(path)
    members = [Member("activity", "outing"), Member("activity", "talk"), Member("rule", "apart")]
    spent = Tester(Context(problem.loaded, problem.days), SolverSettings(), Budget(seconds=0))
    assert shrink(spent, members) == (members, False)
    fresh = Tester(Context(problem.loaded, problem.days), SolverSettings(), Budget())
    everything = members + [Member("activity", "sports")]
    assert shrink(fresh, everything) == (
        [Member("activity", "outing"), Member("activity", "sports"), Member("rule", "apart")],
        True,
    )


def test_deletion_drops_chunks_and_proves_each_kept_member() -> None:
    from scheduler.diagnose.deletion import shrink_by_deletion

    tests = []

    def test(subset: list[int]) -> tuple[str, None]:
        tests.append(subset)
        return ("infeasible" if {3, 11} <= set(subset) else "feasible"), None

    assert shrink_by_deletion(list(range(20)), test, lambda: True) == ([3, 11], True)
    assert len(tests) < 20  # one test per member would take 20

    def unsure(subset: list[int]) -> tuple[str, None]:
        return ("infeasible" if {3, 11} <= set(subset) else "unknown"), None

    kept, minimal = shrink_by_deletion(list(range(20)), unsure, lambda: True)
    assert {3, 11} <= set(kept) and not minimal
