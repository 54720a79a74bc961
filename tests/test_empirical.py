"""Tools for real data: bootstrap, rank correlation, text features, richness estimators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monoculture.empirical import (abundance_counts, bootstrap_ci, chao1, extrapolated_richness,
                                   rank_correlation_ci, rarefied_richness, sample_coverage,
                                   spearman, text_features, text_vendi)
from monoculture.toydata import zipf
from monoculture.voices import expected_observed_richness

Z = 4.0  # tolerance in Monte Carlo standard errors


def test_bootstrap_interval_covers_the_mean_at_its_nominal_rate():
    # 400 normal samples of 50; the 90% interval should cover 0 about 90% of the time.
    gen = np.random.default_rng(1)
    hits = []
    for _ in range(400):
        x = gen.normal(size=50)
        ci = bootstrap_ci(x, np.mean, n_boot=300, level=0.9, rng=gen)
        hits.append(ci["low"] <= 0.0 <= ci["high"])
    rate = np.mean(hits)
    se = np.sqrt(0.9 * 0.1 / len(hits))
    # percentile intervals of a mean from n = 50 undercover slightly (about 1 point)
    assert abs(rate - 0.9) <= Z * se + 0.02


def test_bootstrap_se_matches_standard_error_of_mean():
    x = np.random.default_rng(2).normal(size=400)
    ci = bootstrap_ci(x, np.mean, n_boot=2000, rng=3)
    assert ci["estimate"] == pytest.approx(x.mean())
    assert ci["se"] == pytest.approx(x.std(ddof=1) / 20, rel=0.1)
    assert ci["low"] < ci["estimate"] < ci["high"]


def test_bootstrap_accepts_frames_and_lists_and_validates():
    df = pd.DataFrame({"a": np.arange(10.0)})
    assert bootstrap_ci(df, lambda d: d["a"].mean(), n_boot=100, rng=0)["estimate"] == 4.5
    assert bootstrap_ci(["x", "y", "x"], lambda s: s.count("x"), n_boot=100, rng=0)["n"] == 3
    with pytest.raises(ValueError, match="n_boot"):
        bootstrap_ci(np.arange(5.0), n_boot=10)
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci(np.arange(5.0), level=1.0)
    with pytest.raises(ValueError, match="at least 2"):
        bootstrap_ci(np.arange(1.0))
    with pytest.raises(TypeError, match="statistic"):
        bootstrap_ci(np.arange(5.0), statistic=3)


def test_spearman_matches_scipy_and_is_rank_invariant():
    from scipy import stats
    gen = np.random.default_rng(4)
    x = gen.integers(0, 5, 60)
    y = x + gen.normal(size=60)
    assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)
    assert spearman(x, np.exp(y)) == pytest.approx(spearman(x, y))
    assert np.isnan(spearman(np.ones(5), np.arange(5)))
    ci = rank_correlation_ci(x, y, n_boot=500, rng=5)
    assert ci["low"] < ci["estimate"] < ci["high"] and ci["n"] == 60


def test_text_features_rows_are_unit_and_kinds_differ():
    texts = ["the cat sat", "the cat sat", "a dog ran far", ""]
    for kind in ("word", "char"):
        X = text_features(texts, kind).toarray()
        norms = np.linalg.norm(X, axis=1)
        assert np.allclose(norms[:3], 1.0) and norms[3] == 0.0
        assert np.allclose(X[0], X[1])
    with pytest.raises(ValueError, match="kind"):
        text_features(texts, "sentence")
    with pytest.raises(TypeError):
        text_features("one string")


def test_text_vendi_counts_duplicates_once():
    same = ["why did the chicken cross the road"] * 6
    assert text_vendi(same, q=1) == pytest.approx(1.0)
    distinct = ["apple banana", "quantum lattice", "violin sonata", "desert caravan"]
    assert text_vendi(distinct, q=1, kind="word") == pytest.approx(4.0)
    mixed = same[:3] + distinct
    assert 4.0 < text_vendi(mixed, q=1, kind="word") < 5.0


def test_abundance_counts_sorted_with_stable_ties():
    counts = abundance_counts(["b", "a", "b", "c", "a", "b"])
    assert counts.index.tolist() == ["b", "a", "c"] and counts.tolist() == [3, 2, 1]
    with pytest.raises(ValueError):
        abundance_counts([])


def test_coverage_and_chao1_simple_cases():
    assert sample_coverage([5, 3, 2]) == 1.0
    # f1 = 2, f2 = 1, n = 4: 1 - (2/4) * (3*2)/(3*2 + 2)
    assert sample_coverage([1, 1, 2]) == pytest.approx(1 - 2 / 4 * 6 / 8)
    assert chao1([1, 1, 2]) == pytest.approx(3 + 3 / 4 * 4 / 2)
    assert chao1([1, 1, 3]) == pytest.approx(3 + 4 / 5 * 2 * 1 / 2)
    with pytest.raises(ValueError, match="non-negative integers"):
        chao1([1.5, 2])


def test_coverage_estimates_unseen_mass_within_monte_carlo_error():
    p = zipf(300)
    gen = np.random.default_rng(7)
    m = 500
    est, true = [], []
    for _ in range(300):
        counts = gen.multinomial(m, p)
        est.append(sample_coverage(counts))
        true.append(p[counts > 0].sum())
    diff = np.array(est) - np.array(true)
    assert abs(diff.mean()) <= Z * diff.std(ddof=1) / np.sqrt(diff.size) + 0.005


def test_extrapolation_predicts_richness_of_a_larger_sample():
    p = zipf(400)
    gen = np.random.default_rng(8)
    m, extra = 400, 400
    pred = [extrapolated_richness(gen.multinomial(m, p), extra) for _ in range(300)]
    truth = expected_observed_richness(p, m + extra)
    pred = np.array(pred)
    # a 3% margin for the estimator's own bias (it is not exactly unbiased)
    assert abs(pred.mean() - truth) <= Z * pred.std(ddof=1) / np.sqrt(pred.size) + 0.03 * truth
    counts = gen.multinomial(m, p)
    assert extrapolated_richness(counts, 0) == pytest.approx((counts > 0).sum())
    assert extrapolated_richness(counts, 1e9) == pytest.approx(chao1(counts))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=2, max_size=12))
def test_rarefaction_endpoints_and_monotone(counts):
    n = sum(counts)
    r = rarefied_richness(counts, np.arange(n + 1))
    assert r[0] == pytest.approx(0.0) and r[1] == pytest.approx(1.0)
    assert r[-1] == pytest.approx(len(counts))
    assert np.all(np.diff(r) >= -1e-9)


def test_rarefaction_matches_simulation():
    counts = np.array([30, 10, 5, 3, 1, 1])
    pool = np.repeat(np.arange(counts.size), counts)
    gen = np.random.default_rng(9)
    sims = np.array([np.unique(gen.choice(pool, 10, replace=False)).size for _ in range(4000)])
    assert abs(sims.mean() - rarefied_richness(counts, 10)) <= Z * sims.std(ddof=1) / np.sqrt(4000)
