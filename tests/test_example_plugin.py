"""The example third-party package `examples/exam-guard`, installed with pip, adds the
rule `exam_guard.quiet_before_exams`, and that rule changes the schedule."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fake_plugins import pip_install
from tests.forcing import DELETE, apply

EXAMPLE = ROOT / "examples" / "exam-guard"
RULE = ("rules", 1)  # the exam_guard rule in examples/exam-guard/plan.yaml


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("exam-guard") / "site"
    pip_install(EXAMPLE, target)
    return target


@pytest.fixture
def exam_guard(site: Path, monkeypatch: pytest.MonkeyPatch):
    """The package on sys.path, and selected (tests load no third-party plugin unless
    they opt in)."""
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("SCHEDULER_PLUGINS", "exam_guard")
    yield
    sys.modules.pop("exam_guard", None)


def solve(cli, tmp_path: Path, text: str, name: str) -> tuple[int, dict | None, str]:
    plan = tmp_path / f"{name}.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / f"out-{name}"
    code, _, err = cli("solve", plan, "-o", out, "-q", "--format", "json")
    found = out / "schedule.json"
    return code, json.loads(found.read_text("utf-8")) if code == 0 else None, err


def start(schedule: dict, occurrence: str) -> str:
    return next(o["start"] for o in schedule["occurrences"] if o["id"] == occurrence)


def test_the_package_is_found_through_its_entry_point(cli, exam_guard) -> None:
    code, out, err = cli("plugins", "--json")
    assert code == 0, err
    plugin = next(p for p in json.loads(out)["plugins"] if p["name"] == "exam_guard")
    assert (plugin["source"], plugin["version"]) == ("scheduler-exam-guard", "0.1.0")
    assert plugin["rule types"] == ["exam_guard.quiet_before_exams"]
    code, out, _ = cli("schema")
    assert code == 0
    rules = json.loads(out)["properties"]["rules"]["items"]["oneOf"]
    rule = next(r for r in rules if r["title"] == "exam_guard.quiet_before_exams")
    assert {"exams", "scope", "days", "limit", "weight"} <= set(rule["properties"])
    assert rule["description"].endswith("(plugin exam_guard)")


def test_the_rule_changes_the_result(cli, exam_guard, tmp_path: Path) -> None:
    text = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    code, with_rule, err = solve(cli, tmp_path, text, "with")
    assert code == 0, err
    assert start(with_rule, "tug-of-war") == "2026-06-29"
    assert with_rule["objective"] == 1  # it comes after the staff meeting
    code, without, err = solve(cli, tmp_path, apply(text, [(RULE, DELETE)]), "without")
    assert code == 0, err
    assert start(without, "tug-of-war") == "2026-06-24"
    assert without["objective"] == 0
    pinned = apply(text, [(("activities", 2, "when"), {"dates": ["2026-06-24"]})])
    code, _, err = solve(cli, tmp_path, pinned, "pinned")
    assert code == 1 and "exam_guard" in err


def test_without_the_plugin_the_rule_is_unknown(cli, site, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.syspath_prepend(str(site))  # installed, but not selected
    text = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    code, _, err = solve(cli, tmp_path, text, "plain")
    assert code == 2 and "unknown rule type 'exam_guard.quiet_before_exams'" in err
    sys.modules.pop("exam_guard", None)
