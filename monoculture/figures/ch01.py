"""Figures of chapter 1, "Counting voices": one function per figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from ..theme import PALETTE
from .common import finalize, sim_vs_theory

__all__ = ["diversity_profiles", "rare_voices", "thousand_documents", "measures_explorer"]


def diversity_profiles(profiles: Mapping[str, Sequence[float]], qs: Sequence[float]
                       ) -> alt.TopLevelMixin:
    """Hill number against its order for a few named distributions.

    ``profiles`` maps a name to the Hill numbers at the orders ``qs``
    (for example from :func:`monoculture.diversity.hill_profile`).
    """
    df = pd.concat(pd.DataFrame({"q": np.round(np.asarray(qs, float), 3),
                                 "effective number": np.round(np.asarray(v, float), 4),
                                 "distribution": name})
                   for name, v in profiles.items())
    names = list(profiles)
    top = float(df["effective number"].max())
    enc = alt.Scale(domain=names)
    return finalize(
        alt.Chart(df).mark_line(strokeWidth=3).encode(
            x=alt.X("q:Q", title="order q"),
            y=alt.Y("effective number:Q", title="Hill number (effective number of categories)",
                    scale=alt.Scale(domain=[0, top * 1.06])),
            color=alt.Color("distribution:N", title="abundances", scale=enc),
            strokeDash=alt.StrokeDash("distribution:N", title="abundances", scale=enc),
        ),
        title=f"Diversity profiles of {len(names)} distributions over {round(top)} categories",
        subtitle="Each starts at its richness (q = 0); unevenness makes the profile fall",
        description=(f"Line chart of the Hill number against its order q from {min(qs):g} to "
                     f"{max(qs):g} for the distributions " + ", ".join(names) + ". A uniform "
                     "distribution stays flat at its richness; the more uneven the abundances, "
                     "the faster the profile falls."),
    )


def rare_voices(sizes: Sequence[int], observed: Sequence[np.ndarray], theory: Sequence[float],
                *, n_categories: int, seed: int) -> alt.TopLevelMixin:
    """Observed richness of simulated samples against the closed form.

    ``observed[i]`` holds the number of categories seen in each simulated
    sample of size ``sizes[i]`` from a Zipf(1) distribution over
    ``n_categories``; ``theory[i]`` is the expected number
    (:func:`monoculture.voices.expected_observed_richness`).
    """
    obs = [np.asarray(o, float) for o in observed]
    df = pd.DataFrame({
        "m": [int(m) for m in sizes],
        "simulated": [o.mean() for o in obs],
        "se": [o.std(ddof=1) / np.sqrt(o.size) for o in obs],
        "theory": [float(t) for t in theory],
    })
    S, reps = int(n_categories), obs[0].size
    return sim_vs_theory(
        df, x="m", sim="simulated", theory="theory", se="se", log_x=True,
        x_title="sample size m (log scale)", y_title="categories observed",
        title="Rare voices go missing from samples",
        subtitle=(f"Zipf(1) over {S} categories; {reps} samples per size, seed {seed}; "
                  "band = mean ± 1.96 SE"),
        description=(f"Observed number of categories against sample size from {min(sizes)} to "
                     f"{max(sizes)} on a log scale, for a Zipf distribution over {S} categories. "
                     "Simulated means with a Monte Carlo band lie on the theoretical curve, "
                     f"which rises slowly and reaches about {S} only at the largest samples."),
    )


def thousand_documents(growth: pd.DataFrame, *, k_true: int, noise: float, seed: int
                       ) -> alt.TopLevelMixin:
    """Documents, distinct word pairs and Vendi scores as a stance corpus grows.

    ``growth`` has one row per corpus size with the columns ``documents``,
    ``distinct_ngrams``, ``vendi_q1`` and ``vendi_q2``
    (:func:`monoculture.voices.corpus_measures`).
    """
    names = {"distinct_ngrams": "distinct word pairs", "documents": "documents",
             "vendi_q1": "Vendi score, q = 1", "vendi_q2": "Vendi score, q = 2"}
    truth = f"true perspectives (k = {k_true})"
    long = growth.assign(n=growth["documents"]).melt(
        id_vars="n", value_vars=list(names), var_name="measure", value_name="count")
    long["measure"] = long["measure"].map(names)
    long = pd.concat([long, pd.DataFrame({"n": growth["documents"], "measure": truth,
                                          "count": float(k_true)})])
    long["count"] = long["count"].round(3)
    order = list(names.values()) + [truth]
    # One scale with an explicit domain for colour and dash: a single merged legend.
    scale = alt.Scale(domain=order)
    return finalize(
        alt.Chart(long).mark_line(strokeWidth=3).encode(
            x=alt.X("n:Q", scale=alt.Scale(type="log"), title="documents in the corpus (log scale)"),
            y=alt.Y("count:Q", scale=alt.Scale(type="log"), title="how many (log scale)"),
            color=alt.Color("measure:N", scale=scale, title="what is counted"),
            strokeDash=alt.StrokeDash("measure:N", scale=scale, title="what is counted"),
            tooltip=["measure:N", "n:Q", alt.Tooltip("count:Q", format=".1f")],
        ),
        title="A thousand documents, five perspectives" if k_true == 5 and
        int(growth["documents"].max()) == 1000 else "Many documents, few perspectives",
        subtitle=(f"Stance corpus: k = {k_true} stances, noise = {noise}, 60 words per document, "
                  f"seed {seed}; TF-IDF cosine similarity"),
        description=(f"Log-log line chart of five counts against the number of documents from "
                     f"{int(growth['documents'].min())} to {int(growth['documents'].max())}. "
                     "Documents and distinct word pairs grow in proportion. The Vendi score of "
                     f"order 2 stays flat a little above the true number of perspectives, {k_true}, "
                     "and the Vendi score of order 1 rises slowly to several times that."),
    )


def measures_explorer(grid: pd.DataFrame, *, seed: int) -> alt.TopLevelMixin:
    """Sliders for k and noise; Vendi scores (left) and distinct-2 (right) against corpus size.

    ``grid`` comes from :func:`monoculture.voices.measures_grid`.
    """
    vendi = grid.melt(id_vars=["k", "noise", "n"], value_vars=["vendi_q1", "vendi_q2"],
                      var_name="measure", value_name="value")
    vendi["measure"] = vendi["measure"].map({"vendi_q1": "Vendi score, q = 1",
                                             "vendi_q2": "Vendi score, q = 2"})
    vendi["value"] = vendi["value"].round(3)
    d2 = grid[["k", "noise", "n", "distinct_n"]].round(4)
    k_slider = alt.param(name="k", value=5, bind=alt.binding_range(
        min=int(grid.k.min()), max=int(grid.k.max()), step=1, name="true perspectives k: "))
    noises = sorted(grid.noise.unique())
    noise_slider = alt.param(name="noise", value=float(noises[1]), bind=alt.binding_range(
        min=float(noises[0]), max=float(noises[-1]), step=float(np.diff(noises).min()),
        name="noise: "))
    chosen = (alt.datum.k == k_slider) & (alt.expr.abs(alt.datum.noise - noise_slider) < 0.01)
    x = alt.X("n:Q", scale=alt.Scale(type="log", domain=[int(grid.n.min()), int(grid.n.max())]),
              title="documents (log scale)")
    scale = alt.Scale(domain=["Vendi score, q = 1", "Vendi score, q = 2"])
    lines = alt.Chart(vendi).transform_filter(chosen).mark_line(strokeWidth=3).encode(
        x=x, y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 40], clamp=True),
                     title="effective number of perspectives"),
        color=alt.Color("measure:N", title="measure", scale=scale),
        strokeDash=alt.StrokeDash("measure:N", title="measure", scale=scale),
        tooltip=["measure:N", "n:Q", "value:Q"])
    truth = alt.Chart(grid).transform_filter(alt.datum.k == k_slider).transform_aggregate(
        k="max(k)").mark_rule(strokeDash=[2, 2], color="#555555").encode(y="k:Q")
    right = alt.Chart(d2).transform_filter(chosen).mark_line(
        strokeWidth=3, color=PALETTE[2], point=True).encode(
        x=x, y=alt.Y("distinct_n:Q", scale=alt.Scale(domain=[0, 1]),
                     title="distinct-2 (share of word pairs that are distinct)"),
        tooltip=["n:Q", alt.Tooltip("distinct_n:Q", title="distinct-2")])
    return finalize(
        alt.hconcat(alt.layer(lines, truth).properties(width=330, height=260),
                    right.properties(width=230, height=260)).add_params(k_slider, noise_slider),
        title="What each measure sees as the corpus grows",
        subtitle=f"Stance corpora, 60 words per document, seed {seed}; dotted line = true k",
        description=("Interactive figure with sliders for the true number of perspectives k "
                     "and the noise level. Left: the Vendi scores of order 1 and 2 against the "
                     "number of documents, with a dotted reference line at k. Right: "
                     "distinct-2, the share of word pairs that are distinct, on a scale from 0 "
                     "to 1."),
    )
