"""Measuring diversity: richness, entropy, Hill numbers and the Vendi score.

Every chapter of the book that says a system "lost diversity" measures it
with one of the functions below. They form one family.

Richness
    The number of distinct categories present, ``S``. It ignores how the
    mass is spread: a distribution with one dominant category and many
    near-empty ones has the same richness as the uniform one.

Shannon entropy
    ``H = -sum p_i log p_i`` (:func:`shannon_entropy`). It weighs the spread
    of the mass but its unit (nats, bits) is hard to read.

Hill numbers
    ``qD = (sum p_i^q)^(1 / (1 - q))`` (:func:`hill_number`,
    ``hill1973diversity``) turn both into an *effective number of
    categories*: the number of equally common categories that would give the
    same value. Order ``q = 0`` is richness, ``q -> 1`` is ``exp(H)``,
    ``q = 2`` is the inverse Simpson index ``1 / sum p_i^2`` and
    ``q = inf`` is ``1 / max p_i``. The order sets how much rare categories
    count: small ``q`` counts them fully, large ``q`` looks only at the
    dominant ones. ``qD`` is non-increasing in ``q`` and lies between 1 and
    ``S``. For ``q > 0``, ``qD = S`` exactly when ``p`` is uniform; at
    ``q = 0`` (richness) every ``p`` with all ``S`` categories present gives ``S``.
    :func:`hill_profile` evaluates several orders at once for charts.

Vendi score
    Hill numbers treat categories as entirely distinct. The Vendi score
    (:func:`vendi_score`, ``friedman2023vendi``; orders ``q`` from
    ``pasarkar2024cousins``) is a *similarity-aware* effective number: it
    takes an ``n x n`` similarity matrix ``K`` with unit diagonal and applies
    the Hill formula to the eigenvalues of ``K / n``. Near-duplicate items
    then count as roughly one item. With ``K`` the identity it reduces to the
    Hill number of the item weights. :func:`similarity_matrix` builds ``K``
    from feature vectors, and :func:`mean_pairwise_similarity` is the
    simpler average of its off-diagonal entries.

distinct-n
    For raw text, :func:`distinct_n` (``li2016diversity``) is the fraction
    of n-grams that are distinct.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._validate import check_array, check_int, check_real

__all__ = [
    "hill_number",
    "hill_profile",
    "shannon_entropy",
    "vendi_score",
    "similarity_matrix",
    "distinct_n",
    "mean_pairwise_similarity",
]

#: Absolute tolerance for the symmetry and unit-diagonal checks on ``K``.
_MATRIX_TOL = 1e-6
#: Eigenvalues of the normalised matrix (trace 1) below ``-_PSD_TOL`` are an
#: error; values between that and 0 are round-off and are clipped to 0.
_PSD_TOL = 1e-8
#: Orders with ``|q - 1|`` below this use the ``expm1``/``log1p`` form, which
#: stays accurate as ``q -> 1``.
_NEAR_ONE = 0.5


# ---------------------------------------------------------------------------
# internal helpers
# ---------------------------------------------------------------------------

def _check_order(q: Any) -> float:
    """Validate a Hill/Vendi order: a real number ``q >= 0``, possibly inf."""
    return check_real(q, "q", minimum=0.0, allow_inf=True)


def _normalise_abundances(p: Any, name: str = "p") -> tuple[np.ndarray, int]:
    """Validate abundances.

    Returns the positive entries normalised to sum to 1, and the number of
    positive entries of the input (the richness).
    """
    arr = check_array(p, name, ndim=1, nonnegative=True)
    top = arr.max()
    if not top > 0:
        raise ValueError(f"{name} must have a positive sum (at least one entry > 0)")
    richness = int(np.count_nonzero(arr))
    # Divide by the maximum first so that huge abundances cannot overflow the
    # sum. An entry that underflows to 0 here (more than ~600 orders of
    # magnitude below the largest) carries no representable mass; it still
    # counts towards the richness.
    arr = arr / top
    arr = arr / arr.sum()
    return arr[arr > 0], richness


def _entropy_nats(prob: np.ndarray) -> float:
    """Shannon entropy in nats of a positive vector that sums to 1."""
    return float(-np.sum(prob * np.log(prob)))


def _hill_from_probs(prob: np.ndarray, q: float, richness: int | None = None) -> float:
    """Hill number of order ``q`` of a positive vector that sums to 1."""
    if q == 0:
        return float(prob.size if richness is None else richness)
    if q == 1:
        return float(np.exp(_entropy_nats(prob)))
    if np.isinf(q):
        return float(1.0 / prob.max())
    log_p = np.log(prob)
    if abs(q - 1.0) < _NEAR_ONE:
        # sum p^q = 1 + sum p (p^(q-1) - 1). All terms of the second sum have
        # the same sign, so it is computed to full relative precision even
        # when q is within 1e-12 of 1, where the naive log(sum p^q) cancels.
        excess = np.sum(prob * np.expm1((q - 1.0) * log_p))
        log_sum = np.log1p(excess)
    else:
        # Factor out the largest term so that p^q cannot underflow to 0.
        log_max = log_p.max()
        log_sum = q * log_max + np.log(np.sum(np.exp(q * (log_p - log_max))))
    return float(np.exp(log_sum / (1.0 - q)))


def _dense_features(X: Any) -> np.ndarray:
    """Validate feature rows, densifying sparse matrices via ``.toarray()``."""
    if hasattr(X, "toarray"):
        X = X.toarray()
    return check_array(X, "X", ndim=2)


def _is_sparse(X: Any) -> bool:
    """Whether ``X`` is a scipy sparse matrix or array (without importing scipy)."""
    return hasattr(X, "toarray") and hasattr(X, "tocsr") and hasattr(X, "nnz")


def _sparse_cosine(X: Any) -> np.ndarray:
    """Cosine similarity of the rows of a sparse matrix, without densifying it.

    The same computation as the dense branch of :func:`similarity_matrix` (scale
    each row by its largest ``|entry|``, normalise, take the Gram matrix), done on
    the stored entries only. Memory is that of the ``n x n`` result, not of the
    ``n x d`` features (a TF-IDF matrix of character n-grams can have ~10^5
    columns). Equal to the dense branch up to floating-point rounding.
    """
    from scipy import sparse

    if len(X.shape) != 2:
        raise ValueError(f"X must have 2 dimension(s), got shape {X.shape}")
    if X.shape[0] * X.shape[1] < 1:
        raise ValueError(f"X must have at least 1 element(s), got {X.shape[0] * X.shape[1]}")
    U = sparse.csr_matrix(X, dtype=float, copy=True)
    check_array(U.data, "X", ndim=1, min_size=0)  # NaN and infinities, as for dense X
    U.eliminate_zeros()
    scale = np.zeros(U.shape[0])
    nonempty = np.diff(U.indptr) > 0
    scale[nonempty] = np.maximum.reduceat(np.abs(U.data), U.indptr[:-1][nonempty])
    zero = np.flatnonzero(scale == 0)
    if zero.size:
        raise ValueError(
            "X must have rows of non-zero norm for cosine similarity; "
            f"rows {zero.tolist()[:10]} are all zeros"
        )
    rows = np.repeat(np.arange(U.shape[0]), np.diff(U.indptr))
    U.data /= scale[rows]
    norm = np.sqrt(np.bincount(rows, weights=U.data ** 2, minlength=U.shape[0]))
    U.data /= norm[rows]
    S = (U @ U.T).toarray()
    np.clip(S, -1.0, 1.0, out=S)
    return S


# ---------------------------------------------------------------------------
# abundance-based measures
# ---------------------------------------------------------------------------

def shannon_entropy(p: ArrayLike, base: float | None = None) -> float:
    """Shannon entropy ``-sum p_i log p_i`` of a distribution.

    Parameters
    ----------
    p : array_like, shape (S,)
        Non-negative abundances or probabilities. They are normalised to sum
        to 1, so counts may be passed directly. Zeros contribute nothing.
    base : float, optional
        Logarithm base: None (the default) gives nats, 2 gives bits. Must be
        ``> 0`` and ``!= 1``.

    Returns
    -------
    float
        The entropy, ``0`` for a single category and ``log(S)`` for ``S``
        equally common ones.

    Raises
    ------
    ValueError
        If ``p`` is not 1-D, is empty, has a negative, NaN or infinite entry
        or sums to 0, or if ``base`` is not ``> 0`` and ``!= 1``.

    Examples
    --------
    >>> round(shannon_entropy([1, 1, 1, 1], base=2), 12)
    2.0
    >>> round(shannon_entropy([0.5, 0.25, 0.125, 0.125], base=2), 12)
    1.75
    >>> shannon_entropy([3, 0, 0])
    0.0
    """
    prob, _ = _normalise_abundances(p)
    h = _entropy_nats(prob) + 0.0  # + 0.0 turns -0.0 into 0.0
    if base is None:
        return h
    base = check_real(base, "base", minimum=0.0, include_min=False)
    if base == 1.0:
        raise ValueError("base must be > 0 and != 1, got 1.0")
    return h / float(np.log(base))


def hill_number(p: ArrayLike, q: float) -> float:
    """Hill number (effective number of categories) of order ``q``.

    ``qD = (sum_i p_i^q)^(1 / (1 - q))`` for normalised abundances ``p``
    (``hill1973diversity``). The special orders are the limits of this
    formula: ``q = 0`` is richness (the number of ``p_i > 0``), ``q = 1``
    is ``exp(H)`` with ``H`` the Shannon entropy in nats, ``q = 2`` is the
    inverse Simpson index and ``q = inf`` is ``1 / max p_i``.

    ``qD`` lies in ``[1, S]`` where ``S`` is the number of non-zero entries,
    equals ``S`` exactly when those entries are equal, and is non-increasing
    in ``q``.

    Parameters
    ----------
    p : array_like, shape (S,)
        Non-negative abundances. They are normalised inside, so counts may be
        passed; the sum must be positive. Zero entries are ignored (their
        ``0^q`` terms drop out, also for ``q = 0``).
    q : float
        Order, ``q >= 0``; ``numpy.inf`` is allowed. Orders near 1 are
        computed stably and converge to the ``q = 1`` value.

    Returns
    -------
    float
        The Hill number.

    Raises
    ------
    ValueError
        If ``p`` is not 1-D, is empty, has a negative, NaN or infinite entry
        or sums to 0, or if ``q < 0`` or is NaN.
    TypeError
        If ``q`` is not a real number.

    See Also
    --------
    hill_profile : Hill numbers over many orders.
    vendi_score : The similarity-aware generalisation.

    Examples
    --------
    >>> p = [0.5, 0.25, 0.125, 0.125]
    >>> hill_number(p, 0)
    4.0
    >>> round(hill_number(p, 1), 4)
    3.3636
    >>> round(hill_number(p, 2), 4)
    2.9091
    >>> hill_number(p, float("inf"))
    2.0
    >>> round(hill_number([10, 10, 10, 0], 2), 12)  # counts work; zeros drop out
    3.0
    """
    q = _check_order(q)
    # [start-hill-number]
    prob, richness = _normalise_abundances(p)
    return _hill_from_probs(prob, q, richness)
    # [end-hill-number]


def hill_profile(p: ArrayLike, qs: ArrayLike) -> np.ndarray:
    """Hill numbers of ``p`` over several orders (a diversity profile).

    Plotting ``qD`` against ``q`` shows at a glance whether a distribution
    lost rare categories (the left end drops) or became dominated by a few
    (the right end drops).

    Parameters
    ----------
    p : array_like, shape (S,)
        Non-negative abundances with a positive sum, as in :func:`hill_number`.
    qs : array_like of float, shape (m,)
        Orders, each ``>= 0``; ``numpy.inf`` is allowed. A scalar is treated
        as a single order.

    Returns
    -------
    numpy.ndarray, shape (m,)
        ``hill_number(p, q)`` for each ``q`` in ``qs``, in the same order.

    Raises
    ------
    ValueError
        For invalid ``p`` (see :func:`hill_number`), or if ``qs`` is empty,
        not 1-D, or has a NaN or negative entry.

    Examples
    --------
    >>> hill_profile([0.5, 0.25, 0.125, 0.125], [0, 1, 2, float("inf")]).round(4)
    array([4.    , 3.3636, 2.9091, 2.    ])
    """
    try:
        orders = np.atleast_1d(np.asarray(qs, dtype=float))
    except (TypeError, ValueError) as err:
        raise TypeError(f"qs must be an array of numbers: {err}") from None
    if orders.ndim != 1:
        raise ValueError(f"qs must have 1 dimension(s), got shape {orders.shape}")
    if orders.size == 0:
        raise ValueError("qs must have at least 1 element(s), got 0")
    if np.isnan(orders).any():
        raise ValueError("qs must not contain NaN")
    if (orders < 0).any():
        raise ValueError(f"qs must be in [0.0, inf], got minimum {orders.min()}")
    prob, richness = _normalise_abundances(p)
    return np.array([_hill_from_probs(prob, float(q), richness) for q in orders])


# ---------------------------------------------------------------------------
# similarity-based measures
# ---------------------------------------------------------------------------

def vendi_score(K: ArrayLike, q: float = 1.0, p: ArrayLike | None = None) -> float:
    """Vendi score of order ``q``: a similarity-aware effective number.

    Let ``lambda_i`` be the eigenvalues of ``K / n`` (``friedman2023vendi``).
    They are non-negative and sum to 1, and the Vendi score is their Hill
    number of order ``q`` (``pasarkar2024cousins``)::

        VS_q = exp(log(sum_i lambda_i^q) / (1 - q))

    with the limits ``VS_1 = exp(-sum_i lambda_i log lambda_i)``,
    ``VS_inf = 1 / max_i lambda_i`` and ``VS_0`` = the number of non-zero
    eigenvalues (the rank of ``K``). It lies in ``[1, n]``: ``n`` when all
    items are dissimilar (``K = I``), 1 when all are identical (``K`` all
    ones). It is non-increasing in ``q``.

    With item weights ``p`` the eigenvalues of
    ``diag(sqrt p) K diag(sqrt p)`` are used instead, so that for ``K = I``
    the score equals ``hill_number(p, q)``; ``p = None`` is the uniform
    weighting ``1/n``.

    Parameters
    ----------
    K : array_like, shape (n, n)
        Symmetric positive semi-definite similarity matrix with unit
        diagonal, for example from :func:`similarity_matrix`. Symmetry and
        the diagonal are checked to an absolute tolerance of ``1e-6``.
    q : float, default 1.0
        Order, ``q >= 0``; ``numpy.inf`` is allowed.
    p : array_like, shape (n,), optional
        Non-negative weights of the items with a positive sum (normalised
        inside). Items of weight 0 do not count.

    Returns
    -------
    float
        The Vendi score.

    Raises
    ------
    ValueError
        If ``K`` is not a non-empty square 2-D matrix, contains NaN or
        infinite entries, is not symmetric, does not have a unit diagonal, or
        has an eigenvalue clearly below 0 (below ``-1e-8`` after scaling to
        trace 1; smaller negative values are round-off and are clipped to 0);
        if ``q < 0``; or if ``p`` has the wrong length, a negative entry or a
        zero sum.

    Notes
    -----
    Eigenvalues below ``n * eps * max(lambda)`` are treated as exact zeros,
    as in ``numpy.linalg.matrix_rank``. This makes ``VS_0`` a rank and
    keeps round-off eigenvalues of about ``1e-17`` from inflating the score
    at small ``q`` (``(1e-17)^0.01`` is 0.68, not 0).

    Examples
    --------
    >>> import numpy as np
    >>> vendi_score(np.eye(4))
    4.0
    >>> round(vendi_score(np.ones((3, 3))), 12)
    1.0
    >>> K = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])
    >>> round(vendi_score(K), 4)
    2.1573
    >>> [round(vendi_score(K, q), 4) for q in (0.5, 2, np.inf)]
    [2.4203, 1.9481, 1.5789]

    Three pairs of near-identical samples count as about three items (the
    Vendi README prints this value truncated, as 2.9999):

    >>> x = np.array([0, 0, 10, 10, 20, 20])
    >>> round(vendi_score(np.exp(-np.abs(x[:, None] - x[None, :]))), 9)
    2.999999996
    >>> round(vendi_score(np.eye(3), q=2, p=[2, 1, 1]), 12)  # = hill_number
    2.666666666667
    """
    K = check_array(K, "K", ndim=2)
    n = K.shape[0]
    if K.shape[1] != n:
        raise ValueError(f"K must be a square matrix, got shape {K.shape}")
    asym = np.max(np.abs(K - K.T))
    if asym > _MATRIX_TOL:
        raise ValueError(
            f"K must be symmetric (max |K - K.T| = {asym:.3g} > {_MATRIX_TOL})"
        )
    diag_err = np.max(np.abs(np.diag(K) - 1.0))
    if diag_err > _MATRIX_TOL:
        raise ValueError(
            f"K must have a unit diagonal (max |K_ii - 1| = {diag_err:.3g} > {_MATRIX_TOL})"
        )
    q = _check_order(q)
    if p is not None:
        w = check_array(p, "p", ndim=1, nonnegative=True)
        if w.size != n:
            raise ValueError(f"p must have length n = {n} (one weight per row of K), got {w.size}")
        if not w.max() > 0:
            raise ValueError("p must have a positive sum (at least one entry > 0)")
        w = w / w.max()  # dividing by the maximum first keeps huge weights from overflowing
        w = w / w.sum()

    # [start-vendi-score]
    K = 0.5 * (K + K.T)
    if p is None:
        M = K / n
    else:
        root = np.sqrt(w)
        M = root[:, None] * K * root[None, :]

    lam = np.linalg.eigvalsh(M)
    if lam[0] < -_PSD_TOL:
        raise ValueError(
            "K must be positive semi-definite: the normalised matrix has "
            f"eigenvalue {lam[0]:.3g} < -{_PSD_TOL}"
        )
    tol = n * np.finfo(float).eps * lam[-1]
    lam = lam[lam > tol]
    lam = lam / lam.sum()
    return _hill_from_probs(lam, q)
    # [end-vendi-score]


def similarity_matrix(X: Any, metric: str = "cosine", *,
                      gamma: float | None = None) -> np.ndarray:
    """Pairwise similarity of feature rows, ready for :func:`vendi_score`.

    Parameters
    ----------
    X : array_like or sparse matrix, shape (n, d)
        One item per row, for example embeddings or the output of
        scikit-learn's ``TfidfVectorizer``. A scipy sparse matrix stays sparse
        under ``"cosine"`` (only the ``n x n`` result is dense); any other object
        with a ``.toarray()`` method is converted to a dense array.
    metric : {"cosine", "rbf"}, default "cosine"
        ``"cosine"``: ``<x_i, x_j> / (|x_i| |x_j|)``, clipped to ``[-1, 1]``.
        Every row must have a non-zero norm. ``"rbf"``:
        ``exp(-gamma * |x_i - x_j|^2)``, in ``(0, 1]``.
    gamma : float, optional
        RBF bandwidth, ``> 0``; defaults to ``1 / d``. Only used with
        ``metric="rbf"``.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        A symmetric matrix with diagonal exactly 1.

    Raises
    ------
    ValueError
        If ``X`` is not a non-empty 2-D array of finite numbers, if a row
        has zero norm under ``"cosine"``, if ``metric`` is unknown, or if
        ``gamma`` is not ``> 0`` or is given with ``"cosine"``.

    Notes
    -----
    Both similarities are positive semi-definite, as :func:`vendi_score`
    requires. The cosine matrix is the Gram matrix of the unit-normalised
    rows, so it is PSD for any real features; with non-negative features
    (TF-IDF, counts) its entries are moreover in ``[0, 1]``. The RBF kernel
    is positive definite.

    Examples
    --------
    >>> similarity_matrix([[1, 0], [0, 2], [3, 3]]).round(4)
    array([[1.    , 0.    , 0.7071],
           [0.    , 1.    , 0.7071],
           [0.7071, 0.7071, 1.    ]])
    >>> S = similarity_matrix([[0.0], [1.0]], metric="rbf", gamma=0.5)
    >>> round(float(S[0, 1]), 6)  # exp(-0.5)
    0.606531
    """
    if isinstance(metric, str) and metric == "cosine" and _is_sparse(X):
        if gamma is not None:
            raise ValueError("gamma is only used with metric='rbf'; leave it as None for 'cosine'")
        S = _sparse_cosine(X)  # never densifies the features
        S = 0.5 * (S + S.T)
        np.fill_diagonal(S, 1.0)
        return S
    X = _dense_features(X)
    if not isinstance(metric, str) or metric not in ("cosine", "rbf"):
        raise ValueError(f"metric must be 'cosine' or 'rbf', got {metric!r}")

    if metric == "cosine":
        if gamma is not None:
            raise ValueError("gamma is only used with metric='rbf'; leave it as None for 'cosine'")
        # Scale each row by its largest |entry| before taking norms, so that
        # very large or very small features neither overflow nor underflow.
        scale = np.max(np.abs(X), axis=1)
        zero = np.flatnonzero(scale == 0)
        if zero.size:
            raise ValueError(
                "X must have rows of non-zero norm for cosine similarity; "
                f"rows {zero.tolist()[:10]} are all zeros"
            )
        U = X / scale[:, None]
        U /= np.linalg.norm(U, axis=1)[:, None]
        S = U @ U.T
        np.clip(S, -1.0, 1.0, out=S)
    else:
        d = X.shape[1]
        gamma = 1.0 / d if gamma is None else check_real(
            gamma, "gamma", minimum=0.0, include_min=False)
        # Centring does not change distances but reduces cancellation in
        # |a|^2 + |b|^2 - 2<a, b>.
        Xc = X - X.mean(axis=0)
        sq = np.einsum("ij,ij->i", Xc, Xc)
        D2 = sq[:, None] + sq[None, :] - 2.0 * (Xc @ Xc.T)
        np.maximum(D2, 0.0, out=D2)
        S = np.exp(-gamma * D2)

    S = 0.5 * (S + S.T)
    np.fill_diagonal(S, 1.0)
    return S


def mean_pairwise_similarity(X: Any, metric: str = "cosine", *,
                             gamma: float | None = None) -> float:
    """Mean similarity over all pairs of distinct rows of ``X``.

    The average of the off-diagonal entries of ``similarity_matrix(X,
    metric, gamma=gamma)``. Higher means more homogeneous. Unlike
    :func:`vendi_score` it is not an effective number: it cannot tell one
    tight cluster from two far-apart ones of the same average spread.

    Parameters
    ----------
    X : array_like or sparse matrix, shape (n, d)
        Feature rows, ``n >= 2``.
    metric : {"cosine", "rbf"}, default "cosine"
        See :func:`similarity_matrix`.
    gamma : float, optional
        RBF bandwidth, see :func:`similarity_matrix`.

    Returns
    -------
    float
        The mean pairwise similarity, in ``[-1, 1]`` for cosine and
        ``(0, 1]`` for RBF.

    Raises
    ------
    ValueError
        If ``X`` has fewer than 2 rows, or for any reason listed in
        :func:`similarity_matrix`.

    Examples
    --------
    >>> mean_pairwise_similarity([[1, 0], [0, 1], [1, 0]])
    0.3333333333333333
    """
    if not _is_sparse(X):  # sparse features stay sparse under "cosine"
        X = _dense_features(X)
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"X must have at least 2 rows to form a pair, got {n}")
    S = similarity_matrix(X, metric, gamma=gamma)
    return float((S.sum() - n) / (n * (n - 1)))


# ---------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------

def distinct_n(texts: Sequence[str] | Iterable[str], n: int) -> float:
    """distinct-n: distinct n-grams divided by the total number of n-grams.

    Pools the n-grams of all texts (a corpus-level score, as in
    ``li2016diversity``) and returns ``#distinct / #total``. 1 means no
    n-gram repeats anywhere; values near 0 mean the texts keep repeating the
    same phrases.

    Choices, stated because implementations differ:

    * Tokens come from ``str.split()`` (runs of whitespace), with no
      lowercasing and no punctuation handling, so ``"Yes"``, ``"yes"`` and
      ``"yes,"`` are three different tokens. Tokenise beforehand and join
      with spaces if you want something else.
    * The denominator is the number of n-grams. Li et al. (2016) describe
      the count of distinct n-grams "scaled by the total number of generated
      tokens"; many public implementations divide by the n-gram count
      instead, as we do. The two agree for ``n = 1``; for ``n > 1`` ours is
      slightly larger, because a text of ``L`` tokens has ``L - n + 1``
      n-grams, and it is always in ``(0, 1]``.
    * A text with fewer than ``n`` tokens contributes no n-grams.

    Parameters
    ----------
    texts : sequence of str
        The texts. A single ``str`` is rejected, since iterating it would
        give characters.
    n : int
        n-gram length, ``n >= 1``.

    Returns
    -------
    float
        The ratio, in ``(0, 1]``.

    Raises
    ------
    TypeError
        If ``texts`` is a single string or contains a non-string, or if
        ``n`` is not an integer.
    ValueError
        If ``texts`` is empty, ``n < 1``, or no text has ``n`` tokens.

    Examples
    --------
    >>> distinct_n(["the cat sat", "the dog sat"], 1)  # 4 distinct of 6
    0.6666666666666666
    >>> distinct_n(["the cat sat", "the dog sat"], 2)  # 4 distinct of 4
    1.0
    >>> distinct_n(["same words", "same words"], 2)
    0.5
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be a sequence of strings, not a single string")
    try:
        items = list(texts)
    except TypeError:
        raise TypeError(
            f"texts must be a sequence of strings, got {type(texts).__name__}"
        ) from None
    n = check_int(n, "n", minimum=1)
    if not items:
        raise ValueError("texts must contain at least 1 text, got 0")
    for i, text in enumerate(items):
        if not isinstance(text, str):
            raise TypeError(f"texts must contain only str, got {type(text).__name__} at index {i}")

    distinct: set[tuple[str, ...]] = set()
    total = 0
    for text in items:
        tokens = text.split()
        grams = list(zip(*(tokens[i:] for i in range(n))))
        total += len(grams)
        distinct.update(grams)
    if total == 0:
        raise ValueError(f"texts contain no {n}-grams: no text has at least n = {n} tokens")
    return len(distinct) / total
