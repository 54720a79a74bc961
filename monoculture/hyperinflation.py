"""Chapter 5's toys: when content outruns judgment.

"Epistemic hyperinflation" is this book's own framing, not a term from the
literature: claims printed faster than judgment can check them lose value,
as money printed faster than goods are produced does. The framing is built
from four cited pieces: information overload ``eppler2004overload``,
Brandolini's asymmetry (cited through ``williamson2016misinformation``), the
optimizer's curse ``smith2006optimizer`` and reward over-optimisation
``gao2023overoptimization``. The module holds four small models.

*Stock and flow* (:func:`stock_and_flow`). Human and AI claims enter a
checking queue; checkers clear a limited number per period. An analogue of
the quantity equation ``M V = P Q`` defines an epistemic price level.

*AI judging AI* (:func:`judge_outcomes`, :func:`simulate_judge`,
:func:`newsroom`). A judge accepts a claim when its own verdict agrees with
it; the judge's mistakes and the generator's share a latent cause with
correlation ``rho``. Precision of accepted claims has a closed form in the
bivariate normal distribution function (our derivation), computed with
Owen's T function (:func:`bivariate_normal_cdf`).

*Generate and filter* (:func:`select_best`, :func:`goodhart_search`). Keep the
best of ``N`` variants by a noisy or misaligned score and be disappointed. The
selection maths they rest on (the expected maximum of ``N`` normals, the
optimizer's curse) lives in :mod:`monoculture.selection`.

*Brandolini's asymmetry* (:func:`checkable_share`). Refuting costs ``k``
times what producing costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .gaussian import bivariate_normal_cdf
from ._validate import RngLike, as_rng, check_array, check_int, check_probability, check_real
from .selection import expected_max_normal

__all__ = [
    "stock_and_flow",
    "bivariate_normal_cdf",
    "judge_outcomes",
    "simulate_judge",
    "NewsroomResult",
    "newsroom",
    "newsroom_expected",
    "select_best",
    "expected_winner_quality",
    "optimal_variants",
    "goodhart_search",
    "goodhart_expected_value",
    "checkable_share",
    "stock_and_flow_steady",
    "judge_table",
]


# ---------------------------------------------------------------------------
# 1. Stock and flow
# ---------------------------------------------------------------------------

def stock_and_flow(periods: int = 60, *, human_rate: float = 100.0, ai_rate: float = 10.0,
                   ai_growth: float = 0.10, capacity: float = 120.0,
                   capacity_growth: float = 0.01, p_true_human: float = 0.8,
                   p_true_ai: float = 0.6, velocity: float = 1.0, retention: float = 0.9,
                   provenance: float = 0.0) -> pd.DataFrame:
    """Claims, checking and the epistemic price level over time (deterministic).

    In period ``t`` humans write ``human_rate`` claims and machines write
    ``ai_rate * (1 + ai_growth)**t``. A share ``provenance`` of the human
    claims carries a verifiable mark of origin. All claims join a checking
    queue; checkers clear ``capacity * (1 + capacity_growth)**t`` claims per
    period. Marked human claims are checked first (provenance lets them stand
    out); the rest of the capacity is spread over the unmarked queue in
    proportion to its composition. A checked claim that is true becomes
    verified knowledge.

    The quantity equation of money, ``M V = P Q``, has this analogue:

    - ``M``: claims in circulation, ``M_t = retention * M_{t-1} + new_t``;
    - ``V``: ``velocity``, the times a claim in circulation is read per period;
    - ``Q``: real output, the true claims verified this period;
    - ``P``: the epistemic price level, defined by ``P = M V / Q``: claim
      readings in circulation per verified true claim.

    Claims are to verified knowledge as money is to goods. As in the monetary
    case the equation is an identity; the content is in the assumption that
    ``V`` is stable while ``Q`` is capped by verification capacity.

    Parameters
    ----------
    periods : int
        Number of periods, at least 1.
    human_rate, ai_rate : float
        Claims per period at ``t = 0`` (human constant; ``human_rate > 0``).
    ai_growth, capacity_growth : float
        Growth rates per period, at least 0.
    capacity : float
        Claims checked per period at ``t = 0``, positive.
    p_true_human, p_true_ai : float
        Probability that a human or AI claim is true, in (0, 1].
    velocity : float
        Readings per claim in circulation per period, positive.
    retention : float
        Share of the circulating stock still in circulation a period later,
        in [0, 1).
    provenance : float
        Share of human claims with a verifiable mark of origin, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per period with the columns ``t``, ``human``, ``ai``,
        ``capacity``, ``checked``, ``backlog`` (unchecked claims in the queue
        at the end of the period), ``verified_fraction`` (claims checked so
        far over claims produced so far), ``M``, ``V``, ``Q``, ``P``,
        ``trust`` (the base rate of true claims among unverified, unmarked
        claims: what a reader can rationally place in one of them), ``ai_share``
        and, for the marked channel alone, ``M_prov``, ``Q_prov`` and
        ``P_prov`` (NaN without provenance).

    Notes
    -----
    The framing as "epistemic hyperinflation" is ours; the overload it
    describes is surveyed in ``eppler2004overload``.
    """
    periods = check_int(periods, "periods", minimum=1)
    human_rate = check_real(human_rate, "human_rate", minimum=0.0, include_min=False)
    ai_rate = check_real(ai_rate, "ai_rate", minimum=0.0)
    ai_growth = check_real(ai_growth, "ai_growth", minimum=0.0, maximum=1.0)
    capacity = check_real(capacity, "capacity", minimum=0.0, include_min=False)
    capacity_growth = check_real(capacity_growth, "capacity_growth", minimum=0.0, maximum=1.0)
    q_h = check_real(p_true_human, "p_true_human", minimum=0.0, maximum=1.0, include_min=False)
    q_a = check_real(p_true_ai, "p_true_ai", minimum=0.0, maximum=1.0, include_min=False)
    velocity = check_real(velocity, "velocity", minimum=0.0, include_min=False)
    retention = check_real(retention, "retention", minimum=0.0, maximum=1.0, include_max=False)
    provenance = check_probability(provenance, "provenance")

    # [start-stock-and-flow]
    t = np.arange(periods)
    human = np.full(periods, human_rate)
    ai = ai_rate * (1.0 + ai_growth) ** t
    cap = capacity * (1.0 + capacity_growth) ** t
    marked_new = provenance * human
    cols = {k: np.zeros(periods) for k in
            ("checked", "backlog", "M", "Q", "trust", "M_prov", "Q_prov")}
    queue_marked = queue_h = queue_a = 0.0
    stock = stock_prov = 0.0
    for i in range(periods):  # a loop over periods, as over generations elsewhere
        queue_marked += marked_new[i]
        queue_h += human[i] - marked_new[i]
        queue_a += ai[i]
        check_marked = min(cap[i], queue_marked)
        rest = cap[i] - check_marked
        unmarked = queue_h + queue_a
        frac = min(1.0, rest / unmarked) if unmarked > 0 else 0.0
        check_h, check_a = frac * queue_h, frac * queue_a
        # base rate among unmarked claims still unverified (or, if none wait, among new ones)
        left_h, left_a = queue_h - check_h, queue_a - check_a
        if left_h + left_a > 1e-9:
            cols["trust"][i] = (q_h * left_h + q_a * left_a) / (left_h + left_a)
        else:
            new_h = human[i] - marked_new[i]
            cols["trust"][i] = (q_h * new_h + q_a * ai[i]) / (new_h + ai[i])
        queue_marked -= check_marked
        queue_h, queue_a = left_h, left_a
        cols["checked"][i] = check_marked + check_h + check_a
        cols["backlog"][i] = queue_marked + queue_h + queue_a
        cols["Q"][i] = q_h * (check_marked + check_h) + q_a * check_a
        cols["Q_prov"][i] = q_h * check_marked
        stock = retention * stock + human[i] + ai[i]
        stock_prov = retention * stock_prov + marked_new[i]
        cols["M"][i], cols["M_prov"][i] = stock, stock_prov
    produced = np.cumsum(human + ai)
    out = pd.DataFrame({"t": t, "human": human, "ai": ai, "capacity": cap, **cols})
    out["verified_fraction"] = np.cumsum(out["checked"]) / produced
    out["V"] = velocity
    out["P"] = out["M"] * velocity / out["Q"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["P_prov"] = np.where(out["Q_prov"] > 0,
                                 out["M_prov"] * velocity / out["Q_prov"], np.nan)
    out["ai_share"] = ai / (human + ai)
    return out
    # [end-stock-and-flow]


# ---------------------------------------------------------------------------
# 2. AI judging AI
# ---------------------------------------------------------------------------

def judge_outcomes(gen_error: float, judge_error: float, rho: float) -> dict[str, float]:
    """What an AI judge lets through, in closed form (our derivation).

    Each claim answers a yes/no question. The generator errs when a latent
    ``Z_G`` falls below ``z_g = Phi^{-1}(gen_error)``; the judge, answering the
    same question itself, errs when ``Z_J < z_j = Phi^{-1}(judge_error)``.
    ``(Z_G, Z_J)`` is standard bivariate normal with correlation ``rho``:
    questions that fool one model tend to fool the other. The judge accepts a
    claim when its own answer agrees with it: when both are right, or both
    are wrong (with two possible answers, two wrong answers coincide). So

    - ``P(both wrong) = Phi2(z_g, z_j; rho)``;
    - ``P(both right) = 1 - gen_error - judge_error + Phi2(z_g, z_j; rho)``;
    - precision of accepted claims ``= P(both right) / (P(both right) + P(both wrong))``.

    Parameters
    ----------
    gen_error, judge_error : float
        Error rates of generator and judge, in (0, 1).
    rho : float
        Correlation of their latent errors, in [-1, 1].

    Returns
    -------
    dict
        ``both_right``, ``both_wrong``, ``acceptance`` (share of claims
        accepted), ``precision`` (share of accepted claims that are true) and
        ``false_acceptance`` (share of false claims the judge accepts).
    """
    e_g = check_real(gen_error, "gen_error", minimum=0.0, maximum=1.0,
                     include_min=False, include_max=False)
    e_j = check_real(judge_error, "judge_error", minimum=0.0, maximum=1.0,
                     include_min=False, include_max=False)
    rho = check_real(rho, "rho", minimum=-1.0, maximum=1.0)
    # [start-judge-outcomes]
    ww = float(bivariate_normal_cdf(special.ndtri(e_g), special.ndtri(e_j), rho)[()])
    rr = 1.0 - e_g - e_j + ww
    return {"both_right": rr, "both_wrong": ww, "acceptance": rr + ww,
            "precision": rr / (rr + ww), "false_acceptance": ww / e_g}
    # [end-judge-outcomes]


def _latent_pair(n: int, rho: float, gen: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    z_g = gen.standard_normal(n)
    z_j = rho * z_g + np.sqrt(1.0 - rho * rho) * gen.standard_normal(n)
    return z_g, z_j


def simulate_judge(n_claims: int, gen_error: float, judge_error: float, rho: float,
                   rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """Simulate the judge model of :func:`judge_outcomes` claim by claim.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Boolean arrays of length ``n_claims``: whether each claim is true,
        and whether the judge accepted it.
    """
    n_claims = check_int(n_claims, "n_claims", minimum=1)
    e_g = check_real(gen_error, "gen_error", minimum=0.0, maximum=1.0,
                     include_min=False, include_max=False)
    e_j = check_real(judge_error, "judge_error", minimum=0.0, maximum=1.0,
                     include_min=False, include_max=False)
    rho = check_real(rho, "rho", minimum=-1.0, maximum=1.0)
    z_g, z_j = _latent_pair(n_claims, rho, as_rng(rng))
    true = z_g >= special.ndtri(e_g)
    judge_right = z_j >= special.ndtri(e_j)
    return true, true == judge_right


@dataclass(frozen=True)
class NewsroomResult:
    """Outcome of :func:`newsroom` (or its expectation, :func:`newsroom_expected`).

    Attributes
    ----------
    produced : float
        Claims generated.
    checked : float
        Claims checked by a human or by the AI judge.
    published : float
        Claims accepted by a checker and published.
    published_false : float
        Published claims that are false.
    verified_share : float
        ``published / produced``: the share of output that carries a "verified" stamp.
    error_rate : float
        ``published_false / published`` (NaN if nothing is published).
    """

    produced: float
    checked: float
    published: float
    published_false: float
    verified_share: float
    error_rate: float


def _newsroom_args(n_claims, human_checks, ai_checks, gen_error, human_error, judge_error,
                   rho, human_rho):
    n_claims = check_int(n_claims, "n_claims", minimum=1)
    human_checks = check_int(human_checks, "human_checks", minimum=0)
    ai_checks = check_int(ai_checks, "ai_checks", minimum=0)
    kw = dict(minimum=0.0, maximum=1.0, include_min=False, include_max=False)
    gen_error = check_real(gen_error, "gen_error", **kw)
    human_error = check_real(human_error, "human_error", **kw)
    judge_error = check_real(judge_error, "judge_error", **kw)
    rho = check_real(rho, "rho", minimum=-1.0, maximum=1.0)
    human_rho = check_real(human_rho, "human_rho", minimum=-1.0, maximum=1.0)
    n_h = min(human_checks, n_claims)
    n_a = min(ai_checks, n_claims - n_h)
    return n_claims, n_h, n_a, gen_error, human_error, judge_error, rho, human_rho


def newsroom(n_claims: int, human_checks: int, ai_checks: int, *, gen_error: float = 0.3,
             human_error: float = 0.15, judge_error: float = 0.15, rho: float = 0.7,
             human_rho: float = 0.0, rng: RngLike = None) -> NewsroomResult:
    """A small newsroom: generate, check, publish only what a checker accepts.

    ``n_claims`` AI-generated claims arrive (each false with probability
    ``gen_error``). Human fact-checkers check the first ``human_checks`` of
    them; their errors correlate with the generator's with ``human_rho``
    (0 by default: people fail on other questions than the model). An AI judge
    checks the next ``ai_checks``; its errors correlate with ``rho``. Unchecked
    claims are not published. The judge model is that of :func:`judge_outcomes`.

    Returns
    -------
    NewsroomResult
        Counts from one simulated batch.
    """
    n, n_h, n_a, e_g, e_h, e_j, rho, rho_h = _newsroom_args(
        n_claims, human_checks, ai_checks, gen_error, human_error, judge_error, rho, human_rho)
    gen = as_rng(rng)
    true_h, acc_h = simulate_judge(n_h, e_g, e_h, rho_h, gen) if n_h else (np.zeros(0, bool),) * 2
    true_a, acc_a = simulate_judge(n_a, e_g, e_j, rho, gen) if n_a else (np.zeros(0, bool),) * 2
    published = float(acc_h.sum() + acc_a.sum())
    false_pub = float((acc_h & ~true_h).sum() + (acc_a & ~true_a).sum())
    return NewsroomResult(float(n), float(n_h + n_a), published, false_pub, published / n,
                          false_pub / published if published else float("nan"))


def newsroom_expected(n_claims: int, human_checks: int, ai_checks: int, *,
                      gen_error: float = 0.3, human_error: float = 0.15,
                      judge_error: float = 0.15, rho: float = 0.7,
                      human_rho: float = 0.0) -> NewsroomResult:
    """Expected counts of :func:`newsroom`, from :func:`judge_outcomes`.

    The error rate reported is the ratio of expected counts, the limit of the
    simulated error rate over many batches.
    """
    n, n_h, n_a, e_g, e_h, e_j, rho, rho_h = _newsroom_args(
        n_claims, human_checks, ai_checks, gen_error, human_error, judge_error, rho, human_rho)
    hum = judge_outcomes(e_g, e_h, rho_h)
    ai = judge_outcomes(e_g, e_j, rho)
    published = n_h * hum["acceptance"] + n_a * ai["acceptance"]
    false_pub = n_h * hum["both_wrong"] + n_a * ai["both_wrong"]
    return NewsroomResult(float(n), float(n_h + n_a), published, false_pub, published / n,
                          false_pub / published if published else float("nan"))


# ---------------------------------------------------------------------------
# 3. Generate and filter
# ---------------------------------------------------------------------------

def _selection_args(n_variants, budget, ctr_mean, ctr_sd, n_reps):
    n_variants = check_int(n_variants, "n_variants", minimum=1)
    budget = check_int(budget, "budget", minimum=1)
    if budget < n_variants:
        raise ValueError(f"budget must be at least n_variants={n_variants} impressions, "
                         f"got {budget}")
    ctr_mean = check_real(ctr_mean, "ctr_mean", minimum=0.0, maximum=1.0,
                          include_min=False, include_max=False)
    ctr_sd = check_real(ctr_sd, "ctr_sd", minimum=0.0)
    n_reps = check_int(n_reps, "n_reps", minimum=1)
    return n_variants, budget, ctr_mean, ctr_sd, n_reps


def select_best(n_variants: int, budget: int, *, ctr_mean: float = 0.05, ctr_sd: float = 0.01,
                n_reps: int = 1000, noise: str = "binomial",
                rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """Generate ``n_variants`` variants, split a test budget, keep the best.

    True click-through rates are ``ctr_mean + ctr_sd · Z``. The budget of
    ``budget`` impressions is split equally (``budget // n_variants`` each).
    With ``noise="binomial"`` clicks are binomial (true rates clipped to
    [0, 1]); with ``noise="normal"`` the estimate is the true rate plus
    normal noise of variance ``ctr_mean (1 - ctr_mean) / impressions``, the
    approximation under which :func:`expected_winner_quality` is exact.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        For each of ``n_reps`` repetitions: the winner's true rate and its
        estimated rate.
    """
    n_variants, budget, mu, tau, n_reps = _selection_args(n_variants, budget, ctr_mean,
                                                         ctr_sd, n_reps)
    if noise not in ("binomial", "normal"):
        raise ValueError(f"noise must be 'binomial' or 'normal', got {noise!r}")
    gen = as_rng(rng)
    per = budget // n_variants
    true = mu + tau * gen.standard_normal((n_reps, n_variants))
    if noise == "binomial":
        true = np.clip(true, 0.0, 1.0)
        est = gen.binomial(per, true) / per
        # break ties at random, so that equal estimates do not favour the first variant
        est_key = est + 1e-12 * gen.random(est.shape)
    else:
        est = true + np.sqrt(mu * (1 - mu) / per) * gen.standard_normal(true.shape)
        est_key = est
    best = np.argmax(est_key, axis=1)
    rows = np.arange(n_reps)
    return true[rows, best], est[rows, best]


def expected_winner_quality(n_variants, budget: int, *, ctr_mean: float = 0.05,
                            ctr_sd: float = 0.01, estimate: bool = False) -> np.ndarray | float:
    """Expected true rate of the winner of :func:`select_best` (our derivation).

    With true rates ``θ ~ N(μ, τ²)`` and estimates ``θ̂ = θ + ε``,
    ``ε ~ N(0, σ²)``, ``σ² = μ(1-μ)/n`` and ``n = budget // N`` impressions
    each, the winner is the largest of ``N`` independent ``θ̂`` and
    ``E[θ | θ̂] = μ + τ²/(τ²+σ²) (θ̂ - μ)``, so

    ``E[θ_winner] = μ + τ² / sqrt(τ² + σ²) · E[max of N standard normals]``.

    More variants raise ``E[max]`` but, with a fixed budget, shrink ``n`` and
    so the reliability ``τ/sqrt(τ²+σ²)``: there is a best ``N``. With
    ``estimate=True`` the function returns instead the expected *estimated*
    rate of the winner, ``μ + sqrt(τ² + σ²) · E[max]``: what the test
    promised. The difference is the expected disappointment.

    Parameters
    ----------
    n_variants : int or array_like of int
        Numbers of variants ``N`` (each at most ``budget``).
    budget : int
        Total impressions.
    ctr_mean, ctr_sd : float
        ``μ`` in (0, 1) and ``τ >= 0``.
    estimate : bool
        Return the expected estimate of the winner instead of its true rate.
    """
    arr = check_array(n_variants, "n_variants")
    budget = check_int(budget, "budget", minimum=1)
    if (arr != np.round(arr)).any() or arr.min() < 1 or arr.max() > budget:
        raise ValueError(f"n_variants must hold integers in [1, budget={budget}]")
    mu = check_real(ctr_mean, "ctr_mean", minimum=0.0, maximum=1.0,
                    include_min=False, include_max=False)
    tau = check_real(ctr_sd, "ctr_sd", minimum=0.0)
    per = np.floor(budget / arr)
    sigma2 = mu * (1 - mu) / per
    if not isinstance(estimate, bool):
        raise TypeError(f"estimate must be a bool, got {type(estimate).__name__}")
    spread = np.sqrt(tau**2 + sigma2) if estimate else tau**2 / np.sqrt(tau**2 + sigma2)
    out = mu + spread * expected_max_normal(arr)
    return float(out) if np.ndim(out) == 0 else out


def optimal_variants(budget: int, *, ctr_mean: float = 0.05, ctr_sd: float = 0.01,
                     n_max: int = 2000) -> int:
    """The ``N`` in ``1..min(n_max, budget)`` that maximises :func:`expected_winner_quality`."""
    budget = check_int(budget, "budget", minimum=1)
    n_max = check_int(n_max, "n_max", minimum=1)
    grid = np.arange(1, min(n_max, budget) + 1)
    values = expected_winner_quality(grid, budget, ctr_mean=ctr_mean, ctr_sd=ctr_sd)
    return int(grid[np.argmax(np.atleast_1d(values))])


def goodhart_search(n_variants: int, *, harm: float = 0.5, bait_sd: float = 1.0,
                    tail_df: float | None = None, n_reps: int = 1000,
                    rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """Select on a proxy that mixes real value with bait (Goodhart's law).

    Each variant has real quality ``Q ~ N(0, 1)`` and bait ``B`` (clickbait:
    what attracts clicks without serving the reader), scaled to standard
    deviation ``bait_sd``: normal, or Student-t with ``tail_df > 2`` degrees of
    freedom (heavy tails). The proxy is clicks, ``Q + B``; the target is value,
    ``Q - harm · B``. The variant with the highest proxy is kept. Compare
    ``gao2023overoptimization``: optimising a learned proxy reward raises the
    proxy while the true reward first rises and then falls.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The winner's value and its proxy, for each of ``n_reps`` repetitions.
    """
    n_variants = check_int(n_variants, "n_variants", minimum=1)
    harm = check_real(harm, "harm", minimum=0.0)
    bait_sd = check_real(bait_sd, "bait_sd", minimum=0.0)
    if tail_df is not None:
        tail_df = check_real(tail_df, "tail_df", minimum=2.0, include_min=False)
    n_reps = check_int(n_reps, "n_reps", minimum=1)
    gen = as_rng(rng)
    quality = gen.standard_normal((n_reps, n_variants))
    if tail_df is None:
        bait = gen.standard_normal((n_reps, n_variants))
    else:
        bait = gen.standard_t(tail_df, (n_reps, n_variants)) / np.sqrt(tail_df / (tail_df - 2))
    bait *= bait_sd
    proxy = quality + bait
    best = np.argmax(proxy, axis=1)
    rows = np.arange(n_reps)
    return (quality - harm * bait)[rows, best], proxy[rows, best]


def goodhart_expected_value(n_variants, *, harm: float = 0.5,
                            bait_sd: float = 1.0) -> np.ndarray | float:
    """Expected value of the winner of :func:`goodhart_search` with normal bait.

    Value and proxy are jointly normal, so (our derivation)
    ``E[value | winner] = Cov(value, proxy)/sd(proxy) · E[max of N]
    = (1 - harm · bait_sd²) / sqrt(1 + bait_sd²) · E[max of N]``. When
    ``harm · bait_sd² > 1`` the proxy points away from the target and every
    extra variant makes the kept one worse.
    """
    harm = check_real(harm, "harm", minimum=0.0)
    bait_sd = check_real(bait_sd, "bait_sd", minimum=0.0)
    slope = (1.0 - harm * bait_sd**2) / np.sqrt(1.0 + bait_sd**2)
    return slope * expected_max_normal(n_variants)


# ---------------------------------------------------------------------------
# 4. Brandolini's asymmetry
# ---------------------------------------------------------------------------

def checkable_share(volume, refute_ratio, check_budget: float, *,
                    claim_cost: float = 1.0) -> np.ndarray | float:
    """Share of claims that a refutation budget can ever check.

    Producing a claim costs ``claim_cost``; refuting (or checking) it costs
    ``refute_ratio`` times as much (Brandolini's asymmetry, cited through
    ``williamson2016misinformation``). With ``volume`` claims per period and
    ``check_budget`` to spend on checking per period, the share checked is
    ``min(1, check_budget / (refute_ratio · claim_cost · volume))``.

    Parameters
    ----------
    volume : array_like
        Claims produced per period, positive.
    refute_ratio : array_like
        ``k >= 1``: cost of refuting over cost of producing.
    check_budget : float
        Checking budget per period, in the same units as ``claim_cost``; >= 0.
    claim_cost : float
        Cost of producing one claim, positive.
    """
    vol = check_array(volume, "volume", nonnegative=True)
    if (vol <= 0).any():
        raise ValueError("volume must be positive")
    k = check_array(refute_ratio, "refute_ratio")
    if (k < 1).any():
        raise ValueError("refute_ratio must be >= 1")
    check_budget = check_real(check_budget, "check_budget", minimum=0.0)
    claim_cost = check_real(claim_cost, "claim_cost", minimum=0.0, include_min=False)
    out = np.minimum(1.0, check_budget / (k * claim_cost * vol))
    return float(out) if np.ndim(out) == 0 else out


# ---------------------------------------------------------------------------
# 5. Additions: a steady start for the stock, and the judge's 2x2 table
# ---------------------------------------------------------------------------

def stock_and_flow_steady(periods: int = 60, **kwargs) -> pd.DataFrame:
    """:func:`stock_and_flow` with the circulating stock started at its steady state.

    :func:`stock_and_flow` starts with nothing in circulation, so the stock
    ``M`` fills up over the first periods even if nothing else changes: with
    constant flows ``M_t = new · (1 - r^{t+1}) / (1 - r)`` rises towards
    ``new / (1 - r)``, and the price level ``P = M V / Q`` rises with it
    (tenfold for ``retention r = 0.9``). That rise is a start-up artefact,
    not an effect of AI growth. This function starts the stock where the
    period-0 flows would have left it after a long past: at
    ``M_{-1} = new_0 / (1 - r)`` (and likewise for the marked channel).

    Because the stock recursion ``M_t = r M_{t-1} + new_t`` is linear, the
    result equals :func:`stock_and_flow` with ``r^{t+1} M_{-1}`` added to
    ``M`` (and ``P`` recomputed). The checking queue is unchanged: it starts
    empty, which is its steady state whenever the period-0 capacity covers
    the period-0 inflow. ``verified_fraction`` still counts claims from
    period 0 on.

    Parameters
    ----------
    periods : int
        Number of periods, at least 1.
    **kwargs
        Any keyword argument of :func:`stock_and_flow`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`stock_and_flow`.
    """
    import inspect

    out = stock_and_flow(periods, **kwargs)
    retention = kwargs.get("retention",
                           inspect.signature(stock_and_flow).parameters["retention"].default)
    decay = retention ** (out["t"].to_numpy() + 1.0)
    # with an empty start, M_0 is the period-0 inflow; its steady stock is M_0 / (1 - r)
    out["M"] = out["M"] + decay * out["M"].iloc[0] / (1.0 - retention)
    out["M_prov"] = out["M_prov"] + decay * out["M_prov"].iloc[0] / (1.0 - retention)
    out["P"] = out["M"] * out["V"] / out["Q"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["P_prov"] = np.where(out["Q_prov"] > 0,
                                 out["M_prov"] * out["V"] / out["Q_prov"], np.nan)
    return out


def judge_table(gen_error: float, judge_error: float, rho: float,
                n_claims: int = 1000) -> pd.DataFrame:
    """The judge model of :func:`judge_outcomes` as a 2x2 table of counts.

    Rows: the generator's claim is right (true) or wrong (false). Columns:
    the judge, answering the same yes-or-no question itself, is right or
    wrong. The judge accepts a claim when its answer agrees with the claim:
    both right (a true claim accepted) or both wrong (a false claim accepted).
    The margins are fixed by the two error rates; the correlation ``rho``
    only decides how many claims fall in the "both wrong" cell, from
    ``n · e_g · e_j`` (independent errors) up to ``n · min(e_g, e_j)``.

    Counts are expected counts per ``n_claims`` claims, rounded to whole
    claims so that every row and column adds up (the margins
    ``n · e_g`` and ``n · e_j`` are rounded first, then the "both wrong"
    cell, and the other cells follow from the margins).

    Parameters
    ----------
    gen_error, judge_error : float
        Error rates of generator and judge, in (0, 1).
    rho : float
        Correlation of their latent errors, in [-1, 1].
    n_claims : int
        Number of claims the table is scaled to, at least 1.

    Returns
    -------
    pandas.DataFrame
        Index ``["generator right", "generator wrong"]``, columns
        ``["judge right", "judge wrong"]``, integer counts summing to
        ``n_claims``.
    """
    n_claims = check_int(n_claims, "n_claims", minimum=1)
    out = judge_outcomes(gen_error, judge_error, rho)
    gen_wrong = int(np.rint(n_claims * float(gen_error)))
    judge_wrong = int(np.rint(n_claims * float(judge_error)))
    both_wrong = int(np.rint(n_claims * out["both_wrong"]))
    both_wrong = min(both_wrong, gen_wrong, judge_wrong)
    cells = [[n_claims - gen_wrong - judge_wrong + both_wrong, judge_wrong - both_wrong],
             [gen_wrong - both_wrong, both_wrong]]
    return pd.DataFrame(cells, index=["generator right", "generator wrong"],
                        columns=["judge right", "judge wrong"])
