"""Test setup: never load third-party plugins installed in the environment (only the
built-ins), and give tests a way to run the CLI in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["SCHEDULER_PLUGINS"] = ""  # built-ins only; tests opt in to others explicitly
os.environ.pop("SCHEDULER_BLOCK_PLUGINS", None)
os.environ.pop("SOURCE_DATE_EPOCH", None)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "calendars" / "examples"


@pytest.fixture
def cli(capsys):
    """Run `scheduler ARGS…` in-process: returns (exit code, stdout, stderr)."""
    from scheduler.cli import run
    from scheduler.plugins import reset_plugins

    def invoke(*args: str) -> tuple[int, str, str]:
        reset_plugins()
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def run(tmp_path):
    """run(plan_text, occurrences, **outputs) -> the independent checker's violations for
    hand-written outputs (tests/test_checker.py's write_outputs)."""
    from tests.checker import check
    from tests.test_checker import write_outputs

    counter = iter(range(1000))

    def invoke(plan_text: str, occs: list[dict], **kw) -> list:
        case = tmp_path / f"case{next(counter)}"
        case.mkdir()
        plan = case / "plan.yaml"
        plan.write_text(plan_text, encoding="utf-8")
        write_outputs(case / "out", plan_text, occs, **kw)
        return check(plan, case / "out")

    return invoke
