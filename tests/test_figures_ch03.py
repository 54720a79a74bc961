"""Chapter 3's figure functions build valid, described charts from small tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monoculture.figures import ch03 as fig
from monoculture.hivemind import ensemble_grid
from monoculture.render import check_accessible
from monoculture.selection import best_of_n_distribution


def _valid(chart):
    check_accessible(chart)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["description"].strip() and spec["title"]["text"].strip()
    return spec


def _n_rows(spec):
    return sum(len(v) for v in spec.get("datasets", {}).values())


def test_agreement_by_share_reports_both_ends():
    rows = []
    for rho in (0.0, 0.5, 1.0):
        rows += [{"rho": rho, "pairs": "within one model", "mean": 0.19, "lower": 0.18,
                  "upper": 0.2},
                 {"rho": rho, "pairs": "across models", "mean": 0.01 + 0.18 * rho ** 2,
                  "lower": 0.0, "upper": 0.2}]
    spec = _valid(fig.agreement_by_share(pd.DataFrame(rows), subtitle="test"))
    assert "from 0.010 with no shared data to 0.190" in spec["description"]


def test_agreement_by_share_names_a_missing_column():
    with pytest.raises(ValueError, match="lower"):
        fig.agreement_by_share(pd.DataFrame({"rho": [0.0], "pairs": ["across models"],
                                             "mean": [0.1], "upper": [0.2]}), subtitle="t")


def test_ensemble_grid_and_explorer():
    gain, eff, agree = ensemble_grid(20, 3, rng=1)
    assert len(gain) == 11 * 13 * 3 and len(eff) == len(agree) == 11 * 13 * 2
    one = gain[(gain["models"] == 1)]
    assert np.allclose(one["gain"], 1.0)  # one model gains nothing over itself
    full = gain[(gain["rho"] == 1.0) & (gain["beta"] == 0.0)]
    assert np.allclose(full["gain"], 1.0)  # identical models
    spec = _valid(fig.hivemind_explorer(gain, eff, agree, n_ideas=20, subtitle="test"))
    assert {p["name"] for p in spec["params"]} == {"rho", "beta"}
    with pytest.raises(ValueError, match="n_responses"):
        ensemble_grid(1, 3, rng=1)


def test_text_similarity_describes_each_setting():
    kinds = ["same model", "different models", "different prompts"]
    hist = pd.DataFrame([{"setting": s, "pairs": k, "similarity": x, "share": 0.1}
                         for s in ("A", "B") for k in kinds for x in (0.1, 0.5)])
    means = pd.DataFrame({"same model": [0.4, 0.5], "different models": [0.2, 0.5],
                          "different prompts": [0.1, 0.1]}, index=["A", "B"])
    spec = _valid(fig.text_similarity(hist, means, subtitle="test"))
    assert "Setting A: mean similarity 0.40" in spec["description"]


def test_rl_trajectories_and_entropy_reward():
    steps = np.arange(0, 20, 5)
    traj = pd.concat(pd.DataFrame({"step": steps, "method": m, "quantity": q,
                                   "value": np.linspace(2.0, 0.5, steps.size)})
                     for m in ("RL", "SFT") for q in ("entropy (nats)", "expected reward"))
    spec = _valid(fig.rl_trajectories(traj, subtitle="test"))
    assert "starting at 2.00" in spec["description"] and "RL 0.50" in spec["description"]
    H = np.linspace(2.5, 0.1, 12)
    fit_df = pd.DataFrame({"entropy": H, "reward": 1 - 0.1 * np.exp(H),
                           "fit": 1 - 0.1 * np.exp(H)})
    _valid(fig.entropy_reward(fit_df, subtitle="test"))


def test_best_of_n_kept_is_aggregated_and_sums_to_one():
    K, band = 200, 10
    p, r = np.full(K, 1 / K), np.arange(K)[::-1]
    rows = []
    for n in (1, 16):
        pi_n = best_of_n_distribution(p, r, n)
        rows += [{"top_percent": 100 * (i + 1) * band / K, "n": n, "effective": 1.0,
                  "share": pi_n[i * band:(i + 1) * band].sum()} for i in range(K // band)]
    kept = pd.DataFrame(rows)
    assert np.allclose(kept.groupby("n")["share"].sum(), 1.0)
    spec = _valid(fig.best_of_n_kept(kept, subtitle="test"))
    assert _n_rows(spec) == len(kept)
    top16 = 1 - (1 - band / K) ** 16
    assert f"best of 16: {top16:.2f} in the best 5 percent" in spec["description"]


def test_colour_and_dash_share_one_legend():
    steps = np.arange(0, 10, 5)
    traj = pd.concat(pd.DataFrame({"step": steps, "method": m, "quantity": "entropy (nats)",
                                   "value": [1.0, 0.5]}) for m in ("RL", "SFT"))
    spec = fig.rl_trajectories(traj, subtitle="test").to_dict()
    enc = spec["spec"]["encoding"]
    assert enc["color"]["scale"]["domain"] == enc["strokeDash"]["scale"]["domain"] == ["RL", "SFT"]
    assert enc["color"]["title"] == enc["strokeDash"]["title"]


def test_band_does_not_hide_the_legend():
    import vl_convert as vlc

    rows = [{"rho": rho, "pairs": kind, "mean": 0.05, "lower": 0.04, "upper": 0.06}
            for rho in (0.0, 1.0) for kind in ("within one model", "across models")]
    svg = vlc.vegalite_to_svg(fig.agreement_by_share(pd.DataFrame(rows), subtitle="t").to_dict())
    assert "role-legend" in svg
