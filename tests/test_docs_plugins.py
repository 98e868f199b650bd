"""docs/plugins.md's walkthrough works as written: its files, put in a fresh folder,
make a package that pip installs and the scheduler loads, and its commands give the
results the guide states. The files are also exactly `examples/exam-guard/`."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fake_plugins import pip_install
from tests.forcing import DELETE, apply

DOC = ROOT / "docs" / "plugins.md"
FENCE = re.compile(r"^```(\w+)(?: file=(\S+))?\n(.*?)^```$", re.S | re.M)


def walkthrough() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Writing a rule plugin from nothing")
    return text[start : text.index("\n## ", start + 3)]


def blocks(text: str) -> list[tuple[str, str | None, str]]:
    return [(lang, file or None, body) for lang, file, body in FENCE.findall(text)]


def test_the_guide_files_are_the_example_package() -> None:
    files = [(file, body) for _, file, body in blocks(walkthrough()) if file]
    assert {f for f, _ in files} == {
        "exam-guard/pyproject.toml",
        "exam-guard/exam_guard.py",
        "exam-guard/plan.yaml",
    }
    for file, body in files:
        assert (ROOT / "examples" / file).read_text(encoding="utf-8") == body, file


def test_following_the_guide_works(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = walkthrough()
    work = tmp_path / "work"
    for _, file, body in blocks(guide):
        if file:
            (work / file).parent.mkdir(parents=True, exist_ok=True)
            (work / file).write_text(body, encoding="utf-8")
    monkeypatch.chdir(work)
    monkeypatch.setenv("SCHEDULER_PLUGINS", "exam_guard")  # the suite loads none by default
    commands = [
        line.strip()
        for lang, file, body in blocks(guide)
        if lang == "sh" and not file
        for line in body.splitlines()
        if line.strip()
    ]
    assert commands[0] == "pip install -e exam-guard"
    try:
        for command in commands:
            if command.startswith("pip install"):
                site = tmp_path / "site"
                pip_install(work / shlex.split(command)[-1], site)
                monkeypatch.syspath_prepend(str(site))
                continue
            args = shlex.split(command)
            assert args[0] == "scheduler", command
            code, out, err = cli(*args[1:])
            assert code == 0, f"{command}:\n{err}"
            if args[1] == "plugins":
                assert "exam_guard" in out and "Load failures" not in out
        schedule = json.loads((work / "out" / "schedule.json").read_text("utf-8"))
        assert "2026-06-29" in guide and start(schedule) == "2026-06-29"
        (score,) = schedule["score"]
        assert (score["rule"], score["units"], score["penalty"]) == ("before-1", 1, 1)
        # "Delete the last rule and solve again: the tug of war moves to 2026-06-24"
        plan = work / "exam-guard" / "plan.yaml"
        plan.write_text(apply(plan.read_text("utf-8"), [(("rules", 1), DELETE)]), "utf-8")
        code, _, err = cli("solve", plan, "-o", work / "out2")
        assert code == 0, err
        schedule = json.loads((work / "out2" / "schedule.json").read_text("utf-8"))
        assert start(schedule) == "2026-06-24" and schedule["objective"] == 0
    finally:
        sys.modules.pop("exam_guard", None)


def start(schedule: dict) -> str:
    return next(o["start"] for o in schedule["occurrences"] if o["id"] == "tug-of-war")
