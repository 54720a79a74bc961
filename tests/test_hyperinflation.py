"""Tests for monoculture.hyperinflation: closed forms against simulation, identities, validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

from conftest import Z, assert_within
from monoculture.hyperinflation import (
    bivariate_normal_cdf,
    checkable_share,
    expected_winner_quality,
    goodhart_expected_value,
    goodhart_search,
    judge_outcomes,
    newsroom,
    newsroom_expected,
    optimal_variants,
    select_best,
    simulate_judge,
    stock_and_flow,
)
from monoculture.selection import expected_max_binomial, expected_max_normal, optimizers_curse

SETTINGS = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------------------
# E[max of N normals]
# ---------------------------------------------------------------------------

def _quad_max(n: int) -> float:
    f = lambda x: x * n * stats.norm.pdf(x) * stats.norm.cdf(x) ** (n - 1)  # noqa: E731
    return integrate.quad(f, -np.inf, np.inf, limit=200)[0]


def test_expected_max_exact_for_small_n():
    assert expected_max_normal(1) == 0.0
    assert expected_max_normal(2) == pytest.approx(1 / np.sqrt(np.pi), abs=1e-10)
    # E[max of 3] = 3 / (2 sqrt(pi)), a classical closed form
    assert expected_max_normal(3) == pytest.approx(3 / (2 * np.sqrt(np.pi)), abs=1e-10)


@pytest.mark.parametrize("n, rounded", [(2, 0.564), (10, 1.539), (100, 2.508)])
def test_expected_max_reproduces_the_published_factors(n, rounded):
    assert round(expected_max_normal(n), 3) == rounded


@pytest.mark.parametrize("n", [5, 37, 500, 10_000])
def test_expected_max_matches_adaptive_quadrature(n):
    assert expected_max_normal(n) == pytest.approx(_quad_max(n), abs=1e-7)


def test_expected_max_is_increasing_and_vectorised():
    values = expected_max_normal(np.arange(1, 300))
    assert values.shape == (299,)
    assert np.all(np.diff(values) > 0)


def test_expected_max_matches_simulation():
    draws = np.random.default_rng(0).standard_normal((20_000, 10)).max(axis=1)
    assert_within(draws, expected_max_normal(10))


# ---------------------------------------------------------------------------
# optimizer's curse
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("n_variants", [2, 10, 100])
def test_disappointment_matches_exact_binomial(n_variants):
    d = optimizers_curse(n_variants, 400, ctr=0.05, n_reps=4000, rng=n_variants)
    assert_within(d, expected_max_binomial(n_variants, 400, 0.05))


def test_exact_binomial_tends_to_sigma_times_expected_max():
    for n_variants in (2, 10, 100):
        sigma = np.sqrt(0.05 * 0.95 / 200_000)
        ratio = expected_max_binomial(n_variants, 200_000, 0.05) / sigma
        assert ratio == pytest.approx(expected_max_normal(n_variants), rel=0.01)


def test_one_variant_has_no_disappointment_on_average():
    assert expected_max_binomial(1, 500, 0.1) == pytest.approx(0.0, abs=1e-12)


# ---------------------------------------------------------------------------
# selection under a budget
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("n_variants, budget", [(1, 1000), (5, 2000), (40, 10_000)])
def test_winner_quality_matches_simulation_under_normal_noise(n_variants, budget):
    true, _ = select_best(n_variants, budget, n_reps=20_000, noise="normal", rng=n_variants)
    assert_within(true, expected_winner_quality(n_variants, budget))


def test_winner_estimate_matches_simulation_under_normal_noise():
    _, est = select_best(8, 4000, n_reps=20_000, noise="normal", rng=3)
    assert_within(est, expected_winner_quality(8, 4000, estimate=True))


def test_winner_estimate_exceeds_truth():
    true, est = select_best(20, 5000, n_reps=5000, rng=1)
    assert est.mean() > true.mean()


def test_optimal_variants_is_interior_and_grows_with_budget():
    small, large = optimal_variants(10_000), optimal_variants(100_000)
    assert 1 < small < large < 2000
    grid = np.arange(1, 400)
    values = expected_winner_quality(grid, 10_000)
    assert values[small - 1] == values.max()


def test_no_spread_means_no_gain():
    assert expected_winner_quality(50, 10_000, ctr_sd=0.0) == pytest.approx(0.05)


# ---------------------------------------------------------------------------
# Goodhart
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("harm", [0.0, 0.5, 2.0])
def test_goodhart_normal_matches_closed_form(harm):
    value, _ = goodhart_search(20, harm=harm, n_reps=20_000, rng=7)
    assert_within(value, goodhart_expected_value(20, harm=harm))


def test_goodhart_diverging_proxy_makes_search_harmful():
    values = goodhart_expected_value(np.array([1, 10, 100]), harm=2.0)
    assert values[0] == 0 and values[1] < 0 and values[2] < values[1]


def test_heavy_tailed_bait_turns_gain_into_loss():
    means = [goodhart_search(n, harm=0.5, tail_df=3, n_reps=4000, rng=11)[0].mean()
             for n in (10, 3000)]
    assert means[1] < means[0]


# ---------------------------------------------------------------------------
# bivariate normal and the judge
# ---------------------------------------------------------------------------

@given(h=st.floats(-4, 4), k=st.floats(-4, 4), rho=st.floats(-0.99, 0.99))
@SETTINGS
def test_bivariate_cdf_matches_scipy(h, k, rho):
    ref = stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]]).cdf([h, k])
    assert bivariate_normal_cdf(h, k, rho)[()] == pytest.approx(ref, abs=2e-5)


def test_bivariate_cdf_special_cases():
    assert bivariate_normal_cdf(0.0, 0.0, 0.5)[()] == pytest.approx(1 / 4 + np.arcsin(0.5) / (2 * np.pi))
    h, k = np.array([-0.3, 1.0]), np.array([0.2, -1.5])
    assert np.allclose(bivariate_normal_cdf(h, k, 0.0), special.ndtr(h) * special.ndtr(k))
    assert np.allclose(bivariate_normal_cdf(h, k, 1.0), special.ndtr(np.minimum(h, k)))
    assert np.allclose(bivariate_normal_cdf(h, k, -1.0),
                       np.maximum(0, special.ndtr(h) + special.ndtr(k) - 1))
    assert np.allclose(bivariate_normal_cdf(h, k, 0.3), bivariate_normal_cdf(k, h, 0.3))


@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9])
def test_judge_precision_matches_simulation(rho):
    true, accepted = simulate_judge(200_000, 0.3, 0.2, rho, rng=int(rho * 10))
    p = true[accepted].mean()
    se = np.sqrt(p * (1 - p) / accepted.sum())
    assert abs(p - judge_outcomes(0.3, 0.2, rho)["precision"]) <= Z * se


def test_judge_independent_closed_form_and_monotonicity():
    out = judge_outcomes(0.3, 0.2, 0.0)
    assert out["precision"] == pytest.approx(0.56 / 0.62)
    precisions = [judge_outcomes(0.3, 0.2, r)["precision"] for r in np.linspace(0, 1, 11)]
    assert np.all(np.diff(precisions) < 0)
    # a perfectly correlated judge that errs less than the generator accepts all its errors
    assert judge_outcomes(0.3, 0.2, 1.0)["both_wrong"] == pytest.approx(0.2)


@pytest.mark.parametrize("ai_checks", [0, 300, 2000])
def test_newsroom_matches_expectation(ai_checks):
    runs = [newsroom(2000, 200, ai_checks, rng=s) for s in range(200)]
    exp = newsroom_expected(2000, 200, ai_checks)
    published = np.array([r.published for r in runs])
    false_pub = np.array([r.published_false for r in runs])
    for sim, theory in ((published, exp.published), (false_pub, exp.published_false)):
        assert abs(sim.mean() - theory) <= 4 * sim.std(ddof=1) / np.sqrt(sim.size)


def test_ai_checking_raises_verified_share_but_not_accuracy():
    shares = [newsroom_expected(1000, 100, a) for a in (0, 300, 900)]
    assert shares[0].verified_share < shares[1].verified_share < shares[2].verified_share
    assert shares[0].error_rate <= shares[1].error_rate <= shares[2].error_rate


# ---------------------------------------------------------------------------
# stock and flow
# ---------------------------------------------------------------------------

def test_quantity_equation_is_an_identity_and_queue_conserves_claims():
    df = stock_and_flow(50, provenance=0.3)
    assert np.allclose(df["M"] * df["V"], df["P"] * df["Q"])
    produced = np.cumsum(df["human"] + df["ai"])
    assert np.allclose(produced, np.cumsum(df["checked"]) + df["backlog"])
    assert ((df["verified_fraction"] >= 0) & (df["verified_fraction"] <= 1 + 1e-12)).all()


def test_hyperinflation_without_capacity_growth_and_its_cures():
    base = stock_and_flow(60)
    assert base["P"].iloc[-1] > 50 * base["P"].iloc[0]
    assert base["verified_fraction"].iloc[-1] < 0.5
    assert base["trust"].iloc[-1] < base["trust"].iloc[0]
    assert base["trust"].iloc[-1] == pytest.approx(0.6, abs=0.03)
    matched = stock_and_flow(60, capacity_growth=0.10, capacity=200)
    assert matched["verified_fraction"].iloc[-1] > 0.99
    prov = stock_and_flow(60, provenance=0.5)
    # the marked channel keeps a stable price: steady state V / ((1 - retention) q_h)
    assert prov["P_prov"].iloc[-1] == pytest.approx(1 / (0.1 * 0.8), rel=0.01)


# ---------------------------------------------------------------------------
# Brandolini
# ---------------------------------------------------------------------------

def test_checkable_share_formula():
    assert checkable_share(100, 10, 500) == pytest.approx(0.5)
    assert checkable_share(10, 1, 500) == 1.0
    shares = checkable_share(np.array([10, 100, 1000]), 10, 500)
    assert np.all(np.diff(shares) <= 0)


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("call, exc, match", [
    (lambda: expected_max_normal(0), ValueError, "n must hold integers"),
    (lambda: expected_max_normal(2.5), ValueError, "n must hold integers"),
    (lambda: optimizers_curse(0, 10), ValueError, "n_variants must be in"),
    (lambda: optimizers_curse(2, 10, ctr=1.0), ValueError, "ctr must be in"),
    (lambda: optimizers_curse(2, 10, rng="x"), TypeError, "rng must be"),
    (lambda: select_best(10, 5), ValueError, "budget must be at least"),
    (lambda: select_best(2, 50, noise="poisson"), ValueError, "noise must be"),
    (lambda: expected_winner_quality(20, 10), ValueError, "n_variants must hold integers"),
    (lambda: expected_winner_quality(2, 10, estimate=1), TypeError, "estimate must be a bool"),
    (lambda: judge_outcomes(0.0, 0.2, 0.5), ValueError, "gen_error must be in"),
    (lambda: judge_outcomes(0.3, 1.0, 0.5), ValueError, "judge_error must be in"),
    (lambda: judge_outcomes(0.3, 0.2, 1.5), ValueError, "rho must be in"),
    (lambda: bivariate_normal_cdf([np.nan], 0, 0.1), ValueError, "h must not contain NaN"),
    (lambda: simulate_judge(0, 0.3, 0.2, 0.5), ValueError, "n_claims must be in"),
    (lambda: newsroom(10, -1, 0), ValueError, "human_checks must be in"),
    (lambda: newsroom(10, 1, 1, human_rho=2), ValueError, "human_rho must be in"),
    (lambda: goodhart_search(5, tail_df=2), ValueError, "tail_df must be in"),
    (lambda: goodhart_search(5, harm=-1), ValueError, "harm must be in"),
    (lambda: stock_and_flow(0), ValueError, "periods must be in"),
    (lambda: stock_and_flow(10, capacity=0), ValueError, "capacity must be in"),
    (lambda: stock_and_flow(10, retention=1.0), ValueError, "retention must be in"),
    (lambda: stock_and_flow(10, provenance=1.5), ValueError, "provenance must be in"),
    (lambda: stock_and_flow(10, p_true_ai=0), ValueError, "p_true_ai must be in"),
    (lambda: checkable_share(0, 2, 10), ValueError, "volume must be positive"),
    (lambda: checkable_share(10, 0.5, 10), ValueError, "refute_ratio must be >= 1"),
    (lambda: checkable_share(10, 2, -1), ValueError, "check_budget must be in"),
])
def test_validation(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# ---------------------------------------------------------------------------
# the stock started at its steady state (issue: the start-up artefact)
# ---------------------------------------------------------------------------

def _steady_reference(periods, human_rate=100.0, ai_rate=10.0, ai_growth=0.10, retention=0.9):
    """The stock recursion written out, started at the period-0 steady state."""
    stock = (human_rate + ai_rate) / (1.0 - retention)
    out = []
    for t in range(periods):
        stock = retention * stock + human_rate + ai_rate * (1.0 + ai_growth) ** t
        out.append(stock)
    return np.array(out)


def test_empty_start_rises_tenfold_without_ai_growth():
    # closed form of the artefact: M_t = new (1 - r^{t+1}) / (1 - r), Q constant
    df = stock_and_flow(60, ai_growth=0.0)
    assert df["P"].iloc[-1] / df["P"].iloc[0] == pytest.approx((1 - 0.9**60) / 0.1, rel=1e-12)


def test_steady_start_is_flat_without_ai_growth():
    from monoculture.hyperinflation import stock_and_flow_steady
    df = stock_and_flow_steady(60, ai_growth=0.0, provenance=0.5)
    # closed form: P = (h + a) / (1 - r) * V / (q_h h + q_a a) when capacity covers the inflow
    assert np.allclose(df["P"], 110 / 0.1 / (0.8 * 100 + 0.6 * 10), rtol=1e-12)
    assert np.allclose(df["P_prov"], 1 / (0.1 * 0.8), rtol=1e-12)


@pytest.mark.parametrize("ai_growth,retention", [(0.10, 0.9), (0.05, 0.5), (0.0, 0.0)])
def test_steady_start_matches_the_recursion(ai_growth, retention):
    from monoculture.hyperinflation import stock_and_flow_steady
    df = stock_and_flow_steady(40, ai_growth=ai_growth, retention=retention)
    ref = _steady_reference(40, ai_growth=ai_growth, retention=retention)
    assert np.allclose(df["M"], ref, rtol=1e-12)
    assert np.allclose(df["M"] * df["V"], df["P"] * df["Q"])
    # the queue and the flows are those of the empty start
    empty = stock_and_flow(40, ai_growth=ai_growth, retention=retention)
    assert np.allclose(df["Q"], empty["Q"]) and np.allclose(df["backlog"], empty["backlog"])


def test_steady_start_rejects_bad_input():
    from monoculture.hyperinflation import stock_and_flow_steady
    with pytest.raises(ValueError, match="retention must be in"):
        stock_and_flow_steady(10, retention=1.0)


# ---------------------------------------------------------------------------
# the judge as a 2x2 table of counts
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("rho", [0.0, 0.3, 0.7, 0.9, 1.0])
def test_judge_table_margins_and_cell(rho):
    from monoculture.hyperinflation import judge_table
    t = judge_table(0.3, 0.2, rho)
    assert t.to_numpy().sum() == 1000 and (t.to_numpy() >= 0).all()
    assert t.loc["generator wrong"].sum() == 300
    assert t["judge wrong"].sum() == 200
    out = judge_outcomes(0.3, 0.2, rho)
    assert abs(t.loc["generator wrong", "judge wrong"] - 1000 * out["both_wrong"]) <= 0.5
    prec = t.loc["generator right", "judge right"] / (
        t.loc["generator right", "judge right"] + t.loc["generator wrong", "judge wrong"])
    assert prec == pytest.approx(out["precision"], abs=2e-3)   # rounding to whole claims


def test_judge_table_limits_and_simulation():
    from monoculture.hyperinflation import judge_table
    assert judge_table(0.3, 0.2, 0.0).loc["generator wrong", "judge wrong"] == 60
    assert judge_table(0.3, 0.2, 1.0).loc["generator wrong", "judge wrong"] == 200
    # the table is what a simulation of 200,000 claims counts, per 1,000
    n = 200_000
    true, accepted = simulate_judge(n, 0.3, 0.2, 0.9, rng=19)
    both_wrong = (~true & accepted).sum()
    expected = judge_outcomes(0.3, 0.2, 0.9)["both_wrong"]
    se = np.sqrt(expected * (1 - expected) / n)
    assert abs(both_wrong / n - expected) < 4 * se
    with pytest.raises(ValueError, match="n_claims must be in"):
        judge_table(0.3, 0.2, 0.5, n_claims=0)
