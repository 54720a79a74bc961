"""Tests of monoculture.remedies: data policies, tail narrowing, ideation, provenance.

Simulations are compared with closed forms within 4 Monte Carlo standard errors.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monoculture import collapse
from monoculture import remedies as R
from monoculture.voices import zipf

Z = 4.0  # tolerance in Monte Carlo standard errors


def _se(x, axis=0):
    x = np.asarray(x, dtype=float)
    return x.std(axis=axis, ddof=1) / np.sqrt(x.shape[axis])


# --- data policies ---------------------------------------------------------------

@pytest.mark.parametrize("policy", R.POLICIES)
def test_gaussian_chain_mean_is_a_martingale(policy):
    means, variances = R.policy_gaussian_chain(20, 15, policy=policy, fresh_fraction=0.2,
                                               n_chains=4000, mu=1.5, rng=1)
    assert means.shape == variances.shape == (16, 4000)
    assert means[0, 0] == 1.5 and variances[0, 0] == 1.0
    assert abs(means[-1].mean() - 1.5) <= Z * _se(means[-1])


def test_replace_policies_are_the_collapse_chains():
    m, v = R.policy_gaussian_chain(30, 8, policy="fresh", fresh_fraction=0.2, n_chains=5, rng=3)
    ref = collapse.gaussian_chain(30, 8, n_chains=5, fresh_fraction=0.2, rng=3)
    np.testing.assert_array_equal(v, ref.variances)
    np.testing.assert_array_equal(m, ref.means)
    q = R.policy_categorical_chain(zipf(5), 20, 6, n_chains=4, rng=3)
    np.testing.assert_array_equal(q, collapse.categorical_chain(zipf(5), 20, 6, n_chains=4, rng=3))
    e = R.policy_regression_chain(3, 10, 4, policy="accumulate", n_repeats=5, rng=3)
    np.testing.assert_array_equal(e, collapse.regression_chain(3, 10, 4, mode="accumulate",
                                                               n_repeats=5, rng=3))


def test_accumulating_only_real_data_pools_every_sample():
    # r = 1: generation g fits g*M real samples, so E[var] = sigma^2, E[mean^2] = sigma^2/(g M).
    M, G, sigma = 10, 6, 2.0
    means, variances = R.policy_gaussian_chain(M, G, policy="accumulate+fresh", fresh_fraction=1.0,
                                               n_chains=20000, sigma=sigma, rng=2)
    for g in (1, 3, G):
        assert abs(variances[g].mean() - sigma**2) <= Z * _se(variances[g])
        sq = means[g] ** 2
        assert abs(sq.mean() - sigma**2 / (g * M)) <= Z * _se(sq)


def test_gaussian_policies_order_the_typical_variance():
    kw = dict(n_chains=400, rng=3)
    med = {pol: np.median(R.policy_gaussian_chain(50, 100, policy=pol, fresh_fraction=0.1,
                                                  **kw)[1][-1])
           for pol in R.POLICIES}
    assert med["replace"] < 0.5 < med["fresh"]
    assert med["accumulate"] > 0.8 and med["accumulate+fresh"] > 0.8


@pytest.mark.parametrize("policy", R.POLICIES)
def test_categorical_chain_is_a_martingale(policy):
    p = zipf(6)
    out = R.policy_categorical_chain(p, 30, 10, policy=policy, fresh_fraction=0.2,
                                     n_chains=5000, rng=4)
    assert out.shape == (11, 5000, 6)
    np.testing.assert_allclose(out.sum(axis=2), 1.0)
    last = out[-1]
    assert np.all(np.abs(last.mean(axis=0) - p) <= Z * _se(last) + 1e-12)


def test_categorical_replace_zero_is_absorbing_but_fresh_data_revive():
    p = zipf(30)
    out = R.policy_categorical_chain(p, 20, 30, n_chains=200, rng=5)
    lost = out[:-1] == 0
    assert lost.any() and np.all(out[1:][lost] == 0)
    fresh = R.policy_categorical_chain(p, 20, 30, policy="fresh", fresh_fraction=0.5,
                                       n_chains=200, rng=5)
    assert np.any((fresh[:-1] == 0) & (fresh[1:] > 0))


@pytest.mark.parametrize("accumulate", [False, True])
def test_scheduled_chain_is_a_martingale_and_matches_a_constant_policy(accumulate):
    p = zipf(5)
    schedule = np.array([0, 10, 0, 5, 20, 0, 0, 3])
    out = R.scheduled_categorical_chain(p, 20, schedule, accumulate=accumulate,
                                        n_chains=5000, rng=20)
    assert out.shape == (10, 5000, 5)
    assert np.all(np.abs(out[-1].mean(axis=0) - p) <= Z * _se(out[-1]) + 1e-12)
    # a constant schedule has the distribution of the policy chain: compare mean Hill-2
    policy = "accumulate+fresh" if accumulate else "fresh"
    a = R.scheduled_categorical_chain(p, 20, np.full(9, 4), accumulate=accumulate,
                                      n_chains=5000, rng=21)[-1]
    b = R.policy_categorical_chain(p, 20, 10, policy=policy, fresh_fraction=0.2,
                                   n_chains=5000, rng=22)[-1]
    sa, sb = (a**2).sum(axis=1), (b**2).sum(axis=1)
    assert abs(sa.mean() - sb.mean()) <= Z * np.hypot(_se(sa), _se(sb))


def test_scheduled_chain_without_fresh_data_loses_words_for_good():
    out = R.scheduled_categorical_chain(zipf(30), 20, np.zeros(30), n_chains=100, rng=23)
    lost = out[1:-1] == 0
    assert lost.any() and np.all(out[2:][lost] == 0)


def test_regression_replace_error_grows_linearly():
    d, T, sigma = 5, 20, 1.0
    err = R.policy_regression_chain(d, T, 6, noise=sigma, n_repeats=6000, rng=6)
    base = sigma**2 * d / (T - d - 1)
    for i in (1, 3, 6):
        assert abs(err[i - 1].mean() - base * i) <= Z * _se(err[i - 1])


def test_regression_accumulate_error_matches_the_bounded_sum():
    d, T = 5, 20
    err = R.policy_regression_chain(d, T, 20, policy="accumulate", n_repeats=4000, rng=7)
    theory = collapse.regression_risk(d, T, 20, mode="accumulate")
    for i in (1, 5, 20):
        assert abs(err[i - 1].mean() - theory[i - 1]) <= Z * _se(err[i - 1])
    assert theory[-1] <= d / (T - d - 1) * np.pi**2 / 6


@pytest.mark.parametrize("policy", ["fresh", "accumulate+fresh"])
def test_regression_with_only_fresh_labels(policy):
    # r = 1: every batch is T new real examples. Replace fits T of them
    # (error d / (T - d - 1)); accumulate fits all i T (error d / (i T - d - 1)).
    d, T = 4, 16
    err = R.policy_regression_chain(d, T, 5, policy=policy, fresh_fraction=1.0,
                                    n_repeats=8000, rng=8)
    for i in (1, 5):
        n = i * T if policy == "accumulate+fresh" else T
        theory = d / (n - d - 1)
        assert abs(err[i - 1].mean() - theory) <= Z * _se(err[i - 1])


def test_regression_fresh_data_hold_the_error():
    kw = dict(n_repeats=300, rng=8)
    replace = R.policy_regression_chain(5, 20, 40, **kw)[-1].mean()
    fresh = R.policy_regression_chain(5, 20, 40, policy="fresh", fresh_fraction=0.5, **kw)
    both = R.policy_regression_chain(5, 20, 40, policy="accumulate+fresh",
                                     fresh_fraction=0.5, **kw)
    assert both[-1].mean() < fresh[-1].mean() < replace


def test_fresh_fraction_is_ignored_by_plain_policies():
    assert R.policy_fractions("replace", 0.5) == (False, 0.0)
    assert R.policy_fractions("accumulate", 0.5) == (True, 0.0)
    assert R.policy_fractions("accumulate+fresh", 0.5) == (True, 0.5)
    a = R.policy_gaussian_chain(10, 5, policy="replace", fresh_fraction=0.7, rng=9)
    b = R.policy_gaussian_chain(10, 5, policy="replace", rng=9)
    np.testing.assert_array_equal(a[1], b[1])


def test_smallest_fresh_fraction_finds_the_first_passing_value():
    grid = [0.4, 0.0, 0.1, 0.2, 0.3]
    assert R.smallest_fresh_fraction(lambda r: 0.35 - r, grid) == pytest.approx(0.3)
    assert R.smallest_fresh_fraction(lambda r: 0.35 - r, grid, tolerance=0.2) == 0.2
    assert np.isnan(R.smallest_fresh_fraction(lambda r: 1.0, grid))


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
    (lambda: R.policy_gaussian_chain(1, 5), "n_samples"),
    (lambda: R.policy_gaussian_chain(10, 0), "n_generations"),
    (lambda: R.policy_gaussian_chain(10, 5, policy="mix"), "policy"),
    (lambda: R.policy_gaussian_chain(10, 5, policy="fresh", fresh_fraction=1.5), "fresh_fraction"),
    (lambda: R.policy_gaussian_chain(10, 5, sigma=0), "sigma"),
    (lambda: R.policy_gaussian_chain(10, 5, n_chains=0), "n_chains"),
    (lambda: R.policy_categorical_chain([0.5, 0.6], 10, 5), "p must sum to 1"),
    (lambda: R.policy_categorical_chain([-0.5, 1.5], 10, 5), "p must be non-negative"),
    (lambda: R.policy_categorical_chain([1.0], 10, 5, fresh_fraction=-0.1), "fresh_fraction"),
    (lambda: R.policy_regression_chain(5, 4, 3), "n_samples"),
    (lambda: R.scheduled_categorical_chain([1.0], 10, [11]), "fresh_counts"),
    (lambda: R.scheduled_categorical_chain([1.0], 10, [1.5]), "fresh_counts"),
    (lambda: R.scheduled_categorical_chain([1.0], 10, [-1]), "fresh_counts"),
    (lambda: R.scheduled_categorical_chain([0.5, 0.6], 10, [1]), "p must sum to 1"),
    (lambda: R.policy_categorical_chain([1.0], 1, 5), "n_samples"),
    (lambda: R.policy_regression_chain(0, 6, 3), "n_features"),
    (lambda: R.policy_regression_chain(2, 6, 3, noise=0), "noise"),
    (lambda: R.policy_regression_chain(2, 6, 3, n_repeats=0), "n_repeats"),
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
    with pytest.raises(TypeError, match="accumulate"):
        R.scheduled_categorical_chain([1.0], 10, [1], accumulate=1)
    with pytest.raises(TypeError, match="n_attempts"):
        R.coverage_probability([0.2], 2.5)


# ---------------------------------------------------------------------------
# kept_curve: the scoreboard measure
# ---------------------------------------------------------------------------

def test_kept_curve_starts_at_one_and_matches_the_chains():
    from monoculture.remedies import kept_curve, policy_categorical_chain, policy_gaussian_chain
    for chain in ("Gaussian", "categorical"):
        k = kept_curve(chain, "replace", n_generations=30, n_chains=50, rng=3)
        assert k.shape == (30,) and k[0] == pytest.approx(1.0)
    _, var = policy_gaussian_chain(100, 30, policy="fresh", fresh_fraction=0.2, n_chains=50, rng=3)
    med = np.median(var[1:], axis=1)
    assert np.allclose(kept_curve("Gaussian", "fresh", 0.2, n_generations=30, n_chains=50, rng=3),
                       med / med[0])
    p = 1 / np.arange(1, 21)
    P = policy_categorical_chain(p / p.sum(), 100, 30, policy="accumulate", n_chains=50, rng=3)
    d = np.exp(-(np.clip(P[1:], 1e-300, None) * np.log(np.clip(P[1:], 1e-300, None))).sum(-1))
    d = d.mean(axis=1)
    assert np.allclose(kept_curve("categorical", "accumulate", n_generations=30, n_chains=50,
                                  rng=3), d / d[0])


def test_kept_curve_regression_against_its_exact_start():
    from monoculture.remedies import kept_curve, policy_regression_chain
    # generation 1 fits real data only: its excess risk has expectation d/(T-d-1)
    k = kept_curve("regression", "replace", n_generations=5, n_chains=4000, rng=2)
    err = policy_regression_chain(10, 50, 5, policy="replace", n_repeats=4000, rng=2)
    assert np.allclose(k, (10 / 39) / err.mean(axis=1))
    se = err[0].std(ddof=1) / np.sqrt(err.shape[1])
    assert abs(err[0].mean() - 10 / 39) < 4 * se
    assert k[-1] < k[0]


def test_kept_curve_validation():
    from monoculture.remedies import kept_curve
    with pytest.raises(ValueError, match="chain must be one of"):
        kept_curve("mixture", "replace")
    with pytest.raises(ValueError, match="policy must be one of"):
        kept_curve("Gaussian", "keep")
    with pytest.raises(ValueError, match="regression_samples must exceed"):
        kept_curve("regression", "replace", n_features=10, regression_samples=11)
