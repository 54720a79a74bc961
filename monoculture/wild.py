"""Analyses for the "In the wild" sections of chapters 4 and 5.

Each function takes plain arrays or a loader's DataFrame and returns numbers
with their uncertainty; the chapters only call and chart them.

Groups of texts (chapter 4)
    :func:`pair_means` gives the mean similarity over the pairs of a group and the
    mean *squared* similarity, from which :func:`effective_number_at` gives the
    order-2 effective number of items at any common group size (the identity
    behind chapter 4's theorem on perceived diversity). :func:`subsampled_vendi`
    estimates the same quantity by repeated subsampling, the direct route.
    :func:`stratified_bootstrap` resamples units within cells (topic x condition)
    and averages a statistic over strata, so groups of unequal size and topics of
    unequal difficulty are compared fairly :cite:p:`efron1979bootstrap`.

The winner's curse in A/B tests (chapter 5)
    :func:`beta_binomial_moments` fits a beta-binomial prior for the true click
    rates of the variants *within* a test (the test's own pooled rate as the prior
    mean, one concentration shared by every test) by the method of moments, with
    the analysis-of-variance correction for estimating each test's mean from the
    same data. :func:`shrink_rates` gives the empirical-Bayes posterior means, and
    :func:`winners_table` compares each test's observed winner with its shrunk
    estimate, and :func:`winners_by_variants` averages it by the number of variants
    tested, next to the optimizer's curse. :func:`simulate_ab_tests` draws tests from the model, for the tests.

Judges and people (chapter 5)
    :func:`agreement_matrix` gives Spearman's rank correlation between every pair
    of raters over the same items, with a bootstrap over items shared by all pairs,
    so that differences between correlations get honest intervals.
    :func:`judge_agreement_table` applies it to HANNA's ratings: per criterion,
    judges with judges, judges with the people's mean, and single annotators with
    each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from ._validate import RngLike, as_rng, check_int, check_real
from .diversity import vendi_score

__all__ = [
    "agreement_matrix",
    "beta_binomial_bootstrap",
    "beta_binomial_moments",
    "effective_number_at",
    "judge_agreement_table",
    "pair_means",
    "noise_share",
    "pair_summary",
    "shrink_rates",
    "simulate_ab_tests",
    "stratified_bootstrap",
    "subsampled_vendi",
    "winners_by_variants",
    "winners_table",
]


# ---------------------------------------------------------------------------
# groups of texts
# ---------------------------------------------------------------------------

def _check_similarity(K: Any) -> np.ndarray:
    K = np.asarray(K, dtype=float)
    if K.ndim != 2 or K.shape[0] != K.shape[1] or K.shape[0] < 2:
        raise ValueError(f"K must be a square similarity matrix with at least 2 rows, "
                         f"got shape {K.shape}")
    if not np.all(np.isfinite(K)):
        raise ValueError("K must contain only finite numbers")
    return K


def pair_means(K: ArrayLike, idx: ArrayLike | None = None) -> tuple[float, float]:
    """Mean similarity and mean squared similarity over pairs of distinct units.

    Parameters
    ----------
    K : (n, n) array
        Similarity matrix with unit diagonal.
    idx : array of int, optional
        Units to use, possibly repeated (a bootstrap resample). Pairs of the same
        original unit are left out, so a repeated unit is never compared with its
        own copy; this is the usual bootstrap of a pairwise mean (a U-statistic).

    Returns
    -------
    (float, float)
        ``mean K_ij`` and ``mean K_ij**2`` over the pairs ``i != j``.
    """
    K = np.asarray(K, dtype=float)
    if K.ndim != 2 or K.shape[0] != K.shape[1] or K.shape[0] < 2:
        raise ValueError(f"K must be a square similarity matrix with at least 2 rows, "
                         f"got shape {K.shape}")
    idx = np.arange(K.shape[0]) if idx is None else np.asarray(idx)
    if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
        raise TypeError("idx must be a 1-D array of integers")
    sub = K[np.ix_(idx, idx)]
    if not np.all(np.isfinite(sub)):
        raise ValueError("K must contain only finite numbers")
    keep = idx[:, None] != idx[None, :]
    if not keep.any():
        raise ValueError("idx must contain at least two different units")
    vals = sub[keep]
    return float(vals.mean()), float((vals ** 2).mean())


def effective_number_at(mean_sq: ArrayLike, m: int) -> np.ndarray | float:
    """Order-2 effective number of ``m`` items from the mean squared similarity.

    For a group of ``m`` items, ``VS_2 = m^2 / sum_ij K_ij^2``, so
    ``1 / VS_2 = (1 + (m - 1) mean_{i != j} K_ij^2) / m`` (the identity of
    chapter 4's theorem on perceived diversity). Averaged over random subsets of
    size ``m`` of a larger group, the mean over pairs is unbiased, so this gives
    the harmonic mean of ``VS_2`` over all subsets of size ``m`` exactly (our
    derivation).

    Parameters
    ----------
    mean_sq : float or array
        Mean of ``K_ij**2`` over pairs, in [0, 1].
    m : int
        Common group size, at least 2.
    """
    m = check_int(m, "m", minimum=2)
    s = np.asarray(mean_sq, dtype=float)
    if np.any(s < 0) or np.any(s > 1) or not np.all(np.isfinite(s)):
        raise ValueError("mean_sq must lie in [0, 1]")
    out = m / (1.0 + (m - 1) * s)
    return float(out) if out.ndim == 0 else out


def subsampled_vendi(K: ArrayLike, m: int, *, q: float = 2.0, n_rep: int = 200,
                     rng: RngLike = None) -> dict[str, float]:
    """Vendi score of random subsets of ``m`` units, repeated.

    Parameters
    ----------
    K : (n, n) array
        Similarity matrix (positive semi-definite, unit diagonal).
    m : int
        Subset size, between 2 and ``n``.
    q : float
        Order of the Vendi score.
    n_rep : int
        Number of random subsets.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    dict
        ``mean`` and ``harmonic`` (harmonic mean) of the subset scores, and
        ``se`` of the mean.
    """
    K = _check_similarity(K)
    m = check_int(m, "m", minimum=2, maximum=K.shape[0])
    n_rep = check_int(n_rep, "n_rep", minimum=2)
    gen = as_rng(rng)
    scores = np.empty(n_rep)
    for r in range(n_rep):
        idx = gen.choice(K.shape[0], size=m, replace=False)
        scores[r] = vendi_score(K[np.ix_(idx, idx)], q=q)
    return {"mean": float(scores.mean()), "harmonic": float(1.0 / np.mean(1.0 / scores)),
            "se": float(scores.std(ddof=1) / np.sqrt(n_rep))}


def stratified_bootstrap(groups: ArrayLike, strata: ArrayLike,
                         statistic: Callable[[np.ndarray], ArrayLike], *,
                         n_boot: int = 2000, rng: RngLike = None
                         ) -> dict[Any, dict[str, np.ndarray]]:
    """Group statistics averaged over strata, with a bootstrap within cells.

    For each group, ``statistic`` is computed on the row positions of every
    (stratum, group) cell and averaged over the strata, so each stratum counts
    equally. The bootstrap resamples rows with replacement within each cell
    independently :cite:p:`efron1979bootstrap`.

    Parameters
    ----------
    groups, strata : array-like, same length
        Labels of each unit (e.g. condition and topic).
    statistic : callable
        Maps an array of row positions (possibly repeated) to a float or a 1-D
        array of floats.
    n_boot : int
        Number of resamples, at least 100.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    dict
        For each group: ``estimate`` (shape ``(d,)``) and ``replicates``
        (``(n_boot, d)``), where ``d`` is the length of the statistic.
    """
    g = np.asarray(groups)
    s = np.asarray(strata)
    if g.ndim != 1 or g.shape != s.shape or g.size < 2:
        raise ValueError("groups and strata must be 1-D of equal length, at least 2")
    if not callable(statistic):
        raise TypeError("statistic must be callable")
    n_boot = check_int(n_boot, "n_boot", minimum=100)
    gen = as_rng(rng)
    out = {}
    for group in pd.unique(g):
        ests, reps = [], []
        for stratum in pd.unique(s[g == group]):
            cell = np.flatnonzero((g == group) & (s == stratum))
            if cell.size < 2:
                raise ValueError(f"cell ({stratum!r}, {group!r}) has fewer than 2 units")
            ests.append(np.atleast_1d(np.asarray(statistic(cell), dtype=float)))
            draws = cell[gen.integers(0, cell.size, size=(n_boot, cell.size))]
            reps.append(np.array([np.atleast_1d(np.asarray(statistic(d), dtype=float))
                                  for d in draws]))
        out[group] = {"estimate": np.mean(ests, axis=0), "replicates": np.mean(reps, axis=0)}
    return out


def pair_summary(estimate: ArrayLike, replicates: ArrayLike, *,
                 level: float = 0.95) -> dict[str, float]:
    """Percentile interval of a scalar bootstrap: ``estimate, low, high, se``."""
    level = check_real(level, "level", minimum=0.0, maximum=1.0, include_min=False,
                       include_max=False)
    reps = np.asarray(replicates, dtype=float).ravel()
    alpha = (1.0 - level) / 2.0
    low, high = np.nanquantile(reps, [alpha, 1.0 - alpha])
    return {"estimate": float(np.asarray(estimate, dtype=float).ravel()[0]), "low": float(low),
            "high": float(high), "se": float(np.nanstd(reps, ddof=1))}


# ---------------------------------------------------------------------------
# the winner's curse in A/B tests
# ---------------------------------------------------------------------------

def _check_tests(clicks: ArrayLike, impressions: ArrayLike,
                 test_ids: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(clicks, dtype=float)
    n = np.asarray(impressions, dtype=float)
    t = np.asarray(test_ids)
    if x.ndim != 1 or x.shape != n.shape or x.shape != t.shape or x.size < 2:
        raise ValueError("clicks, impressions and test_ids must be 1-D of equal length")
    if np.any(n < 1) or np.any(x < 0) or np.any(x > n) or not np.all(np.isfinite(x)):
        raise ValueError("need impressions >= 1 and 0 <= clicks <= impressions")
    _, codes = np.unique(t, return_inverse=True)
    return x, n, codes


def beta_binomial_moments(clicks: ArrayLike, impressions: ArrayLike,
                          test_ids: ArrayLike) -> dict[str, float]:
    """Method-of-moments fit of the within-test beta-binomial prior.

    Model: in test ``j`` the true rates of the variants are drawn from a beta
    distribution with mean ``mu_j`` and variance ``phi mu_j (1 - mu_j)``, that is
    ``Beta(kappa mu_j, kappa (1 - mu_j))`` with ``kappa = 1/phi - 1``; variant
    ``i`` then gets ``x_i ~ Binomial(n_i, theta_i)`` clicks. With the test's
    pooled rate ``m_j = sum x / sum n`` and ``S_j = sum_i n_i (x_i/n_i - m_j)^2``,

    ``E[S_j] / (mu_j (1 - mu_j)) = (k_j - 1) + phi (N_j - sum_i n_i^2 / N_j - (k_j - 1))``,

    where ``k_j`` is the number of variants and ``N_j`` the test's impressions
    (our derivation; the one-way analysis of variance for unequal group sizes,
    as in Kleinman's moment estimator for the beta-binomial). With the plug-in
    ``v_j = m_j (1 - m_j)`` for ``mu_j (1 - mu_j)``, summing
    ``S_j - (k_j - 1) v_j = phi v_j (N_j - sum_i n_i^2 / N_j - (k_j - 1))`` over tests
    and solving gives ``phi``. (Dividing each test by its own ``v_j`` instead would be
    biased: with a handful of variants ``m_j`` is noisy, and ``1 / v_j`` amplifies
    that noise.)
    Tests with a single variant or no clicks carry no information and are
    skipped.

    Returns
    -------
    dict
        ``phi`` (clipped at 0: no detectable spread), ``kappa`` (``inf`` when
        ``phi = 0``), ``tests`` (number used) and ``variants``.
    """
    x, n, codes = _check_tests(clicks, impressions, test_ids)
    a, b, tests, variants = _moment_terms(x, n, codes)
    phi = max(float(a.sum() / b.sum()), 0.0) if b.sum() > 0 else 0.0
    kappa = np.inf if phi == 0 else 1.0 / phi - 1.0
    return {"phi": phi, "kappa": float(kappa), "tests": int(tests), "variants": int(variants)}


def _moment_terms(x: np.ndarray, n: np.ndarray, codes: np.ndarray):
    """Per-test numerator and denominator of the moment equation for phi."""
    n_tests = codes.max() + 1
    N = np.bincount(codes, weights=n, minlength=n_tests)
    X = np.bincount(codes, weights=x, minlength=n_tests)
    k = np.bincount(codes, minlength=n_tests).astype(float)
    m = X / N
    S = np.bincount(codes, weights=n * (x / n - m[codes]) ** 2, minlength=n_tests)
    n2 = np.bincount(codes, weights=n ** 2, minlength=n_tests)
    ok = (k >= 2) & (m > 0) & (m < 1)
    v = m * (1 - m)
    a = np.where(ok, S - (k - 1) * v, 0.0)
    b = np.where(ok, v * (N - n2 / N - (k - 1)), 0.0)
    return a, b, int(ok.sum()), int(k[ok].sum())


def shrink_rates(clicks: ArrayLike, impressions: ArrayLike, test_ids: ArrayLike,
                 kappa: float) -> np.ndarray:
    """Empirical-Bayes posterior mean of each variant's true rate.

    With the prior ``Beta(kappa m_j, kappa (1 - m_j))`` centred on the test's
    pooled rate ``m_j``, the posterior mean is ``(x_i + kappa m_j) / (n_i + kappa)``:
    the observed rate pulled towards the test's mean with weight
    ``kappa / (n_i + kappa)``. ``kappa = inf`` returns ``m_j`` itself.
    """
    x, n, codes = _check_tests(clicks, impressions, test_ids)
    kappa = float(kappa)
    if not kappa > 0:
        raise ValueError(f"kappa must be in (0, inf], got {kappa}")
    # [start-shrink-rates]
    N = np.bincount(codes, weights=n)  # impressions of each test
    m = (np.bincount(codes, weights=x) / N)[codes]  # its pooled rate, the prior mean
    if np.isinf(kappa):
        return m
    return (x + kappa * m) / (n + kappa)  # posterior mean of Beta(kappa m, kappa (1 - m))
    # [end-shrink-rates]


def winners_table(df: pd.DataFrame, kappa: float) -> pd.DataFrame:
    """One row per test: the observed winner against its shrunk estimate.

    Parameters
    ----------
    df : DataFrame
        One row per variant with ``test_id, impressions, clicks`` (as
        :func:`monoculture.data.load_upworthy` returns). Tests with fewer than two
        variants are dropped.
    kappa : float
        Prior concentration from :func:`beta_binomial_moments`.

    Returns
    -------
    DataFrame
        ``test_id, variants, impressions`` (per variant, mean),
        ``winner_impressions``, ``pooled`` (the
        test's pooled rate), ``observed`` (the best observed rate), ``shrunk``
        (the winner's posterior mean), ``z`` (the winner's lead over the pooled
        rate in binomial standard errors) and ``z_shrunk`` (the same for the
        shrunk estimate).
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError("df must be a pandas DataFrame")
    for col in ("test_id", "impressions", "clicks"):
        if col not in df.columns:
            raise ValueError(f"df must have a column {col!r}")
    d = df[["test_id", "impressions", "clicks"]].copy()
    d = d[d.groupby("test_id")["test_id"].transform("size") >= 2]
    if d.empty:
        raise ValueError("df has no test with at least two variants")
    d["rate"] = d["clicks"] / d["impressions"]
    d["shrunk"] = shrink_rates(d["clicks"], d["impressions"], d["test_id"], kappa)
    tot = d.groupby("test_id")[["clicks", "impressions"]].transform("sum")
    d["pooled"] = tot["clicks"] / tot["impressions"]
    d["sd"] = np.sqrt(d["pooled"] * (1 - d["pooled"]) / d["impressions"])
    win = d.loc[d.groupby("test_id")["rate"].idxmax()]
    sizes = d.groupby("test_id").agg(variants=("rate", "size"),
                                     mean_impressions=("impressions", "mean"))
    out = pd.DataFrame({"test_id": win["test_id"].to_numpy(),
                        "pooled": win["pooled"].to_numpy(),
                        "observed": win["rate"].to_numpy(),
                        "shrunk": win["shrunk"].to_numpy(),
                        "z": ((win["rate"] - win["pooled"]) / win["sd"]).to_numpy(),
                        "z_shrunk": ((win["shrunk"] - win["pooled"]) / win["sd"]).to_numpy(),
                        "winner_impressions": win["impressions"].to_numpy()})
    out = out.join(sizes, on="test_id")
    return out.rename(columns={"mean_impressions": "impressions"})[
        ["test_id", "variants", "impressions", "winner_impressions", "pooled", "observed",
         "shrunk", "z", "z_shrunk"]].reset_index(drop=True)


def simulate_ab_tests(n_tests: int, variants: int | Sequence[int], impressions: int,
                      mean_rate: float, phi: float, *, rng: RngLike = None) -> pd.DataFrame:
    """Draw A/B tests from the within-test beta-binomial model.

    Each test has a mean rate drawn uniformly between ``mean_rate / 2`` and
    ``3 mean_rate / 2``; its variants' true rates are ``Beta(kappa mu, kappa (1 -
    mu))`` with ``kappa = 1/phi - 1`` (all equal to ``mu`` when ``phi = 0``), and
    each variant gets ``Binomial(impressions, theta)`` clicks.

    Returns
    -------
    DataFrame
        ``test_id, impressions, clicks, theta`` (the true rate).
    """
    n_tests = check_int(n_tests, "n_tests", minimum=1)
    impressions = check_int(impressions, "impressions", minimum=1)
    mean_rate = check_real(mean_rate, "mean_rate", minimum=0.0, maximum=2 / 3,
                           include_min=False)
    phi = check_real(phi, "phi", minimum=0.0, maximum=1.0, include_max=False)
    gen = as_rng(rng)
    k = np.broadcast_to(np.asarray(variants), (n_tests,)).astype(int)
    if np.any(k < 1):
        raise ValueError("variants must be at least 1")
    mu = np.repeat(gen.uniform(mean_rate / 2, 1.5 * mean_rate, n_tests), k)
    if phi == 0:
        theta = mu
    else:
        kappa = 1.0 / phi - 1.0
        theta = gen.beta(kappa * mu, kappa * (1 - mu))
    clicks = gen.binomial(impressions, theta)
    return pd.DataFrame({"test_id": np.repeat(np.arange(n_tests), k),
                         "impressions": impressions, "clicks": clicks, "theta": theta})


# ---------------------------------------------------------------------------
# judges and people
# ---------------------------------------------------------------------------

def agreement_matrix(scores: pd.DataFrame, *, n_boot: int = 1000,
                     rng: RngLike = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Spearman correlation between every pair of raters, with a shared bootstrap.

    Parameters
    ----------
    scores : DataFrame
        One row per item (story), one column per rater; no missing values.
    n_boot : int
        Number of bootstrap resamples of the items, at least 100. Every pair is
        computed on the same resamples, so differences between correlations
        (e.g. judge-judge minus judge-human) have valid intervals.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    (DataFrame, ndarray)
        The correlation matrix on the data (raters x raters), and the bootstrap
        replicates, shape ``(n_boot, raters, raters)``.
    """
    if not isinstance(scores, pd.DataFrame):
        raise TypeError("scores must be a pandas DataFrame")
    if scores.shape[0] < 3 or scores.shape[1] < 2:
        raise ValueError("scores needs at least 3 items and 2 raters")
    if scores.isna().any().any():
        raise ValueError("scores must have no missing values")
    n_boot = check_int(n_boot, "n_boot", minimum=100)
    gen = as_rng(rng)
    values = scores.to_numpy(dtype=float)

    def corr(v: np.ndarray) -> np.ndarray:  # v: (..., items, raters)
        r = stats.rankdata(v, axis=-2)
        r = r - r.mean(axis=-2, keepdims=True)
        cov = np.einsum("...ia,...ib->...ab", r, r)
        d = np.sqrt(np.einsum("...aa->...a", cov))
        return cov / (d[..., :, None] * d[..., None, :])

    est = pd.DataFrame(corr(values), index=scores.columns, columns=scores.columns)
    reps = np.empty((n_boot, values.shape[1], values.shape[1]))
    for start in range(0, n_boot, 100):
        stop = min(start + 100, n_boot)
        idx = gen.integers(0, values.shape[0], size=(stop - start, values.shape[0]))
        reps[start:stop] = corr(values[idx])
    return est, reps


def beta_binomial_bootstrap(clicks: ArrayLike, impressions: ArrayLike, test_ids: ArrayLike, *,
                            n_boot: int = 2000, rng: RngLike = None) -> np.ndarray:
    """Bootstrap replicates of ``phi`` from :func:`beta_binomial_moments`, resampling tests.

    Tests are the independent units: each replicate draws tests with replacement
    and solves the pooled moment equation again :cite:p:`efron1979bootstrap`.

    Returns
    -------
    ndarray
        ``n_boot`` replicates of ``phi`` (each clipped at 0).
    """
    x, n, codes = _check_tests(clicks, impressions, test_ids)
    n_boot = check_int(n_boot, "n_boot", minimum=100)
    gen = as_rng(rng)
    a, b, _, _ = _moment_terms(x, n, codes)
    keep = b > 0
    a, b = a[keep], b[keep]
    if a.size < 2:
        raise ValueError("need at least 2 tests with two or more variants")
    idx = gen.integers(0, a.size, size=(n_boot, a.size))
    return np.maximum(a[idx].sum(axis=1) / b[idx].sum(axis=1), 0.0)



def winners_by_variants(wins: pd.DataFrame, phi: float, variants: Sequence[int], *,
                        n_boot: int = 2000, rng: RngLike = None
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The winner's lead by the number of variants, with the optimizer's curse.

    Parameters
    ----------
    wins : DataFrame
        Output of :func:`winners_table`.
    phi : float
        Fitted prior spread (:func:`beta_binomial_moments`).
    variants : sequence of int
        Numbers of variants to show (each needs at least 2 tests).
    n_boot : int
        Bootstrap resamples of the tests with that many variants.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    (DataFrame, DataFrame)
        Points: ``variants, series, estimate, low, high, tests`` for the observed
        winner's lead ``z`` and the shrunk lead ``z_shrunk`` (in binomial standard
        errors). Curves: ``variants, series, value`` for noise alone,
        ``E[max of N standard normals]`` (:func:`monoculture.selection.
        expected_max_normal`, :cite:p:`smith2006optimizer`), and for the model's
        prediction of the observed lead, ``sqrt(1 + phi n) E[max]`` averaged over
        the tests' impressions per variant ``n`` (the chapter's theorem on the
        winner's quality, with ``tau^2 / sigma^2 = phi n``).
    """
    from .empirical import bootstrap_ci
    from .selection import expected_max_normal

    phi = check_real(phi, "phi", minimum=0.0, maximum=1.0)
    gen = as_rng(rng)
    points, curves = [], []
    for k in variants:
        sub = wins[wins["variants"] == k]
        if len(sub) < 2:
            raise ValueError(f"variants: fewer than 2 tests have {k} variants")
        for col, label in (("z", "observed winner"),
                           ("z_shrunk", "winner, empirical-Bayes estimate")):
            ci = bootstrap_ci(sub[col].to_numpy(), np.mean, n_boot=n_boot, rng=gen)
            points.append({"variants": k, "series": label, "estimate": ci["estimate"],
                           "low": ci["low"], "high": ci["high"], "tests": len(sub)})
        emax = float(expected_max_normal(int(k)))
        curves += [{"variants": k, "series": "noise alone: E[max of N] (optimizer's curse)",
                    "value": emax},
                   {"variants": k, "series": "model: noise plus fitted true spread",
                    "value": float(np.mean(np.sqrt(1 + phi * sub["impressions"]))) * emax}]
    return pd.DataFrame(points), pd.DataFrame(curves)


def judge_agreement_table(ratings: pd.DataFrame, *, n_boot: int = 1000,
                          rng: RngLike = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rank agreement of LLM judges with people, with each other, and among people.

    Per criterion, each judge's score of a story is its mean over the prompt
    variants and the people's score is the mean of the annotations. Three kinds of
    comparison, each averaged over its pairs, with a bootstrap over stories shared
    by all pairs (:func:`agreement_matrix`): a judge with the people's mean, a judge
    with another judge, and one annotation with another (the people's own
    agreement).

    Parameters
    ----------
    ratings : DataFrame
        Long format as :func:`monoculture.data.load_hanna_ratings` returns.

    Returns
    -------
    (DataFrame, DataFrame)
        ``criterion, comparison, estimate, low, high``; and per criterion the
        contrast judge-judge minus judge-people: ``criterion, estimate, low, high``.
    """
    need = {"story_id", "criterion", "rater", "prompt_variant", "score"}
    if not isinstance(ratings, pd.DataFrame) or not need <= set(ratings.columns):
        raise ValueError(f"ratings must be a DataFrame with columns {sorted(need)}")
    gen = as_rng(rng)
    rows, contrasts = [], []
    for crit, d in ratings.groupby("criterion", sort=False):
        people = d[d["rater"] == "human"].pivot_table(index="story_id",
                                                      columns="prompt_variant", values="score")
        judges = d[d["rater"] != "human"].groupby(["story_id", "rater"])["score"].mean().unstack()
        wide = judges.join(people.mean(axis=1).rename("people")).join(
            people.add_prefix("annotation "), how="inner").dropna()
        est, reps = agreement_matrix(wide, n_boot=n_boot, rng=gen)
        cols = list(wide.columns)
        J = [cols.index(j) for j in judges.columns]
        P = cols.index("people")
        H = [cols.index(f"annotation {c}") for c in people.columns]
        pairs = {"judge with judge": [(a, b) for i, a in enumerate(J) for b in J[i + 1:]],
                 "judge with people's mean": [(a, P) for a in J],
                 "person with person": [(a, b) for i, a in enumerate(H) for b in H[i + 1:]]}
        values = {}
        for name, pp in pairs.items():
            e = np.mean([est.iat[a, b] for a, b in pp])
            r = np.mean([reps[:, a, b] for a, b in pp], axis=0)
            values[name] = (e, r)
            rows.append({"criterion": crit, "comparison": name,
                         **{k: v for k, v in pair_summary(e, r).items() if k != "se"}})
        e = values["judge with judge"][0] - values["judge with people's mean"][0]
        r = values["judge with judge"][1] - values["judge with people's mean"][1]
        contrasts.append({"criterion": crit, **pair_summary(e, r)})
    return pd.DataFrame(rows), pd.DataFrame(contrasts)


def noise_share(wins: pd.DataFrame, kappa: ArrayLike) -> np.ndarray | float:
    """Share of the winners' observed lead that the prior attributes to noise.

    The posterior mean's lead over the pooled rate is the observed lead times
    ``n / (n + kappa)``, so over all winners the share is
    ``1 - sum_j n_j / (n_j + kappa) (observed_j - pooled_j) / sum_j (observed_j - pooled_j)``.

    Parameters
    ----------
    wins : DataFrame
        Output of :func:`winners_table`.
    kappa : float or array
        Prior concentration(s), e.g. ``1/phi - 1`` for bootstrap replicates of ``phi``.
    """
    k = np.asarray(kappa, dtype=float)
    if np.any(k <= 0):
        raise ValueError("kappa must be positive")
    n = wins["winner_impressions"].to_numpy(dtype=float)
    lead = (wins["observed"] - wins["pooled"]).to_numpy(dtype=float)
    kept = (n[None, :] / (n[None, :] + k.reshape(-1, 1)) * lead).sum(axis=1) / lead.sum()
    out = (1.0 - kept).reshape(k.shape)
    return float(out) if out.ndim == 0 else out
