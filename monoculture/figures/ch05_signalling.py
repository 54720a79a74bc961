"""Figures for chapter 5's section "Form without thought" (the signalling toy).

Each ``*_data`` function runs the toy of :mod:`monoculture.signalling` and
returns a small, aggregated table; each ``*_chart`` function draws one table
with the book's shared theme, a title, a subtitle naming what was simulated
and a text description for screen readers whose numbers come from the data.
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ..signalling import (
    reader_accuracy, reader_losses, simulate_authors, simulate_readers, trust_crossover)
from ..theme import NEUTRAL, PALETTE
from .common import finalize, sim_vs_theory

__all__ = [
    "scatter_data",
    "scatter_chart",
    "accuracy_data",
    "accuracy_chart",
    "explorable_data",
    "explorable_chart",
    "hanna_chart",
]

WHO = ["writes unaided", "uses the tool"]
_WHO_COLOR = alt.Color("who:N", title=None, scale=alt.Scale(domain=WHO, range=list(PALETTE[:2])))
_WHO_SHAPE = alt.Shape("who:N", title=None, scale=alt.Scale(domain=WHO, range=["circle", "square"]))

READERS = {"trusting": "trusts polish as before",
           "ignoring": "ignores polish",
           "recalibrated": "recalibrated to the tool"}


def scatter_data(worlds: dict[str, dict], n_authors: int = 200, seed: int = 18) -> pd.DataFrame:
    """A few hundred authors per world: quality, polish and tool use.

    Parameters
    ----------
    worlds : dict
        Label of each world -> keyword arguments of
        :func:`monoculture.signalling.simulate_authors` (``cost``, ``tool_share``...).
    n_authors : int
        Authors drawn per world.
    seed : int
        Seed; every world uses the same seed, so the same authors appear in each.

    Returns
    -------
    pandas.DataFrame
        Compact rows (to keep the page light): ``w`` (index of the world),
        ``q`` (quality), ``s`` (polish), ``t`` (1 for tool users); the world
        labels and the closed-form accuracy of each world are in
        ``.attrs["worlds"]`` and ``.attrs["r2"]``.
    """
    rows, r2 = [], []
    for i, (label, kwargs) in enumerate(worlds.items()):
        df = simulate_authors(n_authors, rng=seed, **kwargs)
        rows.append(pd.DataFrame({"w": i, "q": df.quality.round(2), "s": df.polish.round(2),
                                  "t": df.uses_tool.astype(int)}))
        rest = {k: v for k, v in kwargs.items() if k not in ("cost", "tool_share")}
        r2.append(float(reader_accuracy(kwargs.get("cost", 2.0), kwargs.get("tool_share", 0.0),
                                        **rest)))
    out = pd.concat(rows, ignore_index=True)
    out.attrs["worlds"] = list(worlds)
    out.attrs["r2"] = r2
    return out


def scatter_chart(data: pd.DataFrame, *, title: str, subtitle: str | Sequence[str]) -> alt.Chart:
    """Quality against polish, one panel per world (data from :func:`scatter_data`)."""
    worlds = data.attrs["worlds"]
    panels = "; ".join(f"{w}: R squared {r:.2f}" for w, r in zip(worlds, data.attrs["r2"]))
    labels = "[" + ", ".join(repr(w) for w in worlds) + "]"
    chart = alt.Chart(data).transform_calculate(
        world=f"{labels}[datum.w]", who=f"datum.t ? '{WHO[1]}' : '{WHO[0]}'",
    ).mark_point(size=28, filled=True, opacity=1).encode(
        x=alt.X("s:Q", title="polish the reader sees"),
        y=alt.Y("q:Q", title="quality the reader cannot see"),
        color=_WHO_COLOR, shape=_WHO_SHAPE,
        tooltip=[alt.Tooltip("s:Q", title="polish", format=".2f"),
                 alt.Tooltip("q:Q", title="quality", format=".2f"), "who:N"],
    ).properties(width=200, height=200).facet(
        column=alt.Column("world:N", sort=worlds, title=None)).resolve_scale(x="independent")
    return finalize(
        chart, title=title, subtitle=subtitle,
        description=("Three scatter plots of quality against polish for simulated authors. "
                     "When polish is costly the points lie close to a rising line; when it is "
                     "cheap they scatter widely; with the tool, its users form a vertical "
                     f"stripe at one level of polish whatever their quality. {panels}."))


def accuracy_data(costs: Sequence[float], shares: Sequence[float], *, n_authors: int = 4000,
                  n_reps: int = 40, seed: int = 1973) -> pd.DataFrame:
    """Simulated and closed-form reader accuracy over a grid of costs and tool shares.

    Returns one row per (cost, share) with ``simulated`` (mean squared sample
    correlation over ``n_reps`` worlds), its standard error ``se``,
    ``theory`` (:func:`~monoculture.signalling.reader_accuracy`) and the
    series label ``tool``.
    """
    gen = np.random.default_rng(seed)
    rows = []
    for share in shares:
        for cost in costs:
            sims = simulate_readers(n_authors, n_reps, cost=float(cost), tool_share=float(share),
                                    rng=gen)
            rows.append({"cost": float(cost), "tool": f"{share:.0%} use the tool",
                         "share": float(share),
                         "simulated": sims.r2.mean(),
                         "se": sims.r2.std(ddof=1) / np.sqrt(n_reps),
                         "theory": reader_accuracy(float(cost), float(share))})
    return pd.DataFrame(rows)


def accuracy_chart(data: pd.DataFrame, *, title: str, subtitle: str | Sequence[str]):
    """The reader's accuracy against the cost of polish, simulation against theory."""
    lo, hi = data["cost"].min(), data["cost"].max()
    ends = []
    for tool, sub in data.groupby("tool", sort=False):
        sub = sub.sort_values("cost")
        ends.append(f"{tool}: from {sub.theory.iloc[-1]:.2f} at cost {hi:g} "
                    f"to {sub.theory.iloc[0]:.2f} at cost {lo:g}")
    return sim_vs_theory(
        data, x="cost", sim="simulated", theory="theory", se="se", series="tool", log_x=True,
        x_title="cost of polish beyond one's quality (log scale)",
        y_title="reader's accuracy R² (share of quality explained)",
        title=title, subtitle=subtitle,
        description=("Line chart of the reader's accuracy against the cost of polish on a log "
                     "scale. Simulated means with Monte Carlo bands follow the closed form. "
                     "Accuracy falls as polish gets cheaper. " + "; ".join(ends) + "."))


def explorable_data(shares: Sequence[float], *, cost: float = 2.0, n_authors: int = 250,
                    seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Precomputed grid for the explorable: the authors once, and readers' losses.

    The same ``seed`` at every share draws the same authors, and an author who
    uses the tool at one share uses it at every larger share; so each author
    is stored once, with the polish they write unaided, the polish the tool
    would give them and the first share of the grid at which they use it.

    Returns
    -------
    (points, losses)
        ``points``: ``q`` (quality), ``own`` and ``tool`` (polish unaided and
        with the tool), ``sw`` (first grid share at which the author uses the
        tool; 2 if none); ``losses``: ``share``, ``reader``, ``loss`` (closed
        form, mean squared error of the reader's estimate in units of quality's
        variance) on a grid of shares with step 0.02, and ``r2``.
    """
    shares = sorted(float(a) for a in shares)
    unaided = simulate_authors(n_authors, cost=cost, tool_share=0.0, rng=seed)
    tooled = simulate_authors(n_authors, cost=cost, tool_share=1.0, rng=seed)
    switch = np.full(n_authors, 2.0)
    for share in reversed(shares):
        uses = simulate_authors(n_authors, cost=cost, tool_share=share, rng=seed).uses_tool
        switch[uses.to_numpy()] = round(share, 2)
    points = pd.DataFrame({"q": unaided.quality.round(2), "own": unaided.polish.round(2),
                           "tool": tooled.polish.round(2), "sw": switch})
    fine = np.round(np.linspace(0.0, 1.0, 51), 2)
    out = reader_losses(cost, fine)
    losses = pd.concat([pd.DataFrame({"share": fine, "reader": READERS[r],
                                      "loss": np.round(getattr(out, r), 3)})
                        for r in READERS], ignore_index=True)
    losses["r2"] = np.round(np.tile(reader_accuracy(cost, fine), len(READERS)), 3)
    points.attrs["shares"] = shares
    return points, losses


def explorable_chart(points: pd.DataFrame, losses: pd.DataFrame, *, cost: float,
                     title: str, subtitle: str | Sequence[str]):
    """Slider over the tool's share: quality against polish, and the three readers' losses."""
    shares = points.attrs["shares"]
    step = float(np.round(np.diff(shares).min(), 2)) if len(shares) > 1 else 0.1
    slider = alt.param(name="share", value=shares[0], bind=alt.binding_range(
        min=shares[0], max=shares[-1], step=step, name="share of authors using the tool: "))
    near = alt.expr.abs(alt.datum.share - slider) < 1e-6
    uses = "datum.sw <= share + 1e-6"
    scatter = alt.Chart(points).transform_calculate(
        polish=f"{uses} ? datum.tool : datum.own",
        who=f"{uses} ? '{WHO[1]}' : '{WHO[0]}'",
    ).mark_point(size=26, filled=True, opacity=1).encode(
        x=alt.X("polish:Q", title="polish the reader sees", scale=alt.Scale(domain=[-3, 5])),
        y=alt.Y("q:Q", title="quality", scale=alt.Scale(domain=[-3.5, 3.5])),
        color=_WHO_COLOR, shape=_WHO_SHAPE,
    ).properties(width=260, height=260)
    order = list(READERS.values())
    base = alt.Chart(losses)
    enc = dict(x=alt.X("share:Q", title="share of authors using the tool"),
               y=alt.Y("loss:Q", title="reader's mean squared error / variance of quality"),
               color=alt.Color("reader:N", title="the reader who",
                               scale=alt.Scale(domain=order, range=list(PALETTE[2:5]))),
               strokeDash=alt.StrokeDash("reader:N", title="the reader who",
                                         scale=alt.Scale(domain=order,
                                                         range=[[1, 0], [6, 4], [2, 2]])))
    lines = base.mark_line(strokeWidth=3).encode(**enc)
    marks = base.transform_filter(near).mark_point(size=110, filled=True).encode(
        **enc, tooltip=["reader:N", alt.Tooltip("share:Q", format=".0%"),
                        alt.Tooltip("loss:Q", format=".3f"), alt.Tooltip("r2:Q", format=".3f",
                                                                        title="accuracy R²")])
    rule = base.transform_filter(near & (alt.datum.reader == order[0])).mark_rule(
        strokeDash=[2, 2], color=NEUTRAL).encode(x="share:Q")
    label = base.transform_filter(near & (alt.datum.reader == order[0])).transform_calculate(
        text="'accuracy R² = ' + format(datum.r2, '.2f')").mark_text(
        align="left", dx=6).encode(x="share:Q", y=alt.value(12), text="text:N")
    right = alt.layer(lines, rule, marks, label).properties(width=300, height=260)
    crossover = float(trust_crossover(cost))
    return finalize(
        alt.hconcat(scatter, right).add_params(slider).resolve_scale(
            color="independent", shape="independent", strokeDash="independent"),
        title=title, subtitle=subtitle,
        description=("Interactive figure with a slider for the share of authors using the "
                     "tool, from 0 to 90 percent. Left: a scatter plot of quality against "
                     "polish; as the share grows, more authors jump to a vertical stripe at the "
                     "tool's polish. Right: the mean squared error of three readers against the "
                     "share. The reader who ignores polish stays at 1; the recalibrated reader "
                     "rises slowly; the reader who trusts polish as before rises fastest and "
                     f"crosses 1 at a share of {crossover:.2f}."))


def hanna_chart(result: pd.DataFrame, *, title: str, subtitle: str | Sequence[str]):
    """Dot-and-interval chart of :func:`~monoculture.signalling.form_substance` results.

    Left: the halo (correlation of form and substance within one rater's
    scores); right: the weight on form per unit of weight on substance when a
    rater's substance score is predicted from other people's ratings.
    """
    panels = {"halo": "form and substance within one rater (correlation)",
              "form_lean": "weight on form per unit weight on substance"}
    data = result[result["quantity"].isin(panels)].copy()
    data["panel"] = data["quantity"].map(panels)
    data["who"] = np.where(data["rater"] == "people", "people", "LLM judge")
    raters = ["people"] + sorted(set(data["rater"]) - {"people"})
    enc_y = alt.Y("rater:N", sort=raters, title=None)
    colour = alt.Color("who:N", title=None, scale=alt.Scale(domain=["people", "LLM judge"],
                                                            range=list(PALETTE[:2])))
    shape = alt.Shape("who:N", title=None, scale=alt.Scale(domain=["people", "LLM judge"],
                                                           range=["circle", "square"]))

    def panel(name: str) -> alt.LayerChart:
        base = alt.Chart(data[data["panel"] == panels[name]])
        rule = base.mark_rule(strokeWidth=2).encode(
            y=enc_y, x=alt.X("low:Q", title=panels[name]), x2="high:Q", color=colour)
        dot = base.mark_point(size=90, filled=True).encode(
            y=enc_y, x="estimate:Q", color=colour, shape=shape,
            tooltip=["rater:N", alt.Tooltip("estimate:Q", format=".2f"),
                     alt.Tooltip("low:Q", format=".2f"), alt.Tooltip("high:Q", format=".2f")])
        zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(
            color=NEUTRAL, strokeDash=[3, 3]).encode(x="x:Q")
        return alt.layer(zero, rule, dot).properties(width=240, height=180)

    people = result.set_index(["rater", "quantity"])
    judges = [r for r in raters if r != "people"]
    leans = ", ".join(f"{j} {people.loc[(j, 'form_lean'), 'estimate']:.2f}" for j in judges)
    return finalize(
        alt.hconcat(panel("halo"), panel("form_lean")),
        title=title, subtitle=subtitle,
        description=("Two dot-and-interval charts, one row per rater: people and "
                     f"{len(judges)} LLM judges. Left: the correlation of form and substance "
                     "within one rater's scores, people "
                     f"{people.loc[('people', 'halo'), 'estimate']:.2f}. Right: the weight on "
                     "form per unit weight on substance when the rater's substance score is "
                     "predicted from other people's ratings, people "
                     f"{people.loc[('people', 'form_lean'), 'estimate']:.2f}, judges {leans}. "
                     "Intervals are 95 percent bootstrap intervals over stories."))
