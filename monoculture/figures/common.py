"""Generic figure helpers shared by every chapter.

Every helper requires a ``title`` and a ``description`` (the screen-reader
text, see :mod:`monoculture.render`) and draws with the book's palette
(:mod:`monoculture.theme`). Chapter-specific figures live next to this
module in ``monoculture/figures/chNN.py`` and build on these helpers.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd

from .._validate import check_int, check_probability, check_real
from ..theme import NEUTRAL, PALETTE

__all__ = ["finalize", "sim_vs_theory", "trajectories", "check_df", "check_column",
           "DASHES", "series_encoding", "series_band", "require_columns", "need_columns"]

def _check_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value


def check_df(df: Any, name: str = "df") -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    if df.empty:
        raise ValueError(f"{name} must have at least one row")
    return df


def check_column(df: pd.DataFrame, column: Any, name: str, *, numeric: bool = True,
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


def _with_categories(data: pd.DataFrame, df: pd.DataFrame, column: str, name: str,
                     key: str) -> tuple[pd.DataFrame, list[str]]:
    """Add ``df[column]`` as string labels under ``key``; drop its missing rows."""
    check_column(df, column, name, numeric=False)
    levels = _categories(df[column], name)
    labels = [_label(v) for v in levels]
    data[key] = df[column].map(dict(zip(levels, labels))).to_numpy()
    return data[data[key].notna()], labels


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
    df = check_df(df)
    _check_text(title, "title")
    _check_text(description, "description")
    check_column(df, x, "x", positive=log_x)
    check_column(df, sim, "sim", positive=log_y)
    check_column(df, theory, "theory", positive=log_y)
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
        check_column(df, se, "se")
        s = df[se].to_numpy(dtype=float)
        if (s[~np.isnan(s)] < 0).any():
            raise ValueError(f"se: column {se!r} must be non-negative")
        data["lower"] = data["sim"] - z * s
        data["upper"] = data["sim"] + z * s
        default_label = f"simulation (±{z:g} SE band)"
    elif lower is not None:
        check_column(df, lower, "lower")
        check_column(df, upper, "upper")
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
        data, labels = _with_categories(data, df, series, "series", "series")
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
    df = check_df(df)
    _check_text(title, "title")
    _check_text(description, "description")
    check_column(df, x, "x")
    check_column(df, y, "y", positive=log_y)
    check_column(df, group, "group", numeric=False)
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
        data, labels = _with_categories(data, df, color, "color", "cond")
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


# ---------------------------------------------------------------- series styling

#: Dash patterns paired with the palette, so that series differ without colour too.
DASHES = [[1, 0], [6, 4], [2, 2], [8, 3, 2, 3], [12, 4], [1, 3]]


def series_encoding(field: str, title: str | None,
            order: Sequence[str]) -> tuple[alt.Color, alt.StrokeDash]:
    """Colour and dash for one categorical field with the same domain: a single legend."""
    order = list(order)
    legend = alt.Legend(symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=2.5)
    color = alt.Color(f"{field}:N", title=title, sort=order, legend=legend,
                      scale=alt.Scale(domain=order, range=list(PALETTE[:len(order)])))
    dash = alt.StrokeDash(f"{field}:N", title=title, sort=order, legend=legend,
                          scale=alt.Scale(domain=order, range=DASHES[:len(order)]))
    return color, dash


def series_band(chart: alt.Chart, field: str, order: Sequence[str]) -> alt.Chart:
    """A translucent band in the series' colours, without a legend of its own.

    The band reads a copy of ``field``, so Vega-Lite does not merge it into the
    lines' legend (a hidden legend on a shared field would hide that legend too).
    """
    return chart.transform_calculate(band=f"datum[{field!r}]").encode(
        fill=alt.Fill("band:N", legend=None, sort=list(order),
                      scale=alt.Scale(domain=list(order), range=list(PALETTE[:len(order)]))))


def require_columns(df: pd.DataFrame, columns: Sequence[str], name: str,
             numeric: Sequence[str] = ()) -> pd.DataFrame:
    """Check that ``df`` is a DataFrame with ``columns``; those in ``numeric`` must be numeric."""
    df = check_df(df, name)
    for col in columns:
        check_column(df, col, f"{name}[{col!r}]", numeric=col in numeric)
    return df


def need_columns(df: pd.DataFrame, columns: Sequence[str], name: str) -> pd.DataFrame:
    """Check that ``df`` is a non-empty DataFrame holding ``columns``."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}")
    if df.empty:
        raise ValueError(f"{name} must not be empty")
    return df
