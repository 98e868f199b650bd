"""The scale benchmark's plan generator (benchmarks/generate.py): deterministic, and the
smallest federation is a valid plan whose matches are the ones the witness placed.
Nothing is solved here (benchmarks/run.py does that)."""

from __future__ import annotations

import random

import pytest

from benchmarks import generate


@pytest.fixture(scope="module")
def five():
    return generate.federation_plan(5, seed=1)


def test_same_seed_same_text(five):
    again = generate.federation_plan(5, seed=1)
    assert again.text == five.text
    assert again.utilisation == five.utilisation
    assert generate.federation_plan(5, seed=2).text != five.text


def test_five_unions_validate(five, cli, tmp_path):
    plan = tmp_path / "federation-5.yaml"
    plan.write_text(five.text, encoding="utf-8")
    code, out, err = cli("validate", plan)
    assert code == 0, out + err
    assert f"{five.occurrences} occurrences" in err
    assert 300 <= five.occurrences <= 400


def test_witness_plays_the_scheduler_matches(five, tmp_path):
    """The witness places the cup's and leagues' matches the formats generate."""
    from scheduler.pipeline import prepare

    plan = tmp_path / "federation-5.yaml"
    plan.write_text(five.text, encoding="utf-8")
    problem = prepare(plan)
    expected = {
        (t.occ.activity.id, frozenset((t.occ.match.home, t.occ.match.away)))
        for t in problem.tasks
        if t.occ.match is not None and t.occ.match.home is not None
    }
    members = generate._unions(5, random.Random(1))
    acts = generate._activities(members)
    _, group_stage, knockout, other = generate._units(
        acts, generate._atoms(members), generate.centre(5)
    )
    placed = {
        (n.label.split("/")[0], frozenset(n.teams))
        for n in group_stage + [u.needs[0] for u in other]
        if len(n.teams) == 2
    }
    assert placed == expected
    undecided = [t for t in problem.tasks if t.occ.match is not None and t.occ.match.home is None]
    assert len(knockout) == len(undecided)
