"""The platform's promises about hooks (datasette's test_plugin_hooks_are_documented and
_have_tests): every hook in scheduler/hookspecs.py is documented in docs/plugins.md with
its signature and all its arguments, implemented by a built-in plugin, and exercised by
the tests named below; every built-in rule type is exercised by a test."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

from scheduler import hookspecs
from scheduler.plugins import DEFAULT_PLUGINS, load_plugins
from tests.conftest import ROOT

HOOKS = {
    name: fn
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("scheduler_")
}
DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")

# hook -> tests that call it through the CLI or the pipeline (file::function or a plan)
HOOK_TESTS = {
    "scheduler_calendar_days": [
        "tests/test_calendar_china.py::test_2026_make_up_workdays",
        "tests/test_calendar_china_cli.py::test_2027_without_data_is_refused",
    ],
    "scheduler_named_dates": [
        "tests/test_calendar_china.py::test_named_dates_only_for_selected_calendar",
        "tests/test_profiles.py::test_profile_dates_and_periods_reach_the_plan",
    ],
    "scheduler_named_periods": [
        "tests/test_calendar_china.py::test_spring_festival_week",
        "tests/test_profiles.py::test_profile_dates_and_periods_reach_the_plan",
    ],
    "scheduler_rule_types": [
        "tests/test_plugins.py::test_broken_plugins_are_listed_by_name_with_the_reason",
        "tests/test_example_plugin.py::test_the_rule_changes_the_result",
    ],
    "scheduler_tournament_formats": [
        "tests/test_plugins.py::test_a_tournament_format_plugin_expands_matches",
        "tests/test_tournaments.py::test_results_fill_places_and_keep_played_matches",
    ],
    "scheduler_exporters": [
        "tests/test_smoke.py::test_solve_small_plan",
        "tests/test_calendar_china_cli.py::test_2027_provisional_marks_every_output",
    ],
    "scheduler_profiles": [
        "tests/test_profiles.py::test_each_template_validates_and_solves",
        "tests/test_profiles.py::test_a_plan_rule_with_its_id_replaces_a_default_rule",
    ],
    "scheduler_check_plan": [
        "tests/test_profiles.py::test_min_on_duty_role_nobody_holds_is_an_input_error",
    ],
}

# built-in rule type -> tests that solve a plan using it
RULE_TESTS = {
    "max_per_week": [
        "tests/plans/forcing/rule-max-per-week.yaml",
        "tests/test_soft_rules.py::test_penalised_exactly",
    ],
    "max_per_day": [
        "tests/plans/forcing/rule-max-per-day.yaml",
        "tests/test_soft_rules.py::test_penalised_exactly",
    ],
    "min_gap_days": [
        "tests/plans/forcing/rule-min-gap-days.yaml",
        "tests/test_soft_rules.py::test_penalised_exactly",
    ],
    "before": [
        "tests/plans/forcing/rule-before.yaml",
        "tests/test_soft_rules.py::test_penalised_exactly",
    ],
    "spread": ["tests/test_soft_rules.py::test_penalised_exactly"],
    "school.no_events_in_exam_weeks": [
        "tests/plans/forcing/profile-school-exam-weeks.yaml",
        "tests/plans/forcing/profile-school-exam-weeks-span.yaml",
        "tests/test_profile_rules.py::test_penalised_exactly",
    ],
    "hospital.min_on_duty": [
        "tests/plans/forcing/profile-hospital-min-on-duty.yaml",
        "tests/plans/forcing/profile-hospital-min-on-duty-day.yaml",
        "tests/plans/forcing/profile-hospital-min-on-duty-slot.yaml",
        "tests/test_profile_rules.py::test_penalised_exactly",
    ],
    "enterprise.sports_on_weekends": ["tests/test_profile_rules.py::test_penalised_exactly"],
    "enterprise.avoid_month_end": [
        "tests/plans/forcing/profile-enterprise-month-end.yaml",
        "tests/test_profile_rules.py::test_penalised_exactly",
    ],
}

# A hook no built-in implements yet, and why (none today: keep for a hook added later).
NO_BUILTIN_YET: dict[str, str] = {}


def arguments(hook: str) -> list[str]:
    return list(inspect.signature(HOOKS[hook]).parameters)


def typed_signature(hook: str) -> str:
    signature = inspect.signature(HOOKS[hook])
    params = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
    return f"def {hook}({params}) -> {signature.return_annotation}"


def section(hook: str) -> str:
    heading = f"### {hook}({', '.join(arguments(hook))})\n"
    assert heading in DOC, f"docs/plugins.md has no heading {heading.strip()!r}"
    start = DOC.index(heading)
    end = DOC.find("\n## ", start)
    following = DOC.find("\n### ", start + 1)
    stops = [i for i in (end, following) if i != -1]
    return DOC[start : min(stops) if stops else len(DOC)]


def test_the_hooks_are_the_ones_mapped_here() -> None:
    assert set(HOOKS) == set(HOOK_TESTS)


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hook_is_documented(hook: str) -> None:
    text = section(hook)
    assert typed_signature(hook) in text
    for argument in arguments(hook):
        assert f"`{argument}`" in text, f"{hook}: argument {argument} is not described"
    for part in ("**Receives:**", "**Returns:**", "**firstresult:**", "**When:**"):
        assert part in text, f"{hook}: no {part}"


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hookspec_docstring_has_the_four_parts(hook: str) -> None:
    doc = inspect.getdoc(HOOKS[hook]) or ""
    for part in ("Receives:", "Returns:", "firstresult:", "When:"):
        assert part in doc, f"{hook}: docstring has no {part}"


def builtin_implementations() -> dict[str, set[str]]:
    plugins = load_plugins(select=set())
    assert not plugins.failures
    builtins = {m.removeprefix("plugins.") for m in DEFAULT_PLUGINS}
    return {
        hook: {i.plugin_name for i in getattr(plugins.pm.hook, hook).get_hookimpls()} & builtins
        for hook in HOOKS
    }


@pytest.mark.parametrize(
    "hook",
    [
        pytest.param(h, marks=pytest.mark.xfail(reason=NO_BUILTIN_YET[h], strict=False))
        if h in NO_BUILTIN_YET
        else h
        for h in sorted(HOOKS)
    ],
)
def test_hook_is_implemented_by_a_builtin(hook: str) -> None:
    assert builtin_implementations()[hook], f"no built-in plugin implements {hook}"


def test_every_builtin_plugin_loads_and_checks_clean() -> None:
    plugins = load_plugins(select=set())
    assert [i.name for i in plugins.loaded] == [m.removeprefix("plugins.") for m in DEFAULT_PLUGINS]
    assert plugins.check_all() == []


def _exists(reference: str) -> str:
    """The text of the file a reference names, after checking the test exists."""
    file, _, function = reference.partition("::")
    path = ROOT / file
    assert path.is_file(), f"{reference}: no such file"
    text = path.read_text(encoding="utf-8")
    if function:
        names = {n.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)}
        assert function in names, f"{reference}: no such test"
    return text


@pytest.mark.parametrize("hook", sorted(HOOK_TESTS))
def test_hook_has_tests(hook: str) -> None:
    assert HOOK_TESTS[hook]
    for reference in HOOK_TESTS[hook]:
        _exists(reference)


def builtin_rule_types() -> set[str]:
    plugins = load_plugins(select=set())
    _, owners, _ = plugins.registry("scheduler_rule_types")
    return set(owners)


def test_every_builtin_rule_type_is_mapped() -> None:
    assert builtin_rule_types() == set(RULE_TESTS)


@pytest.mark.parametrize("rule", sorted(RULE_TESTS))
def test_rule_type_has_tests(rule: str) -> None:
    assert RULE_TESTS[rule]
    for reference in RULE_TESTS[rule]:
        text = _exists(reference)
        assert re.search(rf"\b{re.escape(rule)}\b", text), f"{reference} never names {rule}"


def test_forcing_plans_are_the_files_named() -> None:
    forcing = {f"tests/plans/forcing/{p.name}" for p in (ROOT / "tests/plans/forcing").iterdir()}
    named = {r for refs in RULE_TESTS.values() for r in refs if r.endswith(".yaml")}
    assert named <= forcing
