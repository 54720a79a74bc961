"""Figures for chapter 3's "In the wild" section: NoveltyBench creativity prompts.

Each function takes tidy, already aggregated data (means with bootstrap
intervals) and returns a finished Altair chart with a title, a subtitle naming
the data and a screen-reader description.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..theme import NEUTRAL, PALETTE
from .common import check_column, check_df, finalize

__all__ = ["pair_similarity_chart", "ensemble_gain_chart", "in_context_chart"]


def _interval_columns(df: pd.DataFrame, name: str) -> pd.DataFrame:
    df = check_df(df, name)
    for col in ("estimate", "low", "high"):
        check_column(df, col, col)
    return df


def pair_similarity_chart(pairs: pd.DataFrame, *, source: str) -> alt.TopLevelMixin:
    """Mean similarity of three kinds of pairs, with bootstrap intervals.

    Parameters
    ----------
    pairs : DataFrame
        Columns ``pairs`` (kind of pair), ``estimate``, ``low``, ``high``.
    """
    pairs = _interval_columns(pairs, "pairs")
    check_column(pairs, "pairs", "pairs", numeric=False)
    order = list(pairs["pairs"])
    base = alt.Chart(pairs).encode(y=alt.Y("pairs:N", sort=order, title=None))
    bars = base.mark_rule(strokeWidth=3, color=NEUTRAL).encode(
        x=alt.X("low:Q", title="mean TF-IDF cosine similarity (95% bootstrap interval)"),
        x2="high:Q")
    dots = base.mark_point(size=120, filled=True, opacity=1, color=PALETTE[0]).encode(
        x="estimate:Q",
        tooltip=["pairs:N", alt.Tooltip("estimate:Q", format=".3f"),
                 alt.Tooltip("low:Q", format=".3f"), alt.Tooltip("high:Q", format=".3f")])
    text = ", ".join(f"{r['pairs']} {r['estimate']:.2f}" for _, r in pairs.iterrows())
    return finalize(
        alt.layer(bars, dots).properties(width=420, height=140),
        title="Real answers: same model, other models, other prompts",
        subtitle=[f"Mean over the 20 creativity prompts; {source}"],
        description=("Dot plot with interval bars of the mean pairwise similarity of answers, "
                     f"for three kinds of pairs: {text}."),
    )


def ensemble_gain_chart(curve: pd.DataFrame, *, source: str) -> alt.TopLevelMixin:
    """Pooled effective number of answers against the number of models pooled.

    Parameters
    ----------
    curve : DataFrame
        Columns ``models``, ``estimate``, ``low``, ``high`` and ``series``
        (``"pooled answers"`` and ``"if the models shared nothing"``).
    """
    curve = _interval_columns(curve, "curve")
    check_column(curve, "models", "models")
    check_column(curve, "series", "series", numeric=False)
    order = list(dict.fromkeys(curve["series"]))
    base = alt.Chart(curve).encode(x=alt.X("models:Q", title="models pooled (10 answers each)"))
    band = base.mark_area(opacity=0.25).encode(
        y=alt.Y("low:Q", title="effective number of answers per prompt (Vendi, q = 2)"),
        y2="high:Q", color=alt.Color("series:N", sort=order, title=None))
    line = base.mark_line(strokeWidth=3, point=True).encode(
        y="estimate:Q", color=alt.Color("series:N", sort=order, title=None),
        strokeDash=alt.StrokeDash("series:N", sort=order, title=None),
        tooltip=["series:N", "models:Q", alt.Tooltip("estimate:Q", format=".2f")])
    obs = curve[curve["series"] == order[0]]
    return finalize(
        alt.layer(band, line).properties(width=420, height=260),
        title="The real ensemble gain: more models, more answers, but less than independent",
        subtitle=[f"Mean over prompts and over subsets of models; bands: 95% bootstrap "
                  f"intervals over prompts; {source}"],
        description=(f"Line chart of the effective number of different answers per prompt "
                     f"when the answers of 1 to {int(obs['models'].max())} models are pooled. "
                     f"It rises from {obs['estimate'].iloc[0]:.1f} to "
                     f"{obs['estimate'].iloc[-1]:.1f}. A dashed reference line shows the "
                     "value if each model's answers were unrelated to the others', which "
                     "rises faster."),
    )


def in_context_chart(modes: pd.DataFrame, *, source: str) -> alt.TopLevelMixin:
    """Effective number of answers per prompt, ten independent vs ten in one conversation.

    Parameters
    ----------
    modes : DataFrame
        Columns ``model``, ``sampling``, ``estimate``, ``low``, ``high``.
    """
    modes = _interval_columns(modes, "modes")
    check_column(modes, "model", "model", numeric=False)
    check_column(modes, "sampling", "sampling", numeric=False)
    base = alt.Chart(modes).encode(
        y=alt.Y("model:N", title=None),
        color=alt.Color("sampling:N", title="ten answers asked for"),
        yOffset=alt.YOffset("sampling:N"))
    bars = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("low:Q", title="effective number of answers among ten (Vendi, q = 2)",
                scale=alt.Scale(domain=[1, 10])),
        x2="high:Q")
    dots = base.mark_point(size=90, filled=True, opacity=1).encode(
        x="estimate:Q", shape=alt.Shape("sampling:N", title="ten answers asked for"),
        tooltip=["model:N", "sampling:N", alt.Tooltip("estimate:Q", format=".2f")])
    means = modes.groupby("sampling")["estimate"].mean()
    text = "; ".join(f"{k}: mean {v:.1f}" for k, v in means.items())
    return finalize(
        alt.layer(bars, dots).properties(width=420, height=260),
        title="Asking in one conversation gives more varied answers",
        subtitle=[f"Mean over the 20 creativity prompts, 95% bootstrap intervals over "
                  f"prompts; {source}"],
        description=("Dot plot with interval bars for six models: the effective number of "
                     "different answers among ten, when the ten were asked for independently "
                     "and when they were asked for one after another in one conversation. "
                     f"{text}."),
    )
