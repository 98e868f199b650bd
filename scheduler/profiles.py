"""How a profile's default rules enter a plan.

`plan.profile: school` adds the profile's default rules after the plan's own rules.
Each keeps the id its profile gives it (else its type name, e.g.
`school.no_events_in_exam_weeks`), which names it in errors, the score and the
diagnosis. A plan rule with that id replaces it (to change its parameters or give
it a weight); `plan.drop_rules: [id]` leaves it out. Errors about a default rule
point at the plan's `profile:` line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .api import Profile
from .errors import Path, PlanIssue
from .model import PlanFile
from .plugins import Plugins
from .values import suggest

PROFILE_PATH: Path = ("plan", "profile")


@dataclass(frozen=True)
class DefaultRule:
    """One default rule a plan takes from its profile."""

    id: str
    type: str
    raw: dict[str, Any]  # the parameters as written by the profile, `id` set
    profile: str
    plugin: str  # the plugin that provides the profile


def rule_id(spec: Any, index: int) -> str:
    """A plan rule's id: its own, else `<type>-<position from 1>`."""
    return spec.id or f"{spec.type}-{index + 1}"


def _profile(plan: PlanFile, plugins: Plugins) -> tuple[Profile | None, str]:
    name = plan.plan.profile
    if name is None:
        return None, ""
    profiles, owners, _ = plugins.registry("scheduler_profiles")
    return profiles.get(name), owners.get(name, "")


def default_rules(plan: PlanFile, plugins: Plugins) -> tuple[list[DefaultRule], list[PlanIssue]]:
    """The profile's default rules this plan keeps, and issues about `drop_rules` (errors)
    and plan rules that look meant to replace a default one (warnings)."""
    profile, plugin = _profile(plan, plugins)
    dropped = plan.plan.drop_rules
    issues: list[PlanIssue] = []
    if profile is None:
        if dropped and plan.plan.profile is None:
            issues.append(
                PlanIssue(
                    "drop_rules names default rules of a profile, and this plan has no profile",
                    ("plan", "drop_rules"),
                )
            )
        return [], issues
    defaults = [
        DefaultRule(
            str(spec.get("id") or spec["type"]),
            str(spec["type"]),
            {
                **{k: v for k, v in spec.items() if k != "type"},
                "id": spec.get("id") or spec["type"],
            },
            profile.name,
            plugin,
        )
        for spec in profile.rules
    ]
    known = [d.id for d in defaults]
    for i, name in enumerate(dropped):
        if name not in known:
            issues.append(
                PlanIssue(
                    f"profile {profile.name} has no default rule {name!r}{suggest(name, known)}"
                    f" (its default rules: {', '.join(known) or 'none'})",
                    ("plan", "drop_rules", i),
                )
            )
    own = {rule_id(spec, i) for i, spec in enumerate(plan.rules)}
    kept = [d for d in defaults if d.id not in own and d.id not in dropped]
    for i, spec in enumerate(plan.rules):
        for default in kept:
            if spec.type == default.type:
                issues.append(
                    PlanIssue(
                        f"profile {profile.name}'s default rule {default.id} applies too; give"
                        f" this rule id: {default.id} to replace it, or add it to"
                        " plan.drop_rules",
                        ("rules", i, "type"),
                        severity="warning",
                    )
                )
    return kept, issues
