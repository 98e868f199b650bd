"""A diagnosis as lines for the terminal (`solve` on exit 1, `explain`)."""

from __future__ import annotations

from typing import Any

from ..errors import Conflict, Diagnosis
from .score import Breakdown
from .why import Why


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


def breakdown_lines(score: Breakdown, titles: dict[str, str], limit: int = 20) -> list[str]:
    """Per rule (every preference, even at 0), then the occurrences that cost most."""
    lines = [f"score: {score.objective}"]
    if not score.rules:
        lines.append("  the plan states no preferences (no rule has a weight)")
    for rule in score.rules:
        lines.append(
            f"  {rule.rule} ({rule.type}, weight {rule.weight}): {rule.units} unit(s),"
            f" penalty {rule.penalty}"
        )
        for term in rule.terms[:limit]:
            lines.append(
                f"    {term.tag}: {term.units} × {term.weight} = {term.penalty}"
                f" ({', '.join(term.occurrences)})"
            )
        if len(rule.terms) > limit:
            lines.append(f"    … and {len(rule.terms) - limit} more")
    if score.occurrences:
        lines.append("per occurrence (the terms it takes part in):")
        for occ, terms in list(score.occurrences.items())[:limit]:
            parts = ", ".join(f"{t.rule} {t.tag} {t.penalty}" for t in terms)
            lines.append(f"  {occ} ({titles.get(occ, '')}): {parts}")
        if len(score.occurrences) > limit:
            lines.append(f"  … and {len(score.occurrences) - limit} more")
    return lines


VERDICTS = {
    "blocked": "blocked with everything else in place; in the way:",
    "impossible": "impossible whatever else moves, because of:",
    "costlier": "possible with everything else in place, but the score would be worse",
    "cheaper": "possible, and the score would be better (the schedule is not proved optimal)",
    "equal": "possible at the same score: the solver's pick among equals",
    "unknown": "not decided",
}


def why_lines(why: Why) -> list[str]:
    lines = [f"{why.occurrence} ({why.title}) is at {why.placed}."]
    if not why.attempts:
        lines.append("  it has no other legal start")
    elif why.direction == "later":
        lines.append("  it is at its earliest legal start; the next ones:")
    elif why.direction == "earlier":
        lines.append("  earlier legal starts:")
    for attempt in why.attempts:
        text = f"  {attempt.start}: {VERDICTS[attempt.verdict]}"
        if attempt.cost:
            text += f" by {abs(attempt.cost)}"
            if attempt.by_rule:
                text += " (" + ", ".join(f"{r} {d:+d}" for r, d in attempt.by_rule.items()) + ")"
        if attempt.note:
            text += f" [{attempt.note}]"
        lines.append(text)
        for blocker in attempt.blockers:
            lines.append(
                f"    - {blocker['kind']} {blocker['id']} ({blocker['title']}): {blocker['says']}"
            )
    return lines
