"""Chapter 5's figure functions build valid, described charts from small tables."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from monoculture.figures import ch05 as fig
from monoculture.hyperinflation import (checkable_share, expected_winner_quality, judge_table,
                                        stock_and_flow_steady)
from monoculture.render import check_accessible


def _valid(chart):
    check_accessible(chart)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["description"].strip() and spec["title"]["text"].strip()
    return spec


def _walk(spec, key):
    """Every value stored under ``key`` anywhere in a spec."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(spec, list):
        for v in spec:
            yield from _walk(v, key)


def test_price_level_has_one_legend_and_reports_the_rise():
    base = stock_and_flow_steady(20)
    control = stock_and_flow_steady(20, ai_growth=0.0)
    price = pd.concat([base.assign(scenario="with AI growth", price=base.P),
                       control.assign(scenario="no AI growth (control)", price=control.P)])
    spec = _valid(fig.price_level(price[["t", "scenario", "price"]], subtitle="test"))
    enc = spec["encoding"]
    # colour and dash share field, title and domain, so Vega-Lite draws a single legend
    assert enc["color"]["scale"]["domain"] == enc["strokeDash"]["scale"]["domain"]
    assert enc["color"]["title"] == enc["strokeDash"]["title"]
    assert "1.0 for no AI growth (control)" in spec["description"]


def test_judge_counts_describes_the_false_acceptances():
    rows = []
    for rho in (0.0, 0.9):
        t = judge_table(0.3, 0.2, rho)
        rows += [{"rho": rho, "accepted": "true claims", "count": t.iloc[0, 0]},
                 {"rho": rho, "accepted": "false claims", "count": t.iloc[1, 1]}]
    spec = _valid(fig.judge_counts(pd.DataFrame(rows), subtitle="test"))
    assert "60 at ρ = 0" in spec["description"] and "180 at ρ = 0.9" in spec["description"]


def test_newsroom_winner_goodhart_charts():
    loop = pd.DataFrame({"share": [0.0, 0.5, 0.0, 0.5], "quantity": ["a", "a", "b", "b"],
                         "sim": [0.1, 0.2, 0.3, 0.4], "se": 0.01,
                         "theory": [0.1, 0.2, 0.3, 0.4]})
    _valid(fig.newsroom_loop(loop, subtitle="test"))
    sel = pd.DataFrame({"N": [1, 10, 100], "budget": "budget 10,000",
                        "simulated": [0.05, 0.06, 0.055], "se": 1e-4,
                        "theory": expected_winner_quality([1, 10, 100], 10_000)})
    assert "N = 10 for budget 10,000" in _valid(fig.winner_quality(sel, subtitle="t"))["description"]
    g = pd.DataFrame({"N": [1, 10], "case": "normal bait", "simulated": [0.0, 1.0],
                      "se": 0.05, "theory": [0.0, 1.0]})
    _valid(fig.goodhart(g, subtitle="test"))


def test_winners_histogram_bins_before_charting():
    gen = np.random.default_rng(0)
    est = {"N = 2": 0.05 + 0.001 * gen.standard_normal(5000),
           "N = 10": 0.051 + 0.001 * gen.standard_normal(5000)}
    chart = fig.winners_histogram(est, 0.05, subtitle="test", bins=30)
    spec = _valid(chart)
    n_rows = sum(len(v) for v in spec["datasets"].values())
    assert n_rows < 100          # aggregated: bins, not 10,000 raw estimates
    with pytest.raises(TypeError, match="estimates"):
        fig.winners_histogram({}, 0.05, subtitle="test")


def test_brandolini_and_its_input_check():
    volume = np.array([10.0, 100.0, 1000.0])
    brand = pd.concat(pd.DataFrame({"volume": volume, "k": f"k = {k}",
                                    "share": checkable_share(volume, k, 100.0)}) for k in (1, 10))
    _valid(fig.brandolini(brand, subtitle="test"))
    with pytest.raises(ValueError, match="lacks the columns"):
        fig.brandolini(brand.drop(columns="share"), subtitle="test")


def test_explorable_axis_follows_the_data():
    n = np.arange(1, 51)
    ex = pd.concat(pd.DataFrame({"log_budget": lb, "N": n, "what": what,
                                 "ctr": expected_winner_quality(n, int(10 ** lb), estimate=est)})
                   for lb in (3.0, 4.0) for what, est in (("promised", True), ("delivered", False)))
    spec = _valid(fig.explore_variants(ex, subtitle="test", start_budget=3.0))
    text = json.dumps(spec)
    # no fixed or clamped y domain: the promised curve is never cut off
    assert '"clamp"' not in text
    for scale in _walk(spec, "scale"):
        assert "domain" not in scale or scale["domain"] in (["promised", "delivered"],)
    assert {p["name"] for p in spec["params"]} == {"logB", "nvar"}
