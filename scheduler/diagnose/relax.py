"""Relaxations: changes to the plan that would let a conflict set hold together.

The catalogue (catalogue.py) proposes, for each member, the natural changes to the
plan as written. Each is tested in two tiers: it *resolves* the conflict when the
sub-plan of the conflict's members, changed so, has a schedule (milliseconds); it
*solves* the plan when the whole changed plan has one (a full search, smallest change
first, at most `verify_limit` of them and `Budget.verify_seconds` each; else left
unverified as `null`). Numbers (a staff cap, a count, a rule's limit, a span) are moved
by the smallest step that resolves the conflict, found by doubling then halving.
"""

from __future__ import annotations

from .catalogue import Candidate, candidates
from .edits import Edit
from .members import Member
from .subplan import Tester, reload_or_none

# --- testing -----------------------------------------------------------------------------


def _settle(tester: Tester, candidate: Candidate, members: list[Member]) -> bool:
    """Fix the candidate's edits (searching a knob's smallest step) and test whether it
    resolves the conflict."""
    loaded = tester.context.loaded

    def works(edits: list[Edit]) -> bool:
        changed = reload_or_none(loaded, edits, tester.plugins)
        return changed is not None and tester.resolves(changed, members) == "feasible"

    knob = candidate.knob
    if knob is None:
        return works(candidate.edits)
    reach = abs(knob.bound - knob.current)
    steps, step = [], 1
    while step < reach:
        steps.append(step)
        step *= 2
    steps.append(reach)
    low, high = 0, None  # low fails (0: the current value), high works
    for step in steps:
        if tester.budget.exhausted():
            break
        if works([Edit(knob.path, "set", knob.current + knob.direction * step)]):
            high = step
            break
        low = step
    if high is None:
        return False
    while high - low > 1 and not tester.budget.exhausted():  # halve the gap
        middle = (low + high) // 2
        if works([Edit(knob.path, "set", knob.current + knob.direction * middle)]):
            high = middle
        else:
            low = middle
    new = knob.current + knob.direction * high
    candidate.edits = [Edit(knob.path, "set", new)]
    candidate.change = knob.say(new)
    candidate.size = high
    return True


def relaxations(
    tester: Tester, conflicts: list[list[Member]], verify_limit: int = 8
) -> tuple[list[Candidate], list[str]]:
    """Relaxations that resolve each conflict set, smallest first; those that solve the
    whole plan are verified while the budget lasts (at most `verify_limit` solves)."""
    loaded = tester.context.loaded
    horizon = tester.context.days.count
    notes: list[str] = []
    found: list[Candidate] = []
    for members in conflicts:
        for member in members:
            for candidate in candidates(member, loaded, horizon):
                if tester.budget.exhausted():
                    notes.append("the budget ran out before every relaxation was tried")
                    break
                candidate.resolves = _settle(tester, candidate, members)
                if candidate.resolves:
                    found.append(candidate)
    found.sort(key=lambda c: (c.rank, c.size, c.member.sort_key()))
    if len(conflicts) > 1:
        notes.append(
            f"{len(conflicts)} separate conflicts: each needs its own change before the"
            " plan can be solved"
        )
        return found, notes
    verified, rejected, stopped = 0, 0, False
    kept = []
    for candidate in found:
        if verified < verify_limit and not stopped and not tester.budget.exhausted():
            changed = reload_or_none(loaded, candidate.edits, tester.plugins)
            status = tester.solves(changed) if changed is not None else "infeasible"
            verified += 1
            if status == "infeasible":
                rejected += 1
                continue
            if status == "unknown":  # a plan this big will not re-solve faster next time
                stopped = True
                notes.append(
                    "the whole plan could not be re-solved within"
                    f" {tester.budget.verify_seconds:g} s: the relaxations were checked"
                    " against the conflict's own items, not yet against the whole plan"
                )
            candidate.solves = True if status == "feasible" else None
        kept.append(candidate)
    if rejected:
        notes.append(
            f"{rejected} change(s) resolve this conflict but leave the plan unschedulable"
            " (another conflict remains); they are not listed"
        )
    return kept, notes
