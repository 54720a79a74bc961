"""Figures for chapter 5's "In the wild" section: Upworthy's A/B tests and HANNA's judges.

Each function takes a small, already aggregated table and returns a finished
Altair chart with a title, a subtitle naming the data and a screen-reader
description.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..theme import NEUTRAL
from .common import check_column, check_df, finalize

__all__ = ["judge_agreement_chart", "winners_curse_chart"]


def winners_curse_chart(by_k: pd.DataFrame, curve: pd.DataFrame, *,
                        source: str) -> alt.TopLevelMixin:
    """The winner's lead against the number of variants, with the curse's curve.

    Parameters
    ----------
    by_k : DataFrame
        Measured points: ``variants``, ``series`` (e.g. observed winner, shrunk
        estimate), ``estimate``, ``low``, ``high`` and ``tests`` (tests behind the
        point).
    curve : DataFrame
        Theory lines: ``variants``, ``series``, ``value`` (e.g. noise alone,
        E[max of N]).
    source : str
        Data credit for the subtitle.
    """
    by_k = check_df(by_k, "by_k")
    curve = check_df(curve, "curve")
    for col in ("variants", "estimate", "low", "high", "tests"):
        check_column(by_k, col, col)
    for col in ("variants", "value"):
        check_column(curve, col, col)
    check_column(by_k, "series", "series", numeric=False)
    check_column(curve, "series", "series", numeric=False)
    order = list(pd.unique(by_k["series"])) + list(pd.unique(curve["series"]))
    colour = alt.Color("series:N", sort=order, title=None,
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=320))
    x = alt.X("variants:Q", title="headline variants in the test N",
              scale=alt.Scale(domain=[float(by_k["variants"].min()) - 0.3,
                                      float(by_k["variants"].max()) + 0.3]),
              axis=alt.Axis(tickMinStep=1))
    bars = alt.Chart(by_k).mark_rule(strokeWidth=2).encode(
        x=x, y=alt.Y("low:Q", title="winner's lead over its test's mean (binomial SEs)"),
        y2="high:Q", color=colour)
    points = alt.Chart(by_k).mark_point(size=70, filled=True, opacity=1).encode(
        x=x, y="estimate:Q", color=colour, shape=alt.Shape("series:N", sort=order, title=None,
                                                            legend=None),
        tooltip=["series:N", "variants:Q", "tests:Q", alt.Tooltip("estimate:Q", format=".2f"),
                 alt.Tooltip("low:Q", format=".2f"), alt.Tooltip("high:Q", format=".2f")])
    lines = alt.Chart(curve).mark_line(strokeWidth=2.5).encode(
        x=x, y="value:Q", color=colour,
        strokeDash=alt.StrokeDash("series:N", sort=order, legend=None),
        tooltip=["series:N", "variants:Q", alt.Tooltip("value:Q", format=".2f")])
    obs = by_k[by_k["series"] == order[0]].sort_values("variants")
    return finalize(
        alt.layer(lines, bars, points).properties(width=480, height=300),
        title="The more headlines tested, the more the winner owes to luck",
        subtitle=[f"Mean over tests with N variants; 95% bootstrap intervals over tests; {source}"],
        description=(f"Chart against the number of headline variants in a test, from "
                     f"{int(obs['variants'].min())} to {int(obs['variants'].max())}. Points with "
                     f"intervals: the observed winner's lead over its test's pooled click rate, "
                     f"in binomial standard errors, rising from {obs['estimate'].iloc[0]:.2f} to "
                     f"{obs['estimate'].iloc[-1]:.2f}, and the empirical-Bayes estimate of the "
                     f"same winner's true lead, lower. Lines: the lead that noise alone would "
                     f"give, the expected maximum of N standard normals, and the model's "
                     f"prediction for the observed lead."),
    )


def judge_agreement_chart(table: pd.DataFrame, *, source: str) -> alt.TopLevelMixin:
    """Rank agreement per criterion: judge with people, judges among themselves, people.

    Parameters
    ----------
    table : DataFrame
        ``criterion``, ``comparison``, ``estimate``, ``low``, ``high``: one row per
        criterion and kind of comparison (averaged over pairs).
    """
    table = check_df(table, "table")
    for col in ("estimate", "low", "high"):
        check_column(table, col, col)
    check_column(table, "criterion", "criterion", numeric=False)
    check_column(table, "comparison", "comparison", numeric=False)
    order = list(pd.unique(table["comparison"]))
    crit = list(pd.unique(table["criterion"]))
    enc = dict(y=alt.Y("criterion:N", sort=crit, title=None),
               yOffset=alt.YOffset("comparison:N", sort=order),
               color=alt.Color("comparison:N", sort=order, title=None,
                               legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)))
    rules = alt.Chart(table).mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title="Spearman rank correlation over stories",
                scale=alt.Scale(domain=[-0.1, 1])), x2="high:Q", **enc)
    points = alt.Chart(table).mark_point(size=70, filled=True, opacity=1).encode(
        x="estimate:Q", shape=alt.Shape("comparison:N", sort=order, legend=None), **enc,
        tooltip=["criterion:N", "comparison:N", alt.Tooltip("estimate:Q", format=".2f"),
                 alt.Tooltip("low:Q", format=".2f"), alt.Tooltip("high:Q", format=".2f")])
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color=NEUTRAL,
                                                           strokeDash=[3, 3]).encode(x="x:Q")
    means = table.groupby("comparison", sort=False)["estimate"].mean()
    parts = "; ".join(f"{name}: {value:.2f}" for name, value in means.items())
    return finalize(
        alt.layer(zero, rules, points).properties(width=440, height=330),
        title="AI judges agree with each other more than with people",
        subtitle=[f"Mean over pairs; 95% bootstrap intervals over stories; {source}"],
        description=(f"Dot plot with intervals for {len(crit)} criteria "
                     f"({', '.join(crit)}), one point per kind of comparison: "
                     f"{', '.join(order)}. Averaged over criteria the rank correlations are "
                     f"{parts}."),
    )
