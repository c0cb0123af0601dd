"""`chatlabel simulate` end to end on a small crowd: the report and its closing JSON line."""

from __future__ import annotations

import json
import random

import pytest

import cli
from core.simulation import crowd


def test_a_small_simulation_prints_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulate", "--users", "24", "--items", "60", "--rounds", "8", "--seed", "3"]
    assert cli.main(argv) == 0
    out = capsys.readouterr()
    figures = json.loads(out.out.strip().splitlines()[-1])
    assert {"accuracy", "answers_per_resolved_item", "bad_actor_reward_share"} <= figures.keys()
    assert 0.0 <= figures["honest_suspended_share"] <= 1.0 and 0.0 <= figures["ambiguous_share"] <= 1.0
    assert figures["items_resolved"] > 0 and 0.0 <= figures["accuracy"] <= 1.0
    assert 0.0 <= figures["bad_actor_reward_share"] <= 1.0
    # The sybil farm (50 check-in/invite accounts, 5 random answerers) claims nothing; nothing is unbacked.
    assert figures["unbacked_points"] == 0 and figures["sybil_reward_share"] < 0.1  # a few lucky guessers at most
    assert figures["honest_reward_share"] > 0.5 and figures["honest_points_per_counted_answer"] > 0
    assert figures["sybil_pending_points"] > 0  # they did farm check-ins, which never vest
    assert "round 1:" in out.err  # progress goes to stderr, the report to stdout
    assert "items resolved:" in out.out and "levels reached:" in out.out


def test_the_crowd_has_the_asked_mix_and_colluders_agree_on_a_wrong_answer() -> None:
    rng = random.Random(0)
    members = crowd.make_crowd(rng, 100, 0.2, 0.05, (0.7, 0.9), 2)
    kinds = [m.kind for m in members]
    assert sum(k in crowd.BAD and k is not crowd.Kind.COLLUDER for k in kinds) == 20
    assert kinds.count(crowd.Kind.COLLUDER) == 5
    colluders = [m for m in members if m.kind is crowd.Kind.COLLUDER]
    assert {crowd.choose(rng, m, 1, 2) for m in colluders} == {0}
    fast = next(m for m in members if m.kind is crowd.Kind.FAST)
    assert crowd.seconds(rng, fast, 1.5) < 1.5


def test_several_seeds_report_the_mean_of_each_figure() -> None:
    from core.simulation.report import mean_figures

    runs = [
        {"accuracy": 0.9, "honest_suspended_share": 0.0, "items": 10},
        {"accuracy": 1.0, "honest_suspended_share": 0.02, "items": 10},
    ]
    means = mean_figures(runs)
    assert means["accuracy"] == 0.95 and means["honest_suspended_share"] == 0.01 and means["seeds"] == 2
    assert means["runs"] == runs


def test_a_suspended_sybil_answerer_is_not_an_honest_player_suspended() -> None:
    from core.simulation.report import honest_suspensions, most_probable

    kinds = {1: crowd.Kind.HONEST, 2: crowd.Kind.SYBIL_ANSWERER, 3: crowd.Kind.RANDOM}
    suspended = {1: "gold", 2: "random", 3: "random too"}
    assert honest_suspensions(kinds, suspended) == ["gold"]
    assert most_probable([-3.0, -0.1], ["human", "bot"]) == "bot"
    assert most_probable(None, ["human", "bot"]) is None
