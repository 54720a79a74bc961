"""Rendering of the book's charts: the accessibility gate and the static image.

Every chart must carry a title and a ``description``; the description is
written to the Vega-Lite top-level ``description``, which the Vega view
sets as the ``aria-label`` of the chart's container (``role="figure"``), so
screen readers announce it. The HTML output uses Vega's SVG renderer, which
also exposes the axes, legends and marks with their own ARIA labels (a canvas
is opaque to assistive technology). The ``"monoculture"`` renderer,
registered on import, refuses (``ValueError``) to display a chart without
both, and adds a static PNG (rendered by vl-convert, no browser needed) next
to the interactive HTML so that the PDF build and other consumers without
JavaScript still get an image. :func:`monoculture.theme.use_theme` enables it.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, Literal

import altair as alt
import vl_convert as vlc

from ._validate import check_real

__all__ = ["RENDERER_NAME", "TRANSFORMER_NAME", "SIGNIFICANT_DIGITS", "ChartLike",
           "check_accessible", "static_image", "renderer", "round_floats", "data_transformer"]

#: Name under which :func:`renderer` is registered with Altair.
RENDERER_NAME = "monoculture"
#: Name under which :func:`data_transformer` is registered with Altair.
TRANSFORMER_NAME = "monoculture"
#: Significant digits a chart keeps of each floating-point value.
SIGNIFICANT_DIGITS = 8

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
            "monoculture.figures.finalize(chart, title=..., description=...)"
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


def round_floats(data: Any, digits: int = SIGNIFICANT_DIGITS) -> Any:
    """A copy of a DataFrame with every float column rounded to ``digits`` significant digits.

    Chart data are for the eye, and a chart with eight significant digits is
    exact to well below a pixel. Rounding also makes a chart's output the same
    on every machine: numpy's vectorised loops depend on the processor's SIMD
    instructions, so a float computed on two machines can differ in its last bit,
    and a lab's stored output (compared by nbval) would differ with it. The
    rounding goes through Python's correctly rounded decimal formatting, which
    gives the same result everywhere. Anything other than a pandas DataFrame is
    returned unchanged.

    Parameters
    ----------
    data
        The chart's data.
    digits : int
        Significant digits kept, from 1 to 17.
    """
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise TypeError(f"digits must be an int, got {type(digits).__name__}")
    if not 1 <= digits <= 17:
        raise ValueError(f"digits must be between 1 and 17, got {digits}")
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        return data
    columns = [c for c in data.columns if pd.api.types.is_float_dtype(data[c].dtype)]
    if not columns:
        return data
    data = data.copy()
    spec = f".{digits}g"
    for column in columns:
        data[column] = [float(format(v, spec)) for v in data[column].to_numpy(dtype=float)]
    return data


def data_transformer(data: Any = None, max_rows: int = 5000) -> Any:
    """Altair's default data transformer, after :func:`round_floats`.

    Registered as ``"monoculture"`` and enabled by
    :func:`monoculture.theme.use_theme`; ``max_rows`` is Altair's row limit.
    """
    from altair.vegalite.data import default_data_transformer

    if data is None:
        return lambda data, /: default_data_transformer(round_floats(data), max_rows=max_rows)
    return default_data_transformer(round_floats(data), max_rows=max_rows)


alt.renderers.register(RENDERER_NAME, renderer)
alt.data_transformers.register(TRANSFORMER_NAME, data_transformer)
