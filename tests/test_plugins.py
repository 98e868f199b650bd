"""Discovery, selection and failures: a broken plugin is reported by name with its
reason, and everything else (other plugins, plans that do not use it) keeps working."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fake_plugins import fake_site

RULE = """
from scheduler.api import RuleParams, RuleType
from scheduler.hookspecs import hookimpl

CALLS = []


class Params(RuleParams):
    pass


def apply(ctx, rule):
    pass


@hookimpl
def scheduler_rule_types():
    CALLS.append(1)
    return [RuleType({name!r}, {params}, apply)]
"""

PLAN = """
plan: {{name: 插件测试, calendars: [], slot_minutes: 60, day: "08:00-12:00", period: {{start: 2026-03-02, end: 2026-03-06}}}}
activities:
  - {{id: talk, kind: event, title: 讲座, duration: 1h}}
rules: {rules}
"""


@pytest.fixture
def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    yield from fake_site(tmp_path, monkeypatch)


def rule_plugin(name: str, params: str = "Params") -> str:
    return RULE.format(name=name, params=params)


def hook_plugin(hook: str, body: str, imports: str = "") -> str:
    """A plugin module with one hook implementation whose body is `body`."""
    return f"{imports}from scheduler.hookspecs import hookimpl\n\n@hookimpl\ndef {hook}():\n    {body}\n"


def write_plan(tmp_path: Path, rules: str = "[]", name: str = "plan") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(PLAN.format(rules=rules), encoding="utf-8")
    return path


def listing(cli, *options: str) -> dict:
    code, out, err = cli(*options, "plugins", "--json")
    assert code == 0, err
    return json.loads(out)


def failures(report: dict) -> dict[str, str]:
    return {f["name"]: f["reason"] for f in report["failures"]}


@pytest.fixture
def broken(install_plugin, monkeypatch):
    install_plugin("good", rule_plugin("good.noop"))
    install_plugin("crashes", "raise RuntimeError('boom')\n")
    install_plugin("badparams", rule_plugin("badparams.rule", params="dict"))
    install_plugin("bare", rule_plugin("quiet"))
    install_plugin("elsewhere", rule_plugin("other.rule"))
    install_plugin(
        "raiser", hook_plugin("scheduler_rule_types", "raise ValueError('no types today')")
    )
    install_plugin("misspelt", hook_plugin("scheduler_rule_typez", "return []"))
    monkeypatch.setenv("SCHEDULER_PLUGINS", "good,crashes,badparams,bare,elsewhere,raiser,misspelt")


def test_broken_plugins_are_listed_by_name_with_the_reason(cli, broken) -> None:
    report = listing(cli)
    failed = failures(report)
    assert failed["crashes"] == "error importing: RuntimeError: boom"
    assert "params <class 'dict'> is not a RuleParams subclass" in failed["badparams"]
    assert "rule type 'quiet' needs its plugin's namespace, e.g. 'bare.quiet'" in failed["bare"]
    assert "'other.rule' is outside its plugin's namespace ('elsewhere.')" in failed["elsewhere"]
    assert failed["raiser"] == "scheduler_rule_types raised ValueError: no types today"
    assert "scheduler_rule_typez" in failed["misspelt"]
    loaded = {p["name"]: p for p in report["plugins"]}
    assert loaded["good"]["rule types"] == ["good.noop"]
    assert loaded["good"]["source"] == "fake-good" and loaded["good"]["version"] == "1.0"
    assert "misspelt" not in loaded and "crashes" not in loaded
    assert loaded["rules.counting"]["rule types"] == ["max_per_day", "max_per_week"]
    code, out, _ = cli("plugins")
    assert code == 0 and "Load failures" in out and "crashes" in out


def test_a_plan_that_does_not_use_them_still_solves(cli, broken, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, "[{type: good.noop}, {type: max_per_day, limit: 1}]")
    code, _, err = cli("solve", plan, "-o", tmp_path / "out", "-q")
    assert code == 0, err
    assert "warning: plugin crashes: error importing: RuntimeError: boom" in err
    assert "warning: plugin badparams: rule type 'badparams.rule': params" in err
    code, _, err = cli("validate", plan)
    assert code == 0 and "warning: plugin raiser:" in err


def test_a_plan_that_uses_a_broken_one_names_it(cli, broken, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, "[{type: badparams.rule}]")
    code, _, err = cli("validate", plan)
    assert code == 2
    assert "rules[0].type: unknown rule type 'badparams.rule': plugin badparams did not load" in err


def test_duplicate_names_are_errors_naming_both_plugins(
    cli, install_plugin, monkeypatch, tmp_path
) -> None:
    install_plugin("one.dup", rule_plugin("dup.rule"))
    install_plugin("two.dup", rule_plugin("dup.rule"))
    install_plugin(
        "myschool",
        hook_plugin(
            "scheduler_profiles",
            "return [Profile('school', '另一个学校')]",
            "from scheduler.api import Profile\n",
        ),
    )
    monkeypatch.setenv("SCHEDULER_PLUGINS", "one.dup,two.dup,myschool")
    failed = failures(listing(cli))
    assert failed["two.dup"] == "rule type 'dup.rule' is registered by both one.dup and two.dup"
    assert (
        failed["myschool"] == "profile 'school' is registered by both profiles.school and myschool"
    )
    code, _, err = cli("validate", write_plan(tmp_path, "[{type: dup.rule}]"))
    assert code == 2 and "'dup.rule' is registered by both one.dup and two.dup" in err
    school = write_plan(tmp_path, "[]", "school").read_text(encoding="utf-8")
    school = school.replace("calendars: []", "calendars: [], profile: school")
    (tmp_path / "school.yaml").write_text(school, encoding="utf-8")
    code, _, err = cli("validate", tmp_path / "school.yaml")
    assert code == 2 and "'school' is registered by both profiles.school and myschool" in err
    code, _, err = cli("validate", write_plan(tmp_path, "[{type: max_per_day, limit: 1}]"))
    assert code == 0, err


def test_options_select_and_block_plugins_for_one_run(cli, broken, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SCHEDULER_PLUGINS")
    report = listing(cli, "--plugins", "good")
    names = {p["name"] for p in report["plugins"]}
    assert "good" in names and not {"crashes", "bare"} & names
    assert not failures(report)  # the others are not even imported
    report = listing(cli, "--plugins", "", "--block-plugin", "profiles.enterprise,rules.spread")
    names = {p["name"] for p in report["plugins"]}
    assert "good" not in names and not {"profiles.enterprise", "rules.spread"} & names
    assert "profiles.school" in names
    report = listing(
        cli, "--plugins", "", "--block-plugin", "rules.spread", "--block-plugin", "rules.spacing"
    )
    assert not {"rules.spread", "rules.spacing"} & {p["name"] for p in report["plugins"]}
    code, _, err = cli(
        "--block-plugin",
        "rules.counting",
        "validate",
        write_plan(tmp_path, "[{type: max_per_day, limit: 1}]"),
    )
    assert code == 2 and "unknown rule type 'max_per_day'" in err
    # the options last one run: the next one is back to the environment (all plugins)
    report = listing(cli)
    assert {"rules.counting", "good"} <= {p["name"] for p in report["plugins"]}
    assert "crashes" in failures(report)


def test_the_environment_blocks_plugins(cli, monkeypatch) -> None:
    monkeypatch.setenv("SCHEDULER_BLOCK_PLUGINS", "profiles.hospital")
    assert "profiles.hospital" not in {p["name"] for p in listing(cli)["plugins"]}


def test_registry_hooks_are_called_once_per_run(cli, install_plugin, monkeypatch, tmp_path) -> None:
    import sys

    install_plugin("counted", rule_plugin("counted.noop"))
    monkeypatch.setenv("SCHEDULER_PLUGINS", "counted")
    code, _, err = cli(
        "solve", write_plan(tmp_path, "[{type: counted.noop}]"), "-o", tmp_path / "out", "-q"
    )
    assert code == 0, err
    assert sys.modules["fake_counted"].CALLS == [1]


FORMAT = """
from itertools import combinations

from scheduler.api import MatchSpec, TournamentFormat
from scheduler.hookspecs import hookimpl


def generate(teams, activity):
    if len(teams) > 3:
        raise ValueError("pairs takes at most 3 teams")
    return [MatchSpec(f"{a}-{b}", a, b, 1) for a, b in combinations(teams, 2)]


@hookimpl
def scheduler_tournament_formats():
    return [TournamentFormat("pairs", generate, "every pair of teams once")]
"""

TOURNAMENT = """
plan: {{name: 赛制测试, calendars: [], slot_minutes: 60, day: "08:00-12:00", period: {{start: 2026-03-02, end: 2026-03-06}}}}
groups: [{{id: a, name: 甲组}}, {{id: b, name: 乙组}}, {{id: c, name: 丙组}}, {{id: d, name: 丁组}}]
activities:
  - {{id: pingpong, kind: tournament, title: 乒乓球赛, format: {format}, teams: {teams}, match: 1h}}
"""


def test_a_tournament_format_plugin_expands_matches(
    cli, install_plugin, monkeypatch, tmp_path
) -> None:
    install_plugin("pairs", FORMAT)
    monkeypatch.setenv("SCHEDULER_PLUGINS", "pairs")
    pairs = next(p for p in listing(cli)["plugins"] if p["name"] == "pairs")
    assert pairs["formats"] == ["pairs"] and pairs["hooks"] == ["tournament_formats"]
    plan = tmp_path / "plan.yaml"
    plan.write_text(TOURNAMENT.format(format="pairs", teams="[a, b, c]"), encoding="utf-8")
    code, _, err = cli("validate", plan)
    assert code == 0 and "3 occurrences" in err, err
    plan.write_text(TOURNAMENT.format(format="pairs", teams="[a, b, c, d]"), encoding="utf-8")
    code, _, err = cli("validate", plan)
    assert code == 2 and "activities[0].format: pairs takes at most 3 teams" in err
    plan.write_text(TOURNAMENT.format(format="pair", teams="[a, b]"), encoding="utf-8")
    code, _, err = cli("validate", plan)
    assert code == 2 and "unknown tournament format 'pair'; did you mean pairs?" in err
