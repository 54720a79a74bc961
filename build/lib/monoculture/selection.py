"""Best-of-n selection: how choosing the top-scored sample concentrates a distribution.

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
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validate import RngLike, as_rng, check_array, check_int

__all__ = [
    "best_of_n_kl_bound",
    "best_of_n_win_rate_bound",
    "best_of_n_distribution",
    "best_of_n_kl",
    "best_of_n_win_rate",
    "sample_best_of_n",
    "sample_best_of_n_continuous",
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
    prob = check_array(p, "p", ndim=1, nonnegative=True)
    if not prob.sum() > 0:
        raise ValueError("p must have a positive sum")
    r = check_array(reward, "reward", ndim=1)
    if r.shape != prob.shape:
        raise ValueError(f"reward must have the same shape as p {prob.shape}, got {r.shape}")
    prob = prob / prob.sum()
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
    _, _, mass = _levels(p, reward)
    level_prob = _level_probs(mass, n)
    keep = level_prob > 0
    return float(max(np.sum(level_prob[keep] * np.log(level_prob[keep] / mass[keep])), 0.0))


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
