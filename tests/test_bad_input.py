"""Bad input: one file per error class in tests/bad/. Each file's first line says the
message it must produce (`# expect: LINE PATH: MESSAGE`); the command must exit 2,
name file, line and key, and show no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

BAD = Path(__file__).parent / "bad"
FILES = sorted(BAD.glob("*.yaml"))


def expectation(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} lacks an expectation line"
    line, rest = first.removeprefix("# expect: ").split(" ", 1)
    key, message = rest.split(": ", 1) if not rest.startswith(": ") else ("", rest[2:])
    location = f"{path}:{line}"
    return f"{location} {key}: {message}" if key else f"{location}: {message}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_plan_exits_2_with_file_line_key(cli, path: Path) -> None:
    code, out, err = cli("validate", path)
    flat = " ".join(err.split())
    assert code == 2, err
    assert " ".join(expectation(path).split()) in flat, err
    assert "Traceback" not in err


@pytest.mark.parametrize("path", FILES[:3], ids=[p.stem for p in FILES[:3]])
def test_solve_writes_nothing_on_bad_input(cli, path: Path, tmp_path: Path) -> None:
    code, _, _ = cli("solve", path, "-o", tmp_path / "out")
    assert code == 2
    assert not (tmp_path / "out").exists()


def test_all_errors_are_reported_at_once(cli, tmp_path: Path) -> None:
    plan = tmp_path / "many.yaml"
    plan.write_text(
        "plan: {name: 多个错误, year: 2026, calendars: [], slot_minutes: 7}\n"
        "venues: [{id: hall, capacity: 0}]\n"
        "activities:\n"
        "  - {id: a, kind: event, title: 会, duration: 1x}\n", encoding="utf-8")
    code, _, err = cli("validate", plan)
    assert code == 2
    assert f"{plan}:1 plan.slot_minutes" in err
    assert f"{plan}:2 venues[0].capacity" in err
    assert f"{plan}:4 activities[0].duration" in err


def test_gb18030_file_is_read_with_a_warning(cli, tmp_path: Path) -> None:
    plan = tmp_path / "gbk.yaml"
    text = "plan: {name: 实验小学工会, year: 2026, calendars: []}\n"
    plan.write_bytes(text.encode("gb18030"))
    code, _, err = cli("validate", plan)
    assert code == 0, err
    assert "GB 18030" in err


def test_binary_file_is_refused(cli, tmp_path: Path) -> None:
    plan = tmp_path / "binary.yaml"
    plan.write_bytes(b"\xff\xfe\x00\x01\x02plan")
    code, _, err = cli("validate", plan)
    assert code == 2
    assert str(plan) in err


def test_missing_file(cli, tmp_path: Path) -> None:
    code, _, err = cli("validate", tmp_path / "nope.yaml")
    assert code == 2
    assert "nope.yaml" in err
