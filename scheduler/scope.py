"""Which activities a rule's `scope` selects (plan-format.md, "Rules")."""

from __future__ import annotations

from .api import Scope
from .model import AnyActivity, AnyOfVenues, Deadline, Tournament


def scope_matches(scope: Scope | None, activity: AnyActivity) -> bool:
    """All given keys must match; a deadline counts only when named by id or kind."""
    if isinstance(activity, Deadline):
        named = scope is not None and (
            (scope.id and activity.id in scope.id) or (scope.kind and "deadline" in scope.kind)
        )
        if not named:
            return False
    if scope is None:
        return True
    if scope.id is not None and activity.id not in scope.id:
        return False
    if scope.category is not None and activity.category not in scope.category:
        return False
    if scope.kind is not None and activity.kind not in scope.kind:
        return False
    if scope.audience is not None:
        held = (
            (activity.teams or [])
            if isinstance(activity, Tournament)
            else getattr(activity, "audience", [])
        )
        if isinstance(activity, Tournament):
            held = list(held) + list(activity.audience)
        if not set(scope.audience) & set(held):
            return False
    if scope.venue is not None:
        spec = getattr(activity, "venue", None)
        named = (
            [spec]
            if isinstance(spec, str)
            else (spec.any_of if isinstance(spec, AnyOfVenues) else [])
        )
        if not set(scope.venue) & set(named):
            return False
    if scope.staff is not None:
        if isinstance(activity, Deadline):
            people = [activity.owner]
        else:
            people = [e for e in activity.staff if isinstance(e, str)]
        if not set(scope.staff) & set(people):
            return False
    return True
