"""Tests for monoculture.charts: accessibility claims of the theme and the helpers."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest

from monoculture import charts as ch

WHITE, NEAR_BLACK = "#FFFFFF", "#121212"
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")


@pytest.fixture(autouse=True)
def _book_defaults():
    """Every test starts with the book's theme and renderer, and restores them."""
    ch.use_theme()
    yield
    ch.use_theme()


@pytest.fixture
def sim_df() -> pd.DataFrame:
    n = np.array([10, 20, 50, 100, 200])
    return pd.DataFrame({"N": n, "H": 1 / n + 0.001, "se": 0.002, "theory": 1 / n,
                         "lo": 1 / n - 0.003, "hi": 1 / n + 0.004})


@pytest.fixture
def runs_df() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    g = np.arange(20)
    frames = [pd.DataFrame({"generation": g,
                            "entropy": np.exp(-g / 10) + rng.normal(0, 0.02, g.size),
                            "run": r, "arm": "a" if r % 2 else "b"}) for r in range(6)]
    return pd.concat(frames, ignore_index=True)


def _sim_chart(df: pd.DataFrame, **kw) -> alt.TopLevelMixin:
    args = dict(se="se", title="Heterozygosity", description="Simulation agrees with 1/N.")
    args.update(kw)
    return ch.sim_vs_theory(df, "N", "H", "theory", **args)


# --------------------------------------------------------------- colour science

def test_wcag_reference_values():
    assert ch.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert ch.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # #767676 is the well-known lightest grey with 4.5:1 on white.
    assert ch.contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


def _text_colours(cfg: dict) -> list[tuple[str, str]]:
    c = cfg["config"]
    out = [("title.color", c["title"]["color"]),
           ("title.subtitleColor", c["title"]["subtitleColor"]),
           ("text.color", c["text"]["color"])]
    for part in ("axis", "legend", "header"):
        out += [(f"{part}.{k}", v) for k, v in c[part].items() if k in ("labelColor", "titleColor")]
    return out


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_text_contrast_at_least_4_5(mode):
    cfg = ch.theme_config(mode)
    bg = cfg["background"]
    assert bg == cfg["config"]["background"]
    assert bg.lower() not in ("transparent", "none", "")
    for where, colour in _text_colours(cfg):
        assert ch.contrast_ratio(colour, bg) >= 4.5, (mode, where, colour)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axis_lines_contrast_at_least_3(mode):
    cfg = ch.theme_config(mode)
    axis = cfg["config"]["axis"]
    for key in ("domainColor", "tickColor"):
        assert ch.contrast_ratio(axis[key], cfg["background"]) >= 3.0


@pytest.mark.parametrize("colour", [*ch.PALETTE, ch.NEUTRAL])
@pytest.mark.parametrize("background", [WHITE, NEAR_BLACK,
                                        ch.LIGHT["background"], ch.DARK["background"]])
def test_palette_contrast_at_least_3(colour, background):
    assert ch.contrast_ratio(colour, background) >= 3.0


def test_viridis_knots_are_vegas_scheme():
    # The knots are exactly the "viridis" scheme of the vendored Vega.
    vega = (Path(__file__).resolve().parents[1] / "_vendor" / "vega" / "vega-bundle.min.js").read_text()
    packed = re.search(r'viridis:"([0-9a-f]+)"', vega).group(1)
    knots = tuple("#" + packed[i:i + 6].upper() for i in range(0, len(packed), 6))
    assert ch.VIRIDIS == knots and len(set(knots)) == len(knots)
    lum = [ch.relative_luminance(c) for c in ch.VIRIDIS]
    assert all(a < b for a, b in zip(lum, lum[1:])), "viridis gets lighter monotonically"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_sequential_range_contrast(mode):
    bg = ch.theme_config(mode)["background"]
    rng = ch.sequential_range(mode)
    assert all(ch.contrast_ratio(c, bg) >= ch.SEQUENTIAL_MIN_CONTRAST >= 3.0 for c in rng)
    # A contiguous stretch of viridis, as long as the contrast allows: the
    # knot just outside it fails.
    start = ch.VIRIDIS.index(rng[0])
    assert list(ch.VIRIDIS[start:start + len(rng)]) == rng
    outside = ch.VIRIDIS[start + len(rng)] if mode == "light" else ch.VIRIDIS[start - 1]
    assert ch.contrast_ratio(outside, bg) < ch.SEQUENTIAL_MIN_CONTRAST
    assert (start == 0) == (mode == "light") and (start + len(rng) == len(ch.VIRIDIS)) == (mode == "dark")
    # Still a usable sequential scale: more than half of the map, and a
    # lightness span of at least 40 CIE L* units.
    assert len(rng) > len(ch.VIRIDIS) / 2
    lab = ch.srgb_to_lab(ch.simulate_cvd([rng[0], rng[-1]]))
    assert abs(lab[1, 0] - lab[0, 0]) >= 40
    r = ch.theme_config(mode)["config"]["range"]
    assert r["heatmap"] == r["ramp"] == r["ordinal"] == rng
    with pytest.raises(ValueError, match="mode"):
        ch.sequential_range("sepia")


def test_point_marks_opaque_by_default():
    c = ch.theme_config()["config"]
    assert all(c[m]["opacity"] == 1 for m in ("point", "circle", "square", "tick"))


def test_palette_shape_and_origin():
    assert len(ch.PALETTE) == 6 == len(set(ch.PALETTE))
    okabe_ito_kept = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"}
    assert okabe_ito_kept <= set(ch.PALETTE)
    assert not {"#F0E442", "#000000", "#E69F00", "#56B4E9"} & set(ch.PALETTE)
    assert ch.theme_config()["config"]["range"]["category"] == list(ch.PALETTE)


def test_cvd_matrices_are_machado_severity_1():
    # Each Machado et al. (2009) matrix maps white to (approximately) white.
    for name, m in ch.CVD_MATRICES.items():
        np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-5, err_msg=name)
    # A pure red becomes a dark olive for protanopes: the red channel collapses.
    red = ch.simulate_cvd(["#FF0000"], "protanopia")[0]
    assert red[0] < 0.2 and red[1] > 0.1


def test_lab_reference_values():
    lab_white = ch.srgb_to_lab(np.ones(3))
    np.testing.assert_allclose(lab_white, [100, 0, 0], atol=1e-3)
    lab_red = ch.srgb_to_lab(ch.simulate_cvd(["#FF0000"])[0])
    np.testing.assert_allclose(lab_red, [53.24, 80.09, 67.20], atol=0.05)


@pytest.mark.parametrize("vision", VISIONS)
def test_palette_min_delta_e(vision):
    assert ch.min_delta_e(ch.PALETTE, vision) >= ch.MIN_DELTA_E


def test_delta_e_check_has_teeth():
    # Okabe-Ito orange darkened at constant chromaticity, as a naive fix would
    # do, collapses onto vermillion for deuteranopes; the check must catch it.
    naive = [*ch.PALETTE[:4], "#B07C1A"]
    assert ch.min_delta_e(naive, "deuteranopia") < 8
    with pytest.raises(ValueError, match="vision"):
        ch.min_delta_e(ch.PALETTE, "achromatopsia")


def test_bad_colour_strings():
    with pytest.raises(ValueError, match="hex colour"):
        ch.relative_luminance("#12345")
    with pytest.raises(TypeError, match="hex colour"):
        ch.relative_luminance(0x123456)


# --------------------------------------------------------------- theme registry

def test_themes_registered_and_enabled():
    assert {"monoculture", "monoculture-dark"} <= set(alt.theme.names())
    assert alt.theme.active == "monoculture"
    ch.use_theme("dark")
    assert alt.theme.active == "monoculture-dark"
    spec = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a").to_dict()
    assert spec["background"] == ch.DARK["background"]
    with pytest.raises(ValueError, match="mode"):
        ch.use_theme("sepia")
    with pytest.raises(ValueError, match="mode"):
        ch.theme_config("sepia")


def test_theme_font_sizes():
    c = ch.theme_config()["config"]
    assert 15 <= c["title"]["fontSize"] <= 16
    assert c["axis"]["labelFontSize"] == 12 == c["legend"]["labelFontSize"]


# --------------------------------------------------------------- helpers

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
    ch.check_accessible(chart)


def test_sim_vs_theory_variants(sim_df):
    no_band = ch.sim_vs_theory(sim_df, "N", "H", "theory", title="t", description="d")
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
        ch.sim_vs_theory(sim_df, x, sim, theory, **base)


def test_sim_vs_theory_log_axes_need_positive_values(sim_df):
    with pytest.raises(ValueError, match="^log_y: the band's lower edge"):
        _sim_chart(sim_df.assign(se=1.0), log_y=True)  # band reaches below zero
    with pytest.raises(ValueError, match="^x: column 'N' must be > 0"):
        _sim_chart(sim_df.assign(N=sim_df.N - 10), log_x=True)


def test_sim_vs_theory_requires_title_and_description(sim_df):
    with pytest.raises(TypeError):
        ch.sim_vs_theory(sim_df, "N", "H", "theory", description="d")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ch.sim_vs_theory(sim_df, "N", "H", "theory", title="t")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="df"):
        ch.sim_vs_theory(sim_df.to_dict(), "N", "H", "theory", title="t", description="d")
    with pytest.raises(ValueError, match="^x: column 'run' must be numeric"):
        ch.sim_vs_theory(sim_df.assign(run="a"), "run", "H", "theory", title="t", description="d")
    with pytest.raises(ValueError, match="^series: at most 6"):
        many = pd.concat([sim_df.assign(k=i) for i in range(7)], ignore_index=True)
        ch.sim_vs_theory(many, "N", "H", "theory", series="k", title="t", description="d")


def test_trajectories(runs_df):
    chart = ch.trajectories(runs_df, "generation", "entropy", group="run", title="Entropy",
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
    coloured = ch.trajectories(runs_df, "generation", "entropy", group="run", color="arm",
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
        ch.trajectories(runs_df, "generation", "entropy", **args)
    with pytest.raises(ValueError, match="^y: column 'entropy' must be > 0"):
        ch.trajectories(runs_df.assign(entropy=runs_df.entropy - 5), "generation", "entropy",
                        group="run", title="t", description="d", log_y=True)


def test_finalize_and_check_accessible():
    df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    base = alt.Chart(df).mark_point().encode(x="a", y="b")
    with pytest.raises(ValueError, match="title and description"):
        ch.check_accessible(base)
    with pytest.raises(ValueError, match="description"):
        ch.check_accessible(base.properties(title="Only a title"))
    with pytest.raises(ValueError, match="title"):
        ch.check_accessible(base.properties(description="Only a description"))
    for chart in (base, base + base, base | base, alt.vconcat(base, base)):
        done = ch.finalize(chart, title="T", description="D", subtitle=["p = 0.1", "n = 5"])
        assert ch.check_accessible(done) is done
        spec = done.to_dict()
        assert spec["title"]["text"] == "T" and spec["description"] == "D"
    with pytest.raises(ValueError, match="^title"):
        ch.finalize(base, title=" ", description="D")
    with pytest.raises(TypeError, match="^chart"):
        ch.finalize({"mark": "point"}, title="T", description="D")


# --------------------------------------------------------------- output

def test_static_image(sim_df):
    chart = _sim_chart(sim_df)
    png = ch.static_image(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = ch.static_image(chart, fmt="svg")
    assert svg.lstrip().startswith(b"<svg") and b"Heterozygosity" in svg
    with pytest.raises(ValueError, match="^fmt"):
        ch.static_image(chart, fmt="gif")
    with pytest.raises(ValueError, match="^scale"):
        ch.static_image(chart, scale=0)


def test_renderer_bundle(sim_df):
    assert alt.renderers.active == "monoculture"
    bundle = _sim_chart(sim_df)._repr_mimebundle_()
    html = bundle["text/html"]
    assert "vegaEmbed" in html
    assert '"renderer": "svg"' in html and '"actions": false' in html
    assert isinstance(bundle["image/png"], str)  # nbformat wants base64 text
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "Simulation agrees with 1/N." in bundle["text/plain"]


def test_renderer_refuses_inaccessible_chart():
    bare = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a")
    with pytest.raises(ValueError, match="title and description"):
        bare._repr_mimebundle_()


def test_renderer_respects_user_embed_options(sim_df):
    alt.renderers.enable("monoculture", embed_options={"actions": True})
    html = _sim_chart(sim_df)._repr_mimebundle_()["text/html"]
    assert '"renderer": "svg"' in html and '"actions": true' in html


def test_palette_pairs_documented_minimum_matches():
    """The minima quoted in the module docstring are what the code computes."""
    quoted = {"normal": 27.3, "protanopia": 22.5, "deuteranopia": 17.9, "tritanopia": 16.7}
    for vision, value in quoted.items():
        assert ch.min_delta_e(ch.PALETTE, vision) == pytest.approx(value, abs=0.05)
    # The four unchanged Okabe-Ito colours already cap what any extension can reach.
    kept = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    assert ch.min_delta_e(kept, "deuteranopia") == pytest.approx(17.9, abs=0.05)
    assert ch.min_delta_e(kept, "tritanopia") == pytest.approx(17.0, abs=0.05)
