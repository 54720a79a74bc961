"""Model collapse: models trained on the output of earlier models.

Chapter 2 ("The curse of recursion") and chapter 6 (remedies) use this module.
Every chain starts from a true distribution and repeats one step: fit a model
to a finite sample, then draw the next sample from the fitted model. Sampling
error compounds over generations. Tails vanish first, variance shrinks, and
the model becomes confidently wrong (``shumailov2024nature``,
``shumailov2023curse``).

Chains
------
:func:`gaussian_chain`
    Refit a normal distribution to ``M`` samples of the previous fit,
    vectorised over independent chains. ``method="sufficient"`` advances the
    chain exactly from the distributions of the sample mean and variance,
    without drawing the ``M`` samples.
:func:`categorical_chain`
    Re-estimate a categorical distribution (a vocabulary) from ``M`` draws
    (Wright-Fisher resampling). Zero is absorbing under replacement.
:func:`gmm_chain`
    Refit a two-dimensional Gaussian mixture (scikit-learn
    ``GaussianMixture``) to its own samples.
:func:`text_chain`
    Retrain a word-level n-gram model on its own generated text.
:func:`regression_chain`
    Relabel a fixed design with the previous least-squares fit plus noise.

The Gaussian, categorical and regression chains share one set of data
arguments: ``policy="replace"`` (train on the newest round only) or
``"accumulate"`` (train on every round so far, ``gerstgrasser2024accumulate``),
and either a constant ``fresh_fraction`` of fresh real data per round
(:func:`n_fresh` gives the count) or a per-round ``fresh_schedule``
(:func:`fresh_counts`). The text chain takes ``fresh_fraction`` too. Each
array a chain returns has the truth in row 0 and the model after ``g`` rounds
of fitting in row ``g``. Shumailov et al. number from the first fitted model:
their generation ``n`` (``n >= 0``) is our row ``n + 1``, so their
generation 0, fitted to real data, is our row 1.
:func:`gaussian_chain_loop`, :func:`categorical_chain_loop` and
:func:`regression_chain_loop` are the same three models written as plain
loops, for reading; the tests check them against the fast versions.

Theory
------
:func:`gaussian_moments` (exact expected squared mean error and variance, with
fresh data), :func:`expected_w2` (exact expected squared 2-Wasserstein
distance, our derivation), :func:`expected_log_variance` (the typical chain),
:func:`survival_probability`, :func:`expected_gini_simpson` and
:func:`regression_risk`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.special import digamma, gammaln, polygamma

from ._validate import (RngLike, as_rng, check_array, check_distribution, check_int,
                        check_probability, check_real)
from .diversity import distinct_n

__all__ = [
    "POLICIES",
    "GaussianChain",
    "GaussianMoments",
    "gaussian_chain",
    "gaussian_chain_loop",
    "gaussian_moments",
    "expected_w2",
    "expected_log_variance",
    "w2_squared",
    "n_fresh",
    "fresh_counts",
    "categorical_chain",
    "categorical_chain_loop",
    "survival_probability",
    "expected_gini_simpson",
    "GMMChain",
    "gmm_chain",
    "mixture_data",
    "NGramModel",
    "TextChain",
    "tokenize",
    "ngram_fit",
    "ngram_generate",
    "text_chain",
    "regression_chain",
    "regression_chain_loop",
    "regression_risk",
    "KEPT_CHAINS",
    "kept_curve",
    "variance_mean_se",
]

_ESTIMATORS = ("unbiased", "mle")
_METHODS = ("samples", "sufficient")
_EM_STARTS = ("warm", "restart")
#: The two data policies of every chain: train on the newest batch only, or on
#: every batch so far (``gerstgrasser2024accumulate``).
POLICIES = ("replace", "accumulate")


# ---------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------

def _check_choice(value: object, name: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {shown}, got {value!r}")
    return str(value)


def n_fresh(n_samples: int, fresh_fraction: float) -> int:
    """Number of fresh real samples among ``n_samples``: ``round(r M)``, halves up.

    Parameters
    ----------
    n_samples : int
        Sample size ``M`` of one generation, at least 1.
    fresh_fraction : float
        Share ``r`` in [0, 1] of fresh real data.

    Returns
    -------
    int
        ``floor(r M + 1/2)``, between 0 and ``M``.

    Examples
    --------
    >>> n_fresh(50, 0.1), n_fresh(100, 0.0), n_fresh(5, 0.5)
    (5, 0, 3)
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1)
    fresh_fraction = check_probability(fresh_fraction, "fresh_fraction")
    return int(min(n_samples, np.floor(fresh_fraction * n_samples + 0.5 + 1e-9)))


def fresh_counts(n_samples: int, n_generations: int, fresh_fraction: float = 0.0,
                 fresh_schedule=None) -> np.ndarray:
    """Fresh real samples in each round ``1..G`` of a chain.

    Every chain takes either a constant ``fresh_fraction`` (``n_fresh(M, r)``
    fresh samples each round) or a ``fresh_schedule`` with one count per
    round. Round 1 fits the truth's own samples whatever its count, because
    the model of generation 0 is the truth.

    Parameters
    ----------
    n_samples : int
        Sample size ``M`` of one round, at least 1.
    n_generations : int
        Number of rounds ``G``, at least 0.
    fresh_fraction : float
        Share ``r`` in [0, 1]; must be 0 when a schedule is given.
    fresh_schedule : array_like of int, optional
        ``G`` whole numbers between 0 and ``M``: the fresh samples of rounds
        ``1..G``.

    Returns
    -------
    numpy.ndarray of int, shape (n_generations,)
    """
    M = check_int(n_samples, "n_samples", minimum=1)
    G = check_int(n_generations, "n_generations", minimum=0)
    if fresh_schedule is None:
        return np.full(G, n_fresh(M, fresh_fraction), dtype=int)
    if check_probability(fresh_fraction, "fresh_fraction") != 0.0:
        raise ValueError("give fresh_fraction or fresh_schedule, not both")
    schedule = check_array(fresh_schedule, "fresh_schedule", ndim=1, nonnegative=True,
                           min_size=0)
    if schedule.size != G:
        raise ValueError(f"fresh_schedule must hold one count per generation ({G}), "
                         f"got {schedule.size}")
    if (schedule != np.round(schedule)).any() or (schedule > M).any():
        raise ValueError(f"fresh_schedule must hold whole numbers between 0 and n_samples={M}")
    return schedule.astype(int)


def _pool(n_a, mean_a, ss_a, n_b, mean_b, ss_b):
    """Count, mean and sum of squared deviations of two pooled samples."""
    n = n_a + n_b
    mean = (n_a * mean_a + n_b * mean_b) / n
    return n, mean, ss_a + ss_b + (n_a * n_b / n) * (mean_a - mean_b) ** 2


# ---------------------------------------------------------------------------
# Gaussian chain
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GaussianChain:
    """Fitted means and variances of independent Gaussian chains.

    Attributes
    ----------
    means, variances : numpy.ndarray, shape (n_generations + 1, n_chains)
        Row 0 is the true distribution ``(mu, sigma**2)``; row ``g`` is the
        model after ``g`` rounds of fitting.
    n_samples : int
        Samples drawn per round.
    fresh : numpy.ndarray of int, shape (n_generations,)
        How many of each round's samples are fresh real data.
    estimator, policy, method : str
        The variance estimator, the data policy and the simulation method.
    mu, sigma : float
        The true distribution.
    """

    means: np.ndarray
    variances: np.ndarray
    n_samples: int
    fresh: np.ndarray
    estimator: str
    policy: str
    method: str
    mu: float
    sigma: float

    @property
    def w2(self) -> np.ndarray:
        """Squared 2-Wasserstein distance of every fit to the truth, same shape."""
        return w2_squared(self.means, self.variances, self.mu, self.sigma)


def _check_gaussian(n_samples, n_generations, n_chains, estimator, fresh_fraction, sigma):
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    n_generations = check_int(n_generations, "n_generations", minimum=0)
    n_chains = check_int(n_chains, "n_chains", minimum=1)
    estimator = _check_choice(estimator, "estimator", _ESTIMATORS)
    fresh = n_fresh(n_samples, fresh_fraction)
    sigma = check_real(sigma, "sigma", minimum=0.0, include_min=False)
    return n_samples, n_generations, n_chains, estimator, fresh, sigma


def gaussian_chain(n_samples: int, n_generations: int, *, n_chains: int = 1,
                   estimator: str = "unbiased", policy: str = "replace",
                   fresh_fraction: float = 0.0, mu: float = 0.0, sigma: float = 1.0,
                   rng: RngLike = None, method: str = "samples",
                   fresh_schedule=None) -> GaussianChain:
    """Refit a normal distribution to its own samples, generation after generation.

    Round ``g`` draws ``M - f`` samples from ``N(mean[g-1], var[g-1])`` and
    ``f = round(r M)`` fresh samples from the truth ``N(mu, sigma**2)``. The
    new model is the sample mean and sample variance of the training data:
    this round's ``M`` samples (``policy="replace"``) or every sample drawn
    so far (``policy="accumulate"``, ``gerstgrasser2024accumulate``). Round 1
    fits ``M`` samples of the truth. Under replace with ``r = 0`` the
    variance tends to 0 almost surely and the expected squared Wasserstein
    distance to the truth grows without bound (``shumailov2024nature``,
    Theorem 3.1); under accumulate the fitted model stays close to the truth.
    :func:`gaussian_chain_loop` is the same model as a plain loop.

    Parameters
    ----------
    n_samples : int
        Sample size ``M`` of each round, at least 2.
    n_generations : int
        Number of rounds of fitting, at least 0.
    n_chains : int
        Independent chains, simulated together (vectorised).
    estimator : {"unbiased", "mle"}
        Variance estimator: divide the sum of squares by ``N - 1``
        (unbiased) or by ``N`` (maximum likelihood), where ``N`` is the
        size of the training data (``M``, or ``g M`` when accumulating).
        The public code of ``shumailov2024nature`` fits with ``"mle"``.
    policy : {"replace", "accumulate"}
        Train on the newest round's samples only, or on all samples so far.
    fresh_fraction : float
        Share ``r`` in [0, 1] of each round's samples drawn from the truth.
    mu, sigma : float
        Mean and standard deviation (``> 0``) of the true distribution.
    rng : numpy.random.Generator, int or None
        Random source or seed.
    method : {"samples", "sufficient"}
        ``"samples"`` draws the ``M`` normal samples of every round.
        ``"sufficient"`` draws only the sufficient statistics: for ``k``
        normal draws the standardised sample mean is ``N(0, 1/k)`` and the
        standardised sum of squares is chi-squared with ``k - 1`` degrees of
        freedom, independent of it. Samples are pooled exactly (synthetic
        with fresh, and this round with earlier ones), so both methods give
        the same distribution of chains.
    fresh_schedule : array_like of int, optional
        Fresh samples in each round ``1..G`` instead of a constant
        ``fresh_fraction`` (see :func:`fresh_counts`).

    Returns
    -------
    GaussianChain
        ``.means`` and ``.variances`` of shape ``(n_generations + 1, n_chains)``.

    Raises
    ------
    ValueError
        If ``n_samples < 2``, ``n_generations < 0``, ``n_chains < 1``,
        ``fresh_fraction`` is outside [0, 1], ``sigma <= 0``, the schedule
        is malformed, or ``estimator``, ``policy`` or ``method`` is unknown.

    Examples
    --------
    >>> chain = gaussian_chain(100, 5, n_chains=3, rng=0)
    >>> chain.means.shape, chain.variances.shape
    ((6, 3), (6, 3))
    >>> float(chain.variances[0, 0])
    1.0
    """
    M, G, C, estimator, _, sigma = _check_gaussian(n_samples, n_generations, n_chains,
                                                   estimator, fresh_fraction, sigma)
    mu = check_real(mu, "mu")
    policy = _check_choice(policy, "policy", POLICIES)
    method = _check_choice(method, "method", _METHODS)
    fresh = fresh_counts(M, G, fresh_fraction, fresh_schedule)
    gen = as_rng(rng)
    ddof = 1 if estimator == "unbiased" else 0

    means = np.empty((G + 1, C))
    variances = np.empty((G + 1, C))
    means[0], variances[0] = mu, sigma**2
    total = (0, 0.0, 0.0)  # count, mean and sum of squares of all data so far
    buf = np.empty((C, M)) if method == "samples" else None
    for g in range(1, G + 1):
        f = int(fresh[g - 1])
        k = M - f
        m, s = means[g - 1], np.sqrt(variances[g - 1])
        # standardised mean (zbar) and sum of squares (q) of the synthetic and fresh parts
        if method == "samples":
            gen.standard_normal(out=buf)
            syn, fr = buf[:, :k], buf[:, k:]
            zsum_s = syn.sum(axis=1)
            q_s = np.einsum("ij,ij->i", syn, syn) - zsum_s**2 / k if k else 0.0
            zbar_s = zsum_s / k if k else 0.0
            if f:
                zsum_f = fr.sum(axis=1)
                q_f = np.einsum("ij,ij->i", fr, fr) - zsum_f**2 / f
                zbar_f = zsum_f / f
        else:
            zbar_s = gen.standard_normal(C) / np.sqrt(k) if k else 0.0
            q_s = gen.chisquare(k - 1, C) if k > 1 else 0.0
            if f:
                zbar_f = gen.standard_normal(C) / np.sqrt(f)
                q_f = gen.chisquare(f - 1, C) if f > 1 else 0.0
        batch = (M, m + s * zbar_s, s**2 * q_s)
        if f:
            batch = _pool(k, batch[1], batch[2], f, mu + sigma * zbar_f, sigma**2 * q_f)
        total = _pool(*total, *batch) if policy == "accumulate" else batch
        count, means[g], ss = total
        variances[g] = np.maximum(ss, 0.0) / (count - ddof)
    return GaussianChain(means=means, variances=variances, n_samples=M, fresh=fresh,
                         estimator=estimator, policy=policy, method=method, mu=mu, sigma=sigma)


def w2_squared(means, variances, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """Squared 2-Wasserstein distance between ``N(mean, var)`` and ``N(mu, sigma**2)``.

    For two normal distributions ``W2^2 = (m - mu)^2 + (s - sigma)^2``.

    Parameters
    ----------
    means, variances : array_like
        Broadcastable arrays of fitted means and variances (``>= 0``).
    mu, sigma : float
        The reference distribution, ``sigma > 0``.

    Returns
    -------
    numpy.ndarray
        Elementwise squared distances.
    """
    means = check_array(means, "means")
    variances = check_array(variances, "variances", nonnegative=True)
    mu = check_real(mu, "mu")
    sigma = check_real(sigma, "sigma", minimum=0.0, include_min=False)
    return (means - mu) ** 2 + (np.sqrt(variances) - sigma) ** 2


@dataclass(frozen=True)
class GaussianMoments:
    """Exact expectations of a Gaussian chain, one entry per generation 0..G.

    Attributes
    ----------
    mean_error : numpy.ndarray
        ``E[(mean_g - mu)^2]``.
    variance : numpy.ndarray
        ``E[var_g]``.
    """

    mean_error: np.ndarray
    variance: np.ndarray


def gaussian_moments(n_samples: int, n_generations: int, *, estimator: str = "unbiased",
                     fresh_fraction: float = 0.0, sigma: float = 1.0) -> GaussianMoments:
    """Exact ``E[(mean_g - mu)^2]`` and ``E[var_g]`` of :func:`gaussian_chain`.

    With ``k`` synthetic and ``f`` fresh samples (``k + f = M``) and the
    previous moments ``D = E[(mean - mu)^2]``, ``V = E[var]``, the pooled
    sum of squares has expectation
    ``V (k - 1 + f/M) + sigma^2 (f - 1 + k/M) + (k f / M) D``, which is
    divided by ``M - 1`` or ``M``; and
    ``D' = (k/M)^2 D + k V / M^2 + f sigma^2 / M^2``. Without fresh data this
    gives ``E[var_g] = sigma^2 ((M - 1)/M)^g`` for maximum likelihood,
    ``sigma^2`` for the unbiased estimator, and ``D_g = (sigma^2/M) sum of
    E[var]`` over earlier generations (``sigma^2 g / M`` when unbiased). The
    recursion with fresh data is our derivation.

    Parameters
    ----------
    n_samples, n_generations, estimator, fresh_fraction, sigma
        As in :func:`gaussian_chain`.

    Returns
    -------
    GaussianMoments
        Arrays of length ``n_generations + 1``.
    """
    M, G, _, estimator, f, sigma = _check_gaussian(n_samples, n_generations, 1,
                                                   estimator, fresh_fraction, sigma)
    # [start-gaussian-moments]
    k = M - f
    divisor = M - 1 if estimator == "unbiased" else M
    s2 = sigma**2
    D = np.zeros(G + 1)
    V = np.full(G + 1, s2)
    for g in range(1, G + 1):
        ess = V[g - 1] * (k - 1 + f / M) + s2 * (f - 1 + k / M) + (k * f / M) * D[g - 1]
        V[g] = ess / divisor
        D[g] = (k / M) ** 2 * D[g - 1] + k * V[g - 1] / M**2 + f * s2 / M**2
    return GaussianMoments(mean_error=D, variance=V)
    # [end-gaussian-moments]


def _log_sd_factor(n_samples: int, divisor: int) -> float:
    """``log E[sqrt(chi2_{M-1} / divisor)]``."""
    return (0.5 * np.log(2.0 / divisor) + gammaln(n_samples / 2.0)
            - gammaln((n_samples - 1) / 2.0))


def expected_w2(n_samples: int, n_generations: int, *, estimator: str = "unbiased",
                sigma: float = 1.0) -> np.ndarray:
    """Exact expected squared 2-Wasserstein distance to the truth, without fresh data.

    Our derivation. Since ``W2^2 = (m_g - mu)^2 + var_g - 2 sigma sd_g +
    sigma^2`` and ``sd_g = sigma * prod of g independent factors
    sqrt(chi2_{M-1} / d)`` (``d = M - 1`` or ``M``),

    ``E[W2^2_g] = D_g + E[var_g] - 2 sigma^2 a^g + sigma^2``, with
    ``a = sqrt(2/d) Gamma(M/2) / Gamma((M-1)/2)``.

    For the unbiased estimator ``a = c4(M)`` and
    ``E[W2^2_g] = sigma^2 g / M + 2 sigma^2 (1 - c4(M)^g)``, which grows
    without bound, as Theorem 3.1 of ``shumailov2024nature`` states.

    Parameters
    ----------
    n_samples, n_generations, estimator, sigma
        As in :func:`gaussian_chain` (no fresh data).

    Returns
    -------
    numpy.ndarray, shape (n_generations + 1,)

    Examples
    --------
    >>> [round(float(x), 4) for x in expected_w2(100, 10)[[1, 10]]]
    [0.015, 0.1499]
    """
    M, G, _, estimator, _, sigma = _check_gaussian(n_samples, n_generations, 1,
                                                   estimator, 0.0, sigma)
    # [start-expected-w2]
    divisor = M - 1 if estimator == "unbiased" else M
    mom = gaussian_moments(M, G, estimator=estimator, sigma=sigma)
    g = np.arange(G + 1)
    sd = sigma * np.exp(g * _log_sd_factor(M, divisor))
    return mom.mean_error + mom.variance - 2 * sigma * sd + sigma**2
    # [end-expected-w2]


def expected_log_variance(n_samples: int, n_generations: int, *,
                          estimator: str = "unbiased", sigma: float = 1.0
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of ``log var_g`` without fresh data: the typical chain.

    ``log var_g = log sigma^2 + sum of g independent log(chi2_{M-1} / d)``,
    and ``E[log chi2_nu] = digamma(nu/2) + log 2``,
    ``Var[log chi2_nu] = trigamma(nu/2)``. Because ``E[log chi2_nu / nu] < 0``,
    ``exp(E[log var_g])`` (the geometric mean, close to the median) decays
    to 0 geometrically even when ``E[var_g]`` stays at ``sigma^2``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``E[log var_g]`` and ``Var[log var_g]`` for ``g = 0..n_generations``.
    """
    M, G, _, estimator, _, sigma = _check_gaussian(n_samples, n_generations, 1,
                                                   estimator, 0.0, sigma)
    divisor = M - 1 if estimator == "unbiased" else M
    nu = M - 1
    g = np.arange(G + 1)
    step = digamma(nu / 2) + np.log(2.0) - np.log(divisor)
    return 2 * np.log(sigma) + g * step, g * float(polygamma(1, nu / 2))


# ---------------------------------------------------------------------------
# categorical chain
# ---------------------------------------------------------------------------

def categorical_chain(p, n_samples: int, n_generations: int, *, n_chains: int = 1,
                      policy: str = "replace", fresh_fraction: float = 0.0,
                      rng: RngLike = None, fresh_schedule=None) -> np.ndarray:
    """Re-estimate a categorical distribution from ``M`` draws of the previous one.

    Each round draws ``M - f`` categories from the previous estimate and
    ``f = round(r M)`` from the true ``p``. The new estimate is the share of
    each category in the training draws: this round's ``M`` draws
    (``policy="replace"``, Wright-Fisher resampling) or every draw so far
    (``policy="accumulate"``). Under replace without fresh data a category
    whose estimate reaches 0 never returns (0 is an absorbing state); the
    chain ends with all mass on one category, which is category ``i`` with
    probability ``p_i`` (``shumailov2024nature``).
    :func:`categorical_chain_loop` is the same model as a plain loop.

    Parameters
    ----------
    p : array_like, shape (S,)
        True distribution: non-negative, summing to 1.
    n_samples : int
        Draws ``M`` per round, at least 2.
    n_generations : int
        Rounds, at least 0.
    n_chains : int
        Independent chains (vectorised).
    policy : {"replace", "accumulate"}
        Train on the newest round's draws only, or on all draws so far.
    fresh_fraction : float
        Share ``r`` in [0, 1] of each round's draws taken from ``p``.
    rng : numpy.random.Generator, int or None
        Random source or seed.
    fresh_schedule : array_like of int, optional
        Fresh draws in each round ``1..G`` instead of a constant
        ``fresh_fraction`` (see :func:`fresh_counts`), e.g. to spend a fixed
        budget of fresh data.

    Returns
    -------
    numpy.ndarray, shape (n_generations + 1, n_chains, S)
        Estimated distributions; row 0 is ``p``.

    Examples
    --------
    >>> q = categorical_chain([0.5, 0.3, 0.2], 10, 4, n_chains=2, rng=1)
    >>> q.shape, bool(np.allclose(q.sum(axis=2), 1))
    ((5, 2, 3), True)
    """
    p = check_distribution(p, "p")
    M = check_int(n_samples, "n_samples", minimum=2)
    G = check_int(n_generations, "n_generations", minimum=0)
    C = check_int(n_chains, "n_chains", minimum=1)
    policy = _check_choice(policy, "policy", POLICIES)
    fresh = fresh_counts(M, G, fresh_fraction, fresh_schedule)
    gen = as_rng(rng)
    out = np.empty((G + 1, C, p.size))
    out[0] = p
    total = np.zeros((C, p.size))
    for g in range(1, G + 1):
        f = int(fresh[g - 1])
        counts = np.zeros((C, p.size))
        if f < M:
            prev = out[g - 1]
            # guard against round-off in the sum; rows are exact counts / M
            counts += gen.multinomial(M - f, prev / prev.sum(axis=1, keepdims=True))
        if f:
            counts += gen.multinomial(f, p, size=C)
        if policy == "accumulate":
            total += counts
            out[g] = total / total.sum(axis=1, keepdims=True)
        else:
            out[g] = counts / M
    return out


def survival_probability(p, n_samples: int) -> np.ndarray:
    """Probability that each category appears in ``M`` draws: ``1 - (1 - p_i)^M``.

    This is the chance that category ``i`` survives one round of
    :func:`categorical_chain`.
    """
    p = check_distribution(p, "p")
    M = check_int(n_samples, "n_samples", minimum=1)
    return -np.expm1(M * np.log1p(-np.minimum(p, 1.0 - 1e-300)))


def expected_gini_simpson(p, n_samples: int, n_generations: int) -> np.ndarray:
    """Exact ``E[1 - sum q_i^2]`` over generations of the chain without fresh data.

    Given ``q``, ``E[sum q'_i^2] = sum q_i^2 + sum q_i (1 - q_i) / M``, so
    ``E[1 - sum q'^2] = (1 - 1/M)(1 - sum q^2)`` and the Gini-Simpson index
    decays like ``(1 - 1/M)^g``: diversity leaks out at a rate ``1/M`` per
    round.

    Returns
    -------
    numpy.ndarray, shape (n_generations + 1,)
    """
    p = check_distribution(p, "p")
    M = check_int(n_samples, "n_samples", minimum=2)
    G = check_int(n_generations, "n_generations", minimum=0)
    return (1.0 - np.sum(p**2)) * (1.0 - 1.0 / M) ** np.arange(G + 1)


# ---------------------------------------------------------------------------
# two-dimensional Gaussian mixture chain
# ---------------------------------------------------------------------------

#: The true mixture of :func:`mixture_data`: a central cluster and four
#: small outlying clusters (the tails).
MIXTURE_WEIGHTS = np.array([0.8, 0.05, 0.05, 0.05, 0.05])
MIXTURE_MEANS = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0], [-5.0, 0.0], [0.0, -5.0]])
MIXTURE_SDS = np.array([1.0, 0.5, 0.5, 0.5, 0.5])


def mixture_data(n_samples: int, rng: RngLike = None) -> np.ndarray:
    """Samples from the true 2-D mixture: a central cluster and four outlying ones.

    The central cluster ``N(0, I)`` has weight 0.8; four clusters of weight
    0.05 and standard deviation 0.5 sit at distance 5 on the axes.

    Returns
    -------
    numpy.ndarray, shape (n_samples, 2)
    """
    M = check_int(n_samples, "n_samples", minimum=1)
    gen = as_rng(rng)
    comp = gen.choice(len(MIXTURE_WEIGHTS), size=M, p=MIXTURE_WEIGHTS)
    return MIXTURE_MEANS[comp] + MIXTURE_SDS[comp, None] * gen.standard_normal((M, 2))


@dataclass(frozen=True)
class GMMChain:
    """A chain of 2-D Gaussian mixtures, each fitted to samples of the previous one.

    Attributes
    ----------
    samples : list of numpy.ndarray
        ``samples[g]`` (shape ``(M, 2)``) is the data generation ``g`` was
        fitted to; ``samples[0]`` is the real data.
    weights, means, covariances : list of numpy.ndarray
        The parameters of fit ``g + 1`` (fitted to ``samples[g]``).
    """

    samples: list[np.ndarray]
    weights: list[np.ndarray]
    means: list[np.ndarray]
    covariances: list[np.ndarray]


def _sample_mixture(weights, means, covs, n, gen) -> np.ndarray:
    comp = gen.choice(len(weights), size=n, p=weights / weights.sum())
    chol = np.linalg.cholesky(covs)
    z = gen.standard_normal((n, means.shape[1]))
    return means[comp] + np.einsum("nij,nj->ni", chol[comp], z)


def gmm_chain(data, n_generations: int, *, n_components: int = 5,
              n_samples: int | None = None, em: str = "warm",
              rng: RngLike = None) -> GMMChain:
    """Refit a Gaussian mixture (scikit-learn ``GaussianMixture``) to its own samples.

    Generation 0 fits the real ``data`` (k-means initialisation). Each later
    generation draws ``n_samples`` points from the previous fit and refits a
    mixture with ``n_components`` full-covariance components. Small outlying
    clusters lose weight or merge into larger ones, and the density
    contracts (``shumailov2024nature`` run the same experiment).

    Two conventions for the refit are offered (``em``):

    - ``"warm"`` (the default, used in the book): EM starts from the
      previous fit, as a model is retrained from its last checkpoint, with
      scikit-learn's default convergence tolerance (``1e-3``);
    - ``"restart"``: every generation restarts EM from a fresh k-means
      initialisation with tolerance ``1e-5``, as the public code of
      ``shumailov2024nature`` does.

    Parameters
    ----------
    data : array_like, shape (M, 2)
        The real data (see :func:`mixture_data`).
    n_generations : int
        Number of refits after the first, at least 0.
    n_components : int
        Mixture components, 1 to 20.
    n_samples : int, optional
        Points drawn per generation; defaults to ``len(data)``. At least
        ``n_components``.
    em : {"warm", "restart"}
        Warm-start EM from the previous fit, or restart it from k-means with
        tolerance 1e-5 (see above).
    rng : numpy.random.Generator, int or None
        Random source or seed (also seeds the EM initialisations).

    Returns
    -------
    GMMChain
    """
    from sklearn.mixture import GaussianMixture
    from threadpoolctl import threadpool_limits

    X = check_array(data, "data", ndim=2)
    G = check_int(n_generations, "n_generations", minimum=0)
    K = check_int(n_components, "n_components", minimum=1, maximum=20)
    M = X.shape[0] if n_samples is None else check_int(n_samples, "n_samples", minimum=K)
    if X.shape[0] < K:
        raise ValueError(f"data must have at least n_components={K} rows, got {X.shape[0]}")
    em = _check_choice(em, "em", _EM_STARTS)
    gen = as_rng(rng)
    # [start-gmm-chain]
    samples, weights, means, covs = [X], [], [], []
    gm = None
    # One BLAS thread: these fits are tiny, and thread start-up dominates.
    with threadpool_limits(1):
        for g in range(G + 1):
            if em == "restart":
                start = {"tol": 1e-5}
            elif gm is None:
                start = {}
            else:
                start = {"weights_init": gm.weights_, "means_init": gm.means_,
                         "precisions_init": gm.precisions_}
            gm = GaussianMixture(n_components=K, covariance_type="full", init_params="kmeans",
                                 random_state=int(gen.integers(2**31 - 1)),
                                 **start).fit(samples[-1])
            weights.append(gm.weights_)
            means.append(gm.means_)
            covs.append(gm.covariances_)
            if g < G:
                samples.append(_sample_mixture(gm.weights_, gm.means_, gm.covariances_, M, gen))
    return GMMChain(samples=samples, weights=weights, means=means, covariances=covs)
    # [end-gmm-chain]


# ---------------------------------------------------------------------------
# text: a word-level n-gram model trained on its own output
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z]+(?:['-][a-z]+)*|[.,;:?!]")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens and sentence punctuation (``. , ; : ? !``) of ``text``.

    Examples
    --------
    >>> tokenize("Tails vanish first; variance shrinks.")
    ['tails', 'vanish', 'first', ';', 'variance', 'shrinks', '.']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class NGramModel:
    """A word-level n-gram model with maximum-likelihood transition counts.

    Attributes
    ----------
    order : int
        ``n``: the next word depends on the previous ``n - 1`` words.
    vocab : numpy.ndarray of str
        The words, indexed by id.
    contexts : numpy.ndarray of int64
        Sorted codes of the observed contexts.
    starts : numpy.ndarray of int64
        ``starts[c]`` is the number of transition counts before context ``c``;
        ``totals[c]`` the number of transitions from it.
    cumulative : numpy.ndarray of int64
        Running total of the transition counts, ordered by context.
    nexts : numpy.ndarray of int64
        The next word id of each transition.
    """

    order: int
    vocab: np.ndarray
    contexts: np.ndarray
    starts: np.ndarray
    totals: np.ndarray
    cumulative: np.ndarray
    nexts: np.ndarray
    start_codes: np.ndarray = field(repr=False)


def _encode(ids: np.ndarray, V: int) -> np.ndarray:
    """Encode rows of word ids (shape (..., n)) as int64 codes in base V."""
    code = np.zeros(ids.shape[:-1], dtype=np.int64)
    for j in range(ids.shape[-1]):
        code = code * V + ids[..., j]
    return code


def ngram_fit(tokens: Sequence[str], order: int = 2) -> NGramModel:
    """Fit an n-gram model by counting, treating the token list as a cycle.

    Wrapping the text around means every context has at least one
    continuation, so generation never stops. A model of order 2 is a bigram
    model.

    Parameters
    ----------
    tokens : sequence of str
        The training text, at least ``order`` tokens.
    order : int
        ``n`` of the n-grams, 1 to 4.

    Returns
    -------
    NGramModel
    """
    order = check_int(order, "order", minimum=1, maximum=4)
    if isinstance(tokens, str):
        raise TypeError("tokens must be a sequence of words, not a single string")
    if len(tokens) < order:
        raise ValueError(f"tokens must hold at least order={order} tokens, got {len(tokens)}")
    vocab, ids = np.unique(np.asarray(tokens, dtype=str), return_inverse=True)
    V = len(vocab)
    L = len(ids)
    cyc = np.concatenate([ids, ids[:order - 1]]).astype(np.int64)
    windows = np.lib.stride_tricks.sliding_window_view(cyc, order)[:L]
    ctx = _encode(windows[:, :-1], V) if order > 1 else np.zeros(L, dtype=np.int64)
    pair = ctx * V + windows[:, -1]
    keys, counts = np.unique(pair, return_counts=True)
    ctx_of = keys // V
    contexts, first, totals = np.unique(ctx_of, return_index=True, return_counts=True)
    cumulative = np.cumsum(counts)
    starts = np.concatenate([[0], cumulative])[first]
    # transitions are grouped by context, so totals are count sums per context
    totals = np.add.reduceat(counts, first)
    return NGramModel(order=order, vocab=vocab, contexts=contexts, starts=starts,
                      totals=totals, cumulative=cumulative, nexts=keys % V,
                      start_codes=windows[:, :-1].copy())


def ngram_generate(model: NGramModel, n_streams: int, length: int,
                   rng: RngLike = None) -> list[list[str]]:
    """Sample ``n_streams`` independent texts of ``length`` tokens from ``model``.

    Each stream starts from a context taken at a random position of the
    training text. The loop runs over positions; all streams advance
    together (vectorised).

    Returns
    -------
    list of list of str
        The streams, including their starting context.
    """
    S = check_int(n_streams, "n_streams", minimum=1)
    L = check_int(length, "length", minimum=model.order)
    gen = as_rng(rng)
    V = len(model.vocab)
    n_ctx = model.order - 1
    out = np.empty((S, L), dtype=np.int64)
    out[:, :n_ctx] = model.start_codes[gen.integers(len(model.start_codes), size=S)]
    for t in range(n_ctx, L):
        code = _encode(out[:, t - n_ctx:t], V) if n_ctx else np.zeros(S, dtype=np.int64)
        c = np.searchsorted(model.contexts, code)
        u = gen.integers(0, model.totals[c])
        j = np.searchsorted(model.cumulative, model.starts[c] + u, side="right")
        out[:, t] = model.nexts[j]
    return [list(row) for row in model.vocab[out]]


def _detokenize(tokens: Sequence[str]) -> str:
    return re.sub(r" ([.,;:?!])", r"\1", " ".join(tokens))


@dataclass(frozen=True)
class TextChain:
    """Statistics of an n-gram model retrained on its own text.

    Attributes
    ----------
    vocabulary : numpy.ndarray, shape (n_generations + 1,)
        Distinct words in the text of each generation (0 is the original).
    distinct_2 : numpy.ndarray
        distinct-2 of each generation's text (see
        :func:`monoculture.diversity.distinct_n`).
    rare_share : numpy.ndarray
        Share of word tokens that are rare words of the original (words
        used at most ``rare_max`` times in it).
    rare_vocabulary : numpy.ndarray
        How many of those rare words still occur at least once.
    samples : dict of int to str
        The opening words of the text of the requested generations.
    """

    vocabulary: np.ndarray
    distinct_2: np.ndarray
    rare_share: np.ndarray
    rare_vocabulary: np.ndarray
    samples: dict[int, str]


def text_chain(tokens: Sequence[str], n_generations: int, *, order: int = 2,
               fresh_fraction: float = 0.0, n_streams: int = 50, rare_max: int = 2,
               sample_generations: Sequence[int] = (0, 1, 5, 20), sample_length: int = 30,
               rng: RngLike = None) -> TextChain:
    """Train an n-gram model on a text, then retrain it on its own output.

    Generation 0 is the original text. Generation ``g`` is text of the same
    length produced by the model fitted to generation ``g - 1``, in
    ``n_streams`` independent streams; a share ``r`` of its tokens is
    replaced by a contiguous passage of the original starting at a random
    place (fresh data). This mirrors, as a toy, the language-model
    experiment of ``shumailov2024nature`` with 10% original data kept.

    Parameters
    ----------
    tokens : sequence of str
        The original text as tokens (see :func:`tokenize`).
    n_generations : int
        Rounds of retraining, at least 0.
    order : int
        n-gram order, 1 to 4.
    fresh_fraction : float
        Share ``r`` in [0, 1] of each generation's tokens from the original.
    n_streams : int
        Independent streams per generation (the text is cut into them).
    rare_max : int
        A word is rare if the original uses it at most this many times (>= 1).
    sample_generations : sequence of int
        Generations whose opening ``sample_length`` tokens are returned.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    TextChain
    """
    if isinstance(tokens, str):
        raise TypeError("tokens must be a sequence of words, not a single string")
    tokens = list(tokens)
    G = check_int(n_generations, "n_generations", minimum=0)
    order = check_int(order, "order", minimum=1, maximum=4)
    n_streams = check_int(n_streams, "n_streams", minimum=1)
    rare_max = check_int(rare_max, "rare_max", minimum=1)
    sample_length = check_int(sample_length, "sample_length", minimum=1)
    N = len(tokens)
    if N < n_streams * max(order, 2):
        raise ValueError(f"tokens must hold at least {n_streams * max(order, 2)} tokens "
                         f"for n_streams={n_streams}, got {N}")
    f = n_fresh(N, fresh_fraction)
    gen = as_rng(rng)
    # [start-text-chain]
    words, counts = np.unique([t for t in tokens if t[0].isalpha()], return_counts=True)
    rare = set(words[counts <= rare_max])
    length = -(-(N - f) // n_streams)

    def stats(text: list[str]) -> tuple[int, float, float, int]:
        w = [t for t in text if t[0].isalpha()]
        present = set(w)
        return (len(present), distinct_n([" ".join(text)], 2),
                sum(t in rare for t in w) / max(len(w), 1), len(present & rare))

    vocab, d2, rs, rv, samples = [], [], [], [], {}
    current = tokens
    for g in range(G + 1):
        if g > 0:
            model = ngram_fit(current, order)
            streams = ngram_generate(model, n_streams, max(length, order), rng=gen) \
                if f < N else []
            text = [t for s in streams for t in s][:N - f]
            if f:
                start = int(gen.integers(N))
                text += (tokens[start:] + tokens[:start])[:f]
            current = text
        v, d, r, k = stats(current)
        vocab.append(v)
        d2.append(d)
        rs.append(r)
        rv.append(k)
        if g in sample_generations:
            samples[g] = _detokenize(current[:sample_length])
    return TextChain(vocabulary=np.array(vocab), distinct_2=np.array(d2),
                     rare_share=np.array(rs), rare_vocabulary=np.array(rv),
                     samples=samples)
    # [end-text-chain]


# ---------------------------------------------------------------------------
# linear regression: replace against accumulate
# ---------------------------------------------------------------------------

def regression_chain(n_features: int, n_samples: int, n_iterations: int, *,
                     policy: str = "replace", fresh_fraction: float = 0.0, noise: float = 1.0,
                     n_repeats: int = 1, rng: RngLike = None,
                     fresh_schedule=None) -> np.ndarray:
    """Excess risk of least squares retrained on labels from its previous fit.

    Each repeat draws a design ``X`` (``T x d``, standard normal entries),
    kept fixed across iterations, and a true weight vector ``w*``.
    Iteration 1 fits ordinary least squares (no intercept) to
    ``y = X w* + noise``. In iteration ``i >= 2`` the first ``f = round(r T)``
    rows are fresh real examples (new inputs, labelled by the truth) and the
    other rows relabel the fixed inputs with the previous fit,
    ``y = X w_{i-1} + noise``. The model is refit to this iteration's rows
    (``policy="replace"``) or to every row so far (``policy="accumulate"``)
    (``gerstgrasser2024accumulate``). The fits solve the normal equations of
    the training rows, batched over repeats; the tests check that they equal
    scikit-learn's ``LinearRegression(fit_intercept=False)``.
    :func:`regression_chain_loop` is the same model as a plain loop.

    Parameters
    ----------
    n_features : int
        ``d``, at least 1.
    n_samples : int
        ``T``, at least ``d`` (the design has full column rank).
    n_iterations : int
        Iterations, at least 1.
    policy : {"replace", "accumulate"}
        Replace the training data each iteration, or accumulate it.
    fresh_fraction : float
        Share ``r`` in [0, 1] of each iteration's rows that are fresh real examples.
    noise : float
        Label noise standard deviation ``sigma > 0``.
    n_repeats : int
        Independent repeats (vectorised).
    rng : numpy.random.Generator, int or None
        Random source or seed.
    fresh_schedule : array_like of int, optional
        Fresh rows in each iteration ``1..n`` instead of a constant
        ``fresh_fraction`` (see :func:`fresh_counts`).

    Returns
    -------
    numpy.ndarray, shape (n_iterations, n_repeats)
        ``||w_i - w*||^2``; row ``i - 1`` is iteration ``i``.
    """
    d = check_int(n_features, "n_features", minimum=1)
    T = check_int(n_samples, "n_samples", minimum=d)
    n = check_int(n_iterations, "n_iterations", minimum=1)
    policy = _check_choice(policy, "policy", POLICIES)
    sigma = check_real(noise, "noise", minimum=0.0, include_min=False)
    R = check_int(n_repeats, "n_repeats", minimum=1)
    fresh = fresh_counts(T, n, fresh_fraction, fresh_schedule)
    gen = as_rng(rng)
    X = gen.standard_normal((R, T, d))
    w_star = gen.standard_normal((R, d)) / np.sqrt(d)
    gram = np.zeros((R, d, d))
    moment = np.zeros((R, d))
    out = np.empty((n, R))
    w = w_star
    gram_s, f_prev = None, None
    for i in range(1, n + 1):
        f = int(fresh[i - 1])
        Xs = X[:, f:]                                   # inputs that get relabelled
        if f != f_prev:
            gram_s, f_prev = Xs.transpose(0, 2, 1) @ Xs, f
        # fresh rows: new real examples (iteration 1 uses the first f rows of X)
        Xf = X[:, :f] if i == 1 else gen.standard_normal((R, f, d))
        yf = (Xf @ w_star[..., None])[..., 0] + sigma * gen.standard_normal((R, f))
        ys = (Xs @ w[..., None])[..., 0] + sigma * gen.standard_normal((R, T - f))
        batch_gram = gram_s + Xf.transpose(0, 2, 1) @ Xf
        batch_moment = np.einsum("rtd,rt->rd", Xs, ys) + np.einsum("rtd,rt->rd", Xf, yf)
        if policy == "accumulate":
            gram, moment = gram + batch_gram, moment + batch_moment
        else:
            gram, moment = batch_gram, batch_moment
        w = np.linalg.solve(gram, moment[..., None])[..., 0]
        out[i - 1] = ((w - w_star) ** 2).sum(axis=1)
    return out


def regression_risk(n_features: int, n_samples: int, n_iterations: int, *,
                    policy: str = "replace", noise: float = 1.0) -> np.ndarray:
    """Expected excess risk of :func:`regression_chain` without fresh data, iterations ``1..n``.

    With a fixed Gaussian design, ``e_i = e_{i-1} + X^+ E_i`` (replace) or
    ``e_i = e_{i-1} + X^+ E_i / i`` (accumulate), and
    ``E tr((X^T X)^{-1}) = d / (T - d - 1)``. Hence

    - replace: ``sigma^2 d / (T - d - 1) * i``;
    - accumulate: ``sigma^2 d / (T - d - 1) * sum_{j <= i} 1/j^2``, never
      above ``sigma^2 d / (T - d - 1) * pi^2 / 6``.

    The bound is proved by ``gerstgrasser2024accumulate``; the formulas are
    re-derived here for this toy (checked by simulation in the tests). They
    need ``T >= d + 2``.

    Returns
    -------
    numpy.ndarray, shape (n_iterations,)
    """
    d = check_int(n_features, "n_features", minimum=1)
    T = check_int(n_samples, "n_samples", minimum=d + 2)
    n = check_int(n_iterations, "n_iterations", minimum=1)
    policy = _check_choice(policy, "policy", POLICIES)
    noise = check_real(noise, "noise", minimum=0.0, include_min=False)
    base = noise**2 * d / (T - d - 1)
    i = np.arange(1, n + 1)
    return base * (i if policy == "replace" else np.cumsum(1.0 / i**2))


# ---------------------------------------------------------------------------
# The three chains as plain loops
# ---------------------------------------------------------------------------
# Each function below is one chain written the way the text describes it:
# draw, fit, repeat. They are slow and simulate one chain at a time; the
# functions above are the fast versions the book runs, and the tests check
# that both give the same results.

def gaussian_chain_loop(n_samples: int, n_generations: int, *, estimator: str = "unbiased",
                        policy: str = "replace", fresh_fraction: float = 0.0,
                        mu: float = 0.0, sigma: float = 1.0,
                        rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """One Gaussian chain as a plain loop: the model of :func:`gaussian_chain`.

    For the same seed it returns the same chain as ``gaussian_chain(...,
    n_chains=1, method="samples")`` (up to round-off).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Means and variances of generations ``0..n_generations``.
    """
    M, G, _, estimator, f, sigma = _check_gaussian(n_samples, n_generations, 1, estimator,
                                                   fresh_fraction, sigma)
    policy = _check_choice(policy, "policy", POLICIES)
    gen = as_rng(rng)
    ddof = 1 if estimator == "unbiased" else 0
    # [start-gaussian-loop]
    mean, var = mu, sigma**2                    # generation 0 is the truth
    means, variances = [mean], [var]
    data = np.empty(0)
    for g in range(G):
        synthetic = gen.normal(mean, np.sqrt(var), size=M - f)   # sample the current model
        fresh = gen.normal(mu, sigma, size=f)                    # fresh real data
        batch = np.concatenate([synthetic, fresh])
        data = np.concatenate([data, batch]) if policy == "accumulate" else batch
        mean, var = data.mean(), data.var(ddof=ddof)            # fit the next model
        means.append(mean)
        variances.append(var)
    # [end-gaussian-loop]
    return np.array(means), np.array(variances)


def categorical_chain_loop(p, n_samples: int, n_generations: int, *,
                           policy: str = "replace", fresh_fraction: float = 0.0,
                           rng: RngLike = None) -> np.ndarray:
    """One categorical chain as a plain loop: the model of :func:`categorical_chain`.

    It draws words one by one (``Generator.choice``) where the fast version
    draws counts, so the two agree in distribution, not draw by draw.

    Returns
    -------
    numpy.ndarray, shape (n_generations + 1, S)
        The estimated distributions; row 0 is ``p``.
    """
    p = check_distribution(p, "p")
    M = check_int(n_samples, "n_samples", minimum=2)
    G = check_int(n_generations, "n_generations", minimum=0)
    policy = _check_choice(policy, "policy", POLICIES)
    f = n_fresh(M, fresh_fraction)
    gen = as_rng(rng)
    S = p.size
    # [start-categorical-loop]
    q = p                                       # generation 0 is the truth
    estimates = [q]
    counts = np.zeros(S)
    for g in range(G):
        synthetic = gen.choice(S, size=M - f, p=q)      # words sampled from the current model
        fresh = gen.choice(S, size=f, p=p)              # fresh real words
        batch = np.bincount(np.concatenate([synthetic, fresh]), minlength=S)
        counts = counts + batch if policy == "accumulate" else batch
        q = counts / counts.sum()                       # the next model: observed shares
        estimates.append(q)
    # [end-categorical-loop]
    return np.array(estimates)


def regression_chain_loop(n_features: int, n_samples: int, n_iterations: int, *,
                          policy: str = "replace", fresh_fraction: float = 0.0,
                          noise: float = 1.0, rng: RngLike = None) -> np.ndarray:
    """One regression chain as a plain loop: the model of :func:`regression_chain`.

    For the same seed it returns the same excess risks as
    ``regression_chain(..., n_repeats=1)`` (up to round-off).

    Returns
    -------
    numpy.ndarray, shape (n_iterations,)
        ``||w_i - w*||^2`` of iterations ``1..n_iterations``.
    """
    d = check_int(n_features, "n_features", minimum=1)
    T = check_int(n_samples, "n_samples", minimum=d)
    n = check_int(n_iterations, "n_iterations", minimum=1)
    policy = _check_choice(policy, "policy", POLICIES)
    sigma = check_real(noise, "noise", minimum=0.0, include_min=False)
    f = n_fresh(T, fresh_fraction)
    gen = as_rng(rng)
    # [start-regression-loop]
    X = gen.standard_normal((T, d))             # the inputs, fixed
    w_true = gen.standard_normal(d) / np.sqrt(d)
    w = w_true                                  # iteration 1 is labelled by the truth
    train_X, train_y, risk = np.empty((0, d)), np.empty(0), []
    for i in range(1, n + 1):
        X_fresh = X[:f] if i == 1 else gen.standard_normal((f, d))       # new real inputs
        y_fresh = X_fresh @ w_true + sigma * gen.standard_normal(f)      # true labels
        y_synth = X[f:] @ w + sigma * gen.standard_normal(T - f)         # the last model's labels
        batch_X, batch_y = np.vstack([X[f:], X_fresh]), np.concatenate([y_synth, y_fresh])
        if policy == "accumulate":
            train_X, train_y = np.vstack([train_X, batch_X]), np.concatenate([train_y, batch_y])
        else:
            train_X, train_y = batch_X, batch_y
        w = np.linalg.lstsq(train_X, train_y, rcond=None)[0]            # least squares
        risk.append(np.sum((w - w_true) ** 2))
    # [end-regression-loop]
    return np.array(risk)


# ---------------------------------------------------------------------------
# The scoreboard measure: what a chain keeps, relative to the original
# ---------------------------------------------------------------------------

#: The three chains that :func:`kept_curve` measures.
KEPT_CHAINS: tuple[str, ...] = ("Gaussian", "categorical", "regression")

_KEPT_CACHE: dict[tuple, np.ndarray] = {}


def kept_curve(chain: str, *, policy: str = "replace", fresh_fraction: float = 0.0,
               n_generations: int = 200, n_samples: int = 100, vocabulary: int = 20,
               n_features: int = 10, regression_samples: int = 50, n_chains: int = 200,
               rng: int = 6) -> np.ndarray:
    """What a retraining chain keeps, relative to the original model.

    Runs one chain (:func:`gaussian_chain`, :func:`categorical_chain` or
    :func:`regression_chain`) under a data policy and returns, for generations ``1..n_generations``, one
    number per generation, divided by its value for the original model
    (generation 1, fitted to real data only), so that 1 means nothing was
    lost and lower is worse:

    - ``"Gaussian"``: the median fitted variance over ``n_chains`` chains
      with batch size ``n_samples`` (the typical chain; the mean variance is
      preserved under replacement while the typical chain collapses);
    - ``"categorical"``: the mean effective vocabulary (Hill number of order
      1) of a Zipf(1) distribution over ``vocabulary`` words, batch size
      ``n_samples``;
    - ``"regression"``: the original's exact expected excess risk
      ``d / (T - d - 1)`` divided by the mean excess risk, with ``d =
      n_features`` and ``T = regression_samples``, over ``n_chains`` repeats.

    Chapter 6's scoreboard compares data policies with it
    (``monoculture.remedies.policy_kwargs`` turns a scoreboard policy into
    ``policy`` and ``fresh_fraction``). Results are cached by their
    arguments, so a chapter can ask for the same curve many times.

    Parameters
    ----------
    chain : {"Gaussian", "categorical", "regression"}
        Which chain.
    policy : {"replace", "accumulate"}
        The data policy.
    fresh_fraction : float
        The fresh share ``r`` in [0, 1] of every round's batch.
    n_generations, n_samples, vocabulary, n_features, regression_samples, n_chains : int
        Sizes, as above.
    rng : int
        Seed (an integer, so that results can be cached).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_generations,)``.
    """
    if chain not in KEPT_CHAINS:
        raise ValueError(f"chain must be one of {', '.join(KEPT_CHAINS)}; got {chain!r}")
    policy = _check_choice(policy, "policy", POLICIES)
    r = check_probability(fresh_fraction, "fresh_fraction")
    sizes = [check_int(v, name, minimum=2) for v, name in (
        (n_generations, "n_generations"), (n_samples, "n_samples"), (vocabulary, "vocabulary"),
        (n_features, "n_features"), (regression_samples, "regression_samples"),
        (n_chains, "n_chains"))]
    seed = check_int(rng, "rng", minimum=0)
    n_generations, n_samples, vocabulary, n_features, regression_samples, n_chains = sizes
    if chain == "regression" and regression_samples <= n_features + 1:
        raise ValueError("regression_samples must exceed n_features + 1")
    key = (chain, policy, round(r, 6), *sizes, seed)
    if key not in _KEPT_CACHE:
        if chain == "Gaussian":
            var = gaussian_chain(n_samples, n_generations, n_chains=n_chains, rng=seed,
                                 policy=policy, fresh_fraction=r).variances
            measure = np.median(var[1:], axis=1)
        elif chain == "categorical":
            p = 1.0 / np.arange(1, vocabulary + 1)
            P = categorical_chain(p / p.sum(), n_samples, n_generations, n_chains=n_chains,
                                  rng=seed, policy=policy, fresh_fraction=r)
            Pc = np.clip(P[1:], 1e-300, None)
            measure = np.exp(-(Pc * np.log(Pc)).sum(axis=-1)).mean(axis=1)
        else:
            err = regression_chain(n_features, regression_samples, n_generations,
                                   n_repeats=n_chains, rng=seed, policy=policy,
                                   fresh_fraction=r).mean(axis=1)
            original = n_features / (regression_samples - n_features - 1)  # exact expectation
            measure = original / err
            _KEPT_CACHE[key] = measure
            return measure.copy()
        _KEPT_CACHE[key] = measure / measure[0]
    return _KEPT_CACHE[key].copy()


# ---------------------------------------------------------------------------
# Monte Carlo error of the mean variance
# ---------------------------------------------------------------------------

def variance_mean_se(n_samples: int, n_generations: int, n_chains: int, *,
                     estimator: str = "unbiased", sigma: float = 1.0) -> np.ndarray:
    """Exact standard error of the mean fitted variance over independent chains.

    Without fresh data the fitted variance is ``var_g = sigma^2 F_1 ... F_g``,
    with independent factors ``F = chi2_{M-1} / d`` (``d = M - 1`` for the
    unbiased estimator, ``M`` for maximum likelihood). Since
    ``E[F] = (M - 1)/d`` and ``E[F^2] = (M - 1)(M + 1)/d^2``,

    ``Var[var_g] = sigma^4 (E[F^2]^g - E[F]^(2g))``,

    and the mean of ``n_chains`` independent chains has standard error
    ``sqrt(Var[var_g] / n_chains)``. For the unbiased estimator this is
    ``sigma^2 sqrt(((1 + 2/(M - 1))^g - 1) / n_chains)``. The distribution
    of ``var_g`` is heavy-tailed (log-normal-like), so the sample standard
    deviation of simulated chains underestimates this value in most runs;
    compare a simulated mean with the exact standard error instead.

    Parameters
    ----------
    n_samples : int
        Samples per generation ``M`` (at least 2).
    n_generations : int
        Number of generations ``G`` (at least 0).
    n_chains : int
        Number of independent chains averaged (at least 1).
    estimator : {"unbiased", "mle"}
        The variance estimator of :func:`gaussian_chain`.
    sigma : float
        True standard deviation (> 0).

    Returns
    -------
    numpy.ndarray, shape (n_generations + 1,)
        The standard error for ``g = 0..n_generations`` (0 at ``g = 0``).

    Examples
    --------
    >>> round(float(variance_mean_se(100, 200, 2000)[-1]), 4)
    0.1637
    """
    M, G, C, estimator, _, sigma = _check_gaussian(n_samples, n_generations, n_chains,
                                                   estimator, 0.0, sigma)
    d = M - 1 if estimator == "unbiased" else M
    g = np.arange(G + 1)
    first = (M - 1) / d
    second = (M - 1) * (M + 1) / d**2
    var = sigma**4 * (second**g - first ** (2 * g))
    return np.sqrt(np.maximum(var, 0.0) / C)
