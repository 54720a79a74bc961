"""Tests for monoculture.hivemind and monoculture.selection: closed forms, properties, validation.

Simulations are compared with closed forms within 4 Monte Carlo standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Z, assert_within
from monoculture.diversity import hill_number, shannon_entropy
from monoculture.hivemind import (
    across_agreement,
    agreement_matrix,
    align,
    classifier_outcomes,
    ensemble_gain,
    expected_across_agreement,
    expected_hire_shared,
    expected_within_agreement,
    failure_homogenization,
    fit_entropy_reward,
    hiring_simulation,
    hivemind_summary,
    model_distributions,
    policy_entropy,
    predicted_entropy_change,
    similarity_by_pair_type,
    toy_responses,
    train_policy,
    within_agreement,
)
from monoculture.selection import (
    best_of_n_distribution,
    best_of_n_kl,
    best_of_n_kl_bound,
    best_of_n_win_rate,
    best_of_n_win_rate_bound,
    sample_best_of_n,
    expected_normal_order_statistic,
    sample_best_of_n_continuous,
)
from monoculture.toydata import zipf



# ---------------------------------------------------------------------------
# shared data
# ---------------------------------------------------------------------------

def test_model_distributions_are_mixtures_of_shared_and_private():
    P = model_distributions(6, 30, 0.4, rng=1)
    assert P.shape == (6, 30)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    s = zipf(30)
    private = (P - 0.4 * s) / 0.6
    # each private part is a reordering of the shared Zipf shape
    np.testing.assert_allclose(np.sort(private, axis=1), np.tile(np.sort(s), (6, 1)), atol=1e-12)
    np.testing.assert_allclose(model_distributions(3, 30, 1.0, rng=2), np.tile(s, (3, 1)))


@pytest.mark.parametrize("rho", [0.0, 0.3, 0.7, 1.0])
def test_across_agreement_matches_closed_form(rho):
    K, pairs = 40, 4000
    P = model_distributions(2 * pairs, K, rho, rng=10)
    samples = np.sum(P[0::2] * P[1::2], axis=1)  # independent pairs of models
    theory = expected_across_agreement(K, rho)
    if rho == 1.0:
        np.testing.assert_allclose(samples, theory)
    else:
        assert_within(samples, theory)


@pytest.mark.parametrize("rho,corpus", [(0.0, None), (0.5, None), (0.5, 200), (0.9, 50)])
def test_within_agreement_matches_closed_form(rho, corpus):
    K = 40
    P = model_distributions(4000, K, rho, corpus_size=corpus, rng=11)
    samples = np.sum(P**2, axis=1)
    theory = expected_within_agreement(K, rho, corpus_size=corpus)
    if rho == 0.0 and corpus is None:
        np.testing.assert_allclose(samples, theory)  # a reordering keeps sum p^2
    else:
        assert_within(samples, theory)


def test_finite_corpus_leaves_across_agreement_unbiased():
    P = model_distributions(8000, 40, 0.5, corpus_size=100, rng=12)
    assert_within(np.sum(P[0::2] * P[1::2], axis=1), expected_across_agreement(40, 0.5))


def test_mixture_concentration_decomposes_into_within_and_across():
    P = model_distributions(7, 25, 0.3, rng=3)
    n = P.shape[0]
    lhs = np.sum(P.mean(axis=0) ** 2)
    rhs = (within_agreement(P) + (n - 1) * across_agreement(P)) / n
    assert lhs == pytest.approx(rhs, rel=1e-12)
    A = agreement_matrix(P)
    np.testing.assert_allclose(A, A.T)


def test_ensemble_gain_limits():
    P = model_distributions(4, 20, 1.0, rng=0)
    assert ensemble_gain(P) == pytest.approx(1.0)
    disjoint = np.kron(np.eye(4), np.full(5, 0.2))  # 4 models, 5 private responses each
    for q in (0.0, 1.0, 2.0):
        assert ensemble_gain(disjoint, q) == pytest.approx(4.0)


def test_ensemble_gain_falls_as_data_are_shared():
    gains = [ensemble_gain(model_distributions(5, 100, rho, rng=4)) for rho in (0.0, 0.5, 1.0)]
    assert gains[0] > gains[1] > gains[2] == pytest.approx(1.0)


# ---------------------------------------------------------------------------
# shared alignment
# ---------------------------------------------------------------------------

def test_align_identity_and_limits():
    P = model_distributions(3, 10, 0.2, rng=5)
    r = np.arange(10.0)
    np.testing.assert_allclose(align(P, r, 0.0), P)
    top = align(P, r, 200.0)
    np.testing.assert_allclose(top[:, -1], 1.0, atol=1e-12)
    cold = align(P[0], r, 0.0, temperature=0.01)
    assert cold[np.argmax(P[0])] == pytest.approx(1.0)
    with_zero = np.array([0.5, 0.5, 0.0])
    assert align(with_zero, [0.0, 0.0, 10.0], 3.0)[2] == 0.0


@given(st.floats(0.0, 5.0), st.floats(0.2, 3.0))
@settings(max_examples=30, deadline=None)
def test_align_returns_distributions(beta, temperature):
    P = model_distributions(3, 12, 0.5, rng=6)
    out = align(P, np.linspace(-1, 1, 12), beta, temperature)
    assert np.all(out >= 0)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


def test_shared_reward_alone_makes_a_hivemind():
    low = hivemind_summary(6, 100, 0.0, 0.0, rng=7)
    high = hivemind_summary(6, 100, 0.0, 4.0, rng=7)
    assert high["across"] > 5 * low["across"]
    assert high["gain_q1"] < low["gain_q1"]


# ---------------------------------------------------------------------------
# text-level view
# ---------------------------------------------------------------------------

def test_toy_responses_and_pair_types():
    from monoculture.diversity import similarity_matrix
    from monoculture.voices import tfidf_features

    rs = toy_responses(4, 10, 0.0, 0.0, n_prompts=2, rng=8)
    n = 4 * 10 * 2
    assert len(rs.texts) == n and rs["model"].shape == (n,) and rs["prompt"].shape == (n,)
    assert all(len(t.split()) == 12 for t in rs.texts)
    groups = similarity_by_pair_type(similarity_matrix(tfidf_features(rs.texts)),
                                     rs["model"], rs["prompt"])
    assert sum(len(v) for v in groups.values()) == n * (n - 1) // 2
    assert len(groups["same model"]) == 2 * 4 * 45
    means = {k: v.mean() for k, v in groups.items()}
    assert means["same model"] > means["different models"] > means["different prompts"]


# ---------------------------------------------------------------------------
# RL squeezes, SFT keeps
# ---------------------------------------------------------------------------

def test_policy_entropy_matches_diversity_module():
    z = np.log(np.array([0.5, 0.25, 0.125, 0.125]))
    assert policy_entropy(z) == pytest.approx(shannon_entropy(np.exp(z)))


@pytest.mark.parametrize("update", ["natural", "vanilla"])
def test_entropy_identity_is_first_order(update):
    gen = np.random.default_rng(9)
    z, A = gen.normal(size=12), gen.normal(size=12)
    pi = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    A -= np.sum(pi * A)

    def error(eta):
        dz = eta * A if update == "natural" else eta * pi * A
        actual = policy_entropy(z + dz) - policy_entropy(z)
        return abs(actual - predicted_entropy_change(z, dz))

    # The remainder is second order: halving the step divides it by about 4.
    ratios = [error(eta) / error(eta / 2) for eta in (1e-2, 1e-3)]
    assert all(3.5 < r < 4.5 for r in ratios), ratios


def test_training_variants_reach_their_fixed_points():
    gen = np.random.default_rng(3)
    K = 8
    r = gen.permutation(np.linspace(0, 1, K))
    z0 = np.log(zipf(K)[gen.permutation(K)])
    h = zipf(K, 0.3)
    lam = 0.2
    kl = train_policy(r, z0, method="rl_kl", coef=lam, steps=2000, lr=0.2)
    target = np.exp(z0 + r / lam)
    np.testing.assert_allclose(kl.probs, target / target.sum(), atol=1e-6)
    ent = train_policy(r, z0, method="rl_entropy", coef=lam, steps=2000, lr=0.2)
    target = np.exp(r / lam)
    np.testing.assert_allclose(ent.probs, target / target.sum(), atol=1e-6)
    sft = train_policy(r, z0, method="sft", demos=h, steps=2000, lr=0.2)
    np.testing.assert_allclose(sft.probs, h, atol=1e-6)
    rl = train_policy(r, z0, method="rl", steps=2000, lr=0.2)
    assert rl.entropy[-1] < ent.entropy[-1] < sft.entropy[-1]
    assert np.all(np.diff(rl.reward) >= -1e-12)


def test_training_trajectory_tracks_the_identity():
    gen = np.random.default_rng(4)
    r, z0 = gen.random(10), gen.normal(size=10)
    tr = train_policy(r, z0, method="rl", steps=50, lr=1e-3)
    dH = np.diff(tr.entropy)
    np.testing.assert_allclose(tr.predicted_change, dH, rtol=0.05, atol=1e-9)


def test_fit_entropy_reward_recovers_parameters():
    H = np.linspace(0.1, 2.5, 30)
    fit = fit_entropy_reward(H, -0.3 * np.exp(H) + 2.0)
    assert fit["a"] == pytest.approx(0.3) and fit["b"] == pytest.approx(2.0)
    assert fit["ceiling"] == pytest.approx(1.7) and fit["r2"] == pytest.approx(1.0)


# ---------------------------------------------------------------------------
# best-of-n
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("n", [2, 16, 256])
def test_best_of_n_kl_exact_for_continuous_reward(n):
    _, log_ratio = sample_best_of_n_continuous(n, 40_000, rng=n)
    assert_within(log_ratio, best_of_n_kl_bound(n))


@pytest.mark.parametrize("n", [2, 16, 256])
def test_best_of_n_win_rate_continuous(n):
    best, _ = sample_best_of_n_continuous(n, 40_000, rng=100 + n)
    base = np.random.default_rng(200 + n).random(best.size)
    assert_within((best > base).astype(float), best_of_n_win_rate_bound(n))


def test_best_of_n_with_ties_stays_below_the_formula():
    p, r = np.full(4, 0.25), np.array([0.0, 0.0, 1.0, 1.0])
    for n in (2, 16, 256):
        assert best_of_n_kl(p, r, n) < best_of_n_kl_bound(n)
        assert best_of_n_win_rate(p, r, n) < best_of_n_win_rate_bound(n)
    assert best_of_n_kl(p, r, 256) == pytest.approx(math.log(2), abs=1e-12)


def test_best_of_n_discrete_approaches_formula_without_ties():
    K = 5000
    p, r = np.full(K, 1 / K), np.arange(K)
    for n in (2, 16):
        assert best_of_n_kl(p, r, n) == pytest.approx(best_of_n_kl_bound(n), abs=2e-3)
        assert best_of_n_win_rate(p, r, n) == pytest.approx(n / (n + 1), abs=1e-3)
    # uniform base: the effective number left is K exp(-KL)
    pi = best_of_n_distribution(p, r, 16)
    assert hill_number(pi, 1) == pytest.approx(K * math.exp(-best_of_n_kl(p, r, 16)))


@given(st.integers(1, 40), st.integers(0, 10_000))
@settings(max_examples=40, deadline=None)
def test_best_of_n_bounds_hold_for_any_discrete_base(n, seed):
    gen = np.random.default_rng(seed)
    p = gen.dirichlet(np.ones(6))
    r = gen.integers(0, 3, size=6).astype(float)
    assert best_of_n_kl(p, r, n) <= best_of_n_kl_bound(n) + 1e-12
    assert best_of_n_win_rate(p, r, n) <= best_of_n_win_rate_bound(n) + 1e-12
    np.testing.assert_allclose(best_of_n_distribution(p, r, n).sum(), 1.0)


def test_sampled_selection_matches_exact_distribution():
    p = np.array([0.4, 0.1, 0.2, 0.2, 0.1])
    r = np.array([0.0, 2.0, 1.0, 1.0, 0.5])  # a tie between outcomes 2 and 3
    trials = 40_000
    kept = sample_best_of_n(p, r, 3, trials, rng=13)
    freq = np.bincount(kept, minlength=5) / trials
    exact = best_of_n_distribution(p, r, 3)
    se = np.sqrt(exact * (1 - exact) / trials)
    assert np.all(np.abs(freq - exact) <= Z * se), (freq, exact)


# ---------------------------------------------------------------------------
# algorithmic monoculture
# ---------------------------------------------------------------------------

def test_homogenization_of_independent_failures():
    gen = np.random.default_rng(14)
    rates = np.array([0.5, 0.4, 0.3])
    n = 50_000
    correct = gen.random((3, n)) >= rates[:, None]
    res = failure_homogenization(correct)
    all_fail = (~correct).all(axis=0).astype(float)
    assert_within(all_fail, float(np.prod(rates)))
    assert res["observed"] == pytest.approx(all_fail.mean())


def test_homogenization_of_identical_failures():
    row = np.array([True, False, True, True, False])
    res = failure_homogenization(np.tile(row, (3, 1)))
    assert res["observed"] == pytest.approx(0.4)
    assert res["expected"] == pytest.approx(0.4**3)


def test_classifier_outcomes_shapes_and_modes():
    from sklearn.datasets import load_wine

    X, y = load_wine(return_X_y=True)
    for data in ("shared", "disjoint", "bootstrap"):
        c = classifier_outcomes(X, y, n_train=25, data=data, rng=1)
        assert c.shape == (4, len(y) // 3) and c.dtype == bool
        assert c.mean() > 0.5
    with pytest.raises(ValueError, match="n_train"):
        classifier_outcomes(X, y, n_train=40, data="disjoint", rng=1)
    with pytest.raises(ValueError, match="data"):
        classifier_outcomes(X, y, n_train=20, data="pooled")


def test_normal_order_statistics():
    assert expected_normal_order_statistic(1, 2) == pytest.approx(1 / math.sqrt(math.pi))
    assert expected_normal_order_statistic(1, 1) == pytest.approx(0.0, abs=1e-12)
    assert expected_normal_order_statistic(1, 10) == pytest.approx(1.538753, abs=1e-6)
    assert expected_normal_order_statistic(2, 10) == pytest.approx(1.001357, abs=1e-6)


def test_hiring_shared_matches_closed_form_and_independent_is_better():
    first, second = hiring_simulation(10, 1.0, shared=True, n_trials=100_000, rng=15)
    assert_within(first, expected_hire_shared(1, 10, 1.0))
    assert_within(second, expected_hire_shared(2, 10, 1.0))
    first_i, second_i = hiring_simulation(10, 1.0, shared=False, n_trials=100_000, rng=16)
    assert_within(first_i, expected_hire_shared(1, 10, 1.0))  # firm 1 is unaffected
    diff_se = math.hypot(second.std(), second_i.std()) / math.sqrt(100_000)
    assert second_i.mean() - second.mean() > Z * diff_se


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("call,match", [
    (lambda: model_distributions(0, 10, 0.5), "n_models"),
    (lambda: model_distributions(2, 1, 0.5), "n_responses"),
    (lambda: model_distributions(2, 10, 1.5), "rho"),
    (lambda: model_distributions(2, 10, 0.5, corpus_size=0), "corpus_size"),
    (lambda: model_distributions(2, 10, 0.5, exponent=-1), "exponent"),
    (lambda: agreement_matrix([[0.5, 0.6]]), "P rows"),
    (lambda: across_agreement([[0.5, 0.5]]), "at least 2 rows"),
    (lambda: align([[0.5, 0.5]], [1.0], 1.0), "reward"),
    (lambda: align([[0.5, 0.5]], [1.0, 0.0], -1.0), "beta"),
    (lambda: align([[0.5, 0.5]], [1.0, 0.0], 1.0, temperature=0.0), "temperature"),
    (lambda: toy_responses(1, 5, 0.5), "n_models"),
    (lambda: toy_responses(2, 5, 0.5, n_prompts=0), "n_prompts"),
    (lambda: similarity_by_pair_type(np.eye(3), [0, 1], [0, 0, 0]), "model and prompt"),
    (lambda: predicted_entropy_change([0.0, 1.0], [0.0]), "delta_z"),
    (lambda: train_policy([0.0, 1.0], [0.0, 0.0], method="ppo"), "method"),
    (lambda: train_policy([0.0, 1.0], [0.0, 0.0], method="sft"), "demos"),
    (lambda: train_policy([0.0, 1.0], [0.0, 0.0], lr=0.0), "lr"),
    (lambda: train_policy([0.0, 1.0], [0.0, 0.0], update="adam"), "update"),
    (lambda: train_policy([0.0, 1.0], [0.0], steps=3), "init_logits"),
    (lambda: fit_entropy_reward([1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0]), "same shape"),
    (lambda: failure_homogenization([[1, 0, 1]]), "at least 2 rows"),
    (lambda: failure_homogenization([[1, 0.5], [1, 1]]), "booleans"),
    (lambda: hiring_simulation(1), "n_candidates"),
    (lambda: hiring_simulation(10, -1.0), "noise_sd"),
    (lambda: hiring_simulation(10, shared_noise_sd=-0.1), "shared_noise_sd"),
    (lambda: expected_normal_order_statistic(3, 2), "rank"),
    (lambda: best_of_n_kl_bound(0), "n must be in"),
    (lambda: best_of_n_distribution([0.5, 0.5], [1.0], 2), "reward"),
    (lambda: best_of_n_kl([0.5, 0.5], [1.0, 0.0], 0), "n must be in"),
    (lambda: best_of_n_kl([-0.5, 1.5], [1.0, 0.0], 2), "p must be non-negative"),
    (lambda: sample_best_of_n([0.5, 0.5], [0.0, 1.0], 2, 0), "n_trials"),
    (lambda: sample_best_of_n_continuous(2, 1), "n_trials"),
])
def test_validation_errors_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call,match", [
    (lambda: best_of_n_kl_bound(2.5), "n must be an integer"),
    (lambda: hiring_simulation(shared="yes"), "shared"),
    (lambda: model_distributions(2, 10, 0.5, rng="seed"), "rng"),
    (lambda: train_policy([0.0, 1.0], [0.0, 0.0], steps=2.0), "steps"),
])
def test_type_errors_name_the_parameter(call, match):
    with pytest.raises(TypeError, match=match):
        call()


# ---------------------------------------------------------------------------
# hiring game: total welfare, random order, incentives (issue 12, item 2)
# ---------------------------------------------------------------------------

from monoculture.hivemind import (expected_hire_independent, hiring_game,  # noqa: E402
                                  hiring_game_simulation, hiring_thresholds)


def _diff_within_se(a: np.ndarray, b: np.ndarray, theory: float) -> None:
    se = math.hypot(a.std(ddof=1) / math.sqrt(a.size), b.std(ddof=1) / math.sqrt(b.size))
    assert abs(a.mean() - b.mean() - theory) <= Z * se, (a.mean() - b.mean(), theory, se)


def test_independent_second_hire_limits():
    n = 10
    # No noise at all: the second firm gets the second-best candidate.
    assert expected_hire_independent(n, 0.0, 0.0) == pytest.approx(
        expected_normal_order_statistic(2, n), abs=1e-12)
    # A blind first firm takes a random candidate: the second gets the best of n - 1.
    assert expected_hire_independent(n, 1e6, 1.0) == pytest.approx(
        expected_normal_order_statistic(1, n - 1) / math.sqrt(2.0), abs=1e-5)
    # A blind second firm takes a random candidate among those left.
    assert expected_hire_independent(n, 1.0, 1e6) == pytest.approx(
        -expected_hire_shared(1, n, 1.0) / (n - 1), abs=1e-5)  # bias O(1/noise)
    # Two candidates: the second firm gets whoever is left, -E[first hire].
    assert expected_hire_independent(2, 0.7, 1.3) == pytest.approx(
        -expected_hire_shared(1, 2, 0.7), abs=1e-9)


@pytest.mark.parametrize("a,b,seed", [(1.0, 1.0, 21), (0.6, 1.0, 22), (1.0, 0.3, 23)])
def test_independent_second_hire_matches_simulation(a, b, seed):
    gen = np.random.default_rng(seed)
    n, trials = 10, 100_000
    values = gen.standard_normal((trials, n))
    e1 = values + a * gen.standard_normal((trials, n))
    e2 = values + b * gen.standard_normal((trials, n))
    rows = np.arange(trials)
    e2[rows, np.argmax(e1, axis=1)] = -np.inf
    assert_within(values[rows, np.argmax(e2, axis=1)], expected_hire_independent(n, a, b))


@pytest.mark.parametrize("adopt,seed", [((True, True), 31), ((False, False), 32),
                                        ((True, False), 33)])
def test_hiring_game_payoffs_match_random_order_simulation(adopt, seed):
    sigma = 0.8
    game = hiring_game(sigma)
    a, b = hiring_game_simulation(sigma, adopt, n_trials=100_000, rng=seed)
    expected = {(True, True): (game["both_shared"], game["both_shared"]),
                (False, False): (game["both_own"], game["both_own"]),
                (True, False): (game["adopter"], game["holdout"])}[adopt]
    assert_within(a, expected[0])
    assert_within(b, expected[1])


def test_hiring_thresholds_solve_their_equations():
    t = hiring_thresholds(10, 1.0)
    assert 0 < t["second_firm_break_even"] < t["welfare_break_even"] < t["adoption_equilibrium"] < 1
    s2, sw, se = t["second_firm_break_even"], t["welfare_break_even"], t["adoption_equilibrium"]
    assert expected_hire_shared(2, 10, s2) == pytest.approx(expected_hire_independent(10, 1, 1),
                                                            abs=1e-6)
    game = hiring_game(sw)
    assert game["welfare_shared"] == pytest.approx(game["welfare_own"], abs=1e-6)
    assert hiring_game(se)["gain_if_other_adopts"] == pytest.approx(0.0, abs=1e-6)
    # Adopting pays against a firm that keeps its own algorithm for any noise below 1.
    for s in (0.5, sw, se, 0.99):
        assert hiring_game(s)["gain_if_other_own"] > 0


def test_hiring_welfare_window_by_simulation():
    """Both adopting lowers total welfare inside (welfare_break_even, 1), raises it below."""
    t = hiring_thresholds(10, 1.0)
    n_trials = 100_000
    for k, sigma in enumerate((t["second_firm_break_even"], 0.95)):
        game = hiring_game(sigma)
        a, b = hiring_game_simulation(sigma, (True, True), n_trials=n_trials, rng=40 + k)
        c, d = hiring_game_simulation(sigma, (False, False), n_trials=n_trials, rng=50 + k)
        _diff_within_se(a + b, c + d, game["welfare_shared"] - game["welfare_own"])
        se = math.hypot((a + b).std(ddof=1), (c + d).std(ddof=1)) / math.sqrt(n_trials)
        sign = 1 if sigma < t["welfare_break_even"] else -1
        assert sign * ((a + b).mean() - (c + d).mean()) > Z * se


def test_hiring_game_validation():
    with pytest.raises(ValueError, match="noise_first"):
        expected_hire_independent(10, -1.0)
    with pytest.raises(ValueError, match="n_candidates"):
        expected_hire_independent(1)
    with pytest.raises(ValueError, match="shared_noise_sd"):
        hiring_game(-0.1)
    with pytest.raises(TypeError, match="adopt"):
        hiring_game_simulation(0.5, (True,))
    with pytest.raises(ValueError, match="own_noise_sd"):
        hiring_thresholds(10, 0.0)
