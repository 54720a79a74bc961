"""Selection maths: best-of-n, order statistics of normals and the optimizer's curse.

*Best-of-n.* How choosing the top-scored sample concentrates a distribution.
A model proposes ``n`` independent samples from a base distribution ``p`` and a
reward model keeps the one with the highest reward. The kept sample follows
the *best-of-n* distribution ``pi_n``. Two numbers describe how far it moves
from the base:

- ``KL(pi_n || p)``. The widely quoted value ``log n - (n - 1) / n``
  (``stiennon2020summarize``, ``gao2023overoptimization``) is an upper bound
  (``beirami2024bon``). It is exact when the reward has no ties: the base
  quantile ``u = F(r)`` of the kept sample is the maximum of ``n`` uniforms,
  with density ``n u^(n-1)``, so ``KL = E[log(n U^(n-1))] = log n - (n-1)/n``
  (our derivation of the equality case). With ties the selection cannot tell
  tied outcomes apart, and the KL is strictly smaller.
  :func:`best_of_n_kl` computes it exactly for a discrete base.
- The *win rate*: the chance that the kept sample beats a fresh base sample
  (ties count one half). It is at most ``n / (n + 1)`` (``beirami2024bon``),
  with equality for a continuous reward.

For a uniform base over ``K`` outcomes the KL measures lost diversity
directly: ``KL(pi || uniform) = log K - H(pi)``, so the effective number of
outcomes left after selection is ``K exp(-KL)`` (our derivation).

*Order statistics.* :func:`expected_normal_order_statistic` gives the mean of
the ``rank``-th largest of ``n`` standard normals; :func:`expected_max_normal`
is its ``rank = 1`` case, vectorised over ``n``. Both come from one numerical
integral (:func:`_order_statistic_means`). Chapter 3's hiring model and
chapter 5's optimizer's curse use them.

*The optimizer's curse* (``smith2006optimizer``). Keep the variant with the
best measured click-through rate among equally good ones, and its
measurement overstates it: :func:`optimizers_curse` simulates the
disappointment and :func:`expected_max_binomial` gives it exactly.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from scipy import integrate, special, stats

from ._validate import RngLike, as_rng, check_array, check_int, check_real, normalise_weights

__all__ = [
    "best_of_n_kl_bound",
    "best_of_n_win_rate_bound",
    "best_of_n_distribution",
    "best_of_n_kl",
    "best_of_n_win_rate",
    "sample_best_of_n",
    "sample_best_of_n_continuous",
    "expected_normal_order_statistic",
    "expected_max_normal",
    "optimizers_curse",
    "expected_max_binomial",
]


def _check_n_array(n: ArrayLike) -> np.ndarray:
    arr = np.asarray(n)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"n must be an integer or an array of integers, got dtype {arr.dtype}")
    if (arr < 1).any():
        raise ValueError(f"n must be in [1, inf), got minimum {arr.min()}")
    return arr.astype(float)


def best_of_n_kl_bound(n: ArrayLike) -> np.ndarray | float:
    """The best-of-n KL formula ``log n - (n - 1) / n``.

    It is an upper bound on ``KL(pi_n || p)`` for any base and reward
    (``beirami2024bon``) and equals it when the reward has no ties.

    Parameters
    ----------
    n : int or array of int
        Number of candidates, ``n >= 1``.

    Returns
    -------
    float or numpy.ndarray
        The bound, in nats, with the shape of ``n``.

    Examples
    --------
    >>> round(best_of_n_kl_bound(16), 4)
    1.8351
    """
    arr = _check_n_array(n)
    out = np.log(arr) - (arr - 1.0) / arr
    return float(out) if out.ndim == 0 else out


def best_of_n_win_rate_bound(n: ArrayLike) -> np.ndarray | float:
    """The win-rate bound ``n / (n + 1)`` of best-of-n against the base (``beirami2024bon``)."""
    arr = _check_n_array(n)
    out = arr / (arr + 1.0)
    return float(out) if out.ndim == 0 else out


def _levels(p: ArrayLike, reward: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate ``p`` and ``reward``; return normalised p, level index per outcome, level mass."""
    prob = normalise_weights(p, "p")
    r = check_array(reward, "reward", ndim=1)
    if r.shape != prob.shape:
        raise ValueError(f"reward must have the same shape as p {prob.shape}, got {r.shape}")
    values, level = np.unique(r, return_inverse=True)  # levels sorted by reward
    mass = np.bincount(level, weights=prob, minlength=values.size)
    return prob, level, mass


def _level_probs(mass: np.ndarray, n: int) -> np.ndarray:
    """Probability that the best of ``n`` draws lands in each reward level."""
    cdf = np.minimum(np.cumsum(mass), 1.0)
    below = np.concatenate([[0.0], cdf[:-1]])
    return cdf**n - below**n


def best_of_n_distribution(p: ArrayLike, reward: ArrayLike, n: int) -> np.ndarray:
    """Exact distribution of the best of ``n`` draws from ``p``, ranked by ``reward``.

    Ties are broken uniformly at random among the tied draws. The best draw
    falls in reward level ``l`` with probability ``F(l)^n - F(l-)^n``, where
    ``F`` is the base distribution function of the reward; inside a level it
    is spread in proportion to ``p``, because tied draws are exchangeable.

    Parameters
    ----------
    p : array_like, shape (K,)
        Base probabilities (normalised inside).
    reward : array_like, shape (K,)
        Reward of each outcome; equal values are ties.
    n : int
        Number of candidates, ``n >= 1``; ``n = 1`` returns ``p``.

    Returns
    -------
    numpy.ndarray, shape (K,)
        The best-of-n probabilities.
    """
    n = check_int(n, "n", minimum=1)
    prob, level, mass = _levels(p, reward)
    level_prob = _level_probs(mass, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(mass[level] > 0, prob / mass[level], 0.0)
    return level_prob[level] * share


def best_of_n_kl(p: ArrayLike, reward: ArrayLike, n: int) -> float:
    """Exact ``KL(pi_n || p)`` in nats for a discrete base ``p``.

    Inside a reward level ``pi_n`` is proportional to ``p``, so only the
    level masses matter: ``KL = sum_l P_n(l) log(P_n(l) / P(l))``. It never
    exceeds :func:`best_of_n_kl_bound` and approaches it when every outcome
    has its own reward and small probability (``beirami2024bon``).

    Parameters
    ----------
    p, reward, n
        As in :func:`best_of_n_distribution`.

    Returns
    -------
    float
    """
    n = check_int(n, "n", minimum=1)
    # [start-best-of-n-kl]
    _, _, mass = _levels(p, reward)
    level_prob = _level_probs(mass, n)
    keep = level_prob > 0
    return float(max(np.sum(level_prob[keep] * np.log(level_prob[keep] / mass[keep])), 0.0))
    # [end-best-of-n-kl]


def best_of_n_win_rate(p: ArrayLike, reward: ArrayLike, n: int) -> float:
    """Exact chance that best-of-n beats a fresh base draw (ties count one half).

    ``sum_l P_n(l) (F(l-) + P(l) / 2)``. At most ``n / (n + 1)``
    (``beirami2024bon``); equal to it only without ties.
    """
    n = check_int(n, "n", minimum=1)
    _, _, mass = _levels(p, reward)
    level_prob = _level_probs(mass, n)
    below = np.concatenate([[0.0], np.cumsum(mass)[:-1]])
    return float(np.sum(level_prob * (below + mass / 2.0)))


def sample_best_of_n(p: ArrayLike, reward: ArrayLike, n: int, n_trials: int,
                     rng: RngLike = None) -> np.ndarray:
    """Simulate best-of-n selection: draw ``n`` outcomes, keep the highest reward.

    Parameters
    ----------
    p, reward, n
        As in :func:`best_of_n_distribution`.
    n_trials : int
        Number of independent selections, at least 1.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    numpy.ndarray of int, shape (n_trials,)
        The index of the kept outcome in each trial. Ties between draws of
        equal reward are broken uniformly at random.
    """
    n = check_int(n, "n", minimum=1)
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    prob, level, _ = _levels(p, reward)
    gen = as_rng(rng)
    draws = gen.choice(prob.size, size=(n_trials, n), p=prob)
    # Level index plus a uniform in [0, 1): orders by reward, breaks ties at random.
    score = level[draws] + gen.random((n_trials, n))
    return draws[np.arange(n_trials), np.argmax(score, axis=1)]


def sample_best_of_n_continuous(n: int, n_trials: int,
                                rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """Simulate best-of-n under a continuous reward, on the base quantile scale.

    Any continuous reward can be replaced by its base quantile ``U = F(r)``,
    which is uniform under the base. Each trial draws ``n`` uniforms and keeps
    the largest, ``M``. The best-of-n density relative to the base is
    ``n M^(n-1)``, so the mean of ``log(n M^(n-1))`` over trials is a Monte
    Carlo estimate of ``KL(pi_n || p)``.

    Parameters
    ----------
    n : int
        Number of candidates, ``n >= 1``.
    n_trials : int
        Number of trials, at least 2.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    best : numpy.ndarray, shape (n_trials,)
        The kept quantile ``M`` in each trial.
    log_ratio : numpy.ndarray, shape (n_trials,)
        ``log(n) + (n - 1) log(M)``, whose mean estimates the KL.
    """
    n = check_int(n, "n", minimum=1)
    n_trials = check_int(n_trials, "n_trials", minimum=2)
    best = as_rng(rng).random((n_trials, n)).max(axis=1)
    return best, np.log(n) + (n - 1) * np.log(best)


# ---------------------------------------------------------------------------
# Order statistics of standard normals
# ---------------------------------------------------------------------------

#: Integration grid: spacing 0.0025 on [-12, 12]; the integrands are smooth and
#: below 1e-15 outside it for n <= 10**6.
_GRID = np.linspace(-12.0, 12.0, 9601)
_LOG_PHI = stats.norm.logpdf(_GRID)
_LOG_CDF, _LOG_SF = special.log_ndtr(_GRID), special.log_ndtr(-_GRID)
_CACHE: dict[tuple[int, int], float] = {}


def _order_statistic_means(rank: int, ns: np.ndarray) -> np.ndarray:
    """``E[rank-th largest of n standard normals]`` for each ``n`` in ``ns`` (all ``>= rank``).

    The order statistic has density
    ``n! / ((rank-1)! (n-rank)!) phi(z) Phi(z)^(n-rank) (1 - Phi(z))^(rank-1)``;
    its mean is integrated with Simpson's rule on :data:`_GRID`, in logs.
    """
    todo = np.array([n for n in ns if (rank, int(n)) not in _CACHE], dtype=float)
    for start in range(0, todo.size, 256):  # chunks keep the work array small
        n = todo[start:start + 256, None]
        # [start-order-statistic]
        log_coef = special.gammaln(n + 1) - math.lgamma(rank) - special.gammaln(n - rank + 1)
        density = np.exp(log_coef + _LOG_PHI + (n - rank) * _LOG_CDF + (rank - 1) * _LOG_SF)
        values = integrate.simpson(_GRID * density, x=_GRID, axis=1)
        # [end-order-statistic]
        for n_i, v in zip(n[:, 0].astype(int).tolist(), values.tolist()):
            # the median of an odd number of draws, e.g. n = 1, is 0 by symmetry
            _CACHE[(rank, n_i)] = 0.0 if 2 * rank - 1 == n_i else v
    return np.array([_CACHE[(rank, int(n))] for n in ns])


def expected_normal_order_statistic(rank: int, n: int) -> float:
    """Expected ``rank``-th largest of ``n`` independent standard normals.

    Computed by numerical integration of ``z`` against the density of the
    order statistic, ``n! / ((rank-1)! (n-rank)!) phi(z) Phi(z)^(n-rank)
    (1 - Phi(z))^(rank-1)``, with Simpson's rule on 9601 points of
    ``[-12, 12]`` (error below 1e-9; the tests compare with adaptive
    quadrature and with the exact ``1/sqrt(pi)`` for ``n = 2``).

    Parameters
    ----------
    rank : int
        1 (the largest) to ``n``.
    n : int
        Number of draws, 1 to 10**6.

    Returns
    -------
    float
    """
    n = check_int(n, "n", minimum=1, maximum=1_000_000)
    rank = check_int(rank, "rank", minimum=1, maximum=n)
    return float(_order_statistic_means(rank, np.array([n]))[0])


def expected_max_normal(n) -> np.ndarray | float:
    """``E[max of n independent standard normals]``, by numerical integration.

    The maximum of ``n`` standard normals has density ``n φ(x) Φ(x)^(n-1)``:
    this is :func:`expected_normal_order_statistic` with ``rank = 1``,
    vectorised over ``n``. It is the factor of the optimizer's curse
    ``smith2006optimizer``.

    Parameters
    ----------
    n : int or array_like of int
        Number of draws, from 1 to 10**6.

    Returns
    -------
    float or numpy.ndarray
        Same shape as ``n``.
    """
    arr = check_array(n, "n")
    if (arr != np.round(arr)).any() or arr.min() < 1 or arr.max() > 1e6:
        raise ValueError("n must hold integers in [1, 1000000]")
    unique, inverse = np.unique(arr.astype(int).ravel(), return_inverse=True)
    out = _order_statistic_means(1, unique)[inverse].reshape(arr.shape)
    return float(out) if out.ndim == 0 else out


# ---------------------------------------------------------------------------
# The optimizer's curse
# ---------------------------------------------------------------------------

def optimizers_curse(n_variants: int, impressions: int, ctr: float = 0.05, n_reps: int = 1000,
                     rng: RngLike = None) -> np.ndarray:
    """Disappointment from keeping the best of equally good variants.

    Each of ``n_variants`` variants has the same true click-through rate
    ``ctr``. Each is shown ``impressions`` times; its estimated rate is its
    clicks over its impressions. The variant with the highest estimate is
    kept. Its disappointment is its estimate minus its true rate. For large
    ``impressions`` the expectation is ``σ · E[max of N standard normals]``
    with ``σ = sqrt(ctr (1 - ctr) / impressions)`` ``smith2006optimizer``;
    :func:`expected_max_binomial` gives it exactly.

    Returns
    -------
    numpy.ndarray
        The disappointment in each of ``n_reps`` repetitions.
    """
    n_variants = check_int(n_variants, "n_variants", minimum=1)
    impressions = check_int(impressions, "impressions", minimum=1)
    ctr = check_real(ctr, "ctr", minimum=0.0, maximum=1.0, include_min=False, include_max=False)
    n_reps = check_int(n_reps, "n_reps", minimum=1)
    clicks = as_rng(rng).binomial(impressions, ctr, size=(n_reps, n_variants))
    return clicks.max(axis=1) / impressions - ctr


def expected_max_binomial(n_variants: int, impressions: int, ctr: float = 0.05) -> float:
    """Exact expected disappointment of :func:`optimizers_curse`.

    ``E[max_i K_i] = sum_{j>=1} P(max >= j) = sum_{j=1}^{n} (1 - F(j-1)^N)``,
    with ``F`` the binomial distribution function; the disappointment is
    ``E[max K] / impressions - ctr``.
    """
    n_variants = check_int(n_variants, "n_variants", minimum=1)
    impressions = check_int(impressions, "impressions", minimum=1)
    ctr = check_real(ctr, "ctr", minimum=0.0, maximum=1.0, include_min=False, include_max=False)
    j = np.arange(impressions)
    log_cdf = stats.binom.logcdf(j, impressions, ctr)
    expected_max = np.sum(-np.expm1(n_variants * log_cdf))
    return float(expected_max / impressions - ctr)
