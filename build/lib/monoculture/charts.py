"""The book's Altair theme, colour palette and repeated figure helpers.

Every figure in *Monoculture* is drawn with one theme, one categorical
palette and a handful of helpers, so that the chapters look alike and every
figure meets the same accessibility rules. Importing this module registers
the themes and the renderer and enables them (see :func:`use_theme`).

Palette
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
  simulation below), so chroma was traded for separation;
* yellow ``#F0E442`` (far too light on white) and black (invisible on the
  dark background) are dropped.

The two replacements were chosen by a grid search in CIELAB near the
original hues, maximising the smallest pairwise colour difference under
normal vision and the three simulated dichromacies, subject to a contrast
of at least 3.1:1 on both backgrounds (a little margin over 3:1).

What the tests check
--------------------
``tests/test_charts.py`` makes the claims above checkable:

* WCAG 2.1 contrast of every text colour of the theme against its
  background is at least 4.5:1, in light and in dark mode;
* every palette colour has contrast at least 3:1 against ``#ffffff`` and
  ``#121212``;
* under normal vision and under simulated protanopia, deuteranopia and
  tritanopia (Machado, Oliveira & Fernandes 2009, severity 1.0, applied in
  linear RGB), the smallest CIE76 ΔE (CIELAB, D65) between two palette
  colours is at least :data:`MIN_DELTA_E` = 16. The measured minima are
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

Figures
-------
Every helper requires a ``title`` and a ``description``; the description is
written to the Vega-Lite top-level ``description``, which the Vega view
sets as the ``aria-label`` of the chart's container (``role="figure"``), so
screen readers announce it. The HTML output uses Vega's SVG renderer, which
also exposes the axes, legends and marks with their own ARIA labels (a canvas
is opaque to assistive technology). The
``"monoculture"`` renderer refuses (``ValueError``) to display a chart
without both, and adds a static PNG next to the interactive HTML so that
the PDF build and other consumers without JavaScript still get an image.

References
----------
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make
figures and presentations that are friendly to colorblind people.
https://jfly.uni-koeln.de/color/

Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009). A
physiologically-based model for simulation of color vision deficiency.
IEEE Transactions on Visualization and Computer Graphics 15(6), 1291-1298.

van der Walt, S. & Smith, N. (2015). A better default colormap for
matplotlib (viridis). SciPy 2015. https://bids.github.io/colormap/

W3C (2018). Web Content Accessibility Guidelines (WCAG) 2.1, definitions of
"relative luminance" and "contrast ratio".
"""

from __future__ import annotations

import base64
import itertools
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd
import vl_convert as vlc

from ._validate import check_int, check_probability, check_real

__all__ = [
    "PALETTE",
    "PALETTE_NAMES",
    "NEUTRAL",
    "VIRIDIS",
    "SEQUENTIAL_MIN_CONTRAST",
    "sequential_range",
    "LIGHT",
    "DARK",
    "MIN_DELTA_E",
    "CVD_MATRICES",
    "theme_config",
    "use_theme",
    "relative_luminance",
    "contrast_ratio",
    "simulate_cvd",
    "srgb_to_lab",
    "min_delta_e",
    "sim_vs_theory",
    "trajectories",
    "finalize",
    "check_accessible",
    "static_image",
    "renderer",
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
#: tests require, under normal vision and each simulated dichromacy.
MIN_DELTA_E: float = 16.0

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

# Colour-vision-deficiency simulation matrices of Machado, Oliveira &
# Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6):1291-1298, severity 1.0 (dichromacy),
# as published in the authors' supplementary table. They act on *linear*
# RGB column vectors.
CVD_MATRICES: dict[str, np.ndarray] = {
    "protanopia": np.array([
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]),
    "deuteranopia": np.array([
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]),
    "tritanopia": np.array([
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ]),
}

Vision = Literal["normal", "protanopia", "deuteranopia", "tritanopia"]

# sRGB (linear) -> CIE XYZ, D65 white (IEC 61966-2-1).
_RGB_TO_XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
])
_WHITE_D65 = _RGB_TO_XYZ @ np.ones(3)


def _hex_to_srgb(color: str, name: str = "color") -> np.ndarray:
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


def _srgb_to_linear(c: np.ndarray) -> np.ndarray:
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
    lin = _srgb_to_linear(_hex_to_srgb(color))
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


def simulate_cvd(colors: Sequence[str], vision: Vision = "normal") -> np.ndarray:
    """Linear RGB of colours as seen with a colour-vision deficiency.

    Applies the Machado et al. (2009) severity-1.0 matrix in linear RGB and
    clips the result to the displayable range.

    Parameters
    ----------
    colors : sequence of str
        Hex colours.
    vision : {"normal", "protanopia", "deuteranopia", "tritanopia"}
        The simulated vision; ``"normal"`` returns the colours unchanged.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(len(colors), 3)`` with linear RGB in ``[0, 1]``.
    """
    if vision != "normal" and vision not in CVD_MATRICES:
        allowed = ", ".join(["normal", *CVD_MATRICES])
        raise ValueError(f"vision must be one of {allowed}; got {vision!r}")
    lin = np.array([_srgb_to_linear(_hex_to_srgb(c, "colors")) for c in colors])
    if vision == "normal":
        return lin
    return np.clip(lin @ CVD_MATRICES[vision].T, 0.0, 1.0)


def srgb_to_lab(linear_rgb: np.ndarray) -> np.ndarray:
    """Convert linear sRGB to CIELAB (D65 white point).

    Parameters
    ----------
    linear_rgb : numpy.ndarray
        Array of shape ``(n, 3)`` (or ``(3,)``) of linear RGB values.

    Returns
    -------
    numpy.ndarray
        ``L*, a*, b*`` with the same leading shape.
    """
    xyz = np.asarray(linear_rgb, dtype=float) @ _RGB_TO_XYZ.T / _WHITE_D65
    delta = 6.0 / 29.0
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4.0 / 29.0)
    fx, fy, fz = f[..., 0], f[..., 1], f[..., 2]
    return np.stack([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)], axis=-1)


def min_delta_e(colors: Sequence[str] = PALETTE, vision: Vision = "normal") -> float:
    """Smallest pairwise CIE76 ΔE between colours under a simulated vision.

    Parameters
    ----------
    colors : sequence of str
        At least two hex colours; defaults to :data:`PALETTE`.
    vision : {"normal", "protanopia", "deuteranopia", "tritanopia"}
        See :func:`simulate_cvd`.

    Returns
    -------
    float
        ``min ||Lab_i - Lab_j||`` over all pairs ``i < j``.
    """
    if len(colors) < 2:
        raise ValueError(f"colors must hold at least 2 colours, got {len(colors)}")
    lab = srgb_to_lab(simulate_cvd(colors, vision))
    return float(min(np.linalg.norm(lab[i] - lab[j])
                     for i, j in itertools.combinations(range(len(colors)), 2)))


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
    header_cfg = {
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
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "labelColor": text,
                "titleColor": text,
                "labelFont": FONT,
                "titleFont": FONT,
                "labelLimit": 320,
                "symbolStrokeWidth": 2,
            },
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


# ---------------------------------------------------------------------------
# Accessibility checks, static export and the renderer
# ---------------------------------------------------------------------------

def _spec(chart: Any, name: str = "chart") -> dict[str, Any]:
    if isinstance(chart, Mapping):
        return dict(chart)
    if isinstance(chart, alt.TopLevelMixin):
        return chart.to_dict()
    raise TypeError(f"{name} must be an Altair chart or a Vega-Lite spec dict, "
                    f"got {type(chart).__name__}")


def _title_text(title: Any) -> str:
    if isinstance(title, Mapping):
        title = title.get("text", "")
    if isinstance(title, (list, tuple)):
        title = " ".join(str(t) for t in title)
    return title.strip() if isinstance(title, str) else ""


ChartLike = alt.TopLevelMixin | Mapping[str, Any]


def check_accessible(chart: ChartLike) -> ChartLike:
    """Check that a chart has a top-level title and description.

    Parameters
    ----------
    chart : altair chart or dict
        Any top-level Altair chart (single, layered, concatenated, faceted)
        or an already compiled Vega-Lite spec.

    Returns
    -------
    altair chart or dict
        ``chart`` itself, so the call can be chained.

    Raises
    ------
    ValueError
        If the spec has no non-empty top-level ``title`` or ``description``.
    """
    spec = _spec(chart)
    missing = []
    if not _title_text(spec.get("title")):
        missing.append("title")
    desc = spec.get("description")
    if not (isinstance(desc, str) and desc.strip()):
        missing.append("description")
    if missing:
        raise ValueError(
            f"chart lacks a non-empty top-level {' and '.join(missing)}; every figure "
            "in the book needs a title and a screen-reader description: use "
            "monoculture.charts.finalize(chart, title=..., description=...)"
        )
    return chart


def _vl_version() -> str | None:
    """The Vega-Lite version vl-convert should use to match Altair's schema."""
    want = alt.SCHEMA_VERSION.lstrip("v").split(".")
    available = list(vlc.get_vegalite_versions())
    major_minor = ".".join(want[:2])
    if major_minor in available:
        return major_minor
    same_major = [v for v in available if v.split(".")[0] == want[0]]
    if same_major:
        return max(same_major, key=lambda v: tuple(int(p) for p in v.split(".")))
    return None


def static_image(chart: ChartLike,
                 fmt: Literal["png", "svg", "pdf"] = "png",
                 scale: float = 1.0) -> bytes:
    """Render a chart to a static image with vl-convert (no browser needed).

    Parameters
    ----------
    chart : altair chart or dict
        The chart, or its Vega-Lite spec.
    fmt : {"png", "svg", "pdf"}
        Output format.
    scale : float
        Pixel scale factor for PNG (1.0 keeps a 600x300 chart small);
        ignored for SVG and PDF, which are vector formats.

    Returns
    -------
    bytes
        The encoded image (SVG as UTF-8 text).
    """
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"fmt must be 'png', 'svg' or 'pdf', got {fmt!r}")
    scale = check_real(scale, "scale", minimum=0.0, maximum=10.0, include_min=False)
    spec = _spec(chart)
    version = _vl_version()
    if fmt == "png":
        return bytes(vlc.vegalite_to_png(spec, vl_version=version, scale=scale))
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, vl_version=version).encode("utf-8")
    return bytes(vlc.vegalite_to_pdf(spec, vl_version=version))


_EMBED_DEFAULTS: dict[str, Any] = {"renderer": "svg", "actions": False}


def renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    """Altair renderer used by the book (registered as ``"monoculture"``).

    Checks accessibility first (:func:`check_accessible`), then returns a
    MIME bundle with Altair's standard ``text/html`` output (vega-embed with
    the SVG renderer: the ``description`` becomes the ``aria-label`` of the
    chart container and axes, legends and marks stay visible to screen
    readers),
    a base64 ``image/png`` rendered by vl-convert for the PDF build and
    other consumers without JavaScript, and a ``text/plain`` fallback with
    the title and description.

    Parameters
    ----------
    spec : dict
        The compiled Vega-Lite spec.
    **metadata
        Options from ``alt.renderers.enable("monoculture", ...)``:
        ``png_scale`` (float, default 1.0) and ``embed_options`` (merged
        over ``{"renderer": "svg", "actions": False}``); the rest go to
        Altair's HTML renderer.

    Returns
    -------
    dict
        ``{"text/html": str, "image/png": str (base64), "text/plain": str}``.

    Raises
    ------
    ValueError
        If the chart lacks a title or description.
    """
    from altair.vegalite.v6.display import html_renderer

    check_accessible(spec)
    png_scale = metadata.pop("png_scale", 1.0)
    embed = {**_EMBED_DEFAULTS, **(metadata.pop("embed_options", None) or {})}
    bundle = dict(html_renderer(spec, embed_options=embed, **metadata))
    png = static_image(spec, fmt="png", scale=png_scale)
    bundle["image/png"] = base64.b64encode(png).decode("ascii")
    bundle["text/plain"] = f"{_title_text(spec.get('title'))}\n\n{spec['description'].strip()}"
    return bundle


alt.renderers.register("monoculture", renderer)


def use_theme(mode: Literal["light", "dark"] = "light", *, enable_renderer: bool = True) -> None:
    """Enable the book's theme (and, by default, its renderer).

    Called once on import of :mod:`monoculture.charts` with the defaults.

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
    if enable_renderer:
        alt.renderers.enable("monoculture")


# ---------------------------------------------------------------------------
# Figure helpers
# ---------------------------------------------------------------------------

def _check_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value


def _check_df(df: Any, name: str = "df") -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    if df.empty:
        raise ValueError(f"{name} must have at least one row")
    return df


def _check_column(df: pd.DataFrame, column: Any, name: str, *, numeric: bool = True,
                  positive: bool = False) -> str:
    if not isinstance(column, str):
        raise TypeError(f"{name} must be a column name (str), got {type(column).__name__}")
    if column not in df.columns:
        shown = ", ".join(map(str, df.columns))
        raise ValueError(f"{name}: column {column!r} is not in df (columns: {shown})")
    if numeric:
        if not pd.api.types.is_numeric_dtype(df[column]) or pd.api.types.is_bool_dtype(df[column]):
            raise ValueError(f"{name}: column {column!r} must be numeric, "
                             f"got dtype {df[column].dtype}")
        values = df[column].to_numpy(dtype=float)
        finite = values[~np.isnan(values)]
        if finite.size == 0:
            raise ValueError(f"{name}: column {column!r} has no non-missing values")
        if not np.isfinite(finite).all():
            raise ValueError(f"{name}: column {column!r} must contain only finite numbers")
        if positive and (finite <= 0).any():
            raise ValueError(f"{name}: column {column!r} must be > 0 on a log axis, "
                             f"got minimum {finite.min():g}")
    return column


def _categories(values: pd.Series, name: str) -> list[Any]:
    levels = pd.unique(values.dropna())
    if pd.api.types.is_numeric_dtype(values):
        levels = np.sort(levels)
    levels = list(levels)
    if len(levels) > len(PALETTE):
        raise ValueError(f"{name}: at most {len(PALETTE)} distinct values can be told "
                         f"apart by colour, got {len(levels)}")
    return levels


def _label(value: Any) -> str:
    is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if is_real and float(value).is_integer():
        return str(int(value))
    return str(value)


def finalize(chart: alt.TopLevelMixin, *, title: str, description: str,
             subtitle: str | Sequence[str] | None = None) -> alt.TopLevelMixin:
    """Set the title, optional subtitle and screen-reader description of a chart.

    Works for any top-level chart (single, layered, concatenated, faceted),
    so hand-built chapter figures comply with the same rule as the helpers.

    Parameters
    ----------
    chart : altair chart
        The chart to label; it is not modified.
    title : str
        Chart title (non-empty).
    description : str
        Text for screen readers: what the figure shows and its take-home
        message (non-empty). Becomes the Vega-Lite top-level
        ``description`` and the ``aria-label`` of the chart container.
    subtitle : str or sequence of str, optional
        E.g. the simulated parameters; a sequence gives several lines.

    Returns
    -------
    altair chart
        A copy with ``title`` and ``description`` set.
    """
    if not isinstance(chart, alt.TopLevelMixin):
        raise TypeError(f"chart must be an Altair chart, got {type(chart).__name__}")
    _check_text(title, "title")
    _check_text(description, "description")
    if subtitle is None:
        title_param = alt.TitleParams(text=title)
    else:
        if isinstance(subtitle, str):
            _check_text(subtitle, "subtitle")
        elif not (isinstance(subtitle, Sequence) and subtitle
                  and all(isinstance(s, str) for s in subtitle)):
            raise TypeError("subtitle must be a string or a non-empty sequence of strings")
        title_param = alt.TitleParams(text=title, subtitle=subtitle if isinstance(subtitle, str)
                                      else list(subtitle))
    return chart.properties(title=title_param, description=description.strip())


def _scale(log: bool) -> alt.Scale:
    return alt.Scale(type="log", nice=False) if log else alt.Scale(zero=False)


def sim_vs_theory(
    df: pd.DataFrame,
    x: str,
    sim: str,
    theory: str,
    *,
    se: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    title: str,
    description: str,
    subtitle: str | Sequence[str] | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    z: float = 1.96,
    series: str | None = None,
    log_x: bool = False,
    log_y: bool = False,
    band_label: str | None = None,
) -> alt.LayerChart:
    """Simulation estimates with a Monte Carlo band against a theory curve.

    Simulation means are drawn as points joined by a solid line, with a
    shaded band (``sim ± z·se``, or the explicit ``lower``/``upper``
    columns); theory is a dashed line. With ``series`` each curve gets a
    palette colour; without it simulation is blue and theory vermillion.
    The legend names the curves ``"simulation (±z SE band)"`` and
    ``"theory"``, so the distinction never relies on colour alone.

    Parameters
    ----------
    df : pandas.DataFrame
        Small aggregated table, one row per x value (and series). Missing
        values are allowed and dropped layer by layer, e.g. theory evaluated
        on a finer grid than the simulation.
    x, sim, theory : str
        Numeric columns: the x variable, the simulation mean, the theory.
    se : str, optional
        Column of Monte Carlo standard errors of ``sim``.
    lower, upper : str, optional
        Columns with explicit band edges (both or neither; not with ``se``).
    title, description : str
        Required; see :func:`finalize`.
    subtitle : str or sequence of str, optional
        E.g. the simulated parameters.
    x_title, y_title : str, optional
        Axis titles; default to the column names ``x`` and ``sim``.
    z : float
        Band half-width in standard errors (> 0), used with ``se``.
    series : str, optional
        Column that splits the data into at most six curves.
    log_x, log_y : bool
        Logarithmic axes; the plotted values (including the band) must then
        be positive.
    band_label : str, optional
        Legend label of the simulation curve; overrides the default.

    Returns
    -------
    altair.LayerChart
    """
    df = _check_df(df)
    _check_text(title, "title")
    _check_text(description, "description")
    _check_column(df, x, "x", positive=log_x)
    _check_column(df, sim, "sim", positive=log_y)
    _check_column(df, theory, "theory", positive=log_y)
    if se is not None and (lower is not None or upper is not None):
        raise ValueError("se and lower/upper are alternatives: pass se, or lower and upper")
    if (lower is None) != (upper is None):
        raise ValueError("lower and upper must be given together")
    z = check_real(z, "z", minimum=0.0, include_min=False)
    for flag, nm in ((log_x, "log_x"), (log_y, "log_y")):
        if not isinstance(flag, bool):
            raise TypeError(f"{nm} must be a bool, got {type(flag).__name__}")

    data = pd.DataFrame({
        "x": df[x].to_numpy(dtype=float),
        "sim": df[sim].to_numpy(dtype=float),
        "theory": df[theory].to_numpy(dtype=float),
    })
    has_band = se is not None or lower is not None
    if se is not None:
        _check_column(df, se, "se")
        s = df[se].to_numpy(dtype=float)
        if (s[~np.isnan(s)] < 0).any():
            raise ValueError(f"se: column {se!r} must be non-negative")
        data["lower"] = data["sim"] - z * s
        data["upper"] = data["sim"] + z * s
        default_label = f"simulation (±{z:g} SE band)"
    elif lower is not None:
        _check_column(df, lower, "lower")
        _check_column(df, upper, "upper")
        data["lower"] = df[lower].to_numpy(dtype=float)
        data["upper"] = df[upper].to_numpy(dtype=float)
        default_label = "simulation (shaded interval)"
    else:
        default_label = "simulation"
    if has_band and log_y:
        lo = data["lower"].dropna()
        if (lo <= 0).any():
            raise ValueError(
                "log_y: the band's lower edge must be > 0 on a log axis, got minimum "
                f"{lo.min():g}; pass explicit positive lower/upper columns (e.g. quantiles)")
    sim_label = band_label if band_label is not None else default_label
    _check_text(sim_label, "band_label")
    theory_label = "theory"

    if series is not None:
        _check_column(df, series, "series", numeric=False)
        levels = _categories(df[series], "series")
        labels = [_label(v) for v in levels]
        data["series"] = df[series].map(dict(zip(levels, labels))).to_numpy()
        data = data[data["series"].notna()]
        color = alt.Color("series:N", title=series, scale=alt.Scale(domain=labels),
                          sort=labels, legend=alt.Legend(symbolType="stroke", symbolOpacity=1))
        band_color = color
    else:
        color = alt.Color("curve:N", title=None,
                          scale=alt.Scale(domain=[sim_label, theory_label],
                                          range=[PALETTE[0], PALETTE[1]]),
                          legend=alt.Legend(symbolType="stroke", symbolOpacity=1))
        band_color = alt.value(PALETTE[0])
    dash = alt.StrokeDash("curve:N", title=None,
                          scale=alt.Scale(domain=[sim_label, theory_label],
                                          range=[[1, 0], [6, 4]]),
                          legend=alt.Legend(symbolType="stroke", symbolOpacity=1))

    id_cols = ["x"] + (["series"] if series is not None else [])
    sim_rows = data[id_cols + ["sim"] + (["lower", "upper"] if has_band else [])]
    sim_rows = sim_rows.rename(columns={"sim": "y"}).assign(curve=sim_label)
    theory_rows = data[id_cols + ["theory"]].rename(columns={"theory": "y"}).assign(
        curve=theory_label)
    long = pd.concat([sim_rows, theory_rows], ignore_index=True)
    long = long[long["y"].notna()].sort_values(id_cols, kind="stable").reset_index(drop=True)

    x_enc = alt.X("x:Q", title=x_title if x_title is not None else x, scale=_scale(log_x))
    y_title = y_title if y_title is not None else sim
    y_enc = alt.Y("y:Q", title=y_title, scale=_scale(log_y))
    tooltip = [alt.Tooltip("x:Q", title=x_title or x),
               alt.Tooltip("y:Q", title=y_title, format=".4g"),
               alt.Tooltip("curve:N", title="curve")]
    if series is not None:
        tooltip.append(alt.Tooltip("series:N", title=series))

    is_sim = alt.FieldEqualPredicate(field="curve", equal=sim_label)
    is_theory = alt.FieldEqualPredicate(field="curve", equal=theory_label)
    base = alt.Chart().encode(x=x_enc)
    layers = []
    if has_band:
        layers.append(
            base.transform_filter(is_sim)
            .transform_filter("isValid(datum.lower) && isValid(datum.upper)")
            .mark_area(opacity=0.22)
            .encode(y=alt.Y("lower:Q", title=y_title, scale=_scale(log_y)), y2="upper:Q",
                    color=band_color)
        )
    layers.append(
        base.transform_filter(is_sim)
        .mark_line(point=True, strokeWidth=1.5)
        .encode(y=y_enc, color=color, strokeDash=dash, tooltip=tooltip)
    )
    layers.append(
        base.transform_filter(is_theory)
        .mark_line(strokeWidth=2.5)
        .encode(y=y_enc, color=color, strokeDash=dash, tooltip=tooltip)
    )
    chart = alt.layer(*layers, data=long)
    return finalize(chart, title=title, description=description, subtitle=subtitle)


def trajectories(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    group: str,
    title: str,
    description: str,
    subtitle: str | Sequence[str] | None = None,
    color: str | None = None,
    summary: Literal["mean", "median"] | None = "mean",
    quantiles: tuple[float, float] | None = None,
    n_individual: int | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    log_y: bool = False,
) -> alt.LayerChart:
    """Trajectories over generations: thin lines per run plus a summary line.

    Parameters
    ----------
    df : pandas.DataFrame
        Long table, one row per (group, x).
    x, y : str
        Numeric columns, e.g. ``"generation"`` and ``"entropy"``.
    group : str
        Column identifying one run (chain); each run is a thin line.
    title, description : str
        Required; see :func:`finalize`.
    subtitle : str or sequence of str, optional
        E.g. the simulated parameters.
    color : str, optional
        Column splitting the runs into at most six conditions, each drawn in
        a palette colour. Without it runs are neutral grey and the summary
        line is blue.
    summary : {"mean", "median"} or None
        Thick line summarising the runs at each x (per condition).
    quantiles : (float, float), optional
        Shade the band between these quantiles of the runs at each x, e.g.
        ``(0.1, 0.9)``.
    n_individual : int, optional
        Draw only the first ``n_individual`` runs (in sorted order) as
        lines; the summary and band still use all runs. Keeps the embedded
        data and the figure light.
    x_title, y_title : str, optional
        Axis titles; default to the column names.
    log_y : bool
        Logarithmic y axis (``y`` must be positive).

    Returns
    -------
    altair.LayerChart

    Notes
    -----
    Individual runs are de-emphasised: thin lines, in opaque
    :data:`NEUTRAL` grey (which still reaches 3:1 on the background) when
    there is one condition, and in translucent condition colours (opacity
    0.35, context only) when there are several. The summary line carries
    the message and uses a full-contrast palette colour.
    """
    df = _check_df(df)
    _check_text(title, "title")
    _check_text(description, "description")
    _check_column(df, x, "x")
    _check_column(df, y, "y", positive=log_y)
    _check_column(df, group, "group", numeric=False)
    if summary not in ("mean", "median", None):
        raise ValueError(f"summary must be 'mean', 'median' or None, got {summary!r}")
    if quantiles is not None:
        if not (isinstance(quantiles, Sequence) and len(quantiles) == 2):
            raise TypeError("quantiles must be a pair (low, high) of probabilities")
        q_lo = check_probability(quantiles[0], "quantiles[0]")
        q_hi = check_probability(quantiles[1], "quantiles[1]")
        if not q_lo < q_hi:
            raise ValueError(f"quantiles must satisfy low < high, got ({q_lo}, {q_hi})")
    if n_individual is not None:
        n_individual = check_int(n_individual, "n_individual", minimum=0)
    if not isinstance(log_y, bool):
        raise TypeError(f"log_y must be a bool, got {type(log_y).__name__}")

    data = pd.DataFrame({
        "x": df[x].to_numpy(dtype=float),
        "y": df[y].to_numpy(dtype=float),
        "run": df[group].map(_label).to_numpy(),
    })
    if color is not None:
        _check_column(df, color, "color", numeric=False)
        levels = _categories(df[color], "color")
        labels = [_label(v) for v in levels]
        data["cond"] = df[color].map(dict(zip(levels, labels))).to_numpy()
        data = data[data["cond"].notna()]
    else:
        labels = []
        data["cond"] = ""
    data = data[data["y"].notna() & data["x"].notna()]

    runs = sorted(pd.unique(data["run"]), key=_natural_key)
    shown = runs if n_individual is None else runs[:n_individual]
    summary_label = None
    if summary is not None:
        summary_label = f"{summary} of {len(runs)} runs"
        if quantiles is not None:
            summary_label += f" (band: {q_lo:.0%}–{q_hi:.0%} quantiles)"
    run_label = f"individual runs ({len(shown)} of {len(runs)} shown)"
    indiv = data[data["run"].isin(shown)].assign(layer="run", role=run_label)

    keys = ["cond", "x"]
    stats = []
    if summary is not None:
        agg = data.groupby(keys, sort=True)["y"].agg(summary).rename("y").reset_index()
        stats.append(agg.assign(layer="summary", role=summary_label))
    if quantiles is not None:
        grouped = data.groupby(keys, sort=True)["y"]
        band = pd.concat([grouped.quantile(q_lo).rename("lower"),
                          grouped.quantile(q_hi).rename("upper")], axis=1).reset_index()
        stats.append(band.assign(layer="band"))
    long = pd.concat([indiv, *stats], ignore_index=True)

    x_enc = alt.X("x:Q", title=x_title if x_title is not None else x, scale=alt.Scale(zero=False))
    y_title = y_title if y_title is not None else y
    y_scale = _scale(log_y)

    def on(layer: str) -> alt.FieldEqualPredicate:
        return alt.FieldEqualPredicate(field="layer", equal=layer)

    base = alt.Chart().encode(x=x_enc)
    layers = []
    if color is None:
        domain = [run_label] + ([summary_label] if summary_label else [])
        rng = [NEUTRAL] + ([PALETTE[0]] if summary_label else [])
        role_color = alt.Color("role:N", title=None, scale=alt.Scale(domain=domain, range=rng),
                               legend=alt.Legend(symbolType="stroke", symbolOpacity=1))
        if quantiles is not None:
            layers.append(base.transform_filter(on("band")).mark_area(
                opacity=0.2, color=PALETTE[0]).encode(
                y=alt.Y("lower:Q", title=y_title, scale=y_scale), y2="upper:Q"))
        layers.append(base.transform_filter(on("run"))
                      .mark_line(strokeWidth=1)
                      .encode(y=alt.Y("y:Q", title=y_title, scale=y_scale),
                              detail="run:N", color=role_color,
                              tooltip=[alt.Tooltip("run:N", title=group),
                                       alt.Tooltip("x:Q", title=x_title or x),
                                       alt.Tooltip("y:Q", title=y_title, format=".4g")]))
        if summary_label:
            layers.append(base.transform_filter(on("summary"))
                          .mark_line(strokeWidth=3)
                          .encode(y=alt.Y("y:Q", title=y_title, scale=y_scale), color=role_color,
                                  tooltip=[alt.Tooltip("x:Q", title=x_title or x),
                                           alt.Tooltip("y:Q", title=summary_label, format=".4g")]))
    else:
        legend_title: str | list[str] = color
        if summary_label:
            legend_title = [color, "thin lines: individual runs", f"thick line: {summary_label}"]
        cond_color = alt.Color("cond:N", title=legend_title, sort=labels,
                               scale=alt.Scale(domain=labels),
                               legend=alt.Legend(symbolType="stroke", symbolOpacity=1))
        if quantiles is not None:
            layers.append(base.transform_filter(on("band")).mark_area(opacity=0.18).encode(
                y=alt.Y("lower:Q", title=y_title, scale=y_scale), y2="upper:Q",
                color=cond_color))
        layers.append(base.transform_filter(on("run")).mark_line(strokeWidth=1, opacity=0.35)
                      .encode(y=alt.Y("y:Q", title=y_title, scale=y_scale), detail="run:N",
                              color=cond_color,
                              tooltip=[alt.Tooltip("run:N", title=group),
                                       alt.Tooltip("cond:N", title=color),
                                       alt.Tooltip("x:Q", title=x_title or x),
                                       alt.Tooltip("y:Q", title=y_title, format=".4g")]))
        if summary_label:
            layers.append(base.transform_filter(on("summary")).mark_line(strokeWidth=3)
                          .encode(y=alt.Y("y:Q", title=y_title, scale=y_scale), color=cond_color,
                                  tooltip=[alt.Tooltip("cond:N", title=color),
                                           alt.Tooltip("x:Q", title=x_title or x),
                                           alt.Tooltip("y:Q", title=summary, format=".4g")]))
    chart = alt.layer(*layers, data=long)
    return finalize(chart, title=title, description=description, subtitle=subtitle)


def _natural_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


use_theme()
