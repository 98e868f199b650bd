"""Install third-party plugins for a test: throw-away ones (a module and a
`.dist-info` with an entry point in `scheduler.plugins`, on a folder put in front of
sys.path), and real packages through pip into a folder of their own."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

FakeInstaller = Callable[[str, str], None]


def fake_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeInstaller]:
    """For a fixture: yields `install(entry point name, module source)`; what it
    installed is gone after the test."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    modules: list[str] = []

    def install(name: str, source: str) -> None:
        module = "fake_" + re.sub(r"\W", "_", name)
        (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        dist = root / f"{module}-1.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n"
        )
        (dist / "entry_points.txt").write_text(f"[scheduler.plugins]\n{name} = {module}\n")
        modules.append(module)

    yield install
    for module in modules:
        sys.modules.pop(module, None)


def pip_install(source: Path, target: Path) -> None:
    """`pip install --no-deps --target TARGET` a copy of the package at `source` (the
    build writes into the source folder, so it never runs in the repository)."""
    copy = target.parent / f"{source.name}-src"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    result = subprocess.run(
        [*command, "--target", str(target), str(copy)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"pip install {source} failed:\n{result.stderr}"
