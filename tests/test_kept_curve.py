"""kept_curve: what a retraining chain keeps relative to the original model."""

from __future__ import annotations

import numpy as np
import pytest

from monoculture.collapse import categorical_chain, gaussian_chain, kept_curve, regression_chain


def test_kept_curve_starts_at_one_and_matches_the_chains():
    for chain in ("Gaussian", "categorical"):
        k = kept_curve(chain, n_generations=30, n_chains=50, rng=3)
        assert k.shape == (30,) and k[0] == pytest.approx(1.0)
    var = gaussian_chain(100, 30, fresh_fraction=0.2, n_chains=50, rng=3).variances
    med = np.median(var[1:], axis=1)
    assert np.allclose(kept_curve("Gaussian", fresh_fraction=0.2, n_generations=30,
                                  n_chains=50, rng=3), med / med[0])
    p = 1 / np.arange(1, 21)
    P = np.clip(categorical_chain(p / p.sum(), 100, 30, policy="accumulate", n_chains=50,
                                  rng=3)[1:], 1e-300, None)
    d = np.exp(-(P * np.log(P)).sum(-1)).mean(axis=1)
    assert np.allclose(kept_curve("categorical", policy="accumulate", n_generations=30,
                                  n_chains=50, rng=3), d / d[0])


def test_kept_curve_regression_against_its_exact_start():
    # generation 1 fits real data only: its excess risk has expectation d/(T-d-1)
    k = kept_curve("regression", n_generations=5, n_chains=4000, rng=2)
    err = regression_chain(10, 50, 5, n_repeats=4000, rng=2)
    assert np.allclose(k, (10 / 39) / err.mean(axis=1))
    se = err[0].std(ddof=1) / np.sqrt(err.shape[1])
    assert abs(err[0].mean() - 10 / 39) < 4 * se
    assert k[-1] < k[0]


def test_kept_curve_is_cached_and_returns_copies():
    a = kept_curve("Gaussian", n_generations=10, n_chains=20, rng=5)
    a[:] = 0.0
    assert kept_curve("Gaussian", n_generations=10, n_chains=20, rng=5)[0] == pytest.approx(1.0)


def test_kept_curve_validation():
    with pytest.raises(ValueError, match="chain must be one of"):
        kept_curve("mixture")
    with pytest.raises(ValueError, match="policy must be one of"):
        kept_curve("Gaussian", policy="keep")
    with pytest.raises(ValueError, match="regression_samples must exceed"):
        kept_curve("regression", n_features=10, regression_samples=11)
