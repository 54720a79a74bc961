"""Figures for chapter 4, "The culture industry, automated".

Each function takes small, already aggregated tables and returns a finished
Altair chart with a title, a subtitle naming what was simulated and a
screen-reader description computed from the data.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ..theme import PALETTE
from .common import (check_column, check_df, finalize, require_columns as _require,
                     series_band as _band, series_encoding as _series, trajectories)

__all__ = ["perceived_vs_population", "platform_explorer", "idea_pools", "reliance_dilemma",
           "recommender_loop", "volume_vs_perspectives"]

Subtitle = str | Sequence[str]
PERCEIVED, POPULATION = "perceived by each reader", "content of the whole population"




def perceived_vs_population(pack: pd.DataFrame, *, subtitle: Subtitle) -> alt.TopLevelMixin:
    """What each reader perceives and what the population receives, against the modes.

    Parameters
    ----------
    pack : DataFrame
        Columns ``k`` (content modes), ``series`` (:data:`PERCEIVED` or
        :data:`POPULATION`), ``value`` and, for the perceived series, the spread
        over readers ``lower`` and ``upper`` (missing for the population).
    subtitle : str or sequence of str
        What was simulated, with parameters and seed.
    """
    pack = _require(pack, ["k", "series", "value", "lower", "upper"], "pack",
                    numeric=["k", "value", "lower", "upper"])
    order = [PERCEIVED, POPULATION]
    color, dash = _series("series", None, order)
    x = alt.X("k:Q", title="content modes of the market (log scale)",
              scale=alt.Scale(type="log", nice=False))
    y_title = "effective number (order-2 Vendi, log scale)"
    band = _band(alt.Chart(pack).transform_filter("isValid(datum.lower)").mark_area(
        opacity=0.2).encode(x=x, y=alt.Y("lower:Q", title=y_title, scale=alt.Scale(type="log")),
                            y2="upper:Q"), "series", order)
    line = alt.Chart(pack).mark_line(point=True, strokeWidth=3).encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log")),
        color=color, strokeDash=dash,
        tooltip=["series:N", "k:Q", alt.Tooltip("value:Q", format=".2f")])
    per = pack[pack["series"] == PERCEIVED].sort_values("k")
    pop = pack[pack["series"] == POPULATION].sort_values("k")
    return finalize(
        alt.layer(band, line).resolve_legend(fill="independent").properties(width=420,
                                                                             height=260),
        title="Each reader sees the same variety while the content collapses",
        subtitle=subtitle,
        description=(f"Log-log chart of two effective numbers against the number of content "
                     f"modes from {per['k'].min():g} to {per['k'].max():g}, with personalisation "
                     f"set so that readers' expected experience matches the human market. The "
                     f"diversity each reader perceives stays between {per['value'].min():.1f} "
                     f"and {per['value'].max():.1f} for every number of modes, with a band for "
                     f"the middle 80 percent of readers. The content diversity of the whole "
                     f"population falls from {pop['value'].iloc[-1]:.1f} to "
                     f"{pop['value'].iloc[0]:.1f}."),
    )


def platform_explorer(grid: pd.DataFrame, *, human_modes: int,
                      subtitle: Subtitle) -> alt.TopLevelMixin:
    """Grouped bars with sliders for the AI market's modes and personalisation.

    Parameters
    ----------
    grid : DataFrame
        Rows of :func:`monoculture.culture.platform_grid`: ``k``, ``pi``, ``market``,
        ``seat``, ``value``.
    human_modes : int
        Modes of the reference human market (for the description).
    """
    grid = _require(grid, ["k", "pi", "market", "seat", "value"], "grid",
                    numeric=["k", "pi", "value"])
    k_max = int(grid["k"].max())
    k_slider = alt.param(name="modes", value=2, bind=alt.binding_range(
        min=1, max=k_max, step=1, name="AI content modes: "))
    pi_slider = alt.param(name="personalisation", value=0.0, bind=alt.binding_range(
        min=0, max=1, step=0.1, name="personalisation: "))
    markets = ["human market", "AI market"]
    top = float(np.ceil(grid["value"].max() / 4) * 4)
    bars = alt.Chart(grid).transform_filter(
        (alt.datum.k == k_slider) & (alt.expr.abs(alt.datum.pi - pi_slider) < 0.01)
    ).mark_bar().encode(
        x=alt.X("seat:N", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("market:N", sort=markets),
        y=alt.Y("value:Q", title="effective number (order-2 Vendi)",
                scale=alt.Scale(domain=[0, top])),
        color=alt.Color("market:N", title="market", sort=markets),
        tooltip=["market:N", "seat:N", alt.Tooltip("value:Q", format=".2f")],
    )
    labels = bars.mark_text(dy=-8).encode(text=alt.Text("value:Q", format=".1f"),
                                          color=alt.value("#1a1a1a"))
    return finalize(
        alt.layer(bars, labels).add_params(k_slider, pi_slider).properties(width=520),
        title="The platform's view and the reader's view", subtitle=subtitle,
        description=(f"Interactive grouped bar chart. Sliders set the number of content modes "
                     f"of the AI market from 1 to {k_max} and its personalisation from 0 to 1. "
                     f"For one reader's stream and for the whole population, a bar shows the "
                     f"order-2 Vendi score in the human market of {human_modes} modes and in the "
                     f"AI market. Raising the personalisation lifts the AI market's one-reader "
                     f"bar to the human level, while its population bar stays at the number of "
                     f"modes."),
    )


def idea_pools(ideas: pd.DataFrame, *, subtitle: Subtitle) -> alt.TopLevelMixin:
    """Scatter plots of the writers' submitted ideas, one panel per reliance.

    Parameters
    ----------
    ideas : DataFrame
        Columns ``x``, ``y`` (the two coordinates of an idea), ``panel`` (a
        label per reliance, in panel order) and ``score`` (the idea's score).
    """
    ideas = _require(ideas, ["x", "y", "panel", "score"], "ideas", numeric=["x", "y", "score"])
    panels = list(pd.unique(ideas["panel"]))
    spread = ideas.groupby("panel", sort=False)[["x", "y"]].std().mean(axis=1)
    score = ideas.groupby("panel", sort=False)["score"].mean()
    lim = float(np.ceil(np.abs(ideas[["x", "y"]].to_numpy()).max()))
    chart = alt.Chart(ideas).mark_circle(size=36, opacity=0.7, color=PALETTE[0]).encode(
        x=alt.X("x:Q", title="scored direction",
                scale=alt.Scale(domain=[-lim, lim])),
        y=alt.Y("y:Q", title="other direction", scale=alt.Scale(domain=[-lim, lim])),
        tooltip=[alt.Tooltip("score:Q", format=".2f")],
    ).properties(width=180, height=180).facet(column=alt.Column("panel:N", title=None,
                                                                sort=panels))
    detail = "; ".join(f"{p}: spread {spread[p]:.2f}, mean score {score[p]:.2f}" for p in panels)
    return finalize(
        chart, title="The writers' ideas, with more and more help", subtitle=subtitle,
        description=(f"{len(panels)} scatter plots of the ideas a pool of writers submits, one "
                     f"point per writer, at increasing reliance on a shared model. The cloud "
                     f"moves towards the direction the scorer rewards and shrinks. Standard "
                     f"deviation per coordinate and mean score: {detail}."))


def reliance_dilemma(dilemma: pd.DataFrame, *, a_star: float,
                     subtitle: Subtitle) -> alt.TopLevelMixin:
    """Mean score and effective number of ideas against reliance, with alpha* marked.

    Parameters
    ----------
    dilemma : DataFrame
        Columns ``alpha``, ``quantity`` (one panel each, in order of first
        appearance) and ``value``.
    a_star : float
        The reliance at which the pool is least diverse (a vertical rule).
    """
    dilemma = _require(dilemma, ["alpha", "quantity", "value"], "dilemma",
                       numeric=["alpha", "value"])
    quantities = list(pd.unique(dilemma["quantity"]))
    line = alt.Chart().mark_line(point=True, strokeWidth=3, color=PALETTE[0]).encode(
        x=alt.X("alpha:Q", title="reliance on the shared model α"),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        tooltip=["alpha:Q", alt.Tooltip("value:Q", format=".2f")])
    first = alt.datum.alpha == float(dilemma["alpha"].min())  # one rule and label per panel
    rule = alt.Chart().transform_filter(first).transform_calculate(a_star=f"{a_star}").mark_rule(
        strokeDash=[6, 4], color=PALETTE[1], strokeWidth=2).encode(x="a_star:Q")
    label = alt.Chart().transform_filter(first).transform_calculate(a_star=f"{a_star}").mark_text(
        align="right", dx=-4, dy=10, color="#1a1a1a").encode(
        x="a_star:Q", y=alt.value(0), text=alt.value(f"α* = {a_star:.2f}"))
    chart = alt.layer(line, rule, label, data=dilemma).properties(width=260, height=220).facet(
        column=alt.Column("quantity:N", title=None, sort=quantities)).resolve_scale(
        y="independent")
    ends = []
    for q in quantities:
        d = dilemma[dilemma["quantity"] == q].sort_values("alpha")["value"]
        ends.append(f"{q} from {d.iloc[0]:.2f} at no reliance to {d.iloc[-1]:.2f} at full "
                    f"reliance, lowest {d.min():.2f}")
    return finalize(
        chart, title="Each writer gains, the pool loses", subtitle=subtitle,
        description=(f"Two panels against reliance on the shared model from 0 to 1, with a "
                     f"dashed vertical line at the predicted worst reliance {a_star:.2f}. "
                     + "; ".join(ends) + "."))


def recommender_loop(loop: pd.DataFrame, *, subtitle: Subtitle) -> alt.TopLevelMixin:
    """Mean Jaccard similarity of consumed items over rounds, runs per recommender.

    Parameters
    ----------
    loop : DataFrame
        Columns ``round``, ``jaccard``, ``recommender`` and ``run``.
    """
    loop = _require(loop, ["round", "jaccard", "recommender", "run"], "loop",
                    numeric=["round", "jaccard"])
    last = loop[loop["round"] == loop["round"].max()].groupby("recommender")["jaccard"].mean()
    ranked = ", ".join(f"{r} {v:.3f}" for r, v in last.sort_values(ascending=False).items())
    n_runs = loop.groupby("recommender")["run"].nunique().max()
    return trajectories(
        loop, x="round", y="jaccard", group="run", color="recommender",
        x_title="round", y_title="mean Jaccard similarity of consumed items",
        title="A recommender trained on its own output makes users alike", subtitle=subtitle,
        description=(f"Line chart of the mean pairwise Jaccard similarity of users' consumed "
                     f"items over {int(loop['round'].max())} rounds for "
                     f"{loop['recommender'].nunique()} recommenders, {n_runs} runs each. Mean "
                     f"similarity after the last round, highest first: {ranked}."),
    )


def volume_vs_perspectives(volume: pd.DataFrame, *, n_human: int,
                           subtitle: Subtitle) -> alt.TopLevelMixin:
    """Four counts of a pooled corpus against the number of AI documents added.

    Parameters
    ----------
    volume : DataFrame
        Columns ``n_ai``, ``measure`` (legend order = order of first appearance)
        and ``value``.
    n_human : int
        Human documents in every pool (for the axis title).
    """
    volume = _require(volume, ["n_ai", "measure", "value"], "volume", numeric=["n_ai", "value"])
    order = list(pd.unique(volume["measure"]))
    wide = volume.pivot(index="n_ai", columns="measure", values="value").sort_index()
    moves = "; ".join(f"{m} from {wide[m].iloc[0]:.1f} to {wide[m].iloc[-1]:.1f}" for m in order)
    chart = alt.Chart(volume).mark_line(point=True, strokeWidth=3).encode(
        x=alt.X("n_ai:Q", title=f"AI documents added to {n_human} human documents"),
        y=alt.Y("value:Q", scale=alt.Scale(type="log"), title="how many (log scale)"),
        color=_series("measure", "what is counted", order)[0],
        strokeDash=_series("measure", "what is counted", order)[1],
        tooltip=["measure:N", "n_ai:Q", alt.Tooltip("value:Q", format=".1f")],
    )
    return finalize(
        chart, title="More documents, fewer perspectives", subtitle=subtitle,
        description=(f"Line chart with a log scale of {len(order)} counts against the number "
                     f"of AI documents added, from {wide.index.min()} to {wide.index.max()}: "
                     f"{moves}."))
