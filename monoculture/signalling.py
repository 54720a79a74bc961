"""Chapter 5's signalling toy: form without thought.

Polish (fluent structure, confident tone, clean prose) used to cost effort,
and the effort came easier to authors who had thought the matter through.
Readers could therefore use polish as a cheap signal of quality. This module
holds a small Gaussian toy in the tradition of Spence's job-market signalling
``spence1973signaling``: a signal that is costly, with a cost that falls with
the sender's quality, separates senders by quality, so that a receiver who
sees only the signal can infer the quality behind it.

What is Spence's and what is ours
---------------------------------
From ``spence1973signaling``: the idea that an unproductive signal is
informative because its cost is negatively correlated with the sender's
unobserved quality, and that then a *separating* outcome exists in which the
signal reveals quality. The Gaussian linear-quadratic toy, the heterogeneous
stakes that add noise, the tool that pools a share of authors, and every
closed form below (the reader's accuracy :func:`reader_accuracy`, the losses of
three kinds of reader :func:`reader_losses` and the share at which trusting
polish becomes worse than ignoring it :func:`trust_crossover`) are our own
derivations, checked against simulation in ``tests/test_signalling.py``.
Unlike Spence, the toy keeps the reward per unit of polish fixed instead of
letting it equal the reader's belief; chapter 5's exercise closes that loop
numerically.

The model
---------
An author has quality ``q ~ N(mu, sigma^2)`` and stakes ``g ~ N(g_bar,
sigma_g^2)``, independent: how much one unit of polish is worth to them
(attention, acceptance, a grade). Polish ``s`` costs
``(cost / 2) * (s - q)**2``: polish up to the level one's own thinking
supplies is free, and every further unit costs more, the more so the lower
the quality (the marginal cost ``cost * (s - q)`` falls with ``q``: Spence's
single-crossing condition). Maximising ``g * s - (cost / 2) * (s - q)**2``
gives ``s = q + g / cost``. A share ``tool_share`` of authors instead use a
tool whose output has polish ``tool_polish + tool_sd * e`` with standard
normal ``e``, whatever their quality: they pool at the tool's level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ._validate import RngLike, as_rng, check_int, check_real

__all__ = [
    "DEFAULTS",
    "simulate_authors",
    "polish_moments",
    "reader_accuracy",
    "ReaderLosses",
    "reader_losses",
    "reader_estimates",
    "trust_crossover",
    "simulate_readers",
    "form_substance",
]


#: Default parameters of the toy (quality in standard units).
DEFAULTS: dict[str, float] = {"quality_mean": 0.0, "quality_sd": 1.0, "stakes_mean": 1.0,
                              "stakes_sd": 1.0, "tool_polish": 2.0, "tool_sd": 0.25}


def _resolve(params: dict) -> dict[str, float]:
    """Merge ``params`` with :data:`DEFAULTS`, rejecting unknown names, and validate."""
    unknown = set(params) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown parameter(s) {sorted(unknown)}; allowed: {sorted(DEFAULTS)}")
    full = {**DEFAULTS, **params}
    return dict(zip(DEFAULTS, _params(*(full[k] for k in DEFAULTS))))


def _params(quality_mean: float, quality_sd: float, stakes_mean: float, stakes_sd: float,
            tool_polish: float, tool_sd: float) -> tuple[float, ...]:
    return (check_real(quality_mean, "quality_mean"),
            check_real(quality_sd, "quality_sd", minimum=0.0, include_min=False),
            check_real(stakes_mean, "stakes_mean"),
            check_real(stakes_sd, "stakes_sd", minimum=0.0),
            check_real(tool_polish, "tool_polish"),
            check_real(tool_sd, "tool_sd", minimum=0.0))


def _grid(value, name: str, *, minimum: float, maximum: float | None = None,
          include_min: bool = True) -> np.ndarray:
    """Validate a scalar or array argument (the closed forms are vectorised)."""
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        raise TypeError(f"{name} must be a real number or an array of them, "
                        f"got {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number or an array of them, "
                        f"got {type(value).__name__}") from None
    if arr.size == 0 or np.isnan(arr).any() or not np.isfinite(arr).all():
        raise ValueError(f"{name} must hold finite numbers, got {value!r}")
    low_ok = (arr >= minimum) if include_min else (arr > minimum)
    high_ok = True if maximum is None else (arr <= maximum)
    if not np.all(low_ok & high_ok):
        left = ("[" if include_min else "(") + f"{minimum}"
        right = "inf)" if maximum is None else f"{maximum}]"
        raise ValueError(f"{name} must be in {left}, {right}, got {value!r}")
    return arr


def _out(x: np.ndarray):
    return float(x) if np.ndim(x) == 0 else x


def simulate_authors(n_authors: int, *, cost: float = 2.0, tool_share: float = 0.0,
                     quality_mean: float = 0.0, quality_sd: float = 1.0,
                     stakes_mean: float = 1.0, stakes_sd: float = 1.0,
                     tool_polish: float = 2.0, tool_sd: float = 0.25,
                     rng: RngLike = None) -> pd.DataFrame:
    """Draw authors, their quality and the polish each one chooses.

    Each author maximises ``stakes * s - (cost / 2) * (s - quality)**2`` and
    so writes with polish ``s = quality + stakes / cost``; a share
    ``tool_share`` of authors (chosen at random, independently of quality)
    use a tool whose output has polish ``tool_polish + tool_sd * e``.

    Parameters
    ----------
    n_authors : int
        Number of authors, at least 2.
    cost : float
        Cost parameter of polish beyond one's quality, positive. High cost:
        polish tracks quality; low cost: polish tracks stakes.
    tool_share : float
        Share of authors using the tool, in [0, 1].
    quality_mean, quality_sd : float
        Mean and standard deviation (> 0) of quality.
    stakes_mean, stakes_sd : float
        Mean and standard deviation (>= 0) of the stakes: the value to the
        author of one unit of polish.
    tool_polish, tool_sd : float
        Mean and standard deviation (>= 0) of the polish of the tool's output.
    rng : numpy.random.Generator, int or None
        Random generator or seed.

    Returns
    -------
    pandas.DataFrame
        One row per author: ``quality``, ``stakes``, ``uses_tool`` (bool) and
        ``polish``.

    Notes
    -----
    The costly signal whose cost falls with quality is Spence's
    ``spence1973signaling``; the Gaussian toy around it is ours.
    """
    n = check_int(n_authors, "n_authors", minimum=2)
    cost = check_real(cost, "cost", minimum=0.0, include_min=False)
    alpha = check_real(tool_share, "tool_share", minimum=0.0, maximum=1.0)
    mu, sigma, g_bar, sigma_g, p_t, tau = _params(quality_mean, quality_sd, stakes_mean,
                                                  stakes_sd, tool_polish, tool_sd)
    gen = as_rng(rng)
    # [start-authors]
    quality = mu + sigma * gen.standard_normal(n)
    stakes = g_bar + sigma_g * gen.standard_normal(n)
    uses_tool = gen.random(n) < alpha
    own = quality + stakes / cost                      # the author's own best polish
    tool = p_t + tau * gen.standard_normal(n)          # the tool's polish, blind to quality
    polish = np.where(uses_tool, tool, own)
    # [end-authors]
    return pd.DataFrame({"quality": quality, "stakes": stakes,
                         "uses_tool": uses_tool, "polish": polish})


def polish_moments(cost, tool_share=0.0, **params: float) -> dict[str, np.ndarray | float]:
    """Mean and variance of polish and its covariance with quality (closed form).

    Parameters
    ----------
    cost : float or array_like
        Cost parameter, positive.
    tool_share : float or array_like
        Share of authors using the tool, in [0, 1]; broadcast against ``cost``.
    **params : float
        ``quality_mean``, ``quality_sd``, ``stakes_mean``, ``stakes_sd``,
        ``tool_polish``, ``tool_sd`` as in :func:`simulate_authors`
        (defaults :data:`DEFAULTS`).

    Returns
    -------
    dict
        ``mean``, ``var`` and ``cov`` (with quality) of polish in the whole
        population, and ``own_mean``, ``own_var`` of polish among authors
        who do not use the tool.

    Notes
    -----
    Non-users: ``s = q + g / cost``, so ``E s = mu + g_bar / cost`` and
    ``Var s = sigma^2 + sigma_g^2 / cost^2``. The population is a mixture
    with weight ``alpha`` on the tool; by the law of total variance
    ``Var s = (1 - alpha) v0 + alpha tau^2 + alpha (1 - alpha) (m0 - p_T)^2``
    and ``Cov(s, q) = (1 - alpha) sigma^2``. Our derivation.
    """
    k = _grid(cost, "cost", minimum=0.0, include_min=False)
    a = _grid(tool_share, "tool_share", minimum=0.0, maximum=1.0)
    mu, sigma, g_bar, sigma_g, p_t, tau = _resolve(params).values()
    # [start-moments]
    m0 = mu + g_bar / k                       # mean polish of unaided authors
    v0 = sigma**2 + sigma_g**2 / k**2         # its variance: quality plus stakes
    mean = (1 - a) * m0 + a * p_t
    var = (1 - a) * v0 + a * tau**2 + a * (1 - a) * (m0 - p_t) ** 2
    cov = (1 - a) * sigma**2 * np.ones_like(k)  # tool users' polish carries no quality
    # [end-moments]
    return {"mean": _out(mean), "var": _out(var), "cov": _out(cov),
            "own_mean": _out(m0 + 0.0 * a), "own_var": _out(v0 + 0.0 * a)}


def reader_accuracy(cost, tool_share=0.0, **params: float) -> np.ndarray | float:
    """The reader's accuracy: share of quality's variance explained by polish.

    A reader who sees only polish and knows how polish is produced estimates
    quality by the best linear predictor ``E[q] + b (s - E[s])``. Its
    accuracy is the squared correlation of polish and quality,

    ``R^2 = (1 - alpha)^2 sigma^2 / Var(s)``,

    with ``Var(s)`` from :func:`polish_moments`. Without the tool
    (``alpha = 0``) this is ``R^2 = 1 / (1 + (sigma_g / (cost * sigma))^2)``:
    near 1 when polish is costly, near 0 when it is cheap.

    Parameters
    ----------
    cost : float or array_like
        Cost parameter, positive.
    tool_share : float or array_like
        Share of authors using the tool, in [0, 1].
    **params : float
        ``quality_mean``, ``quality_sd``, ``stakes_mean``, ``stakes_sd``,
        ``tool_polish``, ``tool_sd`` as in :func:`simulate_authors`.

    Returns
    -------
    float or numpy.ndarray
        ``R^2`` in [0, 1]; 0 when every author uses the tool.

    Notes
    -----
    Our derivation, for a toy in the tradition of ``spence1973signaling``.
    With ``alpha = 0`` polish and quality are jointly normal, so the linear
    predictor is the reader's Bayes estimate ``E[q | s]``. With a tool the
    population is a mixture and a reader who could compute the exact
    posterior would do a little better than the linear one.
    """
    m = polish_moments(cost, tool_share, **params)
    sigma = _resolve(params)["quality_sd"]
    a = np.asarray(tool_share, dtype=float)
    var = np.asarray(m["var"], dtype=float)
    # [start-accuracy]
    safe = np.where(var > 0, var, 1.0)        # every author uses a noiseless tool: R^2 = 0
    r2 = np.where((a < 1) & (var > 0), (1 - a) ** 2 * sigma**2 / safe, 0.0)
    # [end-accuracy]
    return _out(np.minimum(r2, 1.0))


@dataclass(frozen=True)
class ReaderLosses:
    """Mean squared errors of three readers' estimates of quality.

    Attributes
    ----------
    trusting : float or numpy.ndarray
        A reader who keeps reading polish as before the tool existed.
    ignoring : float or numpy.ndarray
        A reader who ignores polish and guesses the mean quality.
    recalibrated : float or numpy.ndarray
        A reader who knows the tool's share and reads polish accordingly
        (the best linear predictor).
    """

    trusting: np.ndarray | float
    ignoring: np.ndarray | float
    recalibrated: np.ndarray | float


def reader_losses(cost, tool_share=0.0, **params: float) -> ReaderLosses:
    """Closed-form mean squared error of three ways of reading polish.

    - *Trusting*: the reader keeps the rule that was right before the tool,
      ``q_hat = mu + b0 (s - m0)`` with ``b0 = sigma^2 / v0`` and
      ``m0 = mu + g_bar / cost``. Its loss is
      ``(1 - alpha) sigma^2 (1 - b0) + alpha [sigma^2 + b0^2 (tau^2 + (p_T - m0)^2)]``.
    - *Ignoring*: ``q_hat = mu``, loss ``sigma^2``.
    - *Recalibrated*: the best linear predictor now, loss
      ``sigma^2 (1 - R^2)``.

    Parameters
    ----------
    cost, tool_share : float or array_like
        As in :func:`reader_accuracy`.
    **params : float
        As in :func:`reader_accuracy`.

    Returns
    -------
    ReaderLosses

    Notes
    -----
    Our derivation. Tool users' polish is independent of their quality, so
    a trusting reader's error on them is ``(q - mu) - b0 (s - m0)``, whose
    mean square adds the variance of quality to the squared misreading of
    the tool's polish.
    """
    m = polish_moments(cost, tool_share, **params)
    p = _resolve(params)
    sigma2, tau2 = p["quality_sd"] ** 2, p["tool_sd"] ** 2
    a = np.asarray(tool_share, dtype=float)
    # [start-losses]
    b0 = sigma2 / np.asarray(m["own_var"])    # the weight that was right before the tool
    gap2 = (p["tool_polish"] - np.asarray(m["own_mean"])) ** 2
    trusting = (1 - a) * sigma2 * (1 - b0) + a * (sigma2 + b0**2 * (tau2 + gap2))
    # [end-losses]
    recalibrated = sigma2 * (1 - np.asarray(reader_accuracy(cost, tool_share, **params)))
    ignoring = sigma2 + 0.0 * trusting
    return ReaderLosses(_out(trusting), _out(ignoring), _out(recalibrated))


def trust_crossover(cost, **params: float) -> np.ndarray | float:
    """Tool share above which trusting polish is worse than ignoring it.

    ``alpha* = sigma^2 / (sigma^2 + b0 (tau^2 + (p_T - m0)^2))``, with ``b0``
    and ``m0`` as in :func:`reader_losses`.

    Parameters
    ----------
    cost : float or array_like
        Cost parameter, positive.
    **params : float
        As in :func:`reader_accuracy`.

    Returns
    -------
    float or numpy.ndarray
        The crossover share in (0, 1].

    Notes
    -----
    Our derivation: the trusting loss minus ``sigma^2`` equals
    ``-(1 - alpha) sigma^2 b0 + alpha b0^2 (tau^2 + (p_T - m0)^2)``, which is
    positive exactly when ``alpha > alpha*``.
    """
    m = polish_moments(cost, 0.0, **params)
    p = _resolve(params)
    sigma2, tau2 = p["quality_sd"] ** 2, p["tool_sd"] ** 2
    b0 = sigma2 / np.asarray(m["own_var"])
    gap2 = (p["tool_polish"] - np.asarray(m["own_mean"])) ** 2
    return _out(sigma2 / (sigma2 + b0 * (tau2 + gap2)))


def reader_estimates(polish, *, cost: float, tool_share: float = 0.0,
                     **params: float) -> pd.DataFrame:
    """The three readers' estimates of quality from polish.

    Parameters
    ----------
    polish : array_like
        Observed polish, one value per text (1-D).
    cost, tool_share : float
        The world the texts come from (as in :func:`simulate_authors`).
    **params : float
        As in :func:`reader_accuracy`.

    Returns
    -------
    pandas.DataFrame
        Columns ``trusting``, ``ignoring`` and ``recalibrated``, as defined
        in :func:`reader_losses`.
    """
    s = np.asarray(polish, dtype=float)
    if s.ndim != 1 or s.size == 0 or not np.isfinite(s).all():
        raise ValueError("polish must be a non-empty 1-D array of finite numbers")
    cost = check_real(cost, "cost", minimum=0.0, include_min=False)
    alpha = check_real(tool_share, "tool_share", minimum=0.0, maximum=1.0)
    p = _resolve(params)
    mu, sigma2 = p["quality_mean"], p["quality_sd"] ** 2
    m = polish_moments(cost, alpha, **params)
    b0 = sigma2 / m["own_var"]
    b = m["cov"] / m["var"] if m["var"] > 0 else 0.0
    return pd.DataFrame({"trusting": mu + b0 * (s - m["own_mean"]),
                         "ignoring": np.full(s.size, float(mu)),
                         "recalibrated": mu + b * (s - m["mean"])})


def simulate_readers(n_authors: int, n_reps: int, *, cost: float = 2.0,
                     tool_share: float = 0.0, rng: RngLike = None,
                     **params: float) -> pd.DataFrame:
    """Simulate worlds of authors and score how well each reader does.

    Parameters
    ----------
    n_authors : int
        Authors per world, at least 3.
    n_reps : int
        Independent worlds, at least 1.
    cost, tool_share : float
        As in :func:`simulate_authors`.
    rng : numpy.random.Generator, int or None
        Random generator or seed.
    **params : float
        As in :func:`simulate_authors`.

    Returns
    -------
    pandas.DataFrame
        One row per world: ``r2`` (squared sample correlation of polish and
        quality: what a reader who fitted a line to this world would
        explain), ``corr`` (the sample correlation), and the mean squared
        errors ``mse_trusting``, ``mse_ignoring`` and ``mse_recalibrated``
        of the three readers of :func:`reader_estimates`.
    """
    n = check_int(n_authors, "n_authors", minimum=3)
    reps = check_int(n_reps, "n_reps", minimum=1)
    gen = as_rng(rng)
    rows = []
    for _ in range(reps):
        df = simulate_authors(n, cost=cost, tool_share=tool_share, rng=gen, **params)
        est = reader_estimates(df["polish"].to_numpy(), cost=cost, tool_share=tool_share,
                               **params)
        q = df["quality"].to_numpy()
        corr = float(np.corrcoef(df["polish"], q)[0, 1]) if df["polish"].std() > 0 else 0.0
        rows.append({"r2": corr**2, "corr": corr,
                     **{f"mse_{c}": float(np.mean((est[c].to_numpy() - q) ** 2))
                        for c in est.columns}})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Real data: does form still predict substance, and whom does form sway?
# ---------------------------------------------------------------------------

def _corr_w(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted correlations of x and y for each row of bootstrap weights w (B x n)."""
    tot = w.sum(axis=1)
    mx, my = (w @ x) / tot, (w @ y) / tot
    cxy = (w @ (x * y)) / tot - mx * my
    vx = (w @ (x * x)) / tot - mx**2
    vy = (w @ (y * y)) / tot - my**2
    return cxy / np.sqrt(vx * vy)


def _weights(rf: np.ndarray, rs: np.ndarray, fs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Standardised regression weights of y on (form, substance) from correlations."""
    det = 1.0 - fs**2
    return (rf - fs * rs) / det, (rs - fs * rf) / det


def form_substance(ratings: pd.DataFrame, *, form: str = "Coherence",
                   substance: Sequence[str] = ("Relevance", "Complexity", "Surprise"),
                   within_system: bool = False, n_boot: int = 1000,
                   level: float = 0.95, rng: RngLike = None) -> pd.DataFrame:
    """Measure on rated stories whether form predicts substance, and whom form sways.

    Form is one criterion (default coherence); substance is the mean of
    others (default relevance, complexity and surprise). Two questions:

    1. *Does form still predict substance?* The correlation, across stories,
       between the form score of one human annotation and the substance
       score of a *different* annotation of the same story (so that one
       rater's general impression cannot make the two agree), averaged over
       the ordered pairs of annotations.
    2. *Does a rater lean on form?* For each held-out human annotation ``k``,
       the mean of the *other* annotations gives a consensus form score and a
       consensus substance score. A rater's substance score is regressed on
       both (standardised): ``form_weight`` and ``substance_weight``. The
       rater is either the held-out annotation ``k`` (row ``"people"``) or
       an LLM judge (its score averaged over prompt variants); weights are
       averaged over ``k``. Both kinds of rater are predicted from the same
       consensus, so their weights are comparable. ``form_lean`` is
       ``form_weight / substance_weight``: weight on form per unit of weight
       on substance, which does not depend on how noisy the rater is.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Long format with columns ``story_id``, ``system``, ``criterion``,
        ``rater`` (``"human"`` or a judge's name), ``prompt_variant`` (for
        ``"human"``: the annotation number) and ``score``, as returned by
        ``monoculture.data.load_hanna_ratings()`` (``chhun2022human``,
        ``chhun2024do``).
    form : str
        The criterion that measures form.
    substance : sequence of str
        The criteria averaged into substance (at least one, not ``form``).
    within_system : bool
        Subtract each system's mean from every score first, so that only
        differences between stories of the same generator count.
    n_boot : int
        Bootstrap resamples of stories, at least 100.
    level : float
        Level of the percentile intervals, in (0, 1).
    rng : numpy.random.Generator, int or None
        Random generator or seed for the bootstrap.

    Returns
    -------
    pandas.DataFrame
        Long format: ``rater``, ``quantity``, ``estimate``, ``low``, ``high``
        (percentile bootstrap interval) and ``n_stories``. Quantities:
        ``cross_correlation`` (people only, question 1);
        ``agreement_form`` and ``agreement_substance`` (people only: the
        correlation of two annotations of the same story on the same
        aspect, their reliability); ``halo``, the
        correlation of form and substance within one rater's own scores
        (for people averaged over annotations); ``form_weight``,
        ``substance_weight`` and ``form_lean`` (question 2); and, for judges,
        ``form_lean_vs_people``, the judge's form lean minus the people's,
        with a paired interval. Only stories rated by people and by every
        judge are used.

    Notes
    -----
    Observational ratings show associations, not causes: a judge that gives
    form a larger weight may react to polish, or to something that goes with
    polish in these stories. Intervals resample stories independently, which
    ignores that stories written for the same prompt are alike.
    """
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a pandas DataFrame, got {type(ratings).__name__}")
    need = {"story_id", "system", "criterion", "rater", "prompt_variant", "score"}
    missing = need - set(ratings.columns)
    if missing:
        raise ValueError(f"ratings must have the columns {sorted(need)}; missing {sorted(missing)}")
    if isinstance(substance, str) or not len(substance):
        raise TypeError("substance must be a non-empty sequence of criterion names")
    substance = list(substance)
    if form in substance:
        raise ValueError(f"form {form!r} must not be one of the substance criteria")
    criteria = set(ratings["criterion"].unique())
    for name in [form, *substance]:
        if name not in criteria:
            raise ValueError(f"criterion {name!r} is not in ratings; found {sorted(criteria)}")
    n_boot = check_int(n_boot, "n_boot", minimum=100)
    level = check_real(level, "level", minimum=0.0, maximum=1.0, include_min=False,
                       include_max=False)
    if not isinstance(within_system, bool):
        raise TypeError(f"within_system must be a bool, got {type(within_system).__name__}")
    gen = as_rng(rng)

    df = ratings[ratings["criterion"].isin([form, *substance])].copy()
    df["aspect"] = np.where(df["criterion"] == form, "form", "substance")
    human = df[df["rater"] == "human"]
    if human.empty:
        raise ValueError("ratings must contain human ratings (rater == 'human')")
    # one form and one substance score per story and human annotation
    h = (human.groupby(["story_id", "prompt_variant", "aspect"])["score"].mean()
         .unstack(["aspect", "prompt_variant"]))
    annotations = sorted(h.columns.get_level_values("prompt_variant").unique())
    if len(annotations) < 2:
        raise ValueError("ratings must hold at least two human annotations per story")
    h = h.dropna()
    systems = df.groupby("story_id")["system"].first()
    judges = sorted(set(df["rater"]) - {"human"})
    jscores = {j: df[df["rater"] == j].groupby(["story_id", "aspect"])["score"].mean()
               .unstack("aspect").dropna() for j in judges}

    def centre(frame: pd.DataFrame) -> pd.DataFrame:
        if not within_system:
            return frame
        return frame - frame.groupby(systems.loc[frame.index].to_numpy()).transform("mean")

    alpha = (1 - level) / 2
    rows: list[dict] = []

    def add(rater: str, quantity: str, point: float, boot: np.ndarray, n: int) -> None:
        rows.append({"rater": rater, "quantity": quantity, "estimate": float(point),
                     "low": float(np.nanquantile(boot, alpha)),
                     "high": float(np.nanquantile(boot, 1 - alpha)), "n_stories": n})

    # stories rated completely by people and by every judge share one set of resamples,
    # so that differences between raters get paired intervals
    idx = h.index
    for j in judges:
        idx = idx.intersection(jscores[j].index)
    if len(idx) < 10:
        raise ValueError(f"need at least 10 stories rated by people and every judge, got {len(idx)}")
    hc = centre(h.loc[idx])
    js = {j: centre(jscores[j].loc[idx]) for j in judges}
    n = len(idx)
    w = np.vstack([np.ones(n), gen.multinomial(n, np.full(n, 1 / n), size=n_boot)])

    # 1. form against substance: across annotations (people), within one rater (halo)
    pairs = [(j, k) for j in annotations for k in annotations if j != k]
    cross = np.mean([_corr_w(hc[("form", j)].to_numpy(), hc[("substance", k)].to_numpy(), w)
                     for j, k in pairs], axis=0)
    add("people", "cross_correlation", cross[0], cross[1:], n)
    for aspect in ("form", "substance"):
        agree = np.mean([_corr_w(hc[(aspect, j)].to_numpy(), hc[(aspect, k)].to_numpy(), w)
                         for j, k in pairs], axis=0)
        add("people", f"agreement_{aspect}", agree[0], agree[1:], n)
    halo = {"people": np.mean([_corr_w(hc[("form", k)].to_numpy(),
                                       hc[("substance", k)].to_numpy(), w)
                               for k in annotations], axis=0)}
    for j in judges:
        halo[j] = _corr_w(js[j]["form"].to_numpy(), js[j]["substance"].to_numpy(), w)

    # 2. weights on the consensus of the other annotations, for held-out people and judges
    lean = {}
    for rater in ["people", *judges]:
        bf, bs = [], []
        for k in annotations:
            others = [a for a in annotations if a != k]
            cf = hc[[("form", a) for a in others]].mean(axis=1).to_numpy()
            cs = hc[[("substance", a) for a in others]].mean(axis=1).to_numpy()
            y = (hc[("substance", k)] if rater == "people" else js[rater]["substance"]).to_numpy()
            f_w, s_w = _weights(_corr_w(cf, y, w), _corr_w(cs, y, w), _corr_w(cf, cs, w))
            bf.append(f_w)
            bs.append(s_w)
        bf, bs = np.mean(bf, axis=0), np.mean(bs, axis=0)
        lean[rater] = bf / bs
        add(rater, "halo", halo[rater][0], halo[rater][1:], n)
        add(rater, "form_weight", bf[0], bf[1:], n)
        add(rater, "substance_weight", bs[0], bs[1:], n)
        add(rater, "form_lean", lean[rater][0], lean[rater][1:], n)
        if rater != "people":
            diff = lean[rater] - lean["people"]
            add(rater, "form_lean_vs_people", diff[0], diff[1:], n)
    return pd.DataFrame(rows)
