"""Write output files atomically: each file is complete or absent, never half-written.

Everything is rendered in memory first; then each file goes to a temporary file in
the same folder, is flushed to disk, and replaces its target in one `os.replace`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `{relative path: bytes}` under `out_dir`; returns the paths written."""
    written = []
    root = out_dir.resolve()
    for relative in sorted(files):
        target = (root / relative).resolve()
        if root not in target.parents:
            raise ValueError(f"an exporter tried to write outside the output folder: {relative}")
        write_atomic(target, files[relative])
        written.append(target)
    return written
