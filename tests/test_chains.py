"""The three retraining chains under both data policies, fresh data and schedules.

``gaussian_chain``, ``categorical_chain`` and ``regression_chain`` of
:mod:`monoculture.collapse` each take ``policy`` ("replace" or "accumulate"),
``fresh_fraction`` and ``fresh_schedule``; the chapter 6 scoreboard runs them
through :func:`monoculture.remedies.policy_kwargs`. Simulations are compared
with closed forms within ``Z`` Monte Carlo standard errors, and the plain
reference loops with the fast versions.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import Z, assert_within, se
from monoculture import collapse
from monoculture.remedies import POLICIES, policy_kwargs
from monoculture.toydata import zipf


def _se(x):
    return se(x, axis=0)


# --- Gaussian ------------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICIES)
def test_gaussian_chain_mean_is_a_martingale(policy):
    chain = collapse.gaussian_chain(20, 15, n_chains=4000, mu=1.5, rng=1,
                                    **policy_kwargs(policy, 0.2))
    assert chain.means.shape == chain.variances.shape == (16, 4000)
    assert chain.means[0, 0] == 1.5 and chain.variances[0, 0] == 1.0
    assert_within(chain.means[-1], 1.5)


@pytest.mark.parametrize("estimator", ["unbiased", "mle"])
@pytest.mark.parametrize("method", ["samples", "sufficient"])
def test_accumulating_only_real_data_pools_every_sample(estimator, method):
    # r = 1: generation g fits g*M real samples, so E[mean^2] = sigma^2/(g M) and
    # E[var] = sigma^2 (unbiased) or sigma^2 (g M - 1)/(g M) (maximum likelihood).
    M, G, sigma = 10, 6, 2.0
    chain = collapse.gaussian_chain(M, G, policy="accumulate", fresh_fraction=1.0,
                                    estimator=estimator, method=method, n_chains=20000,
                                    sigma=sigma, rng=2)
    for g in (1, 3, G):
        n = g * M
        expected = sigma**2 * (1 if estimator == "unbiased" else (n - 1) / n)
        assert_within(chain.variances[g], expected)
        assert_within(chain.means[g] ** 2, sigma**2 / n)


@pytest.mark.parametrize("estimator", ["unbiased", "mle"])
def test_accumulate_methods_agree_in_distribution(estimator):
    kw = dict(policy="accumulate", fresh_fraction=0.1, estimator=estimator, n_chains=6000)
    a = collapse.gaussian_chain(10, 12, method="samples", rng=3, **kw).variances[-1]
    b = collapse.gaussian_chain(10, 12, method="sufficient", rng=4, **kw).variances[-1]
    assert abs(a.mean() - b.mean()) <= Z * np.hypot(_se(a), _se(b))


def test_gaussian_policies_order_the_typical_variance():
    med = {pol: np.median(collapse.gaussian_chain(50, 100, n_chains=400, rng=3,
                                                  **policy_kwargs(pol, 0.1)).variances[-1])
           for pol in POLICIES}
    assert med["replace"] < 0.5 < med["fresh"]
    assert med["accumulate"] > 0.8 and med["accumulate+fresh"] > 0.8


def test_gaussian_schedule_equals_a_constant_fraction():
    const = collapse.gaussian_chain(20, 8, n_chains=5, fresh_fraction=0.25, rng=5)
    sched = collapse.gaussian_chain(20, 8, n_chains=5, fresh_schedule=np.full(8, 5), rng=5)
    np.testing.assert_array_equal(const.means, sched.means)
    np.testing.assert_array_equal(const.variances, sched.variances)
    np.testing.assert_array_equal(sched.fresh, np.full(8, 5))


# --- categorical -----------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICIES)
def test_categorical_chain_is_a_martingale(policy):
    p = zipf(6)
    out = collapse.categorical_chain(p, 30, 10, n_chains=5000, rng=4, **policy_kwargs(policy, 0.2))
    assert out.shape == (11, 5000, 6)
    np.testing.assert_allclose(out.sum(axis=2), 1.0)
    last = out[-1]
    assert np.all(np.abs(last.mean(axis=0) - p) <= Z * _se(last) + 1e-12)


def test_categorical_replace_zero_is_absorbing_but_fresh_data_revive():
    p = zipf(30)
    out = collapse.categorical_chain(p, 20, 30, n_chains=200, rng=5)
    lost = out[:-1] == 0
    assert lost.any() and np.all(out[1:][lost] == 0)
    fresh = collapse.categorical_chain(p, 20, 30, fresh_fraction=0.5, n_chains=200, rng=5)
    assert np.any((fresh[:-1] == 0) & (fresh[1:] > 0))


def test_categorical_accumulate_keeps_every_word_seen_in_round_one():
    out = collapse.categorical_chain(zipf(30), 20, 30, policy="accumulate", n_chains=200, rng=6)
    seen = out[1] > 0
    assert np.all(out[-1][seen] > 0) and np.all(out[1:][:, ~seen] == 0)


@pytest.mark.parametrize("policy", ["replace", "accumulate"])
def test_scheduled_chain_is_a_martingale_and_matches_a_constant_fraction(policy):
    p = zipf(5)
    schedule = np.array([20, 0, 10, 0, 5, 20, 0, 0, 3])
    out = collapse.categorical_chain(p, 20, 9, policy=policy, fresh_schedule=schedule,
                                     n_chains=5000, rng=20)
    assert out.shape == (10, 5000, 5)
    assert np.all(np.abs(out[-1].mean(axis=0) - p) <= Z * _se(out[-1]) + 1e-12)
    # a constant schedule is the constant fraction, draw for draw
    a = collapse.categorical_chain(p, 20, 9, policy=policy, fresh_schedule=np.full(9, 4),
                                   n_chains=50, rng=21)
    b = collapse.categorical_chain(p, 20, 9, policy=policy, fresh_fraction=0.2, n_chains=50,
                                   rng=21)
    np.testing.assert_array_equal(a, b)


def test_scheduled_chain_without_fresh_data_loses_words_for_good():
    out = collapse.categorical_chain(zipf(30), 20, 31, fresh_schedule=np.zeros(31),
                                     n_chains=100, rng=23)
    lost = out[1:-1] == 0
    assert lost.any() and np.all(out[2:][lost] == 0)


# --- regression --------------------------------------------------------------------------

def test_regression_replace_error_grows_linearly():
    d, T, sigma = 5, 20, 1.0
    err = collapse.regression_chain(d, T, 6, noise=sigma, n_repeats=6000, rng=6)
    base = sigma**2 * d / (T - d - 1)
    for i in (1, 3, 6):
        assert_within(err[i - 1], base * i)


def test_regression_accumulate_error_matches_the_bounded_sum():
    d, T = 5, 20
    err = collapse.regression_chain(d, T, 20, policy="accumulate", n_repeats=4000, rng=7)
    theory = collapse.regression_risk(d, T, 20, policy="accumulate")
    for i in (1, 5, 20):
        assert_within(err[i - 1], theory[i - 1])
    assert theory[-1] <= d / (T - d - 1) * np.pi**2 / 6


@pytest.mark.parametrize("policy", ["replace", "accumulate"])
def test_regression_with_only_fresh_labels(policy):
    # r = 1: every batch is T new real examples. Replace fits T of them
    # (error d / (T - d - 1)); accumulate fits all i T (error d / (i T - d - 1)).
    d, T = 4, 16
    err = collapse.regression_chain(d, T, 5, policy=policy, fresh_fraction=1.0,
                                    n_repeats=8000, rng=8)
    for i in (1, 5):
        n = i * T if policy == "accumulate" else T
        assert_within(err[i - 1], d / (n - d - 1))


# --- the plain loops against the fast versions --------------------------------------------

@pytest.mark.parametrize("kw", [
    dict(),
    dict(estimator="mle", fresh_fraction=0.2),
    dict(policy="accumulate"),
    dict(policy="accumulate", estimator="mle", fresh_fraction=0.1),
])
def test_gaussian_loop_equals_the_fast_chain_for_the_same_seed(kw):
    means, variances = collapse.gaussian_chain_loop(20, 25, mu=0.5, sigma=2.0, rng=7, **kw)
    fast = collapse.gaussian_chain(20, 25, mu=0.5, sigma=2.0, rng=7, **kw)
    np.testing.assert_allclose(means, fast.means[:, 0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(variances, fast.variances[:, 0], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("kw", [dict(), dict(policy="accumulate", fresh_fraction=0.25)])
def test_regression_loop_equals_the_fast_chain_for_the_same_seed(kw):
    loop = collapse.regression_chain_loop(4, 15, 8, noise=0.5, rng=9, **kw)
    fast = collapse.regression_chain(4, 15, 8, noise=0.5, rng=9, **kw)[:, 0]
    np.testing.assert_allclose(loop, fast, rtol=1e-8)


@pytest.mark.parametrize("policy", ["replace", "accumulate"])
def test_categorical_loop_equals_the_fast_chain_in_distribution(policy):
    # The loop draws words one at a time, the fast chain draws counts: compare the
    # mean Simpson concentration after 8 rounds over 3000 runs of each.
    p, M, G, runs = zipf(6), 12, 8, 3000
    kw = dict(policy=policy, fresh_fraction=0.25)
    gen = np.random.default_rng(10)
    loop = np.array([collapse.categorical_chain_loop(p, M, G, rng=gen, **kw)[-1]
                     for _ in range(runs)])
    fast = collapse.categorical_chain(p, M, G, n_chains=runs, rng=11, **kw)[-1]
    a, b = (loop**2).sum(axis=1), (fast**2).sum(axis=1)
    assert abs(a.mean() - b.mean()) <= Z * np.hypot(_se(a), _se(b))


# --- validation -------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: collapse.gaussian_chain(10, 5, policy="mix"), "policy"),
    (lambda: collapse.gaussian_chain(10, 5, fresh_fraction=1.5), "fresh_fraction"),
    (lambda: collapse.gaussian_chain(10, 2, fresh_schedule=[1]), "one count per generation"),
    (lambda: collapse.gaussian_chain(10, 1, fresh_fraction=0.1, fresh_schedule=[1]),
     "not both"),
    (lambda: collapse.categorical_chain([1.0], 10, 1, fresh_schedule=[11]), "fresh_schedule"),
    (lambda: collapse.categorical_chain([1.0], 10, 1, fresh_schedule=[1.5]), "fresh_schedule"),
    (lambda: collapse.categorical_chain([1.0], 10, 1, fresh_schedule=[-1]), "fresh_schedule"),
    (lambda: collapse.categorical_chain([1.0], 10, 5, policy="keep"), "policy"),
    (lambda: collapse.categorical_chain([-0.5, 1.5], 10, 5), "p must be non-negative"),
    (lambda: collapse.regression_chain(5, 4, 3), "n_samples"),
    (lambda: collapse.regression_chain(2, 6, 3, policy="mix"), "policy"),
    (lambda: collapse.gaussian_chain_loop(10, 5, policy="mix"), "policy"),
    (lambda: collapse.categorical_chain_loop([0.5, 0.6], 10, 5), "p must sum to 1"),
    (lambda: collapse.regression_chain_loop(2, 6, 3, noise=0), "noise"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
