"""Figures of chapter 6, *Keeping the tails*: one function per figure.

Each function takes small, already aggregated tables computed by the chapter
with :mod:`monoculture.remedies` and :mod:`monoculture.collapse`, and returns
an Altair chart with a title, a subtitle stating what was simulated, and a
text description for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..theme import PALETTE
from .common import finalize, sim_vs_theory
from .common import need_columns as _need

__all__ = [
    "scoreboard",
    "chain_paths",
    "hard_coverage",
    "team_quality",
    "provenance",
    "explore_fresh",
]

_GUIDE = 0.9  # the dotted guide line: 90% of the original


def _guide() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"y": [_GUIDE]})).mark_rule(
        color="#555555", strokeDash=[2, 2]).encode(y="y:Q")


def scoreboard(board: pd.DataFrame, order: Sequence[str], *, title: str,
               subtitle: str | Sequence[str], description: str) -> alt.HConcatChart:
    """Three panels, one per chain: what each data policy keeps over generations.

    Parameters
    ----------
    board : pandas.DataFrame
        Columns ``chain``, ``policy``, ``generation`` and ``kept`` (the measure
        relative to the original model).
    order : sequence of str
        The policy labels in legend order.
    title, subtitle, description : str
        As for :func:`~monoculture.figures.common.finalize`.
    """
    board = _need(board, ["chain", "policy", "generation", "kept"], "board")
    measures = {"Gaussian": "typical variance", "categorical": "effective vocabulary",
                "regression": "inverse excess risk"}
    order = list(order)
    panels = []
    for chain in dict.fromkeys(board["chain"]):
        lines = alt.Chart(board[board["chain"] == chain]).mark_line(strokeWidth=2.5).encode(
            x=alt.X("generation:Q", title="generation"),
            y=alt.Y("kept:Q", title=f"{measures.get(chain, 'measure')} / original",
                    scale=alt.Scale(domain=[0, 1.25], clamp=True)),
            color=alt.Color("policy:N", sort=order, title="data policy",
                            scale=alt.Scale(domain=order)),
            strokeDash=alt.StrokeDash("policy:N", sort=order, title="data policy",
                                      scale=alt.Scale(domain=order)),
            tooltip=["policy:N", "generation:Q", alt.Tooltip("kept:Q", format=".3f")])
        panels.append(alt.layer(lines, _guide()).properties(width=200, height=220,
                                                            title=f"{chain} chain"))
    return finalize(alt.hconcat(*panels), title=title, subtitle=subtitle,
                    description=description)


def chain_paths(paths: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.FacetChart:
    """Individual paths of the fitted mean, one panel per fresh fraction.

    Parameters
    ----------
    paths : pandas.DataFrame
        Columns ``generation``, ``chain`` (an id), ``fresh`` (a label such as
        ``"r = 0.1"``) and ``mean`` (the fitted mean of that chain).
    """
    paths = _need(paths, ["generation", "chain", "fresh", "mean"], "paths")
    order = list(dict.fromkeys(paths["fresh"]))
    last = paths[paths["generation"] == paths["generation"].max()]
    spread = last.groupby("fresh", sort=False)["mean"].agg(lambda m: m.abs().max())
    chart = alt.Chart(paths).mark_line(strokeWidth=1.8).encode(
        x=alt.X("generation:Q", title="generation"),
        y=alt.Y("mean:Q", title="fitted mean (truth = 0)"),
        detail="chain:N",
        color=alt.Color("fresh:N", sort=order, title="fresh fraction",
                        scale=alt.Scale(domain=order, range=list(PALETTE[:len(order)]))),
        tooltip=["fresh:N", "chain:N", "generation:Q", alt.Tooltip("mean:Q", format=".3f")],
    ).properties(width=240, height=200).facet(
        column=alt.Column("fresh:N", sort=order, title=None))
    n_chains = paths["chain"].nunique()
    desc = (f"Small multiples, one per fresh fraction, of {n_chains} individual Gaussian "
            "chains: the fitted mean over "
            f"{int(paths['generation'].max())} generations. Without fresh data the paths "
            "wander away from the true mean 0 like random walks; with fresh data they stay "
            "in a band around it. In the last generation the largest distance from the truth "
            "is " + "; ".join(f"{v:.2f} for {k}" for k, v in spread.items()) + ".")
    return finalize(chart, title="Fresh data pull the chain back towards the truth",
                    subtitle=subtitle, description=desc)


def hard_coverage(cov: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.LayerChart:
    """Share of hard queries covered per round of self-training, with and without a critic.

    Parameters
    ----------
    cov : pandas.DataFrame
        Columns ``round``, ``training loop``, ``simulated``, ``se`` and ``theory``.
    """
    cov = _need(cov, ["round", "training loop", "simulated", "se", "theory"], "cov")
    ends = cov.sort_values("round").groupby("training loop", sort=False)["simulated"].agg(
        ["first", "last"])
    desc = (f"Share of hard queries with at least one kept attempt over {cov['round'].max()} "
            "rounds. " + " ".join(f"For {loop} it goes from {r['first']:.2f} to {r['last']:.3f}."
                                  for loop, r in ends.iterrows())
            + " Simulated means lie on the exact recursion.")
    return sim_vs_theory(
        cov, x="round", sim="simulated", theory="theory", se="se", series="training loop",
        x_title="round of self-training", y_title="share of hard queries covered",
        title="A critic keeps hard queries in the training data", subtitle=subtitle,
        description=desc)


def team_quality(teams: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.LayerChart:
    """Mean quality of the chosen idea per team, with 95% intervals.

    Parameters
    ----------
    teams : pandas.DataFrame
        Columns ``team``, ``quality``, ``lower`` and ``upper``, in display order.
    """
    teams = _need(teams, ["team", "quality", "lower", "upper"], "teams")
    order = list(teams["team"])
    bars = alt.Chart(teams).mark_bar(color=PALETTE[0]).encode(
        x=alt.X("quality:Q", title="mean true value of the chosen idea",
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("team:N", sort=order, title=None),
        tooltip=["team:N", alt.Tooltip("quality:Q", format=".3f")])
    errs = alt.Chart(teams).mark_rule(color="#1A1A1A", strokeWidth=2).encode(
        x="lower:Q", x2="upper:Q", y=alt.Y("team:N", sort=order))
    ranked = teams.sort_values("quality", ascending=False)
    desc = (f"Horizontal bars of mean idea quality for {len(order)} teams, from highest to "
            "lowest: " + ", ".join(f"{t} {q:.2f}" for t, q in zip(ranked["team"],
                                                                    ranked["quality"])) + ".")
    return finalize(alt.layer(bars, errs).properties(width=460, height=200),
                    title="Diversity helps a team only when its members are experts",
                    subtitle=subtitle, description=desc)


def provenance(prov: pd.DataFrame, *, generations: int,
               subtitle: str | Sequence[str]) -> alt.Chart:
    """Vocabulary kept against the human share of the collected data, with and without a check.

    Parameters
    ----------
    prov : pandas.DataFrame
        Columns ``human share of collected data``, ``pipeline`` and ``vocabulary kept``.
    generations : int
        Number of generations the chains ran (for the axis title).
    """
    x, y = "human share of collected data", "vocabulary kept"
    prov = _need(prov, [x, "pipeline", y], "prov")
    order = list(dict.fromkeys(prov["pipeline"]))
    chart = alt.Chart(prov).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X(f"{x}:Q", title="human share of the collected data h"),
        y=alt.Y(f"{y}:Q", title=f"effective vocabulary kept after {generations} generations",
                scale=alt.Scale(domain=[0, 1.05])),
        color=alt.Color("pipeline:N", title=None, sort=order, scale=alt.Scale(domain=order)),
        strokeDash=alt.StrokeDash("pipeline:N", title=None, sort=order,
                                  scale=alt.Scale(domain=order)),
        tooltip=["pipeline:N", f"{x}:Q", alt.Tooltip(f"{y}:Q", format=".3f")])
    rng = prov.groupby("pipeline", sort=False)[y].agg(["min", "max"])
    desc = ("Effective vocabulary kept by the categorical chain, relative to the original, "
            "against the human share of the collected data. "
            + " ".join(f"With {p} it lies between {r['min']:.2f} and {r['max']:.2f}."
                       for p, r in rng.iterrows()))
    return finalize(chart, title="Provenance keeps the fresh data fresh", subtitle=subtitle,
                    description=desc)


def explore_fresh(grid: pd.DataFrame, r_values: Sequence[float], *,
                  subtitle: str | Sequence[str], start: int = 3) -> alt.LayerChart:
    """Explorable: the three chains relative to the original, with a slider over r.

    Parameters
    ----------
    grid : pandas.DataFrame
        Columns ``chain``, ``policy``, ``r``, ``generation`` and ``kept``.
    r_values : sequence of float
        The fresh fractions on the slider, in order.
    start : int
        Index of the slider's starting value in ``r_values``.
    """
    grid = _need(grid, ["chain", "policy", "r", "generation", "kept"], "grid").copy()
    r_values = list(r_values)
    policies = list(dict.fromkeys(grid["policy"]))
    if len(policies) > 3:
        raise ValueError(f"grid holds at most three policies, got {len(policies)}")
    grid["step"] = grid["r"].map({r: i for i, r in enumerate(r_values)})
    slider = alt.param(name="rs", value=start, bind=alt.binding_range(
        min=0, max=len(r_values) - 1, step=1,
        name=f"fresh fraction r ({', '.join(f'{r:g}' for r in r_values)}): "))
    lines = alt.Chart(grid).transform_filter(alt.datum.step == slider).mark_line(
        strokeWidth=2.5).encode(
        x=alt.X("generation:Q", title="generation"),
        y=alt.Y("kept:Q", title="measure / original", scale=alt.Scale(domain=[0, 1.25], clamp=True)),
        color=alt.Color("chain:N", title="chain"),
        # the first policy in the table is drawn solid, the second dashed
        strokeDash=alt.StrokeDash("policy:N", title="policy", sort=policies,
                                  scale=alt.Scale(domain=policies,
                                                  range=[[1, 0], [6, 3], [2, 2]][:len(policies)])),
        tooltip=["chain:N", "policy:N", "r:Q", "generation:Q", "kept:Q"])
    desc = (f"Interactive line chart. A slider chooses the fresh fraction r from {r_values[0]:g} "
            f"to {r_values[-1]:g}. Lines show the three chains relative to their original model "
            f"over {int(grid['generation'].max())} generations, solid for {policies[0]}"
            + (f" and dashed for {policies[1]}" if len(policies) > 1 else "")
            + ", with a dotted guide at 90% of the original.")
    return finalize(alt.layer(lines, _guide()).add_params(slider).properties(width=560, height=300),
                    title="Fresh data needed by three chains", subtitle=subtitle,
                    description=desc)
