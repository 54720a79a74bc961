"""Tests for monoculture.collapse: simulations against theory, shapes, validation.

Every agreement test states its tolerance in Monte Carlo standard errors:
``abs(simulated mean - theory) <= Z * se`` with ``Z = 4``, at fixed seeds.
"""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import monoculture.collapse as collapse
from conftest import Z, assert_within
from monoculture.collapse import (
    categorical_chain,
    expected_gini_simpson,
    expected_log_variance,
    expected_w2,
    gaussian_chain,
    gaussian_moments,
    gmm_chain,
    mixture_data,
    n_fresh,
    ngram_fit,
    ngram_generate,
    regression_chain,
    regression_risk,
    survival_probability,
    text_chain,
    tokenize,
    w2_squared,
)

SETTINGS = settings(max_examples=30, deadline=None)


def test_doctests():
    failures, _ = doctest.testmod(collapse)
    assert failures == 0


# ---------------------------------------------------------------------------
# Gaussian chain
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["samples", "sufficient"])
def test_gaussian_chain_shapes_and_first_row(method):
    chain = gaussian_chain(10, 7, n_chains=4, mu=2.0, sigma=3.0, method=method, rng=0)
    assert chain.means.shape == chain.variances.shape == (8, 4)
    assert np.all(chain.means[0] == 2.0) and np.all(chain.variances[0] == 9.0)
    assert np.all(chain.variances >= 0)
    assert chain.w2.shape == (8, 4) and np.all(chain.w2[0] == 0)


def test_gaussian_chain_is_reproducible_and_accepts_generators():
    a = gaussian_chain(20, 5, n_chains=3, rng=11)
    b = gaussian_chain(20, 5, n_chains=3, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(a.variances, b.variances)


@pytest.mark.parametrize("method", ["samples", "sufficient"])
def test_mle_expected_variance_decays_geometrically(method):
    M, G = 20, 15
    chain = gaussian_chain(M, G, n_chains=20_000, estimator="mle", method=method, rng=1)
    theory = ((M - 1) / M) ** np.arange(G + 1)
    assert_within(chain.variances[1:], theory[1:])
    np.testing.assert_allclose(gaussian_moments(M, G, estimator="mle").variance, theory)


@pytest.mark.parametrize("method", ["samples", "sufficient"])
def test_unbiased_mean_is_kept_but_typical_chain_collapses(method):
    M, G = 10, 30
    chain = gaussian_chain(M, G, n_chains=40_000, method=method, rng=2)
    # E[var_g] = sigma^2 exactly ...
    assert_within(chain.variances[[1, 10, 30]], np.ones(3))
    # ... while E[log var_g] follows the digamma formula and goes to -inf.
    mean_log, var_log = expected_log_variance(M, G)
    assert_within(np.log(chain.variances[[1, 10, 30]]), mean_log[[1, 10, 30]])
    sim_var = np.log(chain.variances[30]).var(ddof=1)
    # variance of a sample variance: se ~ var * sqrt(2 / (n - 1)) for near-normal sums
    assert abs(sim_var - var_log[30]) <= Z * var_log[30] * math.sqrt(2 / (40_000 - 1)) * 1.5
    assert np.median(chain.variances[30]) < 0.5 * np.mean(chain.variances[30])
    # the mean of the chain drifts like a random walk: E[(mean_g - mu)^2] = g / M
    assert_within(chain.means[[1, 10, 30]] ** 2, np.array([1, 10, 30]) / M)


@pytest.mark.parametrize("method", ["samples", "sufficient"])
def test_expected_w2_matches_our_derivation(method):
    M, G = 100, 50
    chain = gaussian_chain(M, G, n_chains=8_000, method=method, rng=3)
    theory = expected_w2(M, G)
    assert_within(chain.w2[[1, 10, 50]], theory[[1, 10, 50]])


def test_expected_w2_values_and_growth():
    w = expected_w2(100, 200)
    np.testing.assert_allclose(w[[1, 10, 50, 200]], [0.0150, 0.1499, 0.737, 2.79], atol=6e-3)
    assert np.all(np.diff(w) > 0)
    assert expected_w2(100, 5000)[-1] > 50  # unbounded growth
    mle = expected_w2(30, 40, estimator="mle")
    chain = gaussian_chain(30, 40, n_chains=8_000, estimator="mle", method="sufficient", rng=4)
    assert_within(chain.w2[[5, 40]], mle[[5, 40]])


@pytest.mark.parametrize("estimator", ["unbiased", "mle"])
@pytest.mark.parametrize("method", ["samples", "sufficient"])
@pytest.mark.parametrize("r", [0.2, 0.5, 1.0])
def test_fresh_data_moments(estimator, method, r):
    M, G = 20, 25
    chain = gaussian_chain(M, G, n_chains=10_000, estimator=estimator, fresh_fraction=r,
                           method=method, rng=5)
    mom = gaussian_moments(M, G, estimator=estimator, fresh_fraction=r)
    assert_within(chain.variances[[1, 5, 25]], mom.variance[[1, 5, 25]])
    assert_within(chain.means[[1, 5, 25]] ** 2, mom.mean_error[[1, 5, 25]])


def test_fresh_data_keeps_the_typical_chain_alive():
    collapsed = gaussian_chain(50, 100, n_chains=2_000, method="sufficient", rng=6)
    kept = gaussian_chain(50, 100, n_chains=2_000, fresh_fraction=0.2, method="sufficient",
                          rng=6)
    assert np.median(collapsed.variances[-1]) < 0.3
    assert np.median(kept.variances[-1]) > 0.8


@pytest.mark.parametrize("r", [0.0, 0.3])
def test_methods_agree_in_distribution(r):
    """Two-sample Kolmogorov-Smirnov test at level 0.001 on generation 10."""
    a = gaussian_chain(12, 10, n_chains=5_000, fresh_fraction=r, method="samples", rng=7)
    b = gaussian_chain(12, 10, n_chains=5_000, fresh_fraction=r, method="sufficient", rng=8)
    for x, y in [(a.variances[10], b.variances[10]), (a.means[10], b.means[10])]:
        assert stats.ks_2samp(x, y).pvalue > 1e-3


def test_single_synthetic_or_fresh_sample_edge_cases():
    # M = 2 with r = 0.5: one synthetic and one fresh draw per round
    for method in ("samples", "sufficient"):
        chain = gaussian_chain(2, 6, n_chains=20_000, fresh_fraction=0.5, method=method, rng=9)
        mom = gaussian_moments(2, 6, fresh_fraction=0.5)
        assert_within(chain.variances[[1, 6]], mom.variance[[1, 6]])


def test_n_fresh_rounds_half_up():
    assert n_fresh(50, 0.1) == 5
    assert n_fresh(5, 0.5) == 3
    assert n_fresh(100, 0.0) == 0 and n_fresh(100, 1.0) == 100
    assert n_fresh(3, 0.1) == 0


def test_w2_squared_formula():
    assert w2_squared(1.0, 4.0, mu=0.0, sigma=1.0) == pytest.approx(2.0)


@SETTINGS
@given(M=st.integers(2, 30), G=st.integers(0, 6), r=st.floats(0, 1),
       estimator=st.sampled_from(["unbiased", "mle"]),
       method=st.sampled_from(["samples", "sufficient"]))
def test_gaussian_chain_properties(M, G, r, estimator, method):
    chain = gaussian_chain(M, G, n_chains=3, estimator=estimator, fresh_fraction=r,
                           method=method, rng=0)
    assert chain.variances.shape == (G + 1, 3)
    assert np.all(np.isfinite(chain.means)) and np.all(chain.variances >= 0)
    mom = gaussian_moments(M, G, estimator=estimator, fresh_fraction=r)
    assert np.all(mom.variance > 0) and np.all(mom.mean_error >= 0)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"n_samples": 1}, ValueError, "n_samples"),
    ({"n_generations": -1}, ValueError, "n_generations"),
    ({"n_chains": 0}, ValueError, "n_chains"),
    ({"fresh_fraction": -0.1}, ValueError, "fresh_fraction"),
    ({"fresh_fraction": 1.5}, ValueError, "fresh_fraction"),
    ({"estimator": "median"}, ValueError, "estimator"),
    ({"method": "exact"}, ValueError, "method"),
    ({"sigma": 0.0}, ValueError, "sigma"),
    ({"mu": float("nan")}, ValueError, "mu"),
    ({"rng": "seed"}, TypeError, "rng"),
    ({"n_samples": 2.5}, TypeError, "n_samples"),
])
def test_gaussian_chain_validation(kwargs, exc, match):
    args = {"n_samples": 10, "n_generations": 3, **kwargs}
    with pytest.raises(exc, match=match):
        gaussian_chain(**args)


def test_theory_validation():
    with pytest.raises(ValueError, match="estimator"):
        gaussian_moments(10, 3, estimator="bayes")
    with pytest.raises(ValueError, match="n_samples"):
        expected_w2(1, 3)
    with pytest.raises(ValueError, match="fresh_fraction"):
        gaussian_moments(10, 3, fresh_fraction=2.0)
    with pytest.raises(ValueError, match="variances"):
        w2_squared([0.0], [-1.0])


# ---------------------------------------------------------------------------
# categorical chain
# ---------------------------------------------------------------------------

P5 = np.array([0.4, 0.3, 0.15, 0.1, 0.05])


def test_categorical_chain_shape_and_rows():
    q = categorical_chain(P5, 20, 10, n_chains=6, rng=0)
    assert q.shape == (11, 6, 5)
    np.testing.assert_array_equal(q[0], np.broadcast_to(P5, (6, 5)))
    np.testing.assert_allclose(q.sum(axis=2), 1.0)
    np.testing.assert_allclose(q[1:] * 20, np.round(q[1:] * 20), atol=1e-9)


def test_zero_is_absorbing():
    q = categorical_chain(P5, 10, 60, n_chains=500, rng=1)
    gone = q[:-1] == 0
    assert gone.any()
    assert np.all(q[1:][gone] == 0)


def test_fixation_probabilities_equal_initial_shares():
    q = categorical_chain(P5, 30, 600, n_chains=4_000, rng=2)
    final = q[-1]
    assert np.all(final.max(axis=1) == 1.0), "some chains not absorbed"
    winners = final == 1.0
    assert_within(winners.T, P5)


def test_chain_is_a_martingale_and_gini_simpson_decays():
    M, G = 25, 40
    q = categorical_chain(P5, M, G, n_chains=20_000, rng=3)
    assert_within(q[G].T, P5)
    gini = 1 - np.sum(q**2, axis=2)
    theory = expected_gini_simpson(P5, M, G)
    assert_within(gini[[1, 10, 40]], theory[[1, 10, 40]])


def test_one_round_survival():
    weights = np.arange(1, 51, dtype=float) ** -1.0
    p = weights / weights.sum()
    M = 100
    q = categorical_chain(p, M, 1, n_chains=20_000, rng=4)
    alive = q[1] > 0
    theory = survival_probability(p, M)
    mean = alive.mean(axis=0)
    se = np.sqrt(theory * (1 - theory) / alive.shape[0])
    assert np.all(np.abs(mean - theory) <= Z * se)


def test_fresh_data_prevents_absorption_and_keeps_the_mean():
    q = categorical_chain(P5, 50, 200, n_chains=2_000, fresh_fraction=0.2, rng=5)
    assert np.mean(q[-1].max(axis=1) == 1.0) < 0.01
    assert np.all((q[-1] > 0).mean(axis=0) > 0.5)
    assert_within(q[-1].T, P5)


@SETTINGS
@given(p=st.lists(st.floats(0.01, 1.0), min_size=1, max_size=8), M=st.integers(2, 40),
       r=st.floats(0, 1))
def test_categorical_chain_properties(p, M, r):
    p = np.array(p) / np.sum(p)
    q = categorical_chain(p, M, 5, n_chains=3, fresh_fraction=r, rng=0)
    assert np.all(q >= 0)
    np.testing.assert_allclose(q.sum(axis=2), 1.0)


@pytest.mark.parametrize("p, kwargs, match", [
    ([0.5, 0.4], {}, "p must sum to 1"),
    ([1.2, -0.2], {}, "p must be non-negative"),
    ([[0.5, 0.5]], {}, "p must have 1"),
    (P5, {"n_samples": 1}, "n_samples"),
    (P5, {"fresh_fraction": -0.5}, "fresh_fraction"),
    (P5, {"fresh_fraction": 1.01}, "fresh_fraction"),
    (P5, {"n_chains": 0}, "n_chains"),
])
def test_categorical_chain_validation(p, kwargs, match):
    args = {"n_samples": 10, "n_generations": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        categorical_chain(p, **args)


def test_categorical_theory_validation():
    with pytest.raises(ValueError, match="p must sum to 1"):
        survival_probability([0.2, 0.2], 10)
    with pytest.raises(ValueError, match="n_samples"):
        expected_gini_simpson(P5, 1, 3)


# ---------------------------------------------------------------------------
# Gaussian mixture chain
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("em", ["warm", "restart"])
def test_gmm_chain_shapes(em):
    X = mixture_data(120, rng=0)
    chain = gmm_chain(X, 3, n_components=3, n_samples=80, em=em, rng=1)
    assert len(chain.samples) == 4 and len(chain.weights) == 4
    assert chain.samples[0] is not None and chain.samples[1].shape == (80, 2)
    np.testing.assert_allclose([w.sum() for w in chain.weights], 1.0)
    assert chain.means[0].shape == (3, 2) and chain.covariances[0].shape == (3, 2, 2)


def test_mixture_data_weights():
    X = mixture_data(20_000, rng=2)
    far = np.linalg.norm(X, axis=1) > 3.5
    # the four outlying clusters hold 20% of the mass (binomial SE)
    se = math.sqrt(0.2 * 0.8 / len(X))
    assert abs(far.mean() - 0.2) <= Z * se + 1e-3  # +1e-3: central cluster beyond 3.5 sd


@pytest.mark.parametrize("kwargs, match", [
    ({"n_components": 0}, "n_components"),
    ({"n_generations": -1}, "n_generations"),
    ({"n_samples": 2}, "n_samples"),
    ({"em": "cold"}, "em"),
])
def test_gmm_chain_validation(kwargs, match):
    args = {"data": mixture_data(50, rng=0), "n_generations": 1, **kwargs}
    with pytest.raises(ValueError, match=match):
        gmm_chain(**args)
    with pytest.raises(ValueError, match="data"):
        gmm_chain(np.zeros(10), 1)


# ---------------------------------------------------------------------------
# text chain
# ---------------------------------------------------------------------------

def test_tokenize():
    assert tokenize("The tails vanish; don't they?") == [
        "the", "tails", "vanish", ";", "don't", "they", "?"]
    with pytest.raises(TypeError, match="text"):
        tokenize(["a"])


def test_ngram_generation_uses_only_seen_transitions():
    tokens = tokenize("the cat sat on the mat . the dog sat on the cat . a dog ran .")
    model = ngram_fit(tokens, order=2)
    seen = set(zip(tokens, tokens[1:] + tokens[:1]))
    streams = ngram_generate(model, 20, 30, rng=0)
    assert len(streams) == 20 and all(len(s) == 30 for s in streams)
    for s in streams:
        assert set(zip(s, s[1:])) <= seen


def test_ngram_frequencies_match_counts():
    tokens = ["a", "b", "a", "c", "a", "b"]  # cyclic: after "a": b, c, b
    model = ngram_fit(tokens, order=2)
    streams = np.array(ngram_generate(model, 20_000, 2, rng=1))
    after_a = streams[streams[:, 0] == "a", 1]
    share_b = np.mean(after_a == "b")
    se = math.sqrt(2 / 9 / len(after_a))
    assert abs(share_b - 2 / 3) <= Z * se


def test_text_chain_loses_vocabulary_and_fresh_text_slows_it():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(300)]
    weights = 1.0 / np.arange(1, 301)
    tokens = list(rng.choice(words, size=6_000, p=weights / weights.sum()))
    pure = text_chain(tokens, 10, rng=1, sample_generations=(0, 10))
    mixed = text_chain(tokens, 10, fresh_fraction=0.1, rng=1)
    assert pure.vocabulary.shape == (11,)
    assert np.all(np.diff(pure.vocabulary) <= 0)  # words never come back
    assert np.all(np.diff(pure.rare_vocabulary) <= 0)
    assert mixed.vocabulary[-1] > pure.vocabulary[-1]
    assert set(pure.samples) == {0, 10}
    assert pure.samples[0].startswith(" ".join(tokens[:3]))


def test_text_validation():
    tokens = ["a", "b"] * 200
    with pytest.raises(ValueError, match="order"):
        ngram_fit(tokens, order=0)
    with pytest.raises(TypeError, match="tokens"):
        ngram_fit("a b c", order=2)
    with pytest.raises(ValueError, match="fresh_fraction"):
        text_chain(tokens, 2, fresh_fraction=1.5)
    with pytest.raises(ValueError, match="n_generations"):
        text_chain(tokens, -1)
    with pytest.raises(ValueError, match="tokens must hold"):
        text_chain(tokens[:10], 2)


# ---------------------------------------------------------------------------
# regression: replace against accumulate
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["replace", "accumulate"])
def test_regression_chain_matches_theory(mode):
    d, T, n = 10, 50, 20
    risk = regression_chain(d, T, n, policy=mode, noise=1.0, n_repeats=20_000, rng=1)
    assert risk.shape == (n, 20_000)
    theory = regression_risk(d, T, n, policy=mode)
    assert_within(risk[[0, 4, 19]], theory[[0, 4, 19]])


def test_regression_theory_values():
    base = 10 / (50 - 10 - 1)
    np.testing.assert_allclose(regression_risk(10, 50, 10)[-1], 10 * base)
    acc = regression_risk(10, 50, 1000, policy="accumulate", noise=2.0)
    assert np.all(acc <= 4 * base * math.pi**2 / 6)
    assert acc[-1] == pytest.approx(4 * base * math.pi**2 / 6, rel=1e-3)


def test_regression_chain_equals_sklearn_linear_regression():
    from sklearn.linear_model import LinearRegression

    d, T, n, R, noise, seed = 3, 12, 4, 2, 0.5, 42
    ours = {m: regression_chain(d, T, n, policy=m, noise=noise, n_repeats=R, rng=seed)
            for m in ("replace", "accumulate")}
    for mode in ("replace", "accumulate"):
        gen = np.random.default_rng(seed)  # same draws, in the documented order
        X = gen.standard_normal((R, T, d))
        w_star = gen.standard_normal((R, d)) / np.sqrt(d)
        w = w_star.copy()
        Xs, ys = [[] for _ in range(R)], [[] for _ in range(R)]
        for i in range(n):
            E = gen.standard_normal((R, T))
            for r in range(R):
                y = X[r] @ w[r] + noise * E[r]
                if mode == "replace":
                    Xs[r], ys[r] = [X[r]], [y]
                else:
                    Xs[r].append(X[r])
                    ys[r].append(y)
                fit = LinearRegression(fit_intercept=False).fit(np.vstack(Xs[r]),
                                                                np.concatenate(ys[r]))
                w[r] = fit.coef_
                assert np.sum((w[r] - w_star[r]) ** 2) == pytest.approx(ours[mode][i, r],
                                                                        rel=1e-8)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"policy": "mix"}, ValueError, "policy"),
    ({"n_samples": 5}, ValueError, "n_samples"),
    ({"noise": 0.0}, ValueError, "noise"),
    ({"n_iterations": 0}, ValueError, "n_iterations"),
    ({"n_repeats": 0}, ValueError, "n_repeats"),
    ({"n_features": 0}, ValueError, "n_features"),
])
def test_regression_validation(kwargs, exc, match):
    args = {"n_features": 10, "n_samples": 50, "n_iterations": 2, **kwargs}
    with pytest.raises(exc, match=match):
        regression_chain(**args)


def test_regression_risk_needs_enough_samples():
    with pytest.raises(ValueError, match="n_samples"):
        regression_risk(10, 11, 3)
    with pytest.raises(ValueError, match="policy"):
        regression_risk(10, 50, 3, policy="other")
