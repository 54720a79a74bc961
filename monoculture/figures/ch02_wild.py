"""Figures for chapter 2's "In the wild" section: English words and handwritten digits.

Each function takes tidy, already aggregated data and returns a finished Altair
chart with a title, a subtitle naming the data and a screen-reader description.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..theme import PALETTE
from .common import check_column, check_df, finalize

__all__ = ["vocabulary_survival_chart", "digit_grid_chart", "digit_collapse_chart",
           "digit_pixels"]


def vocabulary_survival_chart(survivors: pd.DataFrame, *, n_words: int,
                              source: str) -> alt.TopLevelMixin:
    """Words still present after each generation, one line per corpus size.

    Parameters
    ----------
    survivors : DataFrame
        Columns ``generation``, ``words kept`` (mean over chains) and
        ``corpus size`` (a label such as ``"10^7 tokens"``).
    n_words : int
        Size of the starting vocabulary.
    """
    survivors = check_df(survivors, "survivors")
    for col in ("generation", "words kept"):
        check_column(survivors, col, col)
    check_column(survivors, "corpus size", "corpus size", numeric=False)
    order = list(dict.fromkeys(survivors["corpus size"]))
    chart = alt.Chart(survivors).mark_line(strokeWidth=3, point=True).encode(
        x=alt.X("generation:Q", title="generation"),
        y=alt.Y("words kept:Q", title="words with non-zero probability",
                scale=alt.Scale(domain=[0, n_words])),
        color=alt.Color("corpus size:N", sort=order, title="tokens per generation"),
        strokeDash=alt.StrokeDash("corpus size:N", sort=order, title="tokens per generation"),
        tooltip=["corpus size:N", "generation:Q", alt.Tooltip("words kept:Q", format=",.0f")],
    ).properties(width=460, height=280)
    last = survivors[survivors["generation"] == survivors["generation"].max()]
    ends = ", ".join(f"{r['corpus size']}: {r['words kept']:,.0f}" for _, r in last.iterrows())
    return finalize(
        chart,
        title="A real vocabulary loses its rare words, generation after generation",
        subtitle=[f"Each generation re-estimates word frequencies from a sample of its own "
                  f"output; {source}"],
        description=(f"Line chart of how many of the {n_words:,} words keep a non-zero "
                     f"probability over {int(survivors['generation'].max())} generations, "
                     f"for three corpus sizes. Smaller corpora lose most of the vocabulary "
                     f"in the first generation; after the last generation the words kept "
                     f"are {ends}."),
    )


def digit_pixels(images: np.ndarray, generations: list[int] | np.ndarray) -> pd.DataFrame:
    """Tidy pixels of a grid of 8x8 digit images for :func:`digit_grid_chart`.

    Parameters
    ----------
    images : array, shape (n_generations, n_per_row, 64)
        Pixel intensities (0 to 16), one row of images per generation.
    generations : sequence of int
        The generation each row shows.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim != 3 or images.shape[2] != 64:
        raise ValueError("images must have shape (rows, images per row, 64)")
    if len(generations) != images.shape[0]:
        raise ValueError("generations must have one entry per row of images")
    g, k, pix = np.meshgrid(np.arange(images.shape[0]), np.arange(images.shape[1]),
                            np.arange(64), indexing="ij")
    return pd.DataFrame({
        "generation": [f"generation {int(generations[i])}" for i in g.ravel()],
        "x": (k * 9 + pix % 8).ravel(),
        "y": (pix // 8).ravel(),
        "ink": np.clip(images, 0, 16).round(1).ravel(),
    })


def digit_grid_chart(pixels: pd.DataFrame, *, n_samples: int, source: str) -> alt.TopLevelMixin:
    """Rows of generated digits, one row per generation (see :func:`digit_pixels`)."""
    pixels = check_df(pixels, "pixels")
    for col in ("x", "y", "ink"):
        check_column(pixels, col, col)
    rows = list(dict.fromkeys(pixels["generation"]))
    per_row = int(pixels["x"].max()) // 9 + 1
    # Blank pixels are transparent; inked ones run from a grey at 3:1 on white to
    # black, so every drawn mark meets the book's mark contrast.
    chart = alt.Chart(pixels).mark_rect().encode(
        x=alt.X("x:O", axis=None),
        y=alt.Y("y:O", axis=None),
        color=alt.Color("ink:Q", scale=alt.Scale(domain=[1, 16], range=["#939393", "#000000"],
                                                 clamp=True), legend=None),
        opacity=alt.condition(alt.datum.ink >= 1, alt.value(1), alt.value(0)),
    ).properties(width=per_row * 36, height=32).facet(
        row=alt.Row("generation:N", sort=rows, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left")),
        spacing=4,
    )
    return finalize(
        chart,
        title="Digits drawn by a model fitted to its own drawings",
        subtitle=[f"PCA to 16 dimensions, then a 10-component Gaussian mixture refitted to "
                  f"{n_samples} of its own samples per generation; {source}"],
        description=(f"A grid of 8 by 8 pixel images, {per_row} per row, one row for each of "
                     f"the generations {', '.join(r.split()[-1] for r in rows)}. The first row "
                     "shows samples of the model fitted to the real digits; later rows "
                     "show samples after more rounds of refitting, which drift towards fewer "
                     "and blurrier kinds of digit."),
    )


def digit_collapse_chart(summary: pd.DataFrame, *, n_chains: int,
                         source: str) -> alt.TopLevelMixin:
    """Effective number of digit classes and total variance over generations.

    Parameters
    ----------
    summary : DataFrame
        Columns ``generation``, ``measure`` (two values), ``mean``, ``low``, ``high``.
    """
    summary = check_df(summary, "summary")
    for col in ("generation", "mean", "low", "high"):
        check_column(summary, col, col)
    check_column(summary, "measure", "measure", numeric=False)
    base = alt.Chart(summary).encode(x=alt.X("generation:Q", title="generation"))
    band = base.mark_area(opacity=0.3, color=PALETTE[0]).encode(
        y=alt.Y("low:Q", title=None, scale=alt.Scale(zero=False)), y2="high:Q")
    line = base.mark_line(strokeWidth=3, point=True, color=PALETTE[0]).encode(
        y=alt.Y("mean:Q", title=None, scale=alt.Scale(zero=False)),
        tooltip=["measure:N", "generation:Q", alt.Tooltip("mean:Q", format=".2f"),
                 alt.Tooltip("low:Q", format=".2f"), alt.Tooltip("high:Q", format=".2f")])
    chart = alt.layer(band, line).properties(width=260, height=220).facet(
        column=alt.Column("measure:N", title=None), spacing=30).resolve_scale(y="independent")
    first = summary[summary["generation"] == summary["generation"].min()]
    last = summary[summary["generation"] == summary["generation"].max()]
    parts = [f"{m}: from {first.loc[first['measure'] == m, 'mean'].iloc[0]:.2f} to "
             f"{last.loc[last['measure'] == m, 'mean'].iloc[0]:.2f}"
             for m in summary["measure"].unique()]
    return finalize(
        chart,
        title="Fewer kinds of digit, as read by a fixed classifier",
        subtitle=[f"Mean of {n_chains} chains with a band of ±2 standard errors; {source}"],
        description=("Two line charts over generations with uncertainty bands. " +
                     "; ".join(parts) + "."),
    )
