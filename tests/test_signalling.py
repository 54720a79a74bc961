"""Tests for monoculture.signalling: simulation against every closed form.

Every comparison with a closed form uses a tolerance stated in Monte Carlo
standard errors (Z standard errors, two-sided), never a hand-picked margin.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monoculture.signalling import (
    DEFAULTS, form_substance, polish_moments, reader_accuracy, reader_estimates, reader_losses,
    simulate_authors, simulate_readers, trust_crossover)

Z = 4.0  # tolerance in standard errors: a false alarm has probability about 6e-5 per check

WORLDS = [
    dict(cost=4.0, tool_share=0.0),
    dict(cost=0.5, tool_share=0.0),
    dict(cost=2.0, tool_share=0.3),
    dict(cost=1.0, tool_share=0.7, stakes_sd=0.5, tool_polish=3.0, tool_sd=0.5),
    dict(cost=2.0, tool_share=0.5, quality_mean=1.0, quality_sd=2.0, stakes_mean=-0.5),
]


def _split(world):
    world = dict(world)
    return world.pop("cost"), world.pop("tool_share"), world


def _z(sample: np.ndarray, target: float) -> float:
    se = sample.std(ddof=1) / np.sqrt(sample.size)
    return abs(sample.mean() - target) / se


def test_defaults_match_signature():
    sig = inspect.signature(simulate_authors)
    assert {k: sig.parameters[k].default for k in DEFAULTS} == DEFAULTS


@pytest.mark.parametrize("world", WORLDS)
def test_author_polish_rule(world):
    cost, alpha, params = _split(world)
    df = simulate_authors(50_000, cost=cost, tool_share=alpha, rng=1, **params)
    own = df[~df.uses_tool]
    np.testing.assert_allclose(own.polish, own.quality + own.stakes / cost)
    # the share of tool users is binomial
    n, k = len(df), df.uses_tool.sum()
    if 0 < alpha < 1:
        assert abs(k - n * alpha) / np.sqrt(n * alpha * (1 - alpha)) < Z
    else:
        assert k == n * alpha
    p = {**DEFAULTS, **params}
    if alpha > 0:
        tool = df[df.uses_tool].polish.to_numpy()
        assert _z(tool, p["tool_polish"]) < Z
        # tool polish is independent of quality: correlation ~ N(0, 1/n)
        r = np.corrcoef(tool, df[df.uses_tool].quality)[0, 1]
        assert abs(r) * np.sqrt(tool.size) < Z


@pytest.mark.parametrize("world", WORLDS)
def test_polish_moments_against_simulation(world):
    cost, alpha, params = _split(world)
    df = simulate_authors(200_000, cost=cost, tool_share=alpha, rng=2, **params)
    m = polish_moments(cost, alpha, **params)
    s, q = df.polish.to_numpy(), df.quality.to_numpy()
    p = {**DEFAULTS, **params}
    assert _z(s, m["mean"]) < Z
    # variance and covariance as means of per-author products (centred at known means)
    assert _z((s - m["mean"]) ** 2, m["var"]) < Z
    assert _z((s - m["mean"]) * (q - p["quality_mean"]), m["cov"]) < Z


@pytest.mark.parametrize("world", WORLDS)
def test_reader_losses_against_simulation(world):
    """Each reader's squared error, author by author, averages to its closed form."""
    cost, alpha, params = _split(world)
    df = simulate_authors(200_000, cost=cost, tool_share=alpha, rng=3, **params)
    est = reader_estimates(df.polish.to_numpy(), cost=cost, tool_share=alpha, **params)
    theory = reader_losses(cost, alpha, **params)
    for reader in ("trusting", "ignoring", "recalibrated"):
        err2 = (est[reader].to_numpy() - df.quality.to_numpy()) ** 2
        assert _z(err2, getattr(theory, reader)) < Z, reader


@pytest.mark.parametrize("world", WORLDS)
def test_accuracy_is_one_minus_recalibrated_loss(world):
    cost, alpha, params = _split(world)
    sigma2 = {**DEFAULTS, **params}["quality_sd"] ** 2
    r2 = reader_accuracy(cost, alpha, **params)
    assert r2 == pytest.approx(1 - reader_losses(cost, alpha, **params).recalibrated / sigma2)


@pytest.mark.parametrize("world", WORLDS)
def test_accuracy_against_sample_r2(world):
    """The squared sample correlation, averaged over worlds, matches R^2.

    Its bias is O(1/n) = 1e-4 with n = 10,000, a small fraction of the
    standard error of the mean over 100 worlds.
    """
    cost, alpha, params = _split(world)
    sims = simulate_readers(10_000, 100, cost=cost, tool_share=alpha, rng=4, **params)
    assert _z(sims.r2.to_numpy(), reader_accuracy(cost, alpha, **params)) < Z


def test_simulate_readers_losses_match_closed_form():
    sims = simulate_readers(2000, 200, cost=2.0, tool_share=0.5, rng=5)
    theory = reader_losses(2.0, 0.5)
    for reader in ("trusting", "ignoring", "recalibrated"):
        assert _z(sims[f"mse_{reader}"].to_numpy(), getattr(theory, reader)) < Z


def test_no_tool_limits():
    """Without the tool: R^2 = 1 / (1 + (sigma_g / (cost sigma))^2), Spence's separation as cost grows."""
    costs = np.array([0.1, 1.0, 10.0])
    np.testing.assert_allclose(reader_accuracy(costs, 0.0), costs**2 / (costs**2 + 1))
    assert reader_accuracy(1e6, 0.0) == pytest.approx(1.0)
    assert reader_accuracy(1.0, 0.0, stakes_sd=0.0) == pytest.approx(1.0)
    assert reader_accuracy(2.0, 1.0) == 0.0
    assert reader_accuracy(2.0, 1.0, tool_sd=0.0) == 0.0
    # without the tool, trusting and recalibrated readers coincide
    out = reader_losses(2.0, 0.0)
    assert out.trusting == pytest.approx(out.recalibrated)


def test_crossover_is_where_trusting_equals_ignoring():
    for cost in (0.5, 2.0, 8.0):
        a = trust_crossover(cost)
        out = reader_losses(cost, a)
        assert out.trusting == pytest.approx(out.ignoring)
        assert reader_losses(cost, min(1.0, a + 0.05)).trusting > out.ignoring
        assert reader_losses(cost, max(0.0, a - 0.05)).trusting < out.ignoring


def test_vectorised_closed_forms():
    costs = np.array([0.5, 1.0, 2.0])
    shares = np.array([0.0, 0.3, 0.6])
    r2 = reader_accuracy(costs[:, None], shares[None, :])
    assert r2.shape == (3, 3)
    assert r2[1, 2] == pytest.approx(reader_accuracy(1.0, 0.6))
    assert np.shape(trust_crossover(costs)) == (3,)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

costs = st.floats(0.05, 50.0)
shares = st.floats(0.0, 1.0)
sds = st.floats(0.05, 5.0)
levels = st.floats(-5.0, 5.0)


@settings(max_examples=60, deadline=None)
@given(cost=costs, a1=shares, a2=shares, sigma=sds, sigma_g=sds, p_t=levels, tau=sds)
def test_accuracy_falls_with_tool_share(cost, a1, a2, sigma, sigma_g, p_t, tau):
    params = dict(quality_sd=sigma, stakes_sd=sigma_g, tool_polish=p_t, tool_sd=tau)
    lo, hi = sorted((a1, a2))
    r_lo, r_hi = reader_accuracy(cost, lo, **params), reader_accuracy(cost, hi, **params)
    assert 0.0 <= r_hi <= r_lo + 1e-12 <= 1.0 + 1e-12


@settings(max_examples=60, deadline=None)
@given(c1=costs, c2=costs, sigma=sds, sigma_g=sds)
def test_accuracy_rises_with_cost_without_tool(c1, c2, sigma, sigma_g):
    lo, hi = sorted((c1, c2))
    params = dict(quality_sd=sigma, stakes_sd=sigma_g)
    assert reader_accuracy(lo, 0.0, **params) <= reader_accuracy(hi, 0.0, **params) + 1e-12


@settings(max_examples=60, deadline=None)
@given(cost=costs, a=shares, sigma=sds, sigma_g=sds, p_t=levels, tau=sds, mu=levels)
def test_loss_ordering(cost, a, sigma, sigma_g, p_t, tau, mu):
    """The recalibrated reader is the best linear one, so it beats the other two."""
    params = dict(quality_mean=mu, quality_sd=sigma, stakes_sd=sigma_g, tool_polish=p_t,
                  tool_sd=tau)
    out = reader_losses(cost, a, **params)
    tol = 1e-9 * sigma**2
    assert out.recalibrated <= out.ignoring + tol
    assert out.recalibrated <= out.trusting + tol
    assert out.ignoring == pytest.approx(sigma**2)
    # trusting beats ignoring exactly below the crossover share
    crossover = trust_crossover(cost, **params)
    assert 0.0 < crossover <= 1.0
    if a < crossover - 1e-9:
        assert out.trusting < out.ignoring
    elif a > crossover + 1e-9:
        assert out.trusting > out.ignoring


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), cost=costs, a=shares)
def test_simulation_is_reproducible_and_well_formed(seed, cost, a):
    d1 = simulate_authors(50, cost=cost, tool_share=a, rng=seed)
    d2 = simulate_authors(50, cost=cost, tool_share=np.float64(a), rng=np.random.default_rng(seed))
    pd.testing.assert_frame_equal(d1, d2)
    assert list(d1.columns) == ["quality", "stakes", "uses_tool", "polish"]
    assert np.isfinite(d1.polish).all()


# ---------------------------------------------------------------------------
# input validation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    (dict(cost=0.0), "cost"),
    (dict(cost=-1.0), "cost"),
    (dict(tool_share=1.5), "tool_share"),
    (dict(tool_share=-0.1), "tool_share"),
    (dict(quality_sd=0.0), "quality_sd"),
    (dict(stakes_sd=-1.0), "stakes_sd"),
    (dict(tool_sd=-0.5), "tool_sd"),
    (dict(cost=float("nan")), "cost"),
    (dict(tool_polish=float("inf")), "tool_polish"),
])
def test_simulate_authors_rejects_bad_values(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate_authors(10, **kwargs)


def test_simulate_authors_rejects_bad_types():
    with pytest.raises(ValueError, match="n_authors"):
        simulate_authors(1)
    with pytest.raises(TypeError, match="n_authors"):
        simulate_authors(10.0)
    with pytest.raises(TypeError, match="cost"):
        simulate_authors(10, cost="high")
    with pytest.raises(TypeError, match="rng"):
        simulate_authors(10, rng="seed")
    with pytest.raises(ValueError, match="rng"):
        simulate_authors(10, rng=-1)


def test_closed_forms_reject_bad_input():
    with pytest.raises(ValueError, match="cost"):
        reader_accuracy(np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match="tool_share"):
        reader_losses(1.0, 2.0)
    with pytest.raises(TypeError, match="cost"):
        reader_accuracy("cheap")
    with pytest.raises(TypeError, match="cost"):
        trust_crossover(True)
    with pytest.raises(TypeError, match="unknown parameter"):
        reader_accuracy(1.0, 0.0, quality_var=2.0)
    with pytest.raises(ValueError, match="quality_sd"):
        polish_moments(1.0, 0.0, quality_sd=-1.0)
    with pytest.raises(ValueError, match="polish"):
        reader_estimates([], cost=1.0)
    with pytest.raises(ValueError, match="n_reps"):
        simulate_readers(10, 0)


# ---------------------------------------------------------------------------
# form_substance on synthetic ratings with a known structure
# ---------------------------------------------------------------------------

CRITERIA = ["Coherence", "Relevance", "Complexity", "Surprise"]


def _ratings(n_stories: int = 400, seed: int = 0) -> pd.DataFrame:
    """People rate substance from the story's substance only; judge 'formy' mixes in form;
    judge 'faithful' rates exactly like a person. Each rater adds a personal halo."""
    gen = np.random.default_rng(seed)
    form = gen.standard_normal(n_stories)
    subst = 0.5 * form + np.sqrt(0.75) * gen.standard_normal(n_stories)
    rows = []

    def rate(rater, variant, f_score, s_score):
        for crit in CRITERIA:
            score = f_score if crit == "Coherence" else s_score + 0.3 * gen.standard_normal(n_stories)
            rows.append(pd.DataFrame({"story_id": np.arange(n_stories),
                                      "system": np.where(np.arange(n_stories) % 2, "A", "B"),
                                      "criterion": crit, "rater": rater,
                                      "prompt_variant": variant, "score": score}))

    for k in (1, 2, 3):
        halo = 0.5 * gen.standard_normal(n_stories)
        rate("human", k, form + halo + 0.5 * gen.standard_normal(n_stories),
             subst + halo + 0.5 * gen.standard_normal(n_stories))
    for v in (1, 2):
        halo = 0.5 * gen.standard_normal(n_stories)
        rate("formy", v, form + halo, 0.7 * form + 0.3 * subst + halo)
        halo = 0.5 * gen.standard_normal(n_stories)
        rate("faithful", v, form + halo + 0.5 * gen.standard_normal(n_stories),
             subst + halo + 0.5 * gen.standard_normal(n_stories))
    return pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="module")
def synthetic():
    return _ratings()


def test_form_substance_recovers_known_structure(synthetic):
    out = form_substance(synthetic, n_boot=300, rng=1).set_index(["rater", "quantity"])
    # the judge that mixes form into substance leans on form more than people do
    formy = out.loc[("formy", "form_lean_vs_people")]
    assert formy.low > 0
    # a judge that rates like one more person has no lean relative to people: the interval covers 0
    faithful = out.loc[("faithful", "form_lean_vs_people")]
    assert faithful.low < 0 < faithful.high
    # story-level form and substance are correlated (0.5), so the cross-annotation correlation is positive
    assert out.loc[("people", "cross_correlation")].low > 0
    for row in out.itertuples():
        assert row.low <= row.high
        assert row.n_stories == 400


def test_form_substance_point_estimates_match_numpy(synthetic):
    out = form_substance(synthetic, n_boot=100, rng=2).set_index(["rater", "quantity"])
    j = synthetic[synthetic.rater == "formy"]
    form = j[j.criterion == "Coherence"].groupby("story_id").score.mean()
    subst = (j[j.criterion.isin(CRITERIA[1:])].groupby(["story_id", "criterion"]).score.mean()
             .groupby("story_id").mean())
    assert out.loc[("formy", "halo")].estimate == pytest.approx(np.corrcoef(form, subst)[0, 1])
    h = synthetic[(synthetic.rater == "human") & (synthetic.criterion == "Coherence")]
    wide = h.pivot(index="story_id", columns="prompt_variant", values="score")
    agree = np.mean([np.corrcoef(wide[a], wide[b])[0, 1] for a in (1, 2, 3) for b in (1, 2, 3)
                     if a != b])
    assert out.loc[("people", "agreement_form")].estimate == pytest.approx(agree)


def test_form_substance_within_system_and_reproducible(synthetic):
    a = form_substance(synthetic, n_boot=100, rng=3, within_system=True)
    b = form_substance(synthetic, n_boot=100, rng=np.random.default_rng(3), within_system=True)
    pd.testing.assert_frame_equal(a, b)


def test_form_substance_rejects_bad_input(synthetic):
    with pytest.raises(TypeError, match="ratings"):
        form_substance(synthetic.to_numpy())
    with pytest.raises(ValueError, match="columns"):
        form_substance(synthetic.drop(columns="rater"))
    with pytest.raises(ValueError, match="criterion"):
        form_substance(synthetic, form="Style")
    with pytest.raises(ValueError, match="form"):
        form_substance(synthetic, substance=["Coherence", "Relevance"])
    with pytest.raises(TypeError, match="substance"):
        form_substance(synthetic, substance="Relevance")
    with pytest.raises(ValueError, match="n_boot"):
        form_substance(synthetic, n_boot=10)
    with pytest.raises(ValueError, match="level"):
        form_substance(synthetic, level=1.0)
    with pytest.raises(TypeError, match="within_system"):
        form_substance(synthetic, within_system=1)
    with pytest.raises(ValueError, match="human"):
        form_substance(synthetic[synthetic.rater != "human"])


# ---------------------------------------------------------------------------
# the chapter's figures: accessible, light, and drawn from the toy
# ---------------------------------------------------------------------------

def test_signalling_figures_are_accessible_and_light(synthetic):
    from monoculture import render
    from monoculture.figures import ch05_signalling as fig

    worlds = {"costly": dict(cost=4.0), "with the tool": dict(cost=2.0, tool_share=0.4)}
    scatter = fig.scatter_data(worlds, n_authors=50, seed=1)
    assert scatter.attrs["r2"] == pytest.approx([reader_accuracy(4.0), reader_accuracy(2.0, 0.4)])
    acc = fig.accuracy_data([0.5, 2.0], [0.0], n_authors=200, n_reps=5, seed=1)
    points, losses = fig.explorable_data([0.0, 0.5], cost=2.0, n_authors=40, seed=2)
    # an author who uses the tool at share 0.5 keeps the quality and polish it had unaided
    at_half = simulate_authors(40, cost=2.0, tool_share=0.5, rng=2)
    np.testing.assert_allclose(np.where(points.sw <= 0.5, points.tool, points.own),
                               at_half.polish.round(2))
    result = form_substance(synthetic, n_boot=100, rng=1)
    charts = [fig.scatter_chart(scatter, title="t", subtitle="s"),
              fig.accuracy_chart(acc, title="t", subtitle="s"),
              fig.explorable_chart(points, losses, cost=2.0, title="t", subtitle="s"),
              fig.hanna_chart(result, title="t", subtitle="s")]
    for chart in charts:
        render.check_accessible(chart)
        assert len(chart.to_json(indent=None)) < 60_000
