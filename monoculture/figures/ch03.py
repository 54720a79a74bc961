"""Figures for chapter 3, "Many models, one voice".

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
                     series_band as _band, series_encoding as _series, sim_vs_theory)

__all__ = ["agreement_by_share", "hivemind_explorer", "text_similarity",
           "rl_trajectories", "entropy_reward", "best_of_n_kept"]

Subtitle = str | Sequence[str]




def agreement_by_share(agree: pd.DataFrame, *, subtitle: Subtitle) -> alt.TopLevelMixin:
    """Within- and across-model agreement against the share of shared data.

    Parameters
    ----------
    agree : DataFrame
        Columns ``rho``, ``pairs`` (``"within one model"`` or ``"across models"``),
        ``mean`` and the spread of individual model pairs, ``lower`` and ``upper``.
    subtitle : str or sequence of str
        What was simulated, with parameters and seed.
    """
    agree = _require(agree, ["rho", "pairs", "mean", "lower", "upper"], "agree",
                     numeric=["rho", "mean", "lower", "upper"])
    kinds = ["within one model", "across models"]
    color, dash = _series("pairs", "two answers from", kinds)
    x = alt.X("rho:Q", title="share of shared training data ρ")
    band = _band(alt.Chart(agree).mark_area(opacity=0.2).encode(
        x=x, y=alt.Y("lower:Q", title="chance two answers are the same idea"), y2="upper:Q"),
        "pairs", kinds)
    line = alt.Chart(agree).mark_line(point=True, strokeWidth=3).encode(
        x=x, y="mean:Q", color=color, strokeDash=dash,
        tooltip=["pairs:N", "rho:Q", alt.Tooltip("mean:Q", format=".3f")])
    ends = agree.sort_values("rho")
    a0, a1 = (ends[ends["pairs"] == "across models"]["mean"].iloc[i] for i in (0, -1))
    w0 = ends[ends["pairs"] == "within one model"]["mean"].iloc[0]
    return finalize(
        alt.layer(band, line).resolve_legend(fill="independent").properties(width=420,
                                                                             height=260),
        title="Shared data make different models agree",
        subtitle=subtitle,
        description=(f"Two lines against the share of shared training data from 0 to 1, each "
                     f"with a band for the middle 80 percent of model pairs. The chance that "
                     f"two answers of different models are the same idea rises from "
                     f"{a0:.3f} with no shared data to {a1:.3f} with all data shared, where it "
                     f"meets the chance that two answers of one model coincide, which starts "
                     f"at {w0:.3f}."),
    )


def hivemind_explorer(gain: pd.DataFrame, effective: pd.DataFrame, agreement: pd.DataFrame, *,
                      n_ideas: int, subtitle: Subtitle) -> alt.TopLevelMixin:
    """Three linked panels with sliders for rho and beta (grids from :func:`monoculture.hivemind.ensemble_grid`)."""
    gain = _require(gain, ["rho", "beta", "models", "gain"], "gain",
                    numeric=["rho", "beta", "models", "gain"])
    effective = _require(effective, ["rho", "beta", "who", "effective"], "effective",
                         numeric=["rho", "beta", "effective"])
    agreement = _require(agreement, ["rho", "beta", "kind", "agreement"], "agreement",
                         numeric=["rho", "beta", "agreement"])
    n_max = int(gain["models"].max())
    rho_slider = alt.param(name="rho", value=0.0, bind=alt.binding_range(
        min=0, max=1, step=0.1, name="shared data ρ: "))
    beta_slider = alt.param(name="beta", value=0.0, bind=alt.binding_range(
        min=0, max=6, step=0.5, name="alignment β: "))
    pick = ((alt.expr.abs(alt.datum.rho - rho_slider) < 0.01)
            & (alt.expr.abs(alt.datum.beta - beta_slider) < 0.01))
    gain_top = float(np.ceil(gain["gain"].max() * 5) / 5)
    gain_panel = alt.Chart(gain).transform_filter(pick).mark_line(
        point=True, strokeWidth=3).encode(
        x=alt.X("models:Q", title="number of models pooled", scale=alt.Scale(domain=[1, n_max])),
        y=alt.Y("gain:Q", title="ensemble gain (order 1)", scale=alt.Scale(domain=[0.9, gain_top])),
        tooltip=["models:Q", "gain:Q"],
    ).properties(width=220, height=240)
    whos = ["one model (mean)", f"pool of {n_max}"]
    eff_panel = alt.Chart(effective).transform_filter(pick).mark_bar().encode(
        x=alt.X("who:N", title=None, sort=whos),
        y=alt.Y("effective:Q", title="effective number of answers",
                scale=alt.Scale(domain=[0, n_ideas])),
        color=alt.value(PALETTE[2]),
        tooltip=["who:N", "effective:Q"],
    ).properties(width=120, height=240)
    kinds = ["within one model", "across models"]
    agree_top = float(np.ceil(agreement["agreement"].max() * 10) / 10)
    agree_panel = alt.Chart(agreement).transform_filter(pick).mark_bar().encode(
        x=alt.X("kind:N", title=None, sort=kinds),
        y=alt.Y("agreement:Q", title="chance two samples coincide",
                scale=alt.Scale(domain=[0, agree_top])),
        color=alt.Color("kind:N", title="pairs of samples", sort=kinds),
        tooltip=["kind:N", "agreement:Q"],
    ).properties(width=120, height=240)
    return finalize(
        alt.hconcat(gain_panel, eff_panel, agree_panel).add_params(rho_slider, beta_slider),
        title="How much does pooling models buy",
        subtitle=subtitle,
        description=(f"Interactive figure with two sliders, the share of shared data rho and the "
                     f"alignment strength beta. The left panel shows the ensemble gain against "
                     f"the number of pooled models from 1 to {n_max}. The middle panel shows the "
                     f"effective number of answers of one model and of the pool of {n_max}. The "
                     f"right panel shows within-model and across-model agreement. Shared data "
                     f"flatten the gain to 1. Alignment lowers the gain slowly but shrinks both "
                     f"effective numbers fast."),
    )


def text_similarity(hist: pd.DataFrame, means: pd.DataFrame, *,
                    subtitle: Subtitle) -> alt.TopLevelMixin:
    """Histograms of pairwise TF-IDF similarity by pair type, one panel per setting.

    Parameters
    ----------
    hist : DataFrame
        Columns ``setting``, ``pairs``, ``similarity`` (bin start) and ``share``.
    means : DataFrame
        Mean similarity per setting (rows, in panel order) and pair type (columns).
    """
    hist = _require(hist, ["setting", "pairs", "similarity", "share"], "hist",
                    numeric=["similarity", "share"])
    kinds = ["same model", "different models", "different prompts"]
    settings = list(means.index)
    desc = " ".join(
        f"Setting {s}: mean similarity {means.loc[s, kinds[0]]:.2f} for pairs from one model, "
        f"{means.loc[s, kinds[1]]:.2f} from different models and {means.loc[s, kinds[2]]:.2f} "
        f"for the different-prompt baseline." for s in settings)
    chart = alt.Chart(hist).mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        x=alt.X("similarity:Q", title="TF-IDF cosine similarity of a pair of responses",
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("share:Q", title="share of pairs"),
        color=_series("pairs", "pairs of responses", kinds)[0],
        strokeDash=_series("pairs", "pairs of responses", kinds)[1],
    ).properties(width=280, height=220).facet(
        column=alt.Column("setting:N", title=None, sort=settings))
    return finalize(chart, title="Pairwise similarity of toy responses", subtitle=subtitle,
                    description=("Histograms of pairwise similarity of toy responses, one panel "
                                 "per setting, one line per kind of pair. " + desc))


def rl_trajectories(traj: pd.DataFrame, *, subtitle: Subtitle) -> alt.TopLevelMixin:
    """Entropy and expected reward against training step for each training signal.

    Parameters
    ----------
    traj : DataFrame
        Long table with columns ``step``, ``method``, ``quantity`` and ``value``;
        ``method`` in the order of first appearance sets the legend order.
    """
    traj = _require(traj, ["step", "method", "quantity", "value"], "traj",
                    numeric=["step", "value"])
    order = list(pd.unique(traj["method"]))
    last = traj[traj["step"] == traj["step"].max()]
    ent = last[last["quantity"].str.startswith("entropy")].set_index("method")["value"]
    start = traj[(traj["step"] == traj["step"].min())
                 & traj["quantity"].str.startswith("entropy")]["value"].iloc[0]
    ends = ", ".join(f"{m} {ent[m]:.2f}" for m in order)
    chart = alt.Chart(traj).mark_line(strokeWidth=2.5).encode(
        x=alt.X("step:Q", title="training step"),
        y=alt.Y("value:Q", title=None),
        color=_series("method", "training signal", order)[0],
        strokeDash=_series("method", "training signal", order)[1],
    ).properties(width=280, height=220).facet(
        column=alt.Column("quantity:N", title=None)).resolve_scale(y="independent")
    return finalize(
        chart, title="RL squeezes the policy, SFT keeps its spread", subtitle=subtitle,
        description=(f"Two panels against training step from 0 to {int(traj['step'].max())}. "
                     f"Left, policy entropy in nats, starting at {start:.2f} and ending at: "
                     f"{ends}. Right, expected reward, which the RL variants raise and SFT "
                     f"lowers."))


def entropy_reward(fit_df: pd.DataFrame, *, subtitle: Subtitle) -> alt.TopLevelMixin:
    """Reward against entropy along an RL run, with the fitted R = -a exp(H) + b.

    Parameters
    ----------
    fit_df : DataFrame
        Columns ``entropy``, ``reward`` and ``fit``.
    """
    fit_df = _require(fit_df, ["entropy", "reward", "fit"], "fit_df",
                      numeric=["entropy", "reward", "fit"])
    return sim_vs_theory(
        fit_df, x="entropy", sim="reward", theory="fit",
        x_title="policy entropy H (nats)", y_title="expected reward R",
        band_label="RL trajectory (every 5th step)",
        title="Reward against entropy along an RL run", subtitle=subtitle,
        description=(f"Expected reward against entropy along the plain RL run, with the fitted "
                     f"curve R equals minus a times exp H plus b. As entropy falls from "
                     f"{fit_df['entropy'].max():.2f} to {fit_df['entropy'].min():.2f} nats, "
                     f"reward rises from {fit_df['reward'].min():.2f} to "
                     f"{fit_df['reward'].max():.2f}; the fitted curve follows the points "
                     f"except at the highest entropies, at the start of training."),
    )


def best_of_n_kept(kept: pd.DataFrame, *, subtitle: Subtitle) -> alt.TopLevelMixin:
    """Where best-of-n puts its mass: the chance of each reward band of the answers.

    Parameters
    ----------
    kept : DataFrame
        Columns ``top_percent`` (upper edge of a band of answers ranked by
        reward, in percent from the top: 5 is the best 5%), ``n`` (number of
        candidates, one line each, at most six values), ``share`` (chance that
        the kept answer falls in the band) and ``effective`` (effective number
        of answers left after selection, one value per ``n``).
    subtitle : str or sequence of str
        What was computed, with parameters.
    """
    kept = _require(kept, ["top_percent", "n", "share", "effective"], "kept",
                    numeric=["top_percent", "n", "share", "effective"])
    ns = sorted(pd.unique(kept["n"]))
    labels = [f"best of {int(n)}" for n in ns]
    data = kept.assign(candidates=kept["n"].map(dict(zip(ns, labels))))
    eff = data.groupby("candidates")["effective"].first()
    first = data[data["top_percent"] == data["top_percent"].min()].set_index("candidates")["share"]
    band = float(data["top_percent"].min())
    chart = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("top_percent:Q", title="band of answers by reward (percent from the top)",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("share:Q", title="chance the kept answer is in the band"),
        color=_series("candidates", "selection", labels)[0],
        strokeDash=_series("candidates", "selection", labels)[1],
        tooltip=["candidates:N", "top_percent:Q", alt.Tooltip("share:Q", format=".3f")],
    ).properties(width=420, height=260)
    detail = "; ".join(f"{lab}: {first[lab]:.2f} in the best {band:g} percent, about "
                       f"{eff[lab]:.0f} effective answers left" for lab in labels)
    return finalize(
        chart, title="Best-of-n piles the mass onto the top answers", subtitle=subtitle,
        description=(f"Lines of the chance that the kept answer falls in each band of "
                     f"{band:g} percent of the answers ranked by reward, best band on the left, "
                     f"for {len(ns)} values of n. One candidate spreads evenly over the bands; "
                     f"larger n moves the mass to the best band. {detail}."))
