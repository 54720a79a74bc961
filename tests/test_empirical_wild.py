"""Analyses and figures of the "In the wild" sections of chapters 4 and 5 (monoculture.wild)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import Z, assert_within, mean_se
from monoculture import render
from monoculture.diversity import vendi_score
from monoculture.figures import ch04_wild, ch05_wild
from monoculture.selection import expected_max_normal
from monoculture.wild import (agreement_matrix, beta_binomial_moments, effective_number_at,
                              pair_means, pair_summary, shrink_rates, simulate_ab_tests,
                              judge_agreement_table, stratified_bootstrap, subsampled_vendi,
                              winners_by_variants, winners_table)


def _random_similarity(n: int, dim: int = 6, seed: int = 0) -> np.ndarray:
    x = np.abs(np.random.default_rng(seed).normal(size=(n, dim)))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x @ x.T


# ------------------------------------------------------------------ groups of texts

def test_pair_means_leave_out_copies_of_the_same_unit():
    K = _random_similarity(8)
    off = K[~np.eye(8, dtype=bool)]
    assert pair_means(K) == pytest.approx((off.mean(), (off ** 2).mean()))
    # a resample with a repeated unit: its copy is not a pair
    idx = np.array([0, 0, 1])
    assert pair_means(K, idx) == pytest.approx((K[0, 1], K[0, 1] ** 2))
    with pytest.raises(ValueError, match="two different"):
        pair_means(K, np.array([2, 2]))
    with pytest.raises(ValueError, match="square"):
        pair_means(np.ones((2, 3)))


def test_effective_number_at_full_size_is_the_order_two_vendi_score():
    K = _random_similarity(12, seed=1)
    _, sq = pair_means(K)
    assert effective_number_at(sq, 12) == pytest.approx(vendi_score(K, q=2))
    assert effective_number_at(0.0, 5) == 5 and effective_number_at(1.0, 5) == 1
    with pytest.raises(ValueError, match="mean_sq"):
        effective_number_at(1.5, 3)
    with pytest.raises(ValueError, match="m"):
        effective_number_at(0.5, 1)


def test_subsampling_agrees_with_the_closed_form_harmonic_mean():
    # The mean over pairs is unbiased over random subsets, so the mean of 1/VS_2 over
    # subsets of size m equals (1 + (m - 1) mean K^2) / m exactly.
    K = _random_similarity(40, seed=2)
    m, reps = 10, 3000
    gen = np.random.default_rng(3)
    inv = np.array([1 / vendi_score(K[np.ix_(i, i)], q=2)
                    for i in (gen.choice(40, m, replace=False) for _ in range(reps))])
    _, sq = pair_means(K)
    assert_within(inv, 1 / effective_number_at(sq, m))
    sub = subsampled_vendi(K, m, n_rep=500, rng=4)
    assert sub["harmonic"] <= sub["mean"]
    assert abs(sub["mean"] - effective_number_at(sq, m)) < 0.05 * m
    with pytest.raises(ValueError, match="m"):
        subsampled_vendi(K, 41)


def test_stratified_bootstrap_se_matches_the_analytic_se_of_a_mean_of_strata_means():
    gen = np.random.default_rng(5)
    values = gen.normal(size=120)
    strata = np.repeat(["a", "b", "c"], 40)
    groups = np.tile(["x", "y"], 60)
    out = stratified_bootstrap(groups, strata, lambda i: values[i].mean(), n_boot=3000, rng=6)
    for g in ("x", "y"):
        cells = [values[(groups == g) & (strata == s)] for s in "abc"]
        est = np.mean([c.mean() for c in cells])
        # plug-in (ddof = 0) variance: what the bootstrap estimates
        se = np.sqrt(sum(c.var() / c.size for c in cells)) / 3
        assert out[g]["estimate"][0] == pytest.approx(est)
        assert out[g]["replicates"].std(ddof=1) == pytest.approx(se, rel=0.1)
    with pytest.raises(ValueError, match="fewer than 2"):
        stratified_bootstrap(["x", "y", "y"], ["a", "a", "a"], np.mean, n_boot=100)


def test_stratified_bootstrap_interval_covers_at_about_its_nominal_rate():
    gen = np.random.default_rng(7)
    hits = []
    for _ in range(200):
        v = gen.normal(size=60)
        out = stratified_bootstrap(np.zeros(60), np.repeat([0, 1], 30),
                                   lambda i: v[i].mean(), n_boot=200, rng=gen)[0]
        s = pair_summary(out["estimate"], out["replicates"], level=0.9)
        hits.append(s["low"] <= 0.0 <= s["high"])
    rate, err = np.mean(hits), np.sqrt(0.9 * 0.1 / 200)
    # percentile intervals from cells of 30 undercover slightly (about 2 points)
    assert abs(rate - 0.9) <= Z * err + 0.03


# ------------------------------------------------------------------ winner's curse

def test_moments_recover_the_prior_spread_within_monte_carlo_error():
    phi = 0.004
    est = np.array([beta_binomial_moments(*[t[c] for c in ("clicks", "impressions", "test_id")])
                    ["phi"] for t in (simulate_ab_tests(400, 4, 5000, 0.02, phi, rng=s)
                                      for s in range(40))])
    assert_within(est, phi)
    fit = beta_binomial_moments([1, 2, 3], [10, 10, 10], [0, 0, 1])
    assert fit["tests"] == 1 and fit["variants"] == 2


def test_moments_find_no_spread_when_there_is_none():
    est = np.array([beta_binomial_moments(t["clicks"], t["impressions"], t["test_id"])["phi"]
                    for t in (simulate_ab_tests(300, [2, 3, 5] * 100, 3000, 0.02, 0.0, rng=s)
                              for s in range(30))])
    # clipped at zero, so the mean is slightly positive; its bias is at most ~ the SE
    mean, err = mean_se(est)
    assert mean <= Z * max(err, 1e-6)
    assert np.isinf(beta_binomial_moments([5, 5], [100, 100], [0, 0])["kappa"])


def test_shrinkage_is_the_beta_posterior_mean_and_removes_the_winners_bias():
    x, n, t = np.array([3, 9, 5]), np.array([100, 100, 200]), np.array([0, 0, 1])
    pooled = np.array([0.06, 0.06, 0.025])
    assert shrink_rates(x, n, t, 50.0) == pytest.approx((x + 50 * pooled) / (n + 50))
    assert shrink_rates(x, n, t, np.inf) == pytest.approx(pooled)
    with pytest.raises(ValueError, match="kappa"):
        shrink_rates(x, n, t, 0.0)
    with pytest.raises(ValueError, match="impressions"):
        shrink_rates([3, 200], [100, 100], [0, 0], 1.0)
    # Simulated tests: the winner's observed rate overstates its true rate; the
    # empirical-Bayes estimate does not (within Monte Carlo error).
    sims = simulate_ab_tests(3000, 5, 4000, 0.02, 0.003, rng=11)
    fit = beta_binomial_moments(sims["clicks"], sims["impressions"], sims["test_id"])
    sims["shrunk"] = shrink_rates(sims["clicks"], sims["impressions"], sims["test_id"],
                                  fit["kappa"])
    sims["rate"] = sims["clicks"] / sims["impressions"]
    win = sims.loc[sims.groupby("test_id")["rate"].idxmax()]
    assert_within(win["shrunk"] - win["theta"], 0.0)
    from monoculture.wild import noise_share
    table = winners_table(sims, fit["kappa"])
    share = 1 - np.mean(table["shrunk"] - table["pooled"]) / np.mean(table["observed"]
                                                                      - table["pooled"])
    assert noise_share(table, fit["kappa"]) == pytest.approx(share)
    assert noise_share(table, np.array([1e-9, 1e12])) == pytest.approx([0.0, 1.0], abs=1e-6)
    mean, err = mean_se(win["rate"] - win["theta"])
    assert mean > 10 * err


def test_winners_lead_under_pure_noise_is_the_optimizers_curse():
    # Equal true rates: the winner's lead over the pooled rate, in binomial SEs, is
    # E[max of N standard normals] (the pooled-mean centring cancels in expectation).
    for k in (2, 5):
        sims = simulate_ab_tests(4000, k, 20000, 0.05, 0.0, rng=k)
        table = winners_table(sims, np.inf)
        assert set(table["variants"]) == {k}
        assert_within(table["z"], expected_max_normal(k))
        assert np.allclose(table["z_shrunk"], 0.0)
    with pytest.raises(ValueError, match="test_id"):
        winners_table(pd.DataFrame({"clicks": [1]}), 1.0)


# ------------------------------------------------------------------ judges

def test_agreement_matrix_matches_scipy_and_the_normal_theory():
    gen = np.random.default_rng(12)
    rho = 0.6
    z = gen.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=2000)
    scores = pd.DataFrame({"a": z[:, 0], "b": np.round(z[:, 1])})  # ties in b
    est, reps = agreement_matrix(scores, n_boot=300, rng=13)
    assert est.loc["a", "b"] == pytest.approx(stats.spearmanr(scores["a"], scores["b"])[0])
    assert np.allclose(np.diag(est), 1.0) and reps.shape == (300, 2, 2)
    # without ties, Spearman's rho of a bivariate normal is (6/pi) arcsin(rho/2)
    est2, reps2 = agreement_matrix(pd.DataFrame(z, columns=["a", "b"]), n_boot=300, rng=14)
    truth = 6 / np.pi * np.arcsin(rho / 2)
    assert abs(est2.loc["a", "b"] - truth) <= Z * reps2[:, 0, 1].std(ddof=1)
    with pytest.raises(ValueError, match="missing"):
        agreement_matrix(pd.DataFrame({"a": [1, 2, np.nan], "b": [1, 2, 3]}))


# ------------------------------------------------------------------ figures

@pytest.mark.usefixtures("book_theme")
def test_stories_chart_is_valid_and_labelled():
    summary = pd.DataFrame({
        "condition": ["none", "one", "five"] * 2,
        "measure": ["rating"] * 3 + ["effective number"] * 3,
        "estimate": [3.0, 3.2, 3.3, 20.0, 19.0, 18.5],
        "low": [2.9, 3.1, 3.2, 19.0, 18.0, 17.5], "high": [3.1, 3.3, 3.4, 21.0, 20.0, 19.5]})
    chart = ch04_wild.stories_chart(summary, group_size=30, source="test data")
    spec = render.check_accessible(chart).to_dict()
    assert "3.00 for none" in spec["description"]
    with pytest.raises(ValueError, match="two measures"):
        ch04_wild.stories_chart(summary[summary["measure"] == "rating"], group_size=30,
                                source="x")


@pytest.mark.usefixtures("book_theme")
def test_chapter5_charts_are_valid_and_labelled():
    by_k = pd.DataFrame({"variants": [2, 3, 2, 3], "series": ["observed"] * 2 + ["shrunk"] * 2,
                         "estimate": [1.0, 1.4, 0.5, 0.6], "low": [0.9, 1.3, 0.4, 0.5],
                         "high": [1.1, 1.5, 0.6, 0.7], "tests": [10, 8, 10, 8]})
    curve = pd.DataFrame({"variants": [2, 3], "series": "noise alone",
                          "value": expected_max_normal(np.array([2, 3]))})
    spec = render.check_accessible(
        ch05_wild.winners_curse_chart(by_k, curve, source="test")).to_dict()
    assert "from 2 to 3" in spec["description"]
    table = pd.DataFrame({"criterion": ["A", "A", "B", "B"],
                          "comparison": ["judge-people", "judge-judge"] * 2,
                          "estimate": [0.3, 0.6, 0.2, 0.5], "low": [0.2, 0.5, 0.1, 0.4],
                          "high": [0.4, 0.7, 0.3, 0.6]})
    spec = render.check_accessible(
        ch05_wild.judge_agreement_chart(table, source="test")).to_dict()
    assert "judge-judge: 0.55" in spec["description"]
    with pytest.raises(ValueError, match="estimate"):
        ch05_wild.judge_agreement_chart(table.drop(columns="estimate"), source="x")


def test_phi_bootstrap_spreads_around_the_estimate():
    from monoculture.wild import beta_binomial_bootstrap
    sims = simulate_ab_tests(500, 4, 5000, 0.02, 0.004, rng=16)
    fit = beta_binomial_moments(sims["clicks"], sims["impressions"], sims["test_id"])
    reps = beta_binomial_bootstrap(sims["clicks"], sims["impressions"], sims["test_id"],
                                   n_boot=500, rng=17)
    assert reps.shape == (500,) and np.all(reps >= 0)
    assert abs(np.median(reps) - fit["phi"]) < reps.std()


def test_judge_agreement_table_on_simulated_raters():
    # Two judges and three annotators who all see the same quality with independent
    # noise: judge-judge agreement exceeds judge-people only through the noise levels.
    gen = np.random.default_rng(18)
    n = 400
    q = gen.normal(size=n)
    rows = []
    for name, noise, variants in [("J1", 0.5, 4), ("J2", 0.5, 4), ("human", 1.5, 3)]:
        for v in range(1, variants + 1):
            rows.append(pd.DataFrame({"story_id": np.arange(n), "criterion": "C",
                                      "rater": name, "prompt_variant": v,
                                      "score": q + noise * gen.normal(size=n)}))
    table, contrast = judge_agreement_table(pd.concat(rows), n_boot=200, rng=19)
    assert list(table["comparison"]) == ["judge with judge", "judge with people's mean",
                                         "person with person"]
    assert (table["low"] <= table["estimate"]).all() and (table["estimate"] <= table["high"]).all()
    est = table.set_index("comparison")["estimate"]
    assert est["judge with judge"] > est["judge with people's mean"] > est["person with person"]
    assert contrast["estimate"].iloc[0] == pytest.approx(
        est["judge with judge"] - est["judge with people's mean"])
    with pytest.raises(ValueError, match="columns"):
        judge_agreement_table(pd.DataFrame({"x": [1]}))


def test_winners_by_variants_points_and_curves():
    sims = simulate_ab_tests(600, [2, 3] * 300, 5000, 0.02, 0.0, rng=20)
    wins = winners_table(sims, np.inf)
    points, curves = winners_by_variants(wins, 0.0, [2, 3], n_boot=200, rng=21)
    assert set(points["series"]) == {"observed winner", "winner, empirical-Bayes estimate"}
    noise = curves[curves["series"].str.startswith("noise")].set_index("variants")["value"]
    model = curves[curves["series"].str.startswith("model")].set_index("variants")["value"]
    assert np.allclose(noise, model)  # phi = 0: the model is noise alone
    assert noise[2] == pytest.approx(1 / np.sqrt(np.pi))
    with pytest.raises(ValueError, match="fewer than 2"):
        winners_by_variants(wins, 0.0, [7], n_boot=200)
