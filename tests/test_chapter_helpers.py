"""Package functions added for chapters 1 and 2's core path (issues 12 and 19)."""

from __future__ import annotations

import numpy as np
import pytest

from monoculture.collapse import gaussian_chain, variance_mean_se
from monoculture.toydata import stance_corpus
from monoculture.voices import measures_grid, within_across_similarity

Z = 4.0  # tolerance in Monte Carlo standard errors


def test_variance_mean_se_closed_form_for_the_unbiased_chain():
    M, G, C = 100, 200, 2000
    se = variance_mean_se(M, G, C)
    n = np.arange(G + 1)
    assert se[0] == 0.0
    np.testing.assert_allclose(se, np.sqrt(((1 + 2 / (M - 1)) ** n - 1) / C), rtol=1e-12)


@pytest.mark.parametrize("estimator", ["unbiased", "mle"])
def test_variance_mean_se_matches_simulated_second_moment(estimator):
    # E[var_g^2] = Var[var_g] + E[var_g]^2, checked against simulation with its own SE
    M, G, C = 10, 3, 200_000
    v = gaussian_chain(M, G, n_chains=C, estimator=estimator, method="sufficient",
                       rng=5).variances[G]
    mean = ((M - 1) / (M - 1 if estimator == "unbiased" else M)) ** G
    second = variance_mean_se(M, G, 1, estimator=estimator)[G] ** 2 + mean**2
    sq = v**2
    assert abs(sq.mean() - second) <= Z * sq.std(ddof=1) / np.sqrt(C)


def test_exact_se_is_larger_than_the_typical_sample_se():
    # the heavy tail makes the sample SE biased low: most runs underestimate it
    M, G, C = 20, 60, 200
    exact = variance_mean_se(M, G, C)[G]
    below = 0
    for seed in range(40):
        v = gaussian_chain(M, G, n_chains=C, method="sufficient", rng=seed).variances[G]
        below += v.std(ddof=1) / np.sqrt(C) < exact
    assert below >= 30


def test_variance_mean_se_validation():
    with pytest.raises(ValueError, match="n_chains"):
        variance_mean_se(10, 5, 0)
    with pytest.raises(ValueError, match="estimator"):
        variance_mean_se(10, 5, 10, estimator="biased")


def test_within_across_similarity_on_a_block_matrix():
    labels = np.repeat([0, 1, 2], 4)
    K = np.where(labels[:, None] == labels[None, :], 0.7, 0.1)
    np.fill_diagonal(K, 1.0)
    assert within_across_similarity(K, labels) == pytest.approx((0.7, 0.1))
    with pytest.raises(ValueError, match="labels"):
        within_across_similarity(K, labels[:-1])
    with pytest.raises(ValueError, match="two groups"):
        within_across_similarity(K, np.zeros(12))


def test_measures_grid_rows_and_common_random_numbers():
    grid = measures_grid([1, 3], [0.0, 0.2], [10, 20], seed=4)
    assert len(grid) == 8
    assert {"k", "noise", "n", "distinct_n", "vendi_q1", "vendi_q2"} <= set(grid.columns)
    assert grid["distinct_n"].between(0, 1).all()
    row = grid.query("k == 3 and noise == 0.2 and n == 20").iloc[0]
    texts = stance_corpus(20, 3, noise=0.2, rng=4).texts
    from monoculture.diversity import distinct_n
    assert row["distinct_n"] == pytest.approx(distinct_n(texts, 2))
