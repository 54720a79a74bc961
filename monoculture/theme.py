"""The book's colour palette and Altair theme (light and dark).

Every figure in *Monoculture* is drawn with one theme and one categorical
palette, so that the chapters look alike and every figure meets the same
accessibility rules. Importing this module registers the two themes and
enables the light one together with the book's renderer
(:mod:`monoculture.render`); see :func:`use_theme`.

-------
The categorical palette :data:`PALETTE` starts from the Okabe–Ito palette
(Okabe & Ito 2008, *Color Universal Design*), a published palette chosen to
stay distinguishable under the common colour-vision deficiencies. The book
adds one requirement that Okabe–Ito does not meet as published: every
categorical colour must reach the WCAG 2.1 contrast ratio of 3:1 for
non-text graphics (success criterion 1.4.11) against **both** a white
background and a near-black one (``#121212``), so that the same colours
work in the light chart theme and in the dark variant. That pins the
relative luminance of each colour to roughly ``[0.12, 0.29]``. Hence:

* blue ``#0072B2``, vermillion ``#D55E00``, bluish green ``#009E73`` and
  reddish purple ``#CC79A7`` are kept unchanged (they already pass);
* sky blue ``#56B4E9`` (luminance 0.41) is replaced by a darker, more
  saturated azure ``#1D92FE``;
* orange ``#E69F00`` (luminance 0.42) is replaced by a darkened, desaturated
  bronze ``#7E6130``. A darkened *saturated* orange collapses onto
  vermillion for protanopes and deuteranopes (CIE76 ΔE below 8 in the
  colour-vision simulation of the tests), so chroma was traded for separation;
* yellow ``#F0E442`` (far too light on white) and black (invisible on the
  dark background) are dropped.

The two replacements were chosen by a grid search in CIELAB near the
original hues, maximising the smallest pairwise colour difference under
normal vision and the three simulated dichromacies, subject to a contrast
of at least 3.1:1 on both backgrounds (a little margin over 3:1).

What the tests check
--------------------
``tests/test_theme.py`` makes the claims above checkable (the colour-vision
simulation and CIELAB maths it needs live with the tests, in
``tests/colour_science.py``):

* WCAG 2.1 contrast of every text colour of the theme against its
  background is at least 4.5:1, in light and in dark mode;
* every palette colour has contrast at least 3:1 against ``#ffffff`` and
  ``#121212``;
* under normal vision and under simulated protanopia, deuteranopia and
  tritanopia (Machado, Oliveira & Fernandes 2009, severity 1.0, applied in
  linear RGB), the smallest CIE76 ΔE (CIELAB, D65) between two palette
  colours is at least 16. The measured minima are
  27.3 (normal), 22.5 (protanopia), 17.9 (deuteranopia) and 16.7
  (tritanopia). 16 is the highest round threshold the palette honestly
  achieves: the four unchanged Okabe–Ito colours alone already bound it at
  17.9 (deuteranopia, bluish green vs reddish purple) and 17.0
  (tritanopia, blue vs bluish green). A ΔE of about 2.3 is a just
  noticeable difference; 16 is clearly distinct for lines and points,
  though the palette should still be backed by a second channel (dash,
  shape, direct labels) where the distinction carries the argument.

The neutral grey :data:`NEUTRAL` (used for de-emphasised context such as
individual simulation runs) is not a category colour and is excluded from
the ΔE check; it still meets 3:1 on both backgrounds.

Sequential data (heat maps, colour by value) use viridis (van der Walt &
Smith 2015), a perceptually uniform map that stays readable under the
colour-vision deficiencies, cut to the stretch whose every colour reaches
3:1 against the chart background (:func:`sequential_range`). Points,
circles, squares and ticks are opaque by default; a chart that wants
translucent context marks asks for them, and the browser audit checks
every mark drawn at opacity 0.5 or more against 3:1.

References
----------
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make
figures and presentations that are friendly to colorblind people.
https://jfly.uni-koeln.de/color/

van der Walt, S. & Smith, N. (2015). A better default colormap for
matplotlib (viridis). SciPy 2015. https://bids.github.io/colormap/

W3C (2018). Web Content Accessibility Guidelines (WCAG) 2.1, definitions of
"relative luminance" and "contrast ratio".
"""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
import numpy as np

from . import render

__all__ = [
    "PALETTE",
    "PALETTE_NAMES",
    "NEUTRAL",
    "VIRIDIS",
    "SEQUENTIAL_MIN_CONTRAST",
    "LIGHT",
    "DARK",
    "FONT",
    "hex_to_linear_rgb",
    "relative_luminance",
    "contrast_ratio",
    "sequential_range",
    "theme_config",
    "use_theme",
]

# ---------------------------------------------------------------------------
# Colours
# ---------------------------------------------------------------------------

#: Name -> hex colour of the categorical palette, in the order charts use it.
PALETTE_NAMES: dict[str, str] = {
    "blue": "#0072B2",            # Okabe-Ito blue, unchanged
    "vermillion": "#D55E00",      # Okabe-Ito vermillion, unchanged
    "bluish green": "#009E73",    # Okabe-Ito bluish green, unchanged
    "reddish purple": "#CC79A7",  # Okabe-Ito reddish purple, unchanged
    "azure": "#1D92FE",           # replaces Okabe-Ito sky blue #56B4E9
    "bronze": "#7E6130",          # replaces Okabe-Ito orange #E69F00
}

#: The categorical palette (six colours), as a tuple of hex strings.
PALETTE: tuple[str, ...] = tuple(PALETTE_NAMES.values())

#: Neutral grey for de-emphasised context marks (not a category colour).
NEUTRAL: str = "#8C8C8C"

#: The viridis colour map (van der Walt & Smith 2015, matplotlib) as the 31
#: evenly spaced knots that Vega's ``"viridis"`` scheme interpolates, dark to
#: light. Sequential (continuous) data use a contrast-safe stretch of it, see
#: :func:`sequential_range`.
VIRIDIS: tuple[str, ...] = (
    "#440154", "#470E61", "#481A6C", "#482575", "#472F7D", "#443A83", "#414487",
    "#3D4E8A", "#39568C", "#35608D", "#31688E", "#2D708E", "#2A788E", "#27818E",
    "#23888E", "#21918D", "#1F988B", "#1FA088", "#22A884", "#2AB07F", "#35B779",
    "#43BF71", "#54C568", "#66CC5D", "#7AD151", "#8FD744", "#A5DB36", "#BCDF27",
    "#D2E21B", "#E9E51A", "#FDE725",
)

#: Contrast every colour of the sequential range keeps against the chart
#: background (WCAG 1.4.11 asks 3:1 of graphical objects; 0.1 margin).
SEQUENTIAL_MIN_CONTRAST: float = 3.1

#: Smallest CIE76 colour difference between any two palette colours that the
#: Colours of the light (default) chart theme.
LIGHT: dict[str, str] = {
    "background": "#FFFFFF",
    "text": "#1A1A1A",
    "muted_text": "#4D4D4D",
    "axis": "#595959",
    "grid": "#E6E6E6",
}

#: Colours of the dark chart theme.
DARK: dict[str, str] = {
    "background": "#121212",
    "text": "#E6E6E6",
    "muted_text": "#B3B3B3",
    "axis": "#A6A6A6",
    "grid": "#2E2E2E",
}

FONT = "'Source Sans 3', 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"



def _hex_to_srgb(color: str, name: str) -> np.ndarray:
    """Parse ``#RRGGBB`` (or ``#RGB``) into sRGB components in ``[0, 1]``."""
    if not isinstance(color, str):
        raise TypeError(f"{name} must be a hex colour string, got {type(color).__name__}")
    h = color.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6:
        raise ValueError(f"{name} must be a hex colour like '#0072B2', got {color!r}")
    try:
        return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0
    except ValueError:
        raise ValueError(f"{name} must be a hex colour like '#0072B2', got {color!r}") from None


def hex_to_linear_rgb(color: str, name: str = "color") -> np.ndarray:
    """Linear-light RGB components of a hex colour (IEC 61966-2-1 sRGB decoding).

    Parameters
    ----------
    color : str
        Hex colour, ``"#RRGGBB"`` or ``"#RGB"``.
    name : str
        Parameter name used in error messages.

    Returns
    -------
    numpy.ndarray
        Shape ``(3,)``, values in ``[0, 1]``.
    """
    c = _hex_to_srgb(color, name)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a hex colour.

    Parameters
    ----------
    color : str
        Hex colour, ``"#RRGGBB"``.

    Returns
    -------
    float
        ``0.2126 R + 0.7152 G + 0.0722 B`` of the linearised sRGB components,
        in ``[0, 1]``.
    """
    lin = hex_to_linear_rgb(color)
    return float(lin @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(color_a: str, color_b: str) -> float:
    """WCAG 2.1 contrast ratio ``(L1 + 0.05) / (L2 + 0.05)`` of two colours.

    Parameters
    ----------
    color_a, color_b : str
        Hex colours; the order does not matter.

    Returns
    -------
    float
        A number in ``[1, 21]``. WCAG asks for 4.5 for normal text and 3 for
        graphical objects.
    """
    la, lb = relative_luminance(color_a), relative_luminance(color_b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def sequential_range(mode: Literal["light", "dark"] = "light") -> list[str]:
    """The colour range for sequential data: the longest viridis stretch that stays visible.

    A heat map cell or a point coloured by value is a graphical object, so
    every colour it can take must reach :data:`SEQUENTIAL_MIN_CONTRAST`
    against the chart background. Full viridis does not: its yellow end is
    1.3:1 on white and its purple end 1.4:1 on ``#121212``. This keeps the
    knots of :data:`VIRIDIS` that pass, which is the dark end on the light
    theme (purple to teal) and the light end on the dark theme (blue to
    yellow). Both stretches are contiguous and monotone in lightness, so the
    scale still reads as "more" in one direction.

    Parameters
    ----------
    mode : {"light", "dark"}
        The chart theme whose background the colours must contrast with.

    Returns
    -------
    list of str
        Hex colours, low values first (dark to light, in both themes).
    """
    if mode not in ("light", "dark"):
        raise ValueError(f"mode must be 'light' or 'dark', got {mode!r}")
    background = (LIGHT if mode == "light" else DARK)["background"]
    return [c for c in VIRIDIS if contrast_ratio(c, background) >= SEQUENTIAL_MIN_CONTRAST]


# ---------------------------------------------------------------------------
# Theme
# ---------------------------------------------------------------------------

def theme_config(mode: Literal["light", "dark"] = "light") -> dict[str, Any]:
    """The book's Altair theme as a Vega-Lite top-level dictionary.

    Parameters
    ----------
    mode : {"light", "dark"}
        ``"light"`` (the default used in the book: an opaque white chart on
        any page colour) or ``"dark"`` (opaque ``#121212``).

    Returns
    -------
    dict
        A fresh dictionary with ``background`` and ``config`` keys, suitable
        as the return value of a function registered with
        ``alt.theme.register``.
    """
    if mode not in ("light", "dark"):
        raise ValueError(f"mode must be 'light' or 'dark', got {mode!r}")
    c = LIGHT if mode == "light" else DARK
    text, muted, axis, grid = c["text"], c["muted_text"], c["axis"], c["grid"]
    axis_cfg = {
        "labelFontSize": 12,
        "titleFontSize": 13,
        "titleFontWeight": "normal",
        "labelColor": text,
        "titleColor": text,
        "domainColor": axis,
        "tickColor": axis,
        "gridColor": grid,
        "labelFont": FONT,
        "titleFont": FONT,
    }
    header_cfg = {  # also the base of the legend's
        "labelFontSize": 12,
        "titleFontSize": 13,
        "labelColor": text,
        "titleColor": text,
        "labelFont": FONT,
        "titleFont": FONT,
    }
    return {
        "background": c["background"],
        "padding": 8,
        "config": {
            "background": c["background"],
            "font": FONT,
            "view": {"continuousWidth": 600, "continuousHeight": 300, "stroke": None},
            "title": {
                "fontSize": 16,
                "subtitleFontSize": 13,
                "color": text,
                "subtitleColor": muted,
                "anchor": "start",
                "offset": 10,
                "font": FONT,
                "subtitleFont": FONT,
            },
            "axis": axis_cfg,
            "legend": {**header_cfg, "labelLimit": 320, "symbolStrokeWidth": 2},
            "header": header_cfg,
            "text": {"color": text, "fontSize": 12, "font": FONT},
            "mark": {"color": PALETTE[0]},
            "line": {"strokeWidth": 2},
            # Vega-Lite draws points, circles, squares and ticks at opacity 0.7 by
            # default, which takes most palette colours below 3:1; charts that
            # want translucent context ask for it explicitly.
            "point": {"size": 45, "filled": True, "opacity": 1},
            "circle": {"opacity": 1},
            "square": {"opacity": 1},
            "tick": {"opacity": 1},
            "rule": {"color": axis},
            "range": {
                "category": list(PALETTE),
                "ordinal": sequential_range(mode),
                "ramp": sequential_range(mode),
                "heatmap": sequential_range(mode),
            },
        },
    }


@alt.theme.register("monoculture", enable=False)
def _monoculture_light() -> alt.theme.ThemeConfig:
    return theme_config("light")  # type: ignore[return-value]


@alt.theme.register("monoculture-dark", enable=False)
def _monoculture_dark() -> alt.theme.ThemeConfig:
    return theme_config("dark")  # type: ignore[return-value]


def use_theme(mode: Literal["light", "dark"] = "light", *, enable_renderer: bool = True) -> None:
    """Enable the book's theme, its data transformer and, by default, its renderer.

    Called once on import of :mod:`monoculture.theme` with the defaults. The
    data transformer (:func:`monoculture.render.data_transformer`) rounds each
    float of a chart's data to :data:`monoculture.render.SIGNIFICANT_DIGITS`
    significant digits, so a chart's output is the same on every machine.

    Parameters
    ----------
    mode : {"light", "dark"}
        Enables the ``"monoculture"`` or ``"monoculture-dark"`` theme.
    enable_renderer : bool
        Also enable the ``"monoculture"`` renderer (HTML + PNG bundle with
        the accessibility check).
    """
    if mode not in ("light", "dark"):
        raise ValueError(f"mode must be 'light' or 'dark', got {mode!r}")
    alt.theme.enable("monoculture" if mode == "light" else "monoculture-dark")
    alt.data_transformers.enable(render.TRANSFORMER_NAME)
    if enable_renderer:
        alt.renderers.enable(render.RENDERER_NAME)


use_theme()
