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
    (Wright-Fisher resampling). Zero is absorbing.
:func:`gmm_chain`
    Refit a two-dimensional Gaussian mixture (scikit-learn
    ``GaussianMixture``) to its own samples.
:func:`text_chain`
    Retrain a word-level n-gram model on its own generated text.
:func:`regression_chain`
    Relabel a fixed design with the previous least-squares fit plus noise;
    ``mode="replace"`` or ``"accumulate"`` (``gerstgrasser2024accumulate``).

Every chain but the mixture and the regression takes ``fresh_fraction``: the
share of each generation's training data that is fresh real data
(:func:`n_fresh` gives the count).

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.special import digamma, gammaln, polygamma

from ._validate import RngLike, as_rng, check_array, check_int, check_probability, check_real
from .diversity import distinct_n

__all__ = [
    "GaussianChain",
    "GaussianMoments",
    "gaussian_chain",
    "gaussian_moments",
    "expected_w2",
    "expected_log_variance",
    "w2_squared",
    "n_fresh",
    "categorical_chain",
    "survival_probability",
    "expected_gini_simpson",
    "GMMChain",
    "gmm_chain",
    "mixture_data",
    "NGramModel",
    "TextChain",
    "book_prose",
    "tokenize",
    "ngram_fit",
    "ngram_generate",
    "text_chain",
    "regression_chain",
    "regression_risk",
    "variance_mean_se",
]

_ESTIMATORS = ("unbiased", "mle")
_METHODS = ("samples", "sufficient")
_MODES = ("replace", "accumulate")
#: Tolerance on ``sum(p) == 1`` for categorical distributions.
_SUM_TOL = 1e-8


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
    n_samples, n_fresh : int
        Samples per round, and how many of them are fresh real data.
    estimator, method : str
        The variance estimator and the simulation method used.
    mu, sigma : float
        The true distribution.
    """

    means: np.ndarray
    variances: np.ndarray
    n_samples: int
    n_fresh: int
    estimator: str
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
                   estimator: str = "unbiased", fresh_fraction: float = 0.0,
                   mu: float = 0.0, sigma: float = 1.0, method: str = "samples",
                   rng: RngLike = None) -> GaussianChain:
    """Refit a normal distribution to its own samples, generation after generation.

    Round ``g`` draws ``M - f`` samples from ``N(mean[g-1], var[g-1])`` and
    ``f = round(r M)`` fresh samples from the truth ``N(mu, sigma**2)``, then
    fits the sample mean and the sample variance of the pooled ``M``
    samples. Round 1 fits ``M`` real samples. With ``r = 0`` the variance
    tends to 0 almost surely and the expected squared Wasserstein distance
    to the truth grows without bound (``shumailov2024nature``, Theorem 3.1).

    Parameters
    ----------
    n_samples : int
        Sample size ``M`` of each round, at least 2.
    n_generations : int
        Number of rounds of fitting, at least 0.
    n_chains : int
        Independent chains, simulated together (vectorised).
    estimator : {"unbiased", "mle"}
        Variance estimator: divide the sum of squares by ``M - 1``
        (unbiased) or by ``M`` (maximum likelihood).
    fresh_fraction : float
        Share ``r`` in [0, 1] of each round's samples replaced by fresh real
        samples.
    mu, sigma : float
        Mean and standard deviation (``> 0``) of the true distribution.
    method : {"samples", "sufficient"}
        ``"samples"`` draws the ``M`` normal samples of every round.
        ``"sufficient"`` draws only the sufficient statistics: for ``k``
        normal draws the standardised sample mean is ``N(0, 1/k)`` and the
        standardised sum of squares is chi-squared with ``k - 1`` degrees of
        freedom, independent of it. The synthetic and fresh parts are pooled
        exactly, so both methods give the same distribution of chains.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    GaussianChain
        ``.means`` and ``.variances`` of shape ``(n_generations + 1, n_chains)``.

    Raises
    ------
    ValueError
        If ``n_samples < 2``, ``n_generations < 0``, ``n_chains < 1``,
        ``fresh_fraction`` is outside [0, 1], ``sigma <= 0``, or
        ``estimator`` or ``method`` is unknown.

    Examples
    --------
    >>> chain = gaussian_chain(100, 5, n_chains=3, rng=0)
    >>> chain.means.shape, chain.variances.shape
    ((6, 3), (6, 3))
    >>> float(chain.variances[0, 0])
    1.0
    """
    M, G, C, estimator, f, sigma = _check_gaussian(n_samples, n_generations, n_chains,
                                                   estimator, fresh_fraction, sigma)
    mu = check_real(mu, "mu")
    method = _check_choice(method, "method", _METHODS)
    gen = as_rng(rng)
    k = M - f
    divisor = M - 1 if estimator == "unbiased" else M

    means = np.empty((G + 1, C))
    variances = np.empty((G + 1, C))
    means[0], variances[0] = mu, sigma**2
    buf = np.empty((C, M)) if method == "samples" else None
    for g in range(1, G + 1):
        m, s = means[g - 1], np.sqrt(variances[g - 1])
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
        mean_s = m + s * zbar_s
        ss = s**2 * q_s
        if f:
            mean_f = mu + sigma * zbar_f
            pooled = (k * mean_s + f * mean_f) / M
            ss = ss + sigma**2 * q_f + (k * f / M) * (mean_s - mean_f) ** 2
        else:
            pooled = mean_s
        means[g] = pooled
        variances[g] = np.maximum(ss, 0.0) / divisor
    return GaussianChain(means=means, variances=variances, n_samples=M, n_fresh=f,
                         estimator=estimator, method=method, mu=mu, sigma=sigma)


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
    divisor = M - 1 if estimator == "unbiased" else M
    mom = gaussian_moments(M, G, estimator=estimator, sigma=sigma)
    g = np.arange(G + 1)
    sd = sigma * np.exp(g * _log_sd_factor(M, divisor))
    return mom.mean_error + mom.variance - 2 * sigma * sd + sigma**2


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

def _check_distribution(p) -> np.ndarray:
    p = check_array(p, "p", ndim=1, nonnegative=True)
    if abs(p.sum() - 1.0) > _SUM_TOL:
        raise ValueError(f"p must sum to 1 (within {_SUM_TOL:g}), got sum {p.sum():.10g}")
    return p / p.sum()


def categorical_chain(p, n_samples: int, n_generations: int, *, n_chains: int = 1,
                      fresh_fraction: float = 0.0, rng: RngLike = None) -> np.ndarray:
    """Re-estimate a categorical distribution from ``M`` draws of the previous one.

    Each round draws ``M - f`` categories from the previous estimate and
    ``f = round(r M)`` from the true ``p``, and the new estimate is the
    share of each category in the pooled draws. Without fresh data a
    category whose estimate reaches 0 never returns (0 is an absorbing
    state); the chain ends with all mass on one category, which is category
    ``i`` with probability ``p_i`` (``shumailov2024nature``).

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
    fresh_fraction : float
        Share ``r`` in [0, 1] of each round's draws taken from ``p``.
    rng : numpy.random.Generator, int or None
        Random source or seed.

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
    p = _check_distribution(p)
    M = check_int(n_samples, "n_samples", minimum=2)
    G = check_int(n_generations, "n_generations", minimum=0)
    C = check_int(n_chains, "n_chains", minimum=1)
    f = n_fresh(M, fresh_fraction)
    gen = as_rng(rng)
    k = M - f
    out = np.empty((G + 1, C, p.size))
    out[0] = p
    for g in range(1, G + 1):
        counts = np.zeros((C, p.size))
        if k:
            prev = out[g - 1]
            # guard against round-off in the sum; rows are exact counts / M
            counts += gen.multinomial(k, prev / prev.sum(axis=1, keepdims=True))
        if f:
            counts += gen.multinomial(f, p, size=C)
        out[g] = counts / M
    return out


def survival_probability(p, n_samples: int) -> np.ndarray:
    """Probability that each category appears in ``M`` draws: ``1 - (1 - p_i)^M``.

    This is the chance that category ``i`` survives one round of
    :func:`categorical_chain`.
    """
    p = _check_distribution(p)
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
    p = _check_distribution(p)
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
              n_samples: int | None = None, rng: RngLike = None) -> GMMChain:
    """Refit a Gaussian mixture (scikit-learn ``GaussianMixture``) to its own samples.

    Generation 0 fits the real ``data`` (k-means initialisation). Each later
    generation draws ``n_samples`` points from the previous fit and refits a
    mixture with ``n_components`` full-covariance components, starting EM
    from the previous fit (as a model is retrained from its last
    checkpoint). Small outlying clusters
    lose weight or merge into larger ones, and the density contracts
    (``shumailov2024nature`` run the same experiment).

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
    gen = as_rng(rng)
    samples, weights, means, covs = [X], [], [], []
    gm = None
    # One BLAS thread: these fits are tiny, and thread start-up dominates.
    with threadpool_limits(1):
        for g in range(G + 1):
            warm = {} if gm is None else {"weights_init": gm.weights_,
                                          "means_init": gm.means_,
                                          "precisions_init": gm.precisions_}
            gm = GaussianMixture(n_components=K, covariance_type="full", init_params="kmeans",
                                 random_state=int(gen.integers(2**31 - 1)),
                                 **warm).fit(samples[-1])
            weights.append(gm.weights_)
            means.append(gm.means_)
            covs.append(gm.covariances_)
            if g < G:
                samples.append(_sample_mixture(gm.weights_, gm.means_, gm.covariances_, M, gen))
    return GMMChain(samples=samples, weights=weights, means=means, covariances=covs)


# ---------------------------------------------------------------------------
# text: a word-level n-gram model trained on its own output
# ---------------------------------------------------------------------------

_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{[^}]*\})?(.*)$")
_DROP_DIRECTIVES = ("{code-cell}", "{literalinclude}", "{bibliography}", "{solution-start}",
                    "{solution-end}", "{toctree}", "{raw}", "{glue:figure}", "{figure}",
                    "{math}")
_TOKEN = re.compile(r"[a-z]+(?:['-][a-z]+)*|[.,;:?!]")


def book_prose(paths: Iterable[str | Path]) -> str:
    """The prose of MyST markdown pages, without code, directives, maths or markup.

    Removes the front matter, code cells and other non-prose blocks (code,
    ``literalinclude``, bibliography, glossary, figures), directive fences
    and option lines (the prose inside admonitions, definitions and
    exercises is kept), display and inline maths, roles that hold no prose
    (``glue``, ``cite``, ``doc``, ``ref``), link targets, labels and HTML
    comments.

    Parameters
    ----------
    paths : iterable of path
        The pages, read in the order given.

    Returns
    -------
    str
        The prose, one paragraph per line.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("paths must name at least one file")
    parts = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        lines, stack = [], []  # stack of (fence, dropped)
        for line in text.splitlines():
            match = _FENCE.match(line.strip())
            if match:
                fence, directive = match.group(1), match.group(2)
                if stack and line.strip() == stack[-1][0]:
                    stack.pop()
                    continue
                if directive is not None or match.group(3).strip() or not stack:
                    dropped = directive is None or directive in _DROP_DIRECTIVES
                    stack.append((fence, dropped))
                    continue
            if any(dropped for _, dropped in stack):
                continue
            if stack and re.match(r"^\s*:[\w-]+:", line):
                continue  # directive option
            lines.append(line)
        body = "\n".join(lines)
        body = re.sub(r"\$\$.*?\$\$", " ", body, flags=re.S)
        body = re.sub(r"\$[^$\n]+\$", " ", body)
        body = re.sub(r"\{(?:glue:\w+|glue|cite:\w+|cite|doc|ref|numref|eq|prf:ref)\}`[^`]*`",
                      " ", body)
        body = re.sub(r"\{term\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", body)
        body = re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", body)
        body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", body)
        body = re.sub(r"^\([\w-]+\)=\s*$", " ", body, flags=re.M)
        body = re.sub(r"`[^`]*`", " ", body)
        parts.append(body)
    return "\n".join(parts)


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


# ---------------------------------------------------------------------------
# linear regression: replace against accumulate
# ---------------------------------------------------------------------------

def regression_chain(n_features: int, n_samples: int, n_iterations: int, *,
                     mode: str = "replace", noise: float = 1.0, n_repeats: int = 1,
                     rng: RngLike = None) -> np.ndarray:
    """Excess risk of least squares retrained on labels from its previous fit.

    Each repeat draws a design ``X`` (``T x d``, standard normal entries),
    kept fixed across iterations, and a true weight vector ``w*``.
    Iteration 1 fits ordinary least squares (no intercept) to
    ``y_1 = X w* + noise``. Iteration ``i`` relabels with the previous fit,
    ``y_i = X w_{i-1} + noise``, and fits either ``y_i`` alone
    (``mode="replace"``) or all labels so far (``mode="accumulate"``;
    with a fixed design that is the fit to their average)
    (``gerstgrasser2024accumulate``). Fits use the pseudo-inverse
    ``(X^T X)^{-1} X^T`` of each design, computed once and batched over
    repeats; the tests check that the fits equal scikit-learn's
    ``LinearRegression(fit_intercept=False)``.

    Parameters
    ----------
    n_features : int
        ``d``, at least 1.
    n_samples : int
        ``T``, at least ``d`` (the design has full column rank).
    n_iterations : int
        Iterations, at least 1.
    mode : {"replace", "accumulate"}
        Replace the training data each iteration, or accumulate it.
    noise : float
        Label noise standard deviation ``sigma > 0``.
    n_repeats : int
        Independent repeats (vectorised).
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    numpy.ndarray, shape (n_iterations, n_repeats)
        ``||w_i - w*||^2``; row ``i - 1`` is iteration ``i``.
    """
    d = check_int(n_features, "n_features", minimum=1)
    T = check_int(n_samples, "n_samples", minimum=d)
    n = check_int(n_iterations, "n_iterations", minimum=1)
    mode = _check_choice(mode, "mode", _MODES)
    noise = check_real(noise, "noise", minimum=0.0, include_min=False)
    R = check_int(n_repeats, "n_repeats", minimum=1)
    gen = as_rng(rng)
    X = gen.standard_normal((R, T, d))
    w_star = gen.standard_normal((R, d)) / np.sqrt(d)
    Xt = X.transpose(0, 2, 1)
    pinv = np.linalg.solve(Xt @ X, Xt)  # X^+ = (X^T X)^{-1} X^T, shape (R, d, T)
    out = np.empty((n, R))
    w = w_star
    label_sum = np.zeros((R, T))
    for i in range(1, n + 1):
        y = np.einsum("rtd,rd->rt", X, w) + noise * gen.standard_normal((R, T))
        if mode == "accumulate":
            label_sum += y
            y = label_sum / i
        w = np.einsum("rdt,rt->rd", pinv, y)
        out[i - 1] = np.sum((w - w_star) ** 2, axis=1)
    return out


def regression_risk(n_features: int, n_samples: int, n_iterations: int, *,
                    mode: str = "replace", noise: float = 1.0) -> np.ndarray:
    """Expected excess risk of :func:`regression_chain`, iterations ``1..n``.

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
    mode = _check_choice(mode, "mode", _MODES)
    noise = check_real(noise, "noise", minimum=0.0, include_min=False)
    base = noise**2 * d / (T - d - 1)
    i = np.arange(1, n + 1)
    return base * (i if mode == "replace" else np.cumsum(1.0 / i**2))


# ---------------------------------------------------------------------------
# Monte Carlo error of the mean variance (issue 12, item 5)
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
