"""Each constraint alone forces an answer (see tests/forcing.py for the file format)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.checker import check
from tests.forcing import apply, read_forcing

FORCING = sorted((Path(__file__).parent / "plans" / "forcing").glob("*.yaml"))


def _solve(cli, text: str, tmp: Path, name: str) -> tuple[int, dict | None, str]:
    plan = tmp / f"{name}.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp / f"out-{name}"
    code, _, err = cli("solve", plan, "-o", out, "-q", "--format", "json", "--format", "ics")
    schedule = None
    if (out / "schedule.json").exists():
        schedule = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    return code, schedule, err


@pytest.mark.parametrize("path", FORCING, ids=[p.stem for p in FORCING])
def test_constraint_forces_the_answer(cli, path: Path, tmp_path: Path) -> None:
    forcing = read_forcing(path)
    text = path.read_text(encoding="utf-8")
    code, schedule, err = _solve(cli, text, tmp_path, "base")
    assert code == 0, err
    # the independent checker does not judge plugin rules (profile-*.yaml)
    if not path.name.startswith("profile-"):
        assert check(tmp_path / "base.yaml", tmp_path / "out-base") == []
    placed = {o["id"]: o for o in schedule["occurrences"]}
    for occurrence, field, expected in forcing.answers:
        got = placed[occurrence]["start"][:10] if field == "date" else placed[occurrence][field]
        assert got == expected, (occurrence, field, placed[occurrence])
    if not forcing.alts:
        return
    code, _, err = _solve(cli, apply(text, forcing.alts), tmp_path, "alt")
    assert code == 1, f"the forbidden alternative was accepted:\n{err}"
    if forcing.relaxes:
        code, _, err = _solve(cli, apply(text, forcing.alts + forcing.relaxes), tmp_path, "relaxed")
        assert code == 0, f"without the constraint the alternative should solve:\n{err}"
