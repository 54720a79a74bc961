"""Figures of chapter 5, *Epistemic hyperinflation*: one function per figure.

Each function takes small, already aggregated tables computed by the chapter
with :mod:`monoculture.hyperinflation`, and returns an Altair chart with a
title, a subtitle stating what was simulated, and a text description for
screen readers. The chapter keeps the computations visible; these functions
keep the plotting out of its way.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ..theme import NEUTRAL, PALETTE
from .common import finalize, sim_vs_theory
from .common import need_columns as _need

__all__ = [
    "price_level",
    "judge_counts",
    "newsroom_loop",
    "winners_histogram",
    "winner_quality",
    "goodhart",
    "brandolini",
    "explore_variants",
]


def price_level(price: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.LayerChart:
    """Epistemic price level over time, one line per scenario (log scale).

    Parameters
    ----------
    price : pandas.DataFrame
        Columns ``t``, ``scenario`` and ``price``; the scenarios are drawn in
        their order of first appearance. A scenario whose name starts with
        ``"no AI growth"`` is the control and is drawn in neutral grey.
    subtitle : str or sequence of str
        The parameters of the stock-and-flow runs.
    """
    price = _need(price, ["t", "scenario", "price"], "price")
    order = list(dict.fromkeys(price["scenario"]))
    colours = []
    palette = iter(PALETTE)
    for name in order:
        colours.append(NEUTRAL if name.startswith("no AI growth") else next(palette))
    dashes = [[1, 0], [8, 4], [2, 3], [6, 2, 2, 2], [12, 3], [4, 4]][:len(order)]
    enc = dict(
        x=alt.X("t:Q", title="period"),
        y=alt.Y("price:Q", scale=alt.Scale(type="log"),
                title="epistemic price level P = MV/Q (log scale)"),
        # one legend: colour and dash share field, title, domain and sort
        color=alt.Color("scenario:N", title="scenario", sort=order,
                        scale=alt.Scale(domain=order, range=colours),
                        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3,
                                          orient="bottom", direction="vertical")),
        strokeDash=alt.StrokeDash("scenario:N", title="scenario", sort=order,
                                  scale=alt.Scale(domain=order, range=dashes),
                                  legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3,
                                                    orient="bottom", direction="vertical")),
    )
    lines = alt.Chart(price).mark_line(strokeWidth=3).encode(
        **enc, tooltip=["scenario:N", "t:Q", alt.Tooltip("price:Q", format=".2f")])
    last = price[price["t"] == price["t"].max()]
    first = price[price["t"] == price["t"].min()]
    rise = {s: float(last.set_index("scenario").loc[s, "price"]
                     / first.set_index("scenario").loc[s, "price"]) for s in order}
    desc = ("Line chart of the epistemic price level on a log scale over "
            f"{int(price['t'].max()) + 1} periods for {len(order)} scenarios, the stock of "
            "claims started at its steady state. From first to last period the price level "
            "changes by a factor of "
            + "; ".join(f"{rise[s]:.1f} for {s}" for s in order) + ".")
    return finalize(lines.properties(width=520),
                           title="Claims printed faster than they are checked lose value",
                           subtitle=subtitle, description=desc)


def judge_counts(counts: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.Chart:
    """Accepted claims per 1,000, split into true and false, for several rho.

    Parameters
    ----------
    counts : pandas.DataFrame
        Columns ``rho``, ``accepted`` (``"true claims"`` or ``"false claims"``)
        and ``count`` (claims per 1,000 accepted by the judge).
    subtitle : str or sequence of str
        The error rates and what was computed.
    """
    counts = _need(counts, ["rho", "accepted", "count"], "counts")
    data = counts.assign(rho=counts["rho"].map(lambda r: f"ρ = {r:g}"))
    order = ["true claims", "false claims"]
    rhos = list(dict.fromkeys(data["rho"]))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("count:Q", title="claims accepted by the judge, per 1,000 claims", stack=True),
        y=alt.Y("rho:N", sort=rhos, title="correlation of the errors"),
        color=alt.Color("accepted:N", sort=order, title="accepted",
                        scale=alt.Scale(domain=order,
                                        range=[PALETTE[0], PALETTE[1]])),
        order=alt.Order("order:Q"),
        tooltip=["rho:N", "accepted:N", "count:Q"],
    ).transform_calculate(order="datum.accepted == 'true claims' ? 0 : 1")
    totals = data.groupby("rho", sort=False)["count"].sum()
    false = data[data["accepted"] == "false claims"].set_index("rho")["count"]
    label_rows = pd.DataFrame({"rho": rhos, "total": [totals[r] for r in rhos],
                               "label": [f"{false[r]:.0f} false" for r in rhos]})
    labels = alt.Chart(label_rows).mark_text(align="left", dx=4).encode(
        x=alt.X("total:Q"), y=alt.Y("rho:N", sort=rhos), text="label:N")
    desc = ("Horizontal stacked bars, one per error correlation, of the claims per 1,000 "
            "that the judge accepts, split into true and false claims. The false claims "
            "accepted rise from " + " to ".join(f"{false[r]:.0f} at {r}" for r in rhos) + ".")
    return finalize(
        alt.layer(bars, labels).properties(width=480, height=40 * len(rhos)),
        title="A judge that shares the generator's blind spots lets its errors through",
        subtitle=subtitle, description=desc)


def newsroom_loop(loop: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.LayerChart:
    """Verified share and error rate among verified claims against the AI share of checking.

    Parameters
    ----------
    loop : pandas.DataFrame
        Columns ``share``, ``quantity``, ``sim``, ``se`` and ``theory``.
    """
    loop = _need(loop, ["share", "quantity", "sim", "se", "theory"], "loop")
    ends = loop.sort_values("share").groupby("quantity", sort=False)["theory"].agg(["first", "last"])
    desc = ("Line chart against the AI share of checking from "
            f"{loop['share'].min():g} to {loop['share'].max():g}. "
            + " ".join(f"The {q} rises from {r['first']:.0%} to {r['last']:.0%}."
                       for q, r in ends.iterrows())
            + " Simulated days with Monte Carlo bands follow the closed form.")
    return sim_vs_theory(
        loop, x="share", sim="sim", theory="theory", se="se", series="quantity",
        x_title="AI share of checking", y_title="share",
        title="More AI checking: more claims verified, more errors among them",
        subtitle=subtitle, description=desc)


def winners_histogram(estimates: dict[str, np.ndarray], truth: float, *,
                      subtitle: str | Sequence[str], bins: int = 40) -> alt.LayerChart:
    """Histograms of the winners' estimated values, against the true value.

    Parameters
    ----------
    estimates : dict of str to numpy.ndarray
        For each label (e.g. ``"N = 10"``), the winner's estimate in each
        repetition. The arrays are binned here, on one common grid.
    truth : float
        The true value shared by every variant, drawn as a rule.
    bins : int
        Number of bins of the common grid.
    """
    if not isinstance(estimates, dict) or not estimates:
        raise TypeError("estimates must be a non-empty dict of label -> array")
    arrays = {k: np.asarray(v, dtype=float).ravel() for k, v in estimates.items()}
    lo = min(truth, *(a.min() for a in arrays.values()))
    hi = max(a.max() for a in arrays.values())
    edges = np.linspace(lo, hi, int(bins) + 1)
    rows = []
    for label, a in arrays.items():
        counts, _ = np.histogram(a, edges)
        rows.append(pd.DataFrame({"winners": label, "start": edges[:-1], "end": edges[1:],
                                  "share": counts / a.size}))
    hist = pd.concat(rows, ignore_index=True)
    order = list(arrays)
    means = pd.DataFrame({"winners": order, "mean": [arrays[k].mean() for k in order]})
    colour = alt.Color("winners:N", sort=order, title="kept variant of",
                       scale=alt.Scale(domain=order, range=list(PALETTE[:len(order)])),
                       legend=alt.Legend(symbolType="stroke"))
    steps = alt.Chart(hist).mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        x=alt.X("start:Q", title="estimated click-through rate of the kept variant",
                scale=alt.Scale(zero=False)),
        y=alt.Y("share:Q", title="share of repetitions"),
        color=colour, strokeDash=alt.StrokeDash("winners:N", sort=order, title="kept variant of",
                                  scale=alt.Scale(domain=order), legend=alt.Legend(symbolType="stroke")),
        tooltip=["winners:N", alt.Tooltip("start:Q", format=".4f"),
                 alt.Tooltip("share:Q", format=".3f")])
    mean_rules = alt.Chart(means).mark_rule(strokeWidth=2.5, strokeDash=[6, 3]).encode(
        x="mean:Q", color=colour)
    truth_rule = alt.Chart(pd.DataFrame({"truth": [truth]})).mark_rule(
        strokeWidth=3).encode(x="truth:Q")
    truth_text = alt.Chart(pd.DataFrame({"truth": [truth], "label": ["true CTR of every variant"]})
                           ).mark_text(align="left", dx=5, dy=-5, baseline="bottom").encode(
        x="truth:Q", y=alt.value(0), text="label:N")
    desc = ("Overlaid histograms, drawn as step lines, of the estimated click-through rate of the kept variant, "
            f"for {', '.join(order)}, with a solid rule at the true rate {truth:g} that every "
            "variant shares and dashed rules at the mean estimate of each winner: "
            + ", ".join(f"{means.loc[i, 'mean']:.4f} for {w}" for i, w in enumerate(order))
            + ". The larger the field, the further the winners' estimates sit above the truth.")
    return finalize(
        alt.layer(steps, mean_rules, truth_rule, truth_text).properties(width=520, height=260),
        title="The kept variant's estimate promises more than the truth",
        subtitle=subtitle, description=desc)


def winner_quality(sel: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.LayerChart:
    """True CTR of the winner against N for fixed budgets (simulation and theory).

    Parameters
    ----------
    sel : pandas.DataFrame
        Columns ``N``, ``budget`` (a label), ``simulated``, ``se`` and ``theory``.
    """
    sel = _need(sel, ["N", "budget", "simulated", "se", "theory"], "sel")
    best = sel.loc[sel.groupby("budget", sort=False)["theory"].idxmax()]
    desc = ("Line chart of the true click-through rate of the winner against the number "
            f"of variants from {sel['N'].min()} to {sel['N'].max()} on a log scale, for "
            + " and ".join(sel["budget"].unique()) + " impressions. Each curve rises, peaks "
            "and falls; on the plotted grid the peaks are at "
            + " and ".join(f"N = {r.N} for {r.budget}" for r in best.itertuples())
            + ". Simulations follow the approximate closed form.")
    return sim_vs_theory(
        sel, x="N", sim="simulated", theory="theory", se="se", series="budget", log_x=True,
        x_title="variants generated N (log scale)", y_title="true CTR of the kept variant",
        title="With a fixed testing budget, more variants help only up to a point",
        subtitle=subtitle, description=desc)


def goodhart(g: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.LayerChart:
    """True value of the winner against N when the proxy mixes value and bait.

    Parameters
    ----------
    g : pandas.DataFrame
        Columns ``N``, ``case``, ``simulated``, ``se`` and ``theory`` (NaN where
        no closed form exists).
    """
    g = _need(g, ["N", "case", "simulated", "se", "theory"], "g")
    last = g[g["N"] == g["N"].max()].set_index("case")["simulated"]
    desc = ("Line chart of the true value of the winner against the number of variants "
            f"from {g['N'].min()} to {g['N'].max()} on a log scale, for {len(last)} kinds of "
            "bait. At the largest N the value is "
            + "; ".join(f"{v:.2f} for {c}" for c, v in last.items())
            + ". Mild normal bait still gains, harmful bait loses steadily, and heavy-tailed "
            "bait first gains and then loses.")
    return sim_vs_theory(
        g, x="N", sim="simulated", theory="theory", se="se", series="case", log_x=True,
        x_title="variants generated N (log scale)", y_title="true value of the kept variant",
        title="When clicks and value diverge, more search can make things worse",
        subtitle=subtitle, description=desc)


def brandolini(brand: pd.DataFrame, *, subtitle: str | Sequence[str]) -> alt.Chart:
    """Share of claims that can be checked against volume, per cost ratio k (log-log).

    Parameters
    ----------
    brand : pandas.DataFrame
        Columns ``volume``, ``k`` (a label such as ``"k = 10"``) and ``share``.
    """
    brand = _need(brand, ["volume", "k", "share"], "brand")
    order = list(dict.fromkeys(brand["k"]))
    title = "refuting cost / producing cost"
    chart = alt.Chart(brand).mark_line(strokeWidth=3).encode(
        x=alt.X("volume:Q", scale=alt.Scale(type="log"),
                title="claims produced per period (log scale)"),
        y=alt.Y("share:Q", scale=alt.Scale(type="log"), title="share that can be checked (log scale)"),
        color=alt.Color("k:N", title=title, sort=order),
        strokeDash=alt.StrokeDash("k:N", title=title, sort=order),
    )
    desc = ("Log-log line chart of the share of claims that can be checked against the "
            f"number of claims produced per period from {brand['volume'].min():g} to "
            f"{brand['volume'].max():g}, for refutation cost ratios {', '.join(order)}. Each "
            "line is flat at 1 and then falls with slope minus one; larger ratios start "
            "falling earlier.")
    return finalize(chart, title="Brandolini's asymmetry caps what can be checked",
                           subtitle=subtitle, description=desc)


def explore_variants(ex: pd.DataFrame, *, subtitle: str | Sequence[str],
                     start_budget: float = 4.0, start_n: int = 20) -> alt.LayerChart:
    """Explorable: promised and delivered CTR of the kept variant against N.

    Sliders choose the budget (log10 of impressions, on the grid of
    ``ex["log_budget"]``) and N. The y axis is fitted to the data of the chosen
    budget, so the delivered curve's decline stays visible at every budget.

    Parameters
    ----------
    ex : pandas.DataFrame
        Columns ``log_budget``, ``N``, ``what`` and ``ctr``.
    """
    ex = _need(ex, ["log_budget", "N", "what", "ctr"], "ex")
    budgets = sorted(ex["log_budget"].unique())
    step = float(np.round(np.diff(budgets).min(), 6)) if len(budgets) > 1 else 1.0
    b_slider = alt.param(name="logB", value=start_budget, bind=alt.binding_range(
        min=budgets[0], max=budgets[-1], step=step, name="log10 of impression budget: "))
    n_slider = alt.param(name="nvar", value=start_n, bind=alt.binding_range(
        min=int(ex["N"].min()), max=int(ex["N"].max()), step=1, name="variants N: "))
    base = alt.Chart(ex).transform_filter(alt.expr.abs(alt.datum.log_budget - b_slider) < 1e-6)
    order = list(dict.fromkeys(ex["what"]))
    legend = alt.Legend(symbolType="stroke", symbolStrokeWidth=3)
    x = alt.X("N:Q", title="variants generated N")
    # zero=False and no fixed domain: the axis follows the chosen budget's data
    y = alt.Y("ctr:Q", title="click-through rate of the kept variant", scale=alt.Scale(zero=False))
    lines = base.mark_line(strokeWidth=3).encode(
        x=x, y=y, color=alt.Color("what:N", title=None, sort=order, legend=legend,
                                  scale=alt.Scale(domain=order)),
        strokeDash=alt.StrokeDash("what:N", title=None, sort=order, legend=legend,
                                  scale=alt.Scale(domain=order)))
    at_n = base.transform_filter(alt.datum.N == n_slider)
    points = at_n.mark_point(size=120, filled=True).encode(
        x=x, y=y, color=alt.Color("what:N", sort=order, legend=None, scale=alt.Scale(domain=order)),
        tooltip=["what:N", "N:Q", alt.Tooltip("ctr:Q", format=".4f")])
    labels = at_n.mark_text(align="left", dx=8, dy=-8).encode(
        x="N:Q", y="ctr:Q", text=alt.Text("ctr:Q", format=".4f"))
    rule = at_n.transform_filter(alt.datum.what == order[-1]).mark_rule(
        strokeDash=[2, 2], color=NEUTRAL).encode(x="N:Q")
    desc = ("Interactive line chart. Sliders choose the impression budget, from "
            f"{10 ** budgets[0]:,.0f} to {10 ** budgets[-1]:,.0f}, and the number of variants N "
            f"from {int(ex['N'].min())} to {int(ex['N'].max())}. Two curves show the promised "
            "and the delivered click-through rate of the kept variant against N; a marker "
            "shows both at the chosen N. The promised curve keeps rising with N; the "
            "delivered curve peaks and falls.")
    return finalize(
        alt.layer(lines, rule, points, labels).add_params(b_slider, n_slider).properties(width=560),
        title="What the test promises and what the winner delivers",
        subtitle=subtitle, description=desc)
