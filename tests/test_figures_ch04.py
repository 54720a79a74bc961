"""Chapter 4's figure functions build valid, described charts from small tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monoculture.culture import platform_grid
from monoculture.figures import ch04 as fig
from monoculture.render import check_accessible


def _valid(chart):
    check_accessible(chart)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["description"].strip() and spec["title"]["text"].strip()
    return spec


def test_perceived_vs_population_describes_both_series():
    rows = []
    for k in (1, 2, 50):
        rows += [{"k": k, "series": fig.PERCEIVED, "value": 9.0 + k / 100, "lower": 8.0,
                  "upper": 10.0},
                 {"k": k, "series": fig.POPULATION, "value": float(k), "lower": np.nan,
                  "upper": np.nan}]
    spec = _valid(fig.perceived_vs_population(pd.DataFrame(rows), subtitle="test"))
    assert "falls from 50.0 to 1.0" in spec["description"]
    assert "between 9.0 and 9.5" in spec["description"]


def test_platform_grid_and_explorer():
    rows = platform_grid(20, n_users=10, stream_len=5, n_styles=4, max_modes=2, rng=3)
    grid = pd.DataFrame(rows)
    assert len(grid) == 2 * 11 * 4
    pop = grid[(grid["market"] == "AI market") & (grid["seat"] == "whole population")]
    assert (pop["value"] <= pop["k"] + 1e-9).all()  # packaging never adds content modes
    human = grid[grid["market"] == "human market"].groupby("seat")["value"].nunique()
    assert (human == 1).all()  # one reference market
    spec = _valid(fig.platform_explorer(grid, human_modes=20, subtitle="test"))
    assert {p["name"] for p in spec["params"]} == {"modes", "personalisation"}
    with pytest.raises(ValueError, match="content_weight"):
        platform_grid(20, content_weight=1.5)


def test_idea_pools_and_dilemma():
    gen = np.random.default_rng(0)
    ideas = pd.concat(pd.DataFrame({"x": s * gen.standard_normal(30), "y": s * gen.standard_normal(30),
                                    "score": 0.0, "panel": f"α = {a}"})
                      for a, s in ((0, 1.0), (1, 0.3)))
    spec = _valid(fig.idea_pools(ideas, subtitle="test"))
    assert "α = 0: spread" in spec["description"]
    alphas = np.linspace(0, 1, 5)
    dilemma = pd.concat([pd.DataFrame({"alpha": alphas, "quantity": "effective ideas",
                                       "value": [6, 4, 2.5, 1.8, 2.0]}),
                         pd.DataFrame({"alpha": alphas, "quantity": "mean score",
                                       "value": 2 * alphas})])
    spec = _valid(fig.reliance_dilemma(dilemma, a_star=0.83, subtitle="test"))
    assert "worst reliance 0.83" in spec["description"]
    assert "lowest 1.80" in spec["description"]


def test_recommender_loop_and_volume():
    loop = pd.DataFrame([{"round": t, "jaccard": 0.01 * t * (i + 1), "recommender": rec,
                          "run": f"{rec} {s}"}
                         for i, rec in enumerate(["random", "popularity"]) for s in (1, 2)
                         for t in range(1, 6)])
    spec = _valid(fig.recommender_loop(loop, subtitle="test"))
    assert "highest first: popularity 0.100, random 0.050" in spec["description"]
    volume = pd.DataFrame([{"n_ai": n, "measure": m, "value": v}
                           for n in (0, 60) for m, v in (("documents", 60 + n),
                                                         ("stances", 20 - n / 10))])
    spec = _valid(fig.volume_vs_perspectives(volume, n_human=60, subtitle="test"))
    assert "documents from 60.0 to 120.0" in spec["description"]


def test_band_does_not_hide_the_legend():
    import vl_convert as vlc

    rows = [{"k": k, "series": s, "value": 2.0, "lower": 1.0, "upper": 3.0}
            for k in (1, 10) for s in (fig.PERCEIVED, fig.POPULATION)]
    svg = vlc.vegalite_to_svg(fig.perceived_vs_population(pd.DataFrame(rows), subtitle="t").to_dict())
    assert "role-legend" in svg
