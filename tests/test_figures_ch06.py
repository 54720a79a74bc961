"""Chapter 6's figure functions build valid, described charts from small tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monoculture.figures import ch06 as fig
from monoculture.render import check_accessible


def _valid(chart):
    check_accessible(chart)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["description"].strip() and spec["title"]["text"].strip()
    return spec


def test_scoreboard_and_explorable():
    board = pd.DataFrame([{"chain": c, "policy": p, "generation": g, "kept": 1.0 - 0.001 * g}
                          for c in ("Gaussian", "categorical") for p in ("replace", "accumulate")
                          for g in (1, 50, 100)])
    spec = _valid(fig.scoreboard(board, ["replace", "accumulate"], title="t", subtitle="s",
                                 description="Two panels."))
    assert len(spec["hconcat"]) == 2
    grid = board.assign(r=0.1).rename(columns={})
    grid = pd.concat([grid, board.assign(r=0.2)])
    spec = _valid(fig.explore_fresh(grid, [0.1, 0.2], subtitle="s", start=0))
    assert spec["params"][0]["bind"]["max"] == 1
    # the first policy of the table is the solid one, whatever the alphabet says
    dash = spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    assert dash["domain"] == ["replace", "accumulate"] and dash["range"][0] == [1, 0]
    assert "solid for replace and dashed for accumulate" in spec["description"]


def test_chain_paths_describes_the_spread():
    gen = np.random.default_rng(1)
    rows = [{"generation": g, "chain": c, "fresh": label, "mean": scale * gen.standard_normal()}
            for label, scale in (("r = 0.0", 2.0), ("r = 0.3", 0.5))
            for c in range(3) for g in range(11)]
    spec = _valid(fig.chain_paths(pd.DataFrame(rows), subtitle="s"))
    assert "for r = 0.0" in spec["description"] and "for r = 0.3" in spec["description"]


def test_coverage_teams_provenance():
    cov = pd.DataFrame({"round": [1, 2, 1, 2], "training loop": ["a", "a", "b", "b"],
                        "simulated": [0.5, 0.3, 0.6, 0.6], "se": 0.01,
                        "theory": [0.5, 0.3, 0.6, 0.6]})
    assert "from 0.50 to 0.300" in _valid(fig.hard_coverage(cov, subtitle="s"))["description"]
    teams = pd.DataFrame({"team": ["x", "y"], "quality": [0.4, 0.8],
                          "lower": [0.35, 0.75], "upper": [0.45, 0.85]})
    assert "y 0.80, x 0.40" in _valid(fig.team_quality(teams, subtitle="s"))["description"]
    prov = pd.DataFrame({"human share of collected data": [0.1, 0.5, 0.1, 0.5],
                         "pipeline": ["none", "none", "check", "check"],
                         "vocabulary kept": [0.4, 0.8, 0.9, 0.92]})
    _valid(fig.provenance(prov, generations=200, subtitle="s"))
    with pytest.raises(ValueError, match="lacks the columns"):
        fig.provenance(prov.drop(columns="pipeline"), generations=200, subtitle="s")
