"""Tests for monoculture.figures: the generic figure helpers."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from conftest import sim_chart as _sim_chart
from monoculture import figures, render

pytestmark = pytest.mark.usefixtures("book_theme")


@pytest.fixture
def runs_df() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    g = np.arange(20)
    frames = [pd.DataFrame({"generation": g,
                            "entropy": np.exp(-g / 10) + rng.normal(0, 0.02, g.size),
                            "run": r, "arm": "a" if r % 2 else "b"}) for r in range(6)]
    return pd.concat(frames, ignore_index=True)


def test_sim_vs_theory_spec(sim_df):
    chart = _sim_chart(sim_df, subtitle="200 replicates")
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Heterozygosity"
    assert spec["title"]["subtitle"] == "200 replicates"
    assert spec["description"] == "Simulation agrees with 1/N."
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["area", "line", "line"]
    band = spec["layer"][0]["encoding"]
    assert band["y"]["field"] == "lower" and band["y2"]["field"] == "upper"
    dash = spec["layer"][1]["encoding"]["strokeDash"]["scale"]["domain"]
    assert dash == ["simulation (±1.96 SE band)", "theory"]
    values = spec["datasets"][spec["data"]["name"]]
    sim_rows = [v for v in values if v["curve"].startswith("simulation")]
    assert sim_rows[0]["lower"] == pytest.approx(sim_rows[0]["y"] - 1.96 * 0.002)
    render.check_accessible(chart)


def test_sim_vs_theory_variants(sim_df):
    no_band = figures.sim_vs_theory(sim_df, "N", "H", "theory", title="t", description="d")
    assert [lay["mark"]["type"] for lay in no_band.to_dict()["layer"]] == ["line", "line"]
    explicit = _sim_chart(sim_df, se=None, lower="lo", upper="hi", log_x=True, log_y=True, z=2)
    spec = explicit.to_dict()
    assert spec["layer"][0]["mark"]["type"] == "area"
    assert spec["layer"][1]["encoding"]["x"]["scale"]["type"] == "log"
    two = pd.concat([sim_df.assign(k=1), sim_df.assign(k=2, H=sim_df.H * 2)], ignore_index=True)
    spec = _sim_chart(two, series="k").to_dict()
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == ["1", "2"]


@pytest.mark.parametrize("kw, match", [
    (dict(x="nope"), "^x: column 'nope'"),
    (dict(sim="nope"), "^sim: column 'nope'"),
    (dict(theory="nope"), "^theory: column 'nope'"),
    (dict(se="nope"), "^se: column 'nope'"),
    (dict(series="nope"), "^series: column 'nope'"),
    (dict(se=None, lower="lo"), "lower and upper"),
    (dict(lower="lo", upper="hi"), "se and lower/upper"),
    (dict(z=0), "^z must be in"),
    (dict(title=""), "^title"),
    (dict(description="  "), "^description"),
])
def test_sim_vs_theory_invalid(sim_df, kw, match):
    base = dict(x="N", sim="H", theory="theory", se="se", title="t", description="d")
    base.update(kw)
    x, sim, theory = base.pop("x"), base.pop("sim"), base.pop("theory")
    with pytest.raises(ValueError, match=match):
        figures.sim_vs_theory(sim_df, x, sim, theory, **base)


def test_sim_vs_theory_log_axes_need_positive_values(sim_df):
    with pytest.raises(ValueError, match="^log_y: the band's lower edge"):
        _sim_chart(sim_df.assign(se=1.0), log_y=True)  # band reaches below zero
    with pytest.raises(ValueError, match="^x: column 'N' must be > 0"):
        _sim_chart(sim_df.assign(N=sim_df.N - 10), log_x=True)


def test_sim_vs_theory_requires_title_and_description(sim_df):
    with pytest.raises(TypeError):
        figures.sim_vs_theory(sim_df, "N", "H", "theory", description="d")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        figures.sim_vs_theory(sim_df, "N", "H", "theory", title="t")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="df"):
        figures.sim_vs_theory(sim_df.to_dict(), "N", "H", "theory", title="t", description="d")
    with pytest.raises(ValueError, match="^x: column 'run' must be numeric"):
        figures.sim_vs_theory(sim_df.assign(run="a"), "run", "H", "theory", title="t", description="d")
    with pytest.raises(ValueError, match="^series: at most 6"):
        many = pd.concat([sim_df.assign(k=i) for i in range(7)], ignore_index=True)
        figures.sim_vs_theory(many, "N", "H", "theory", series="k", title="t", description="d")


def test_trajectories(runs_df):
    chart = figures.trajectories(runs_df, "generation", "entropy", group="run", title="Entropy",
                            description="Entropy decays in every run.", quantiles=(0.1, 0.9),
                            n_individual=3, summary="median")
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Entropy" and spec["description"].startswith("Entropy decays")
    assert [lay["mark"]["type"] for lay in spec["layer"]] == ["area", "line", "line"]
    # Runs of one condition are opaque neutral grey (3:1), the band translucent context.
    assert "opacity" not in spec["layer"][1]["mark"] and spec["layer"][0]["mark"]["opacity"] < 0.5
    values = spec["datasets"][spec["data"]["name"]]
    assert {v["run"] for v in values if v["layer"] == "run"} == {"0", "1", "2"}
    summary = [v for v in values if v["layer"] == "summary"]
    first = runs_df[runs_df.generation == 0].entropy.median()
    assert summary[0]["y"] == pytest.approx(first)
    coloured = figures.trajectories(runs_df, "generation", "entropy", group="run", color="arm",
                               title="By arm", description="d", log_y=False, summary=None)
    assert [lay["mark"]["type"] for lay in coloured.to_dict()["layer"]] == ["line"]


@pytest.mark.parametrize("kw, exc, match", [
    (dict(group="nope"), ValueError, "^group: column 'nope'"),
    (dict(color="nope"), ValueError, "^color: column 'nope'"),
    (dict(quantiles=(0.9, 0.1)), ValueError, "^quantiles"),
    (dict(quantiles=(0.1, 1.5)), ValueError, r"^quantiles\[1\] must be in"),
    (dict(n_individual=-1), ValueError, "^n_individual"),
    (dict(summary="mode"), ValueError, "^summary"),
    (dict(title=None), TypeError, "^title"),
])
def test_trajectories_invalid(runs_df, kw, exc, match):
    args = dict(group="run", title="t", description="d")
    args.update(kw)
    with pytest.raises(exc, match=match):
        figures.trajectories(runs_df, "generation", "entropy", **args)
    with pytest.raises(ValueError, match="^y: column 'entropy' must be > 0"):
        figures.trajectories(runs_df.assign(entropy=runs_df.entropy - 5), "generation", "entropy",
                        group="run", title="t", description="d", log_y=True)


def test_finalize_and_check_accessible():
    df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    base = alt.Chart(df).mark_point().encode(x="a", y="b")
    with pytest.raises(ValueError, match="title and description"):
        render.check_accessible(base)
    with pytest.raises(ValueError, match="description"):
        render.check_accessible(base.properties(title="Only a title"))
    with pytest.raises(ValueError, match="title"):
        render.check_accessible(base.properties(description="Only a description"))
    for chart in (base, base + base, base | base, alt.vconcat(base, base)):
        done = figures.finalize(chart, title="T", description="D", subtitle=["p = 0.1", "n = 5"])
        assert render.check_accessible(done) is done
        spec = done.to_dict()
        assert spec["title"]["text"] == "T" and spec["description"] == "D"
    with pytest.raises(ValueError, match="^title"):
        figures.finalize(base, title=" ", description="D")
    with pytest.raises(TypeError, match="^chart"):
        figures.finalize({"mark": "point"}, title="T", description="D")
