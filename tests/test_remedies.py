"""Tests of monoculture.remedies: the scoreboard policies, tail narrowing, ideation, provenance.

The chains under each data policy are tested in ``test_chains.py``.

Simulations are compared with closed forms within 4 Monte Carlo standard errors.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Z, se
from monoculture import remedies as R


def _se(x):
    return se(x, axis=0)


@pytest.mark.parametrize("policy, expected", [
    ("replace", ("replace", 0.0)), ("accumulate", ("accumulate", 0.0)),
    ("fresh", ("replace", 0.3)), ("accumulate+fresh", ("accumulate", 0.3)),
])
def test_policy_kwargs_decode_the_scoreboard(policy, expected):
    kw = R.policy_kwargs(policy, 0.3)
    assert (kw["policy"], kw["fresh_fraction"]) == expected


# --- tail narrowing and critique -----------------------------------------------

def test_one_round_coverage_matches_closed_form():
    p = np.array([0.02, 0.1, 0.5])
    for c in (0.0, 0.3):
        run = R.self_training(p, 4, 1, critique=c, n_chains=20000, rng=10)
        covered = run.covered[0]
        theory = R.coverage_probability(p, 4, critique=c)
        assert np.all(np.abs(covered.mean(axis=0) - theory) <= Z * _se(covered) + 1e-12)


@pytest.mark.parametrize("critique", [0.0, 0.2])
def test_coverage_over_rounds_matches_the_forward_recursion(critique):
    p = np.random.default_rng(0).beta(0.6, 1.2, size=40)
    run = R.self_training(p, 4, 10, critique=critique, decay=0.5, n_chains=3000, rng=11)
    theory = R.expected_coverage(p, 4, 10, critique=critique, decay=0.5)
    per_chain = run.covered.mean(axis=2)                     # (round, chain)
    sim = per_chain.mean(axis=1)
    se = per_chain.std(axis=1, ddof=1) / np.sqrt(per_chain.shape[1])
    assert np.all(np.abs(sim - theory.mean(axis=1)) <= Z * se)


def test_critique_keeps_hard_queries_covered():
    p = np.linspace(0.01, 0.9, 50)
    hard = p < 0.1
    plain = R.expected_coverage(p, 4, 10)[-1, hard].mean()
    critic = R.expected_coverage(p, 4, 10, critique=0.3)[-1, hard].mean()
    assert plain < 0.05 < 0.5 < critic


def test_self_training_skill_updates():
    run = R.self_training([0.0, 1.0], 3, 2, decay=0.5, gain=0.5, n_chains=2, rng=12)
    np.testing.assert_allclose(run.success[-1], [[0.0, 1.0], [0.0, 1.0]])
    run = R.self_training([0.0], 3, 1, critique=1.0, gain=0.5, rng=13)
    assert run.kept[0, 0, 0] == 3 and run.success[1, 0, 0] == 0.5


@settings(max_examples=40, deadline=None)
@given(p=st.floats(0, 1), c1=st.floats(0, 1), c2=st.floats(0, 1), k=st.integers(1, 20))
def test_coverage_grows_with_critique(p, c1, c2, k):
    lo, hi = sorted((c1, c2))
    a = R.coverage_probability([p], k, lo)[0]
    b = R.coverage_probability([p], k, hi)[0]
    assert 0.0 <= a <= b + 1e-12 <= 1.0 + 1e-12


# --- ideation ---------------------------------------------------------------------

@pytest.mark.parametrize("e", [0.0, 0.5, 1.0])
def test_mean_idea_value_matches_closed_form(e):
    res = R.ideation_teams([e], 1, n_teams=20000, distance=2.0, spread=0.7, rng=14)
    theory = R.expected_idea_value((1 - e) * 2.0, 0.7)
    assert abs(res.quality.mean() - theory) <= Z * _se(res.quality)


def test_expert_teams_beat_a_single_agent_and_novice_teams_do_not():
    kw = dict(n_teams=4000)
    single = R.ideation_teams([0.6], 12, rng=15, **kw).quality
    novices = R.ideation_teams([0.1] * 4, 12, rng=16, **kw).quality
    experts = R.ideation_teams([0.6] * 4, 12, rng=17, **kw).quality
    gap = lambda a, b: (a.mean() - b.mean()) / np.hypot(_se(a), _se(b))  # noqa: E731
    assert gap(single, novices) > Z
    assert gap(experts, single) > Z
    assert R.ideation_teams([0.1] * 4, 12, rng=16, **kw).spread.mean() > 2 * 0.8


def test_perfect_judgment_picks_the_best_idea():
    res = R.ideation_teams([1.0, 1.0], 6, n_teams=50, rng=18)
    np.testing.assert_allclose(res.quality, res.best)


# --- provenance -------------------------------------------------------------------

def test_provenance_fresh_fraction_matches_sampling():
    h, v, f = 0.2, 0.6, 0.05
    gen = np.random.default_rng(19)
    human = gen.random(200000) < h
    passed = gen.random(200000) < np.where(human, v, f)
    share = human[passed]
    theory = R.provenance_fresh_fraction(h, v, f)
    assert abs(share.mean() - theory) <= Z * _se(share)
    np.testing.assert_allclose(R.provenance_fresh_fraction([0.3, 0.0], 0.5, 0.5), [0.3, 0.0])
    assert R.provenance_fresh_fraction([0.0], 0.5, 0.0)[0] == 0.0


# --- validation -------------------------------------------------------------------

@pytest.mark.parametrize("call,match", [
    (lambda: R.policy_kwargs("mix"), "policy"),
    (lambda: R.policy_kwargs("fresh", 1.5), "fresh_fraction"),
    (lambda: R.smallest_fresh_fraction(lambda r: 0, [0, 2]), "grid"),
    (lambda: R.smallest_fresh_fraction(lambda r: 0, [0], tolerance=0), "tolerance"),
    (lambda: R.coverage_probability([1.2], 2), "p must lie"),
    (lambda: R.coverage_probability([0.2], 0), "n_attempts"),
    (lambda: R.coverage_probability([0.2], 2, critique=2), "critique"),
    (lambda: R.self_training([0.2], 2, 0), "n_rounds"),
    (lambda: R.self_training([0.2], 2, 2, decay=1.5), "decay"),
    (lambda: R.self_training([0.2], 2, 2, gain=-1), "gain"),
    (lambda: R.expected_coverage([[0.2]], 2, 2), "p must have 1"),
    (lambda: R.ideation_teams([1.5], 3), "expertise"),
    (lambda: R.ideation_teams([0.5, 0.5], 1), "n_ideas"),
    (lambda: R.ideation_teams([0.5], 3, spread=0), "spread"),
    (lambda: R.ideation_teams([0.5], 3, judge_noise=-1), "judge_noise"),
    (lambda: R.ideation_teams([0.5], 3, width=0), "width"),
    (lambda: R.expected_idea_value(-1, 1), "distance"),
    (lambda: R.provenance_fresh_fraction([1.2], 0.5, 0.1), "human_share"),
    (lambda: R.provenance_fresh_fraction([0.2], 1.5, 0.1), "verified"),
    (lambda: R.provenance_fresh_fraction([0.2], 0.5, -0.1), "false_pass"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_type_errors():
    with pytest.raises(TypeError, match="loss"):
        R.smallest_fresh_fraction(0.1, [0.1])
    with pytest.raises(TypeError, match="rng"):
        R.self_training([0.2], 2, 2, rng="seed")
    with pytest.raises(TypeError, match="n_attempts"):
        R.coverage_probability([0.2], 2.5)
