"""Figures for chapter 1's "In the wild" section: real jokes and NoveltyBench answers.

Each function takes tidy, already aggregated data and returns a finished Altair
chart with a title, a subtitle naming the data and a screen-reader description.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..theme import NEUTRAL, PALETTE
from .common import check_column, check_df, finalize

__all__ = ["joke_counts_chart", "joke_profile_chart", "joke_rank_frequency_chart",
           "joke_accumulation_chart", "noveltybench_agreement_chart"]


def joke_counts_chart(profile: pd.DataFrame, infinity: float, counts: pd.DataFrame, *,
                      source: str) -> alt.TopLevelMixin:
    """The Hill profile and the rank-frequency plot of the jokes, side by side."""
    left = joke_profile_chart(profile, infinity, source=source)
    right = joke_rank_frequency_chart(counts, source=source)
    q0 = float(profile.loc[profile["q"].idxmin(), "effective number"])
    return finalize(
        alt.hconcat(left, right),
        title="ChatGPT's jokes: many requests, few jokes",
        subtitle=[source],
        description=(f"Two charts. Left: the Hill number of the jokes' counts against the "
                     f"order q, falling from {q0:.0f} distinct jokes at q = 0 towards "
                     f"{infinity:.1f} at q = infinity. Right: log-log scatter of how often "
                     f"each distinct joke was told against its rank; the counts fall steeply "
                     f"from {int(counts['times told'].max())}, and the tail is jokes told "
                     "once."),
    )


def joke_profile_chart(profile: pd.DataFrame, infinity: float, *, source: str) -> alt.TopLevelMixin:
    """Hill profile of the jokes: effective number against the order q.

    Parameters
    ----------
    profile : DataFrame
        Columns ``q`` and ``effective number``.
    infinity : float
        The Hill number of order infinity, drawn as a dashed reference line.
    source : str
        Data credit for the subtitle.
    """
    profile = check_df(profile, "profile")
    check_column(profile, "q", "q")
    check_column(profile, "effective number", "effective number")
    line = alt.Chart(profile).mark_line(strokeWidth=3, color=PALETTE[0]).encode(
        x=alt.X("q:Q", title="order q"),
        y=alt.Y("effective number:Q", scale=alt.Scale(type="log"),
                title="effective number of jokes (log scale)"),
        tooltip=[alt.Tooltip("q:Q", format=".2f"),
                 alt.Tooltip("effective number:Q", format=".1f")],
    )
    rule = alt.Chart(pd.DataFrame({"y": [infinity], "label": [f"q = ∞: {infinity:.1f}"]})).mark_rule(
        strokeDash=[4, 4], color=NEUTRAL).encode(y="y:Q")
    text = alt.Chart(pd.DataFrame({"y": [infinity], "q": [profile["q"].max()],
                                   "label": [f"q = ∞: {infinity:.1f}"]})).mark_text(
        align="right", dy=-6).encode(x="q:Q", y="y:Q", text="label:N")
    q0 = float(profile.loc[profile["q"].idxmin(), "effective number"])
    return finalize(
        alt.layer(line, rule, text).properties(width=300, height=240),
        title="How many jokes, counted at each order",
        subtitle=[f"Hill numbers of the joke counts; {source}"],
        description=(f"Line chart of the Hill number of the jokes' counts against the order q "
                     f"from {profile['q'].min():g} to {profile['q'].max():g}, on a log scale. "
                     f"It falls from {q0:.0f} distinct jokes at q = 0 towards the order-infinity "
                     f"value {infinity:.1f}, drawn as a dashed line: a few jokes dominate."),
    )


def joke_rank_frequency_chart(counts: pd.DataFrame, *, source: str) -> alt.TopLevelMixin:
    """Rank-frequency plot of the jokes on log-log axes.

    Parameters
    ----------
    counts : DataFrame
        Columns ``rank`` (1 = most frequent) and ``times told``.
    """
    counts = check_df(counts, "counts")
    check_column(counts, "rank", "rank")
    check_column(counts, "times told", "times told")
    n_once = int((counts["times told"] == 1).sum())
    chart = alt.Chart(counts).mark_circle(size=40, opacity=1, color=PALETTE[0]).encode(
        x=alt.X("rank:Q", scale=alt.Scale(type="log"), title="rank of the joke (log scale)"),
        y=alt.Y("times told:Q", scale=alt.Scale(type="log"),
                title="times told (log scale)"),
        tooltip=["rank:Q", "times told:Q"],
    ).properties(width=300, height=240)
    top = int(counts["times told"].max())
    return finalize(
        chart,
        title="A few jokes, told again and again",
        subtitle=[f"Each point is one distinct joke; {source}"],
        description=(f"Log-log scatter plot of how often each of the {len(counts)} distinct "
                     f"jokes was told against its rank. The most common joke was told {top} "
                     f"times; the counts fall steeply with rank, and the last {n_once} jokes "
                     "were told once each."),
    )


def joke_accumulation_chart(curve: pd.DataFrame, asymptote: float, n_observed: int, *,
                            source: str) -> alt.TopLevelMixin:
    """Distinct jokes against the number of requests: interpolated, then extrapolated.

    Parameters
    ----------
    curve : DataFrame
        Columns ``requests``, ``distinct jokes`` and ``part`` (``"observed
        (rarefied)"`` or ``"predicted (extrapolated)"``).
    asymptote : float
        The Chao1 estimate, drawn as a dashed line.
    n_observed : int
        The size of the real sample, marked with a point.
    """
    curve = check_df(curve, "curve")
    for col in ("requests", "distinct jokes"):
        check_column(curve, col, col)
    lines = alt.Chart(curve).mark_line(strokeWidth=3).encode(
        x=alt.X("requests:Q", title="number of requests for a joke"),
        y=alt.Y("distinct jokes:Q", title="distinct jokes expected"),
        color=alt.Color("part:N", title=None, legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("part:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=["requests:Q", alt.Tooltip("distinct jokes:Q", format=".1f"), "part:N"],
    )
    observed = curve[curve["requests"] == n_observed].iloc[:1]
    point = alt.Chart(observed).mark_point(size=80, filled=True, color=NEUTRAL).encode(
        x="requests:Q", y="distinct jokes:Q")
    rule_df = pd.DataFrame({"y": [asymptote], "label": [f"Chao1 lower bound: {asymptote:.0f}"],
                            "x": [float(curve["requests"].max())]})
    rule = alt.Chart(rule_df).mark_rule(strokeDash=[2, 3], color=NEUTRAL).encode(y="y:Q")
    text = alt.Chart(rule_df).mark_text(align="right", dy=-6).encode(
        x="x:Q", y="y:Q", text="label:N")
    end = float(curve["distinct jokes"].iloc[-1])
    return finalize(
        alt.layer(lines, point, rule, text).properties(width=460, height=260),
        title="How many distinct jokes would more asking find?",
        subtitle=[f"Rarefaction up to the {n_observed} real requests, extrapolation beyond "
                  f"(Chao and Jost 2012); {source}"],
        description=(f"Line chart of the expected number of distinct jokes against the number "
                     f"of requests. The solid curve interpolates the real sample up to "
                     f"{n_observed} requests; the dashed curve extrapolates to "
                     f"{int(curve['requests'].max())} requests, reaching about {end:.0f}. A "
                     f"dotted line marks the Chao1 lower bound of {asymptote:.0f} jokes."),
    )


def noveltybench_agreement_chart(per_prompt: pd.DataFrame, *, rho: dict[str, float],
                                 source: str) -> alt.TopLevelMixin:
    """Our effective number of answers per prompt against the benchmark's class count.

    Parameters
    ----------
    per_prompt : DataFrame
        Columns ``benchmark classes`` (integer), ``Vendi score`` and ``category``;
        optionally ``jitter`` (a small horizontal offset for legibility).
    rho : dict
        Output of :func:`monoculture.empirical.rank_correlation_ci`.
    """
    per_prompt = check_df(per_prompt, "per_prompt")
    check_column(per_prompt, "benchmark classes", "benchmark classes")
    check_column(per_prompt, "Vendi score", "Vendi score")
    check_column(per_prompt, "category", "category", numeric=False)
    data = per_prompt.copy()
    if "jitter" not in data:
        data["jitter"] = 0.0
    data["x"] = data["benchmark classes"] + data["jitter"]
    points = alt.Chart(data).mark_point(size=50, filled=True, opacity=1).encode(
        x=alt.X("x:Q", title="different answers found by the benchmark's judge (of 10)",
                scale=alt.Scale(domain=[0.5, 10.5])),
        y=alt.Y("Vendi score:Q", title="our effective number of answers (Vendi, of 10)",
                scale=alt.Scale(domain=[0.5, 10.5])),
        color=alt.Color("category:N", title="prompt category"),
        shape=alt.Shape("category:N", title="prompt category"),
        tooltip=["category:N", "benchmark classes:Q", alt.Tooltip("Vendi score:Q", format=".2f")],
    )
    diag = alt.Chart(pd.DataFrame({"x": [1, 10], "y": [1, 10]})).mark_line(
        strokeDash=[4, 4], color=NEUTRAL).encode(x="x:Q", y="y:Q")
    return finalize(
        alt.layer(diag, points).properties(width=420, height=320),
        title="Two ways of counting different answers agree in rank",
        subtitle=[f"One point per prompt, ten answers each; Spearman ρ = {rho['estimate']:.2f} "
                  f"(95% bootstrap interval {rho['low']:.2f} to {rho['high']:.2f}); {source}"],
        description=(f"Scatter plot of {len(data)} prompts. Horizontal axis: the number of "
                     "classes of different answers the benchmark's trained judge found among "
                     "ten answers. Vertical axis: our Vendi score of order 2 on character "
                     "n-gram TF-IDF features. The two rise together (rank correlation "
                     f"{rho['estimate']:.2f}), but ours is larger for most prompts, because "
                     "reworded answers count as partly different; the dashed line marks "
                     "equality."),
    )
