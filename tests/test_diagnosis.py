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
