"""Tests for monoculture.theme: the accessibility claims of the palette and the theme."""

from __future__ import annotations

import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

import colour_science as cs
from conftest import ROOT
from monoculture import theme

pytestmark = pytest.mark.usefixtures("book_theme")

WHITE, NEAR_BLACK = "#FFFFFF", "#121212"
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")


# --------------------------------------------------------------- colour science

def test_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # #767676 is the well-known lightest grey with 4.5:1 on white.
    assert theme.contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


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
    cfg = theme.theme_config(mode)
    bg = cfg["background"]
    assert bg == cfg["config"]["background"]
    assert bg.lower() not in ("transparent", "none", "")
    for where, colour in _text_colours(cfg):
        assert theme.contrast_ratio(colour, bg) >= 4.5, (mode, where, colour)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axis_lines_contrast_at_least_3(mode):
    cfg = theme.theme_config(mode)
    axis = cfg["config"]["axis"]
    for key in ("domainColor", "tickColor"):
        assert theme.contrast_ratio(axis[key], cfg["background"]) >= 3.0


@pytest.mark.parametrize("colour", [*theme.PALETTE, theme.NEUTRAL])
@pytest.mark.parametrize("background", [WHITE, NEAR_BLACK,
                                        theme.LIGHT["background"], theme.DARK["background"]])
def test_palette_contrast_at_least_3(colour, background):
    assert theme.contrast_ratio(colour, background) >= 3.0


def test_viridis_knots_are_vegas_scheme():
    # The knots are exactly the "viridis" scheme of the vendored Vega.
    vega = (ROOT / "_vendor" / "vega" / "vega.min.js").read_text()
    packed = re.search(r'viridis:"([0-9a-f]+)"', vega).group(1)
    knots = tuple("#" + packed[i:i + 6].upper() for i in range(0, len(packed), 6))
    assert theme.VIRIDIS == knots and len(set(knots)) == len(knots)
    lum = [theme.relative_luminance(c) for c in theme.VIRIDIS]
    assert all(a < b for a, b in zip(lum, lum[1:])), "viridis gets lighter monotonically"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_sequential_range_contrast(mode):
    bg = theme.theme_config(mode)["background"]
    rng = theme.sequential_range(mode)
    assert all(theme.contrast_ratio(c, bg) >= theme.SEQUENTIAL_MIN_CONTRAST >= 3.0 for c in rng)
    # A contiguous stretch of viridis, as long as the contrast allows: the
    # knot just outside it fails.
    start = theme.VIRIDIS.index(rng[0])
    assert list(theme.VIRIDIS[start:start + len(rng)]) == rng
    outside = theme.VIRIDIS[start + len(rng)] if mode == "light" else theme.VIRIDIS[start - 1]
    assert theme.contrast_ratio(outside, bg) < theme.SEQUENTIAL_MIN_CONTRAST
    assert (start == 0) == (mode == "light") and (start + len(rng) == len(theme.VIRIDIS)) == (mode == "dark")
    # Still a usable sequential scale: more than half of the map, and a
    # lightness span of at least 40 CIE L* units.
    assert len(rng) > len(theme.VIRIDIS) / 2
    lab = cs.srgb_to_lab(cs.simulate_cvd([rng[0], rng[-1]]))
    assert abs(lab[1, 0] - lab[0, 0]) >= 40
    r = theme.theme_config(mode)["config"]["range"]
    assert r["heatmap"] == r["ramp"] == r["ordinal"] == rng
    with pytest.raises(ValueError, match="mode"):
        theme.sequential_range("sepia")


def test_point_marks_opaque_by_default():
    c = theme.theme_config()["config"]
    assert all(c[m]["opacity"] == 1 for m in ("point", "circle", "square", "tick"))


def test_palette_shape_and_origin():
    assert len(theme.PALETTE) == 6 == len(set(theme.PALETTE))
    okabe_ito_kept = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"}
    assert okabe_ito_kept <= set(theme.PALETTE)
    assert not {"#F0E442", "#000000", "#E69F00", "#56B4E9"} & set(theme.PALETTE)
    assert theme.theme_config()["config"]["range"]["category"] == list(theme.PALETTE)


def test_cvd_matrices_are_machado_severity_1():
    # Each Machado et al. (2009) matrix maps white to (approximately) white.
    for name, m in cs.CVD_MATRICES.items():
        np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-5, err_msg=name)
    # A pure red becomes a dark olive for protanopes: the red channel collapses.
    red = cs.simulate_cvd(["#FF0000"], "protanopia")[0]
    assert red[0] < 0.2 and red[1] > 0.1


def test_lab_reference_values():
    lab_white = cs.srgb_to_lab(np.ones(3))
    np.testing.assert_allclose(lab_white, [100, 0, 0], atol=1e-3)
    lab_red = cs.srgb_to_lab(cs.simulate_cvd(["#FF0000"])[0])
    np.testing.assert_allclose(lab_red, [53.24, 80.09, 67.20], atol=0.05)


@pytest.mark.parametrize("vision", VISIONS)
def test_palette_min_delta_e(vision):
    assert cs.min_delta_e(theme.PALETTE, vision) >= cs.MIN_DELTA_E


def test_delta_e_check_has_teeth():
    # Okabe-Ito orange darkened at constant chromaticity, as a naive fix would
    # do, collapses onto vermillion for deuteranopes; the check must catch it.
    naive = [*theme.PALETTE[:4], "#B07C1A"]
    assert cs.min_delta_e(naive, "deuteranopia") < 8
    with pytest.raises(ValueError, match="vision"):
        cs.min_delta_e(theme.PALETTE, "achromatopsia")


def test_bad_colour_strings():
    with pytest.raises(ValueError, match="hex colour"):
        theme.relative_luminance("#12345")
    with pytest.raises(TypeError, match="hex colour"):
        theme.relative_luminance(0x123456)


# --------------------------------------------------------------- theme registry

def test_themes_registered_and_enabled():
    assert {"monoculture", "monoculture-dark"} <= set(alt.theme.names())
    assert alt.theme.active == "monoculture"
    theme.use_theme("dark")
    assert alt.theme.active == "monoculture-dark"
    spec = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a").to_dict()
    assert spec["background"] == theme.DARK["background"]
    with pytest.raises(ValueError, match="mode"):
        theme.use_theme("sepia")
    with pytest.raises(ValueError, match="mode"):
        theme.theme_config("sepia")


def test_theme_font_sizes():
    c = theme.theme_config()["config"]
    assert 15 <= c["title"]["fontSize"] <= 16
    assert c["axis"]["labelFontSize"] == 12 == c["legend"]["labelFontSize"]


def test_palette_pairs_documented_minimum_matches():
    """The minima quoted in the module docstring are what the code computes."""
    quoted = {"normal": 27.3, "protanopia": 22.5, "deuteranopia": 17.9, "tritanopia": 16.7}
    for vision, value in quoted.items():
        assert cs.min_delta_e(theme.PALETTE, vision) == pytest.approx(value, abs=0.05)
    # The four unchanged Okabe-Ito colours already cap what any extension can reach.
    kept = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    assert cs.min_delta_e(kept, "deuteranopia") == pytest.approx(17.9, abs=0.05)
    assert cs.min_delta_e(kept, "tritanopia") == pytest.approx(17.0, abs=0.05)
