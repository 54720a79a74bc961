"""Figures of chapter 2, "The curse of recursion": one function per figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from ..diversity import hill_number
from ..theme import NEUTRAL, PALETTE
from .common import finalize, sim_vs_theory

__all__ = ["chain_paths", "final_variances", "forgotten_words", "vocabulary_hill",
           "mixture_panels", "text_forgetting", "replace_vs_accumulate", "fresh_data_dial"]


def chain_paths(chain, *, n_show: int = 20, seed: int, every: int = 2) -> alt.TopLevelMixin:
    """Individual Gaussian chains: the fitted mean (left) and variance (right, log scale).

    ``chain`` is a :class:`monoculture.collapse.GaussianChain`; the first
    ``n_show`` chains are drawn, and the median of all chains is the thick line.
    """
    G, C = chain.variances.shape[0] - 1, chain.variances.shape[1]
    gens = np.arange(0, G + 1, every)

    def panel(values, y_title, log, title):
        df = pd.DataFrame(values[gens][:, :n_show].round(4), index=gens)
        df = df.rename_axis("generation").reset_index().melt(
            id_vars="generation", var_name="chain", value_name="value")
        df["kind"] = f"{n_show} of {C} chains"
        med = pd.DataFrame({"generation": gens, "chain": -1, "kind": f"median of {C} chains",
                            "value": np.median(values[gens], axis=1).round(4)})
        data = pd.concat([df, med])
        scale = alt.Scale(domain=[f"{n_show} of {C} chains", f"median of {C} chains"],
                          range=[NEUTRAL, PALETTE[0]])
        return alt.Chart(data, title=title).mark_line().encode(
            x=alt.X("generation:Q", title="generation n"),
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log") if log else
                    alt.Scale(zero=False)),
            detail="chain:N",
            color=alt.Color("kind:N", title=None, scale=scale,
                            legend=alt.Legend(symbolType="stroke", symbolOpacity=1)),
            strokeWidth=alt.condition(alt.datum.chain == -1, alt.value(3), alt.value(1)),
            tooltip=["generation:Q", alt.Tooltip("value:Q", format=".3f")],
        ).properties(width=260, height=230)

    left = panel(chain.means, "fitted mean μₙ", False, "The mean wanders")
    right = panel(chain.variances, "fitted variance σₙ² (log scale)", True,
                  "The variance shrinks on most chains")
    M = chain.n_samples
    return finalize(
        alt.hconcat(left, right),
        title="Each chain drifts; most chains lose their spread",
        subtitle=(f"Gaussian refitted to M = {M} of its own samples per generation "
                  f"({chain.estimator} variance), {G} generations, {C} chains, seed {seed}"),
        description=(f"Two line charts of {n_show} individual chains over {G} generations. "
                     "Left: the fitted mean wanders away from the true 0 like a random walk, "
                     "each chain in its own direction. Right, on a log scale: the fitted "
                     "variance of most chains falls far below the true 1, a few rise, and "
                     "the median of all chains falls steadily."),
    )


def final_variances(variances: np.ndarray, *, generation: int, n_samples: int, seed: int,
                    n_bins: int = 30) -> alt.TopLevelMixin:
    """Histogram of the final fitted variances (log scale) with the median, mean and truth."""
    v = np.asarray(variances, float)
    logs = np.log10(v)
    edges = np.linspace(logs.min(), logs.max(), n_bins + 1)
    counts, _ = np.histogram(logs, edges)
    hist = pd.DataFrame({"lo": 10 ** edges[:-1], "hi": 10 ** edges[1:], "chains": counts})
    marks = pd.DataFrame({"value": [np.median(v), v.mean(), 1.0],
                          "what": ["median chain", "mean over chains", "true variance"]})
    scale = alt.Scale(domain=list(marks["what"]),
                      range=[PALETTE[0], PALETTE[1], "#555555"])
    bars = alt.Chart(hist).mark_rect(color=NEUTRAL).encode(
        x=alt.X("lo:Q", scale=alt.Scale(type="log"),
                title=f"fitted variance at generation {generation} (log scale)"),
        x2="hi:Q", y=alt.Y("chains:Q", title="number of chains"),
        tooltip=[alt.Tooltip("lo:Q", format=".3g"), alt.Tooltip("hi:Q", format=".3g"),
                 "chains:Q"])
    rules = alt.Chart(marks).mark_rule(strokeWidth=3).encode(
        x="value:Q", color=alt.Color("what:N", title=None, scale=scale),
        strokeDash=alt.StrokeDash("what:N", title=None, scale=alt.Scale(
            domain=list(marks["what"]), range=[[1, 0], [6, 3], [2, 2]])),
        tooltip=["what:N", alt.Tooltip("value:Q", format=".3f")])
    return finalize(
        alt.layer(bars, rules).properties(width=520, height=240),
        title="The average chain keeps its variance; the typical chain does not",
        subtitle=(f"{v.size} unbiased Gaussian chains after {generation} generations, "
                  f"M = {n_samples}, seed {seed}"),
        description=(f"Histogram on a log scale of the fitted variance of {v.size} chains "
                     f"after {generation} generations. Most chains sit far below the true "
                     f"variance 1; the median is {np.median(v):.2f}. A few chains far to the "
                     f"right pull the mean over chains up to {v.mean():.2f}."),
    )


def forgotten_words(shares: np.ndarray, *, n_samples: int, seed: int, every: int = 1,
                    last: int | None = None) -> alt.TopLevelMixin:
    """One vocabulary chain as a map: word rank against generation, blank once forgotten.

    ``shares`` has shape ``(n_generations + 1, n_words)``: one chain of
    :func:`monoculture.collapse.categorical_chain`. Generations ``0..last``
    (default: all) are drawn, every ``every``-th one.
    """
    S = shares.shape[1]
    G = shares.shape[0] - 1 if last is None else min(int(last), shares.shape[0] - 1)
    gens = np.arange(0, G + 1, every)
    df = pd.DataFrame(shares[gens], index=gens).rename_axis("generation").reset_index().melt(
        id_vars="generation", var_name="rank", value_name="share")
    df["rank"] = df["rank"].astype(int) + 1
    df = df[df["share"] > 0].round({"share": 5})
    alive = (shares[gens] > 0).sum(axis=1)
    return finalize(
        alt.Chart(df).mark_rect().encode(
            x=alt.X("generation:O", title="generation n",
                    axis=alt.Axis(values=[int(g) for g in gens if g % 10 == 0], labelAngle=0)),
            y=alt.Y("rank:O", title="word, by rank in the original vocabulary (1 = commonest)",
                    axis=alt.Axis(values=[1, 10, 20, 40, 60, 80, 100])),
            color=alt.Color("share:Q", title="probability",
                            scale=alt.Scale(type="log")),  # the theme's contrast-safe heatmap range
            tooltip=["generation:Q", "rank:Q", alt.Tooltip("share:Q", format=".4f")],
        ).properties(width=480, height=300),
        title="The words a model forgot",
        subtitle=(f"One chain: Zipf(1) vocabulary of {S} words refitted to M = {n_samples} "
                  f"draws per generation, seed {seed}; blank = probability 0, gone for good"),
        description=(f"Map of one vocabulary chain over {G} generations: each row is a word, "
                     "from the commonest at the top to the rarest at the bottom, coloured by "
                     "its probability, blank once it has probability 0. Most rare words at the "
                     "bottom vanish within a few generations; a few words drift upward by luck "
                     f"for a while. {alive[0]} words are alive at the start, "
                     f"{alive[len(gens) // 2]} at generation {gens[len(gens) // 2]} and "
                     f"{alive[-1]} at generation {gens[-1]}."),
    )


def vocabulary_hill(chains: np.ndarray, generations: Sequence[int], *, tail_from: int,
                    n_samples: int, seed: int, stride: int = 4) -> alt.TopLevelMixin:
    """Mean Hill numbers of orders 0-2 (left) and the median tail mass (right).

    ``chains`` has shape ``(n_generations + 1, n_chains, n_words)``; Hill
    numbers are averaged over every ``stride``-th chain, the tail mass is the
    total probability of words from rank ``tail_from + 1`` on.
    """
    C, S = chains.shape[1], chains.shape[2]
    rows = [{"generation": int(g), "measure": f"Hill number of order {q}",
             "value": round(float(np.mean([hill_number(chains[g, c], q)
                                           for c in range(0, C, stride)])), 3)}
            for g in generations for q in (0, 1, 2)]
    tail = chains[list(generations)][:, :, tail_from:].sum(axis=2)
    tail_df = pd.DataFrame({"generation": list(generations),
                            "value": np.median(tail, axis=1).round(4)})
    hill_df = pd.DataFrame(rows)
    scale = alt.Scale(domain=[f"Hill number of order {q}" for q in (0, 1, 2)])
    left = alt.Chart(hill_df).mark_line(strokeWidth=3).encode(
        x=alt.X("generation:Q", title="generation n"),
        y=alt.Y("value:Q", title="effective number of words (mean over chains)"),
        color=alt.Color("measure:N", title="measure", scale=scale),
        strokeDash=alt.StrokeDash("measure:N", title="measure", scale=scale),
        tooltip=["measure:N", "generation:Q", alt.Tooltip("value:Q", format=".1f")],
    ).properties(width=300, height=260)
    right = alt.Chart(tail_df).mark_line(strokeWidth=3, color=PALETTE[3]).encode(
        x=alt.X("generation:Q", title="generation n"),
        y=alt.Y("value:Q", title=f"mass of the {S - tail_from} rarest words (median)"),
        tooltip=["generation:Q", alt.Tooltip("value:Q", format=".3f")],
    ).properties(width=260, height=260)
    return finalize(
        alt.hconcat(left, right),
        title="Richness collapses first; the tail mass drains away",
        subtitle=(f"Zipf(1) vocabulary of {S} words, M = {n_samples}, {C} chains "
                  f"(Hill numbers over every {stride}th chain), seed {seed}"),
        description=(f"Two line charts over {max(generations)} generations. Left: the mean "
                     f"Hill numbers of order 0, 1 and 2 of the fitted vocabulary; richness "
                     f"falls fastest from {S}, order 2 slowest. Right: the median total "
                     f"probability of the {S - tail_from} rarest words falls from about "
                     f"{tail[0].mean():.2f} towards 0."),
    )


def mixture_panels(samples: Sequence[np.ndarray], shown: Sequence[int], *, seed: int
                   ) -> alt.TopLevelMixin:
    """Scatter plots of the data a Gaussian-mixture chain was fitted to, a few generations."""
    df = pd.concat(pd.DataFrame({"x": samples[g][:, 0].round(2), "y": samples[g][:, 1].round(2),
                                 "generation": f"generation {g}"}) for g in shown)
    n, last = len(samples[0]), max(shown)
    return finalize(
        alt.Chart(df).mark_circle(size=12, color=PALETTE[0]).encode(
            x=alt.X("x:Q", scale=alt.Scale(domain=[-8, 8]), title="first coordinate"),
            y=alt.Y("y:Q", scale=alt.Scale(domain=[-8, 8]), title="second coordinate"),
        ).properties(width=150, height=150).facet(
            facet=alt.Facet("generation:N", sort=[f"generation {g}" for g in shown], title=None),
            columns=len(shown)),
        title="The outlying clusters fade and the density contracts",
        subtitle=(f"Gaussian mixture refitted to {n} of its own samples per generation, "
                  f"5 components, seed {seed}; the data each generation was fitted to"),
        description=(f"{len(shown)} scatter plots of {n} points each, at generations "
                     + ", ".join(str(g) for g in shown) + ". At generation 0 a central cloud "
                     "is surrounded by four small clusters on the axes. The small clusters "
                     f"thin out and vanish, and by generation {last} a single compact cloud "
                     "remains."),
    )


def text_forgetting(runs: Mapping[str, object], *, n_tokens: int, seed: int
                    ) -> alt.TopLevelMixin:
    """Distinct words, distinct-2 and surviving rare words of text chains, one line per run.

    ``runs`` maps a label to a :class:`monoculture.collapse.TextChain`.
    """
    rows = []
    for label, run in runs.items():
        for g in range(len(run.vocabulary)):
            rows += [
                {"generation": g, "run": label, "measure": "distinct words",
                 "value": int(run.vocabulary[g])},
                {"generation": g, "run": label, "measure": "distinct-2 (share of bigrams)",
                 "value": round(float(run.distinct_2[g]), 4)},
                {"generation": g, "run": label, "measure": "rare words still used",
                 "value": int(run.rare_vocabulary[g])},
            ]
    G = len(next(iter(runs.values())).vocabulary) - 1
    scale = alt.Scale(domain=list(runs))
    return finalize(
        alt.Chart(pd.DataFrame(rows)).mark_line(strokeWidth=3).encode(
            x=alt.X("generation:Q", title="generation"),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("run:N", title="training text", scale=scale),
            strokeDash=alt.StrokeDash("run:N", title="training text", scale=scale),
            tooltip=["run:N", "measure:N", "generation:Q", "value:Q"],
        ).properties(width=190, height=200).facet(
            column=alt.Column("measure:N", title=None)).resolve_scale(y="independent"),
        title="A bigram model retrained on its own text forgets its words",
        subtitle=(f"Bigram model of this book's prose ({n_tokens:,} tokens), {G} "
                  f"generations of equal-length text, seed {seed}; rare = used at most twice"),
        description=(f"Three line charts over {G} generations, one line per run: "
                     + ", ".join(runs) + ". Distinct words, distinct-2 and the number of rare "
                     "words still used all fall fast without original text and level off "
                     "early when part of the text is original."),
    )


def replace_vs_accumulate(risks: Mapping[str, np.ndarray], theory: Mapping[str, np.ndarray],
                          *, n_features: int, n_samples: int, seed: int) -> alt.TopLevelMixin:
    """Excess risk of the regression chain per iteration, simulation against theory.

    ``risks[policy]`` has shape ``(n_iterations, n_repeats)``; ``theory[policy]``
    has length ``n_iterations``.
    """
    frames = []
    for policy, risk in risks.items():
        risk = np.asarray(risk, float)
        frames.append(pd.DataFrame({
            "iteration": np.arange(1, risk.shape[0] + 1), "simulated": risk.mean(axis=1),
            "se": risk.std(axis=1, ddof=1) / np.sqrt(risk.shape[1]),
            "theory": np.asarray(theory[policy], float), "training data": policy}))
    df = pd.concat(frames)
    N, R = df["iteration"].max(), risk.shape[1]
    base = n_features / (n_samples - n_features - 1)
    return sim_vs_theory(
        df, x="iteration", sim="simulated", theory="theory", se="se", series="training data",
        x_title="iteration", y_title="excess risk ‖ŵ − w*‖²",
        title="Replacing data lets the error grow; accumulating bounds it",
        subtitle=(f"Least squares, d = {n_features} features, T = {n_samples} rows, noise σ = 1, "
                  f"fixed design, {R} repeats, seed {seed}; band = ±1.96 SE"),
        description=(f"Line chart of the excess risk against the iteration, 1 to {N}, for two "
                     f"ways of handling data. With replacement the risk grows in a straight "
                     f"line to about {base * N:.1f}. With accumulation it levels off near "
                     f"{base * np.pi**2 / 6:.2f}. Simulations follow the theoretical curves."),
    )


def fresh_data_dial(phase: pd.DataFrame, traj: pd.DataFrame, *, n_samples: int, n_chains: int,
                    seed: int, target: float = 0.9) -> alt.TopLevelMixin:
    """Explorable: a slider for the fresh fraction r.

    ``phase`` has columns ``r``, ``M``, ``f`` and ``kept`` (exact expected
    variance kept); ``traj`` has columns ``r``, ``generation``, ``lower``,
    ``median``, ``upper`` and ``expected`` for chains of ``n_samples``.
    """
    r_values = sorted(phase["r"].unique())
    G = int(traj["generation"].max())
    r_slider = alt.param(name="r", value=0.0, bind=alt.binding_range(
        min=float(r_values[0]), max=float(r_values[-1]),
        step=float(np.round(np.diff(r_values).min(), 6)), name="fresh fraction r: "))
    is_r = alt.expr.abs(alt.datum.r - r_slider) < 1e-6
    heat = alt.Chart(phase).mark_rect().encode(
        x=alt.X("r:O", title="fresh fraction r",
                axis=alt.Axis(labelAngle=0, values=list(r_values[::5]))),
        y=alt.Y("M:O", title="sample size M", sort="descending"),
        color=alt.Color("kept:Q", title=["expected variance", f"kept after {G}", "generations"],
                        scale=alt.Scale(domain=[0, 1])),
        stroke=alt.condition(is_r, alt.value("#d55e00"), alt.value(None)),
        strokeWidth=alt.condition(is_r, alt.value(2.5), alt.value(0)),
        tooltip=["r:Q", "M:Q", alt.Tooltip("f:Q", title="fresh samples per generation"),
                 alt.Tooltip("kept:Q", title="expected variance kept")],
    ).properties(width=520, height=170)
    chosen = alt.Chart(traj).transform_filter(is_r)
    y_scale = alt.Scale(domain=[0, 1.6], clamp=True)
    band = chosen.mark_area(opacity=0.25, color=PALETTE[0]).encode(
        x=alt.X("generation:Q", title="generation n"),
        y=alt.Y("lower:Q", title="variance of the fitted Gaussian (σ² = 1)", scale=y_scale),
        y2="upper:Q")
    domain = ["median", "expected"]
    lines = chosen.transform_fold(domain, as_=["curve", "value"]).mark_line(strokeWidth=3).encode(
        x="generation:Q", y=alt.Y("value:Q", scale=y_scale),
        color=alt.Color("curve:N", title=None,
                        scale=alt.Scale(domain=domain,
                                        range=[PALETTE[0], PALETTE[1]]),
                        legend=alt.Legend(labelExpr=("datum.label == 'median' ? 'median chain "
                                                     "(band: 10-90% of chains)' : "
                                                     "'expected variance (exact)'"))),
        strokeDash=alt.StrokeDash("curve:N", legend=None,
                                  scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4]])),
        tooltip=["generation:Q", "curve:N", alt.Tooltip("value:Q", format=".3f")])
    line_at = alt.Chart(pd.DataFrame({"y": [target]})).mark_rule(
        strokeDash=[2, 2], color="#555555").encode(y="y:Q")
    Ms = sorted(phase["M"].unique())
    return finalize(
        alt.vconcat(heat, alt.layer(band, lines, line_at).properties(width=520, height=220))
        .add_params(r_slider).resolve_scale(color="independent"),
        title="How much fresh data keeps the variance?",
        subtitle=[f"Maximum-likelihood Gaussian chain, {G} generations. Top: exact expected "
                  f"variance kept. Bottom: M = {n_samples},",
                  f"{n_chains} chains per fresh fraction, seed {seed} + grid index; dotted "
                  f"line at {target}"],
        description=(f"Interactive figure with a slider for the fresh fraction r from "
                     f"{r_values[0]:g} to {r_values[-1]:g}. Top: heat map of the expected "
                     f"variance kept after {G} generations for sample sizes {Ms[0]} to "
                     f"{Ms[-1]}; the column of the chosen r is outlined. Bottom: for samples "
                     f"of {n_samples}, the median simulated variance, the band of the middle "
                     f"80 percent of chains and the exact expected variance over {G} "
                     f"generations, with a dotted line at {target}."),
    )
