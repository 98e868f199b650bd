"""Every example plan solves, and the independent checker (tests/checker, which never
imports the scheduler) finds zero violations in schedule.json and calendar.ics."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checker import check
from tests.conftest import EXAMPLES

PLANS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_example_solves_with_zero_violations(cli, plan: Path, tmp_path: Path) -> None:
    code, _, err = cli("solve", plan, "-o", tmp_path, "-q")
    assert code == 0, err
    violations = check(plan, tmp_path)
    assert violations == [], "\n".join(str(v) for v in violations)


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_example_validates(cli, plan: Path) -> None:
    code, _, err = cli("validate", plan)
    assert code == 0, err
    assert "ok:" in err
