"""A diagnosis as lines for the terminal (`solve` on exit 1, `explain`)."""

from __future__ import annotations

from typing import Any

from ..errors import Conflict, Diagnosis


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if file and line else file or (f"line {line}" if line else "")


def conflict_line(conflict: Conflict) -> str:
    title = f" ({conflict.title})" if conflict.title else ""
    where = _where(conflict.file, conflict.line)
    head = f"{where} " if where else ""
    return f"{head}{conflict.kind} {conflict.id}{title}: {conflict.requires}"


def _edit_text(edit: dict[str, Any]) -> str:
    from .edits import flow

    path = edit.get("path", "")
    if edit.get("delete"):
        return f"remove {path}"
    if "append" in edit:
        return f"add {flow(edit['append'])} to {path}"
    return f"set {path} to {flow(edit.get('set'))}"


def relaxation_line(number: int, relaxation: dict[str, Any]) -> str:
    where = _where(relaxation.get("file", ""), relaxation.get("line"))
    text = f"{number}. {relaxation.get('change', relaxation)}"
    edits = relaxation.get("edits") or []
    if edits:
        text += f" ({where}: " + "; ".join(_edit_text(e) for e in edits) + ")"
    if relaxation.get("solves") is None:
        text += " [resolves this conflict; the whole plan was not re-solved]"
    return text


MINIMAL = {
    True: "  (a minimal set: without any one of them the rest can be scheduled)",
    False: "  (the search ran out of budget: the set may not be minimal)",
}


def diagnosis_lines(diagnosis: Diagnosis) -> list[str]:
    lines = [diagnosis.summary]
    lines += [f"  {d}" for d in diagnosis.details if not diagnosis.summary.endswith(d)]
    if diagnosis.conflicts:
        lines.append("what the plan asks for:")
        lines += [f"  - {conflict_line(c)}" for c in diagnosis.conflicts]
        if diagnosis.minimal is not None:
            lines.append(MINIMAL[diagnosis.minimal])
    if diagnosis.facts:
        lines.append("what it runs into:")
        lines += [f"  - {conflict_line(f)}" for f in diagnosis.facts]
    if diagnosis.relaxations:
        lines.append("changes that make it schedulable, smallest first:")
        lines += [f"  {relaxation_line(n + 1, r)}" for n, r in enumerate(diagnosis.relaxations)]
    elif diagnosis.stats:
        lines.append("no single change to one of these was found to make it schedulable")
    return lines
