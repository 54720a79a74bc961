"""Figure for chapter 4's "In the wild" section: Doshi and Hauser's stories.

The function takes a small, already aggregated table (one row per condition
and measure, with a bootstrap interval) and returns a finished Altair chart with
a title, a subtitle naming the data and a screen-reader description.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .common import check_column, check_df, finalize

__all__ = ["stories_chart"]


def _panel(data: pd.DataFrame, measure: str, order: list[str], y_title: str) -> alt.Chart:
    sub = data[data["measure"] == measure]
    base = alt.Chart(sub).encode(
        x=alt.X("condition:N", sort=order, title=None, axis=alt.Axis(labelAngle=0,
                                                                     labelLimit=140)),
        color=alt.Color("condition:N", sort=order, legend=None),
    )
    rule = base.mark_rule(strokeWidth=3).encode(
        y=alt.Y("low:Q", title=y_title, scale=alt.Scale(zero=False)), y2="high:Q")
    point = base.mark_point(size=120, filled=True, opacity=1).encode(
        y="estimate:Q", shape=alt.Shape("condition:N", sort=order, legend=None),
        tooltip=["condition:N", alt.Tooltip("estimate:Q", format=".3f"),
                 alt.Tooltip("low:Q", format=".3f"), alt.Tooltip("high:Q", format=".3f")])
    return alt.layer(rule, point).properties(width=230, height=240, title=measure)


def stories_chart(summary: pd.DataFrame, *, group_size: int, source: str) -> alt.TopLevelMixin:
    """Individual gain and collective loss by condition, side by side.

    Parameters
    ----------
    summary : DataFrame
        Columns ``condition``, ``measure`` (exactly two values: the individual
        measure first, the collective one second, in order of appearance),
        ``estimate``, ``low`` and ``high``.
    group_size : int
        The common group size at which the effective number is computed.
    source : str
        Data credit for the subtitle.
    """
    summary = check_df(summary, "summary")
    for col in ("estimate", "low", "high"):
        check_column(summary, col, col)
    check_column(summary, "condition", "condition", numeric=False)
    check_column(summary, "measure", "measure", numeric=False)
    measures = list(pd.unique(summary["measure"]))
    if len(measures) != 2:
        raise ValueError(f"summary must hold exactly two measures, got {measures}")
    order = list(pd.unique(summary["condition"]))
    left = _panel(summary, measures[0], order, "mean over stories (95% interval)")
    right = _panel(summary, measures[1], order, f"per group of {group_size} (95% interval)")
    est = summary.set_index(["measure", "condition"])["estimate"]
    first, last = order[0], order[-1]
    return finalize(
        alt.hconcat(left, right),
        title="Each story better, the stories more alike",
        subtitle=[f"Within topic, averaged over topics; bootstrap over stories; {source}"],
        description=(f"Two dot plots with 95% bootstrap intervals, one point per condition "
                     f"({', '.join(order)}). Left, {measures[0]}: from "
                     f"{est[(measures[0], first)]:.2f} for {first} to "
                     f"{est[(measures[0], last)]:.2f} for {last}. Right, {measures[1]} in a "
                     f"group of {group_size} stories on one topic: from "
                     f"{est[(measures[1], first)]:.2f} for {first} to "
                     f"{est[(measures[1], last)]:.2f} for {last}."),
    )
