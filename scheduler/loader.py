"""Read a plan file into a validated `LoadedPlan`, or raise `PlanError` (exit 2).

Steps: decode and parse (yamlsrc), drop `x-` keys, validate the shape (model),
check references between items (references), bind each rule to its registered type
and validate its parameters, then ask plugins' `scheduler_check_plan`. Every issue
found in a step is reported at once, with file, line and key path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from .api import RuleParams, RuleType
from .errors import Path, PlanError, PlanIssue
from .model import PlanFile
from .plugins import Plugins, get_plugins
from .profiles import PROFILE_PATH, default_rules, rule_id
from .references import check_references
from .registries import namespaces
from .validation import issues_from
from .values import suggest
from .yamlsrc import LineMap, Source, read_source


@dataclass(frozen=True)
class BoundRule:
    """A rule of the plan with its resolved type and validated parameters."""

    id: str
    type: RuleType
    params: RuleParams
    path: Path
    plugin: str

    @property
    def weight(self) -> int | None:
        if self.params.weight is None and self.type.soft_only:
            return 1
        return self.params.weight


@dataclass
class LoadedPlan:
    """A plan that passed every reading check; what the rest of the pipeline uses."""

    file: str
    plan: PlanFile
    id: str
    lines: LineMap
    data: Any
    rules: list[BoundRule] = field(default_factory=list)
    warnings: list[PlanIssue] = field(default_factory=list)

    def line(self, path: Path) -> int | None:
        return self.lines.line_of(path)

    def locate(self, issue: PlanIssue) -> PlanIssue:
        return issue.located(self.file, self.line(issue.path))

    def fail(self, issues: list[PlanIssue]) -> PlanError:
        """A `PlanError` whose issues carry this file's lines, sorted by line."""
        located = [i if i.file else self.locate(i) for i in issues]  # keep other files
        return PlanError(sorted(located, key=lambda i: (i.line or 0, str(i))))

    @property
    def base_dir(self) -> FsPath:
        return FsPath(self.file).resolve().parent

    def activity_path(self, activity_id: str) -> Path:
        for index, activity in enumerate(self.plan.activities):
            if activity.id == activity_id:
                return ("activities", index)
        return ()

    def category_name(self, category: str | None) -> str | None:
        if category is None:
            return None
        return self.plan.plan.categories.get(category, category)


def plan_id_from_file(file: str) -> str:
    """`Shiyan School 2027.yaml` -> `shiyan-school-2027`; `plan` if nothing is left."""
    stem = FsPath(file).name
    for suffix in (".yaml", ".yml"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "plan"


def drop_notes(data: Any) -> Any:
    """Remove the planner's own `x-` keys everywhere (kept in the file, ignored here)."""
    if isinstance(data, dict):
        return {
            k: drop_notes(v)
            for k, v in data.items()
            if not (isinstance(k, str) and k.startswith("x-"))
        }
    if isinstance(data, list):
        return [drop_notes(v) for v in data]
    return data


def _unknown_type(name: str, types_: dict[str, RuleType], plugins: Plugins) -> str:
    """Why a rule type is unknown; names a failed plugin that owns its namespace."""
    text = f"unknown rule type {name!r}{suggest(name, list(types_))}"
    namespace = name.split(".", 1)[0] if "." in name else None
    failed = [f for f in plugins.failures if namespace and namespace in namespaces(f.name)]
    if failed:
        return f"{text}: plugin {failed[0].name} did not load ({failed[0].reason})"
    return f"{text} (known: {', '.join(sorted(types_))})"


def bind_rules(
    plan: PlanFile, data: Any, plugins: Plugins
) -> tuple[list[BoundRule], list[PlanIssue]]:
    """Resolve each rule's type and validate its parameters with that type's model;
    then add the profile's default rules (scheduler/profiles.py)."""
    types_, owners, duplicates = plugins.registry("scheduler_rule_types")
    bound: list[BoundRule] = []
    issues: list[PlanIssue] = []

    def bind(type_name: str, rule_id: str, raw: dict, path: Path, source: str = "") -> None:
        rule_type = types_.get(type_name)
        if rule_type is None:
            message = _unknown_type(type_name, types_, plugins)
            issues.append(PlanIssue(message, path + ("type",), source=source))
            return
        clash = [d for d in duplicates if d.startswith(repr(type_name))]
        if clash:
            issues.append(PlanIssue(f"rule type {clash[0]}; block one of them", path + ("type",)))
            return
        try:
            params = rule_type.params.model_validate(raw)
        except ValidationError as error:
            issues.extend(
                issues_from(
                    error, rule_type.params, raw, prefix=path, source=source or owners[type_name]
                )
            )
            return
        bound.append(BoundRule(rule_id, rule_type, params, path, owners[type_name]))

    raw_rules = data.get("rules") if isinstance(data, dict) else None
    for index, spec in enumerate(plan.rules):
        raw = dict(raw_rules[index]) if isinstance(raw_rules, list) else {}
        raw.pop("type", None)
        bind(spec.type, rule_id(spec, index), raw, ("rules", index))
    defaults, profile_issues = default_rules(plan, plugins)
    issues += profile_issues
    for default in defaults:
        bind(default.type, default.id, dict(default.raw), PROFILE_PATH, default.plugin)
    return bound, issues


def check_profile(plan: PlanFile, plugins: Plugins) -> list[PlanIssue]:
    profile = plan.plan.profile
    if profile is None:
        return []
    profiles, _, duplicates = plugins.registry("scheduler_profiles")
    clash = [d for d in duplicates if d.startswith(repr(profile))]
    if clash:
        return [PlanIssue(f"profile {clash[0]}; block one of them", ("plan", "profile"))]
    if profile in profiles:
        return []
    known = ", ".join(sorted(profiles)) or "none installed"
    return [
        PlanIssue(
            f"unknown profile {profile!r}{suggest(profile, list(profiles))} (known: {known})",
            ("plan", "profile"),
        )
    ]


def plugin_checks(plan: PlanFile, file: str, plugins: Plugins) -> list[PlanIssue]:
    issues: list[PlanIssue] = []
    hook = plugins.pm.hook.scheduler_check_plan
    for impl in hook.get_hookimpls():
        try:
            found = impl.function(
                **{a: v for a, v in (("plan", plan), ("plan_path", file)) if a in impl.argnames}
            )
        except Exception as error:  # noqa: BLE001 - a plugin's bug is reported by name
            issues.append(
                PlanIssue(
                    f"check failed: {type(error).__name__}: {error}",
                    source=impl.plugin_name,
                    severity="warning",
                )
            )
            continue
        for issue in found or ():
            issues.append(
                PlanIssue(
                    issue.message, issue.path, source=impl.plugin_name, severity=issue.severity
                )
            )
    return issues


def load_source(source: Source, plugins: Plugins | None = None) -> LoadedPlan:
    plugins = plugins or get_plugins()
    data = drop_notes(source.data)
    file = source.file

    def fail(issues: list[PlanIssue]) -> PlanError:
        located = [i.located(file, source.lines.line_of(i.path)) for i in issues]
        return PlanError(sorted(located, key=lambda i: (i.line or 0, str(i))))

    if not isinstance(data, dict):
        raise fail(
            [
                PlanIssue(
                    "a plan file is a mapping with plan:, venues:, staff:, groups:,"
                    " activities: and rules:"
                )
            ]
        )
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as error:
        raise fail(issues_from(error, PlanFile, data)) from None

    issues = check_references(plan)
    rules, rule_issues = bind_rules(plan, data, plugins)
    issues += rule_issues + check_profile(plan, plugins)
    issues += check_rule_references(plan, rules)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise fail(errors)
    checks = plugin_checks(plan, file, plugins)
    errors = [i for i in checks if i.severity == "error"]
    if errors:
        raise fail(errors)
    warnings = list(source.warnings) + [
        i.located(file, source.lines.line_of(i.path))
        for i in issues + checks
        if i.severity == "warning"
    ]
    plan_id = plan.plan.id or plan_id_from_file(file)
    return LoadedPlan(
        file=file,
        plan=plan,
        id=plan_id,
        lines=source.lines,
        data=data,
        rules=rules,
        warnings=warnings,
    )


def check_rule_references(plan: PlanFile, rules: list[BoundRule]) -> list[PlanIssue]:
    from .references import check_params_refs

    issues: list[PlanIssue] = []
    seen: dict[str, Path] = {}
    for rule in rules:
        if rule.id in seen:
            issues.append(PlanIssue(f"rule id {rule.id!r} is used twice", rule.path + ("id",)))
        seen[rule.id] = rule.path
        issues += check_params_refs(plan, rule.params, rule.path, rule.plugin)
    return issues


def load_plan(path: str | FsPath, plugins: Plugins | None = None) -> LoadedPlan:
    """Read and check a plan file; raises `PlanError` with every issue found."""
    return load_source(read_source(path), plugins)
