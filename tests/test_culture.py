"""Tests for monoculture.culture: closed forms against simulation, properties, validation.

Every simulation check states its tolerance in Monte Carlo standard errors.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from conftest import Z, mean_se
from monoculture.culture import (
    Market,
    expected_collision,
    expected_inverse_perceived,
    expected_inverse_pool_vendi,
    expected_pool_similarity,
    expected_random_jaccard,
    feedback_loop,
    idea_quality,
    latent_utilities,
    market_streams,
    matching_personalisation,
    mean_jaccard,
    perceived_diversity,
    pool_diversity,
    pool_variance,
    pooled_corpus,
    pooled_stance_hill,
    population_content_diversity,
    stream_similarity,
    worst_reliance,
    writers_ideas,
)
from monoculture.diversity import vendi_score
from monoculture.voices import expected_plugin_simpson

SETTINGS = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------------------
# 1. personalised packaging
# ---------------------------------------------------------------------------

def test_market_streams_shapes_and_bespoke_surfaces():
    m = market_streams(30, 8, 4, 5, personalisation=0.0, rng=1)
    assert m.content.shape == m.surface.shape == (30, 8)
    assert m.content.max() < 4 and m.surface.max() < 5
    full = market_streams(30, 8, 4, 5, personalisation=1.0, rng=1)
    assert np.unique(full.surface).size == full.surface.size  # every surface is bespoke
    assert full.surface.min() >= 5


def test_stream_similarity_is_a_valid_vendi_kernel():
    m = market_streams(5, 12, 3, 4, personalisation=0.3, rng=2)
    K = stream_similarity(m, content_weight=0.3)
    assert np.allclose(K, np.swapaxes(K, 1, 2))
    assert np.allclose(np.diagonal(K, axis1=1, axis2=2), 1.0)
    assert np.linalg.eigvalsh(K).min() > -1e-12
    # order 2 is n^2 / sum K^2
    expected = 12**2 / (K**2).sum(axis=(1, 2))
    assert np.allclose(perceived_diversity(m, 0.3, q=2), expected)


@pytest.mark.parametrize("modes,styles,pi,w", [
    (50, 10, 0.0, 0.2), (2, 10, 0.3, 0.2), (1, 5, 0.8, 0.5), (7, 3, 0.0, 1.0), (4, 20, 0.5, 0.0),
])
def test_expected_inverse_perceived_matches_simulation(modes, styles, pi, w):
    m = market_streams(4000, 15, modes, styles, personalisation=pi, rng=modes + styles)
    inv = 1.0 / perceived_diversity(m, content_weight=w, q=2)
    mean, se = mean_se(inv)
    theory = expected_inverse_perceived(15, modes, styles, pi, w)
    assert abs(mean - theory) <= Z * se + 1e-12


def test_population_content_diversity_equals_vendi_of_pooled_content():
    m = market_streams(6, 10, 5, 3, rng=3)
    c = m.content.ravel()
    K = (c[:, None] == c[None, :]).astype(float)
    for q in (1.0, 2.0, np.inf):
        assert population_content_diversity(m, q=q) == pytest.approx(vendi_score(K, q=q), rel=1e-9)


def test_population_simpson_matches_the_plugin_formula():
    # 1 / D2 of the pooled content is the plug-in Simpson concentration of
    # N = n_users * stream_len draws, whose mean chapter 1 derived.
    reps = [1.0 / population_content_diversity(market_streams(10, 5, 8, 3, rng=s), q=2)
            for s in range(600)]
    mean, se = mean_se(reps)
    assert abs(mean - expected_plugin_simpson(np.full(8, 1 / 8), 50)) <= Z * se


@pytest.mark.parametrize("k", [1, 2, 5, 20])
def test_matching_personalisation_hides_the_loss_of_modes(k):
    w, styles = 0.2, 10
    pi = matching_personalisation(k, 50, styles, w)
    assert expected_collision(k, styles, pi, w) == pytest.approx(
        expected_collision(50, styles, 0.0, w), rel=1e-12)
    human = 1 / perceived_diversity(market_streams(3000, 20, 50, styles, 0.0, rng=10), w)
    ai_market = market_streams(3000, 20, k, styles, pi, rng=11)
    ai = 1 / perceived_diversity(ai_market, w)
    diff = human.mean() - ai.mean()
    se = np.sqrt(human.var(ddof=1) / human.size + ai.var(ddof=1) / ai.size)
    assert abs(diff) <= Z * se  # the reader cannot tell the markets apart ...
    assert population_content_diversity(ai_market) <= k + 1e-9  # ... the population can


def test_matching_personalisation_edges():
    assert matching_personalisation(50, 50, 10, 0.2) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="n_modes must be at least 25"):
        matching_personalisation(2, 50, 50, content_weight=0.5)


@SETTINGS
@given(st.integers(1, 40), st.integers(1, 40), st.floats(0.0, 0.95))
def test_matching_personalisation_property(k_ai, styles, w):
    human = 40
    target = expected_collision(human, styles, 0.0, w)
    try:
        pi = matching_personalisation(k_ai, human, styles, w)
    except ValueError:
        assert w**2 / k_ai > target - 1e-12
        return
    assert 0.0 <= pi <= 1.0
    assert expected_collision(k_ai, styles, pi, w) == pytest.approx(target, rel=1e-9, abs=1e-15)


# ---------------------------------------------------------------------------
# 2. individual gains, collective loss
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("alpha", [0.0, 0.4, 0.83, 1.0])
def test_pool_moments_match_the_closed_forms(alpha):
    ideas, _ = writers_ideas(20000, alpha, dim=2, rng=5)
    # variance of each coordinate: SE of a sample variance is about v sqrt(2 / (n - 1))
    v = pool_variance(alpha)
    for col in ideas.T:
        assert abs(col.var(ddof=1) - v) <= Z * v * np.sqrt(2 / (col.size - 1))
    # mean quality is alpha * h
    mean, se = mean_se(idea_quality(ideas))
    assert abs(mean - alpha * 2.0) <= Z * se


@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.83, 1.0])
def test_pool_similarity_and_inverse_vendi_match_simulation(alpha):
    sims, invs = [], []
    gen = np.random.default_rng(6)
    for _ in range(300):
        ideas, _ = writers_ideas(30, alpha, rng=gen)
        d = pool_diversity(ideas, gamma=0.5, q=2)
        sims.append(d["similarity"])
        invs.append(1 / d["vendi"])
    m1, s1 = mean_se(sims)
    m2, s2 = mean_se(invs)
    assert abs(m1 - expected_pool_similarity(alpha, gamma=0.5)) <= Z * s1
    assert abs(m2 - expected_inverse_pool_vendi(alpha, 30, gamma=0.5)) <= Z * s2


def test_worst_reliance_minimises_pool_variance():
    grid = np.linspace(0, 1, 100001)
    for taste, draft, ai in [(1.0, 0.5, 0.5), (1.0, 0.0, 0.2), (0.3, 0.3, 1.0)]:
        a_star = worst_reliance(taste, draft, ai)
        assert grid[np.argmin(pool_variance(grid, taste, draft, ai))] == pytest.approx(a_star, abs=1e-5)
    assert worst_reliance(1.0, 0.5, 0.0) == 1.0  # a deterministic model: worst at full reliance


def test_share_of_writers_who_gain():
    # writer i gains from reliance when the model's mean score h beats mu_i1; share Phi(h / tau)
    _, tastes = writers_ideas(20000, 0.5, ai_score=0.5, taste_sd=1.0, rng=7)
    share = (tastes[:, 0] < 0.5).mean()
    theory = norm.cdf(0.5)
    assert abs(share - theory) <= Z * np.sqrt(theory * (1 - theory) / 20000)


# ---------------------------------------------------------------------------
# 3. recommender feedback loop
# ---------------------------------------------------------------------------

def test_mean_jaccard_by_hand():
    C = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]], dtype=bool)
    # pairs: (0,1) 1/3, (0,2) 0, (1,2) 0
    assert mean_jaccard(C) == pytest.approx(1 / 9)


def test_random_recommender_matches_hypergeometric_jaccard():
    reps = np.array([feedback_loop(np.random.default_rng(s).random((20, 60)), "random",
                                   n_rounds=12, n_warmup=0, slate_size=1, rng=s).jaccard
                     for s in range(200)])
    for t in (1, 5, 12):
        mean, se = mean_se(reps[:, t - 1])
        assert abs(mean - expected_random_jaccard(60, t)) <= Z * se


def test_ideal_recommender_has_the_most_utility_and_mf_homogenises():
    V = latent_utilities(60, 120, 4, rng=8)
    runs = {r: feedback_loop(V, r, n_rounds=20, rng=9) for r in ("ideal", "svd", "random")}
    ideal_total = runs["ideal"].utility.sum()
    # the ideal run consumes each user's top items, the most any policy can get
    assert ideal_total == pytest.approx(np.sort(V, axis=1)[:, -20:].sum() / 60)
    for r in ("svd", "random"):
        assert runs[r].utility.sum() <= ideal_total + 1e-12
    assert runs["svd"].jaccard[-1] > runs["ideal"].jaccard[-1]


def test_feedback_loop_consumes_one_item_per_round():
    V = latent_utilities(10, 40, 3, rng=1)
    for r in ("random", "ideal", "popularity", "svd", "nmf"):
        run = feedback_loop(V, r, n_rounds=6, n_warmup=2, slate_size=3, rank=2, rng=2)
        assert run.consumed.sum(axis=1).tolist() == [6] * 10
        assert run.jaccard.shape == run.utility.shape == (6,)


# ---------------------------------------------------------------------------
# 4. volume against perspectives
# ---------------------------------------------------------------------------

def test_pooled_corpus_and_stance_hill():
    c = pooled_corpus(30, 50, human_stances=10, ai_stances=2, rng=3)
    assert len(c.texts) == 80 and c["is_ai"].sum() == 50
    assert set(c["stance"][c["is_ai"]]) <= {0, 1}
    assert pooled_stance_hill(30, 0, 10, 2) == pytest.approx(10)
    assert pooled_stance_hill(30, 10**9, 10, 2) == pytest.approx(2, rel=1e-6)


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("call,match", [
    (lambda: market_streams(0, 5, 2, 2), "n_users"),
    (lambda: market_streams(2, 1, 2, 2), "stream_len"),
    (lambda: market_streams(2, 5, 0, 2), "n_modes"),
    (lambda: market_streams(2, 5, 2, 0), "n_styles"),
    (lambda: market_streams(2, 5, 2, 2, personalisation=1.5), "personalisation"),
    (lambda: stream_similarity("market"), "market"),
    (lambda: perceived_diversity(market_streams(2, 3, 2, 2, rng=0), content_weight=-0.1),
     "content_weight"),
    (lambda: perceived_diversity(market_streams(2, 3, 2, 2, rng=0), q=-1), "q"),
    (lambda: expected_inverse_perceived(1, 2, 2), "stream_len"),
    (lambda: matching_personalisation(60, 50, 10), "n_modes"),
    (lambda: matching_personalisation(5, 50, 10, content_weight=1.0), "content_weight"),
    (lambda: writers_ideas(5, 1.2), "alpha"),
    (lambda: writers_ideas(5, 0.5, ai_sd=-1), "ai_sd"),
    (lambda: pool_variance(np.array([0.2, 1.5])), "alpha"),
    (lambda: worst_reliance(0.0, 0.0, 0.0), "must not all be 0"),
    (lambda: expected_pool_similarity(0.5, gamma=0), "gamma"),
    (lambda: expected_inverse_pool_vendi(0.5, 1), "n_writers"),
    (lambda: pool_diversity(np.zeros((1, 2))), "ideas"),
    (lambda: latent_utilities(1, 5), "n_users"),
    (lambda: latent_utilities(5, 5, user_concentration=0), "user_concentration"),
    (lambda: mean_jaccard(np.ones((1, 3))), "consumed"),
    (lambda: expected_random_jaccard(10, 11), "n_consumed"),
    (lambda: feedback_loop(np.ones((3, 10)), "oracle"), "recommender"),
    (lambda: feedback_loop(np.ones((3, 10)), n_rounds=3, slate_size=5), "n_rounds"),
    (lambda: feedback_loop(np.ones((3, 10)), n_rounds=1, rank=3), "rank"),
    (lambda: feedback_loop(np.ones((1, 10))), "utility"),
    (lambda: pooled_corpus(0, 5), "n_human"),
    (lambda: pooled_corpus(5, 5, human_stances=2, ai_stances=3), "ai_stances"),
    (lambda: pooled_stance_hill(5, -1), "n_ai"),
])
def test_validation_names_the_parameter(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_market_type_is_checked():
    with pytest.raises(TypeError, match="market must be a Market"):
        population_content_diversity(Market(content=np.zeros((1, 2), int),
                                            surface=np.zeros((1, 2), int)).content)
