"""Tools for measuring real data: bootstrap intervals, text features, richness estimates.

The "In the wild" sections apply the book's diversity measures
(:mod:`monoculture.diversity`) to real answers from real models. Real data bring
two problems the toys do not have: the items are texts, not categories, and the
sample is all we have, so every number needs an interval. This module holds the
small, tested pieces that bridge the gap.

Resampling
    :func:`bootstrap_ci` gives a percentile bootstrap interval
    :cite:p:`efron1979bootstrap` for any statistic of resampled units (answers,
    prompts, stories). :func:`rank_correlation_ci` is Spearman's rank correlation
    with such an interval, resampling pairs.

Text features
    :func:`text_features` turns texts into L2-normalised TF-IDF vectors of words
    or of character n-grams (scikit-learn), so that
    :func:`monoculture.diversity.similarity_matrix` gives cosine similarities and
    :func:`text_vendi` an effective number of different texts.

Counting from a sample
    :func:`abundance_counts` tallies identical items; :func:`sample_coverage`
    estimates the share of the source's probability mass the sample has already
    seen :cite:p:`good1953population,chao2012coverage`; :func:`chao1` is a lower
    bound on the total number of categories :cite:p:`chao1984nonparametric`; and
    :func:`extrapolated_richness` predicts how many distinct items a larger
    sample would show :cite:p:`chao2012coverage`. :func:`rarefied_richness`
    is the exact expected number of distinct items in a random subsample.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import sparse, special, stats
from sklearn.feature_extraction.text import TfidfVectorizer

from ._validate import RngLike, as_rng, check_int, check_real
from .diversity import similarity_matrix, vendi_score

__all__ = [
    "abundance_counts",
    "bootstrap_ci",
    "chao1",
    "cosine_similarity_texts",
    "extrapolated_richness",
    "rank_correlation_ci",
    "rarefied_richness",
    "sample_coverage",
    "spearman",
    "text_features",
    "text_vendi",
]


# ---------------------------------------------------------------------------
# resampling
# ---------------------------------------------------------------------------

def bootstrap_ci(data: Any, statistic: Callable[[Any], float] = np.mean, *,
                 n_boot: int = 2000, level: float = 0.95,
                 rng: RngLike = None) -> dict[str, float]:
    """Percentile bootstrap interval for a statistic of resampled units.

    The units (rows of ``data``) are drawn with replacement ``n_boot`` times and
    ``statistic`` is recomputed on each resample :cite:p:`efron1979bootstrap`.

    Parameters
    ----------
    data : array-like, pandas.DataFrame or sequence
        The units. Arrays are resampled along axis 0; a DataFrame by rows
        (``statistic`` then receives a DataFrame); any other sequence by index
        (``statistic`` receives a list).
    statistic : callable
        Maps a resample to a real number.
    n_boot : int
        Number of bootstrap resamples, at least 100.
    level : float
        Confidence level, strictly between 0 and 1.
    rng : numpy.random.Generator, int or None
        Randomness for the resampling.

    Returns
    -------
    dict
        ``estimate`` (the statistic on the data), ``low``, ``high`` (the
        percentile interval), ``se`` (the bootstrap standard deviation) and
        ``n`` (the number of units).

    Raises
    ------
    ValueError
        If there are fewer than 2 units, ``n_boot < 100`` or ``level`` is not in
        (0, 1).
    TypeError
        If ``statistic`` is not callable.
    """
    if not callable(statistic):
        raise TypeError("statistic must be callable")
    n_boot = check_int(n_boot, "n_boot", minimum=100)
    level = check_real(level, "level", minimum=0.0, maximum=1.0, include_min=False,
                       include_max=False)
    gen = as_rng(rng)
    if isinstance(data, pd.DataFrame):
        take = lambda idx: data.iloc[idx]  # noqa: E731
        n = len(data)
    elif isinstance(data, np.ndarray) or (isinstance(data, Sequence)
                                          and data and isinstance(data[0], (int, float,
                                                                            np.number))):
        arr = np.asarray(data)
        take = lambda idx: arr[idx]  # noqa: E731
        n = arr.shape[0] if arr.ndim else 0
    elif isinstance(data, Sequence) and not isinstance(data, str):
        items = list(data)
        take = lambda idx: [items[i] for i in idx]  # noqa: E731
        n = len(items)
    else:
        raise TypeError("data must be an array, a DataFrame or a sequence of units")
    if n < 2:
        raise ValueError(f"data must hold at least 2 units, got {n}")
    estimate = float(statistic(take(np.arange(n))))
    idx = gen.integers(0, n, size=(n_boot, n))
    values = np.array([float(statistic(take(row))) for row in idx])
    alpha = (1.0 - level) / 2.0
    low, high = np.nanquantile(values, [alpha, 1.0 - alpha])
    return {"estimate": estimate, "low": float(low), "high": float(high),
            "se": float(np.nanstd(values, ddof=1)), "n": int(n)}


def spearman(x: ArrayLike, y: ArrayLike) -> float:
    """Spearman's rank correlation: the Pearson correlation of the (average) ranks.

    Returns NaN when either variable is constant.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError("x and y must be 1-D arrays of equal length")
    if x.size < 2:
        raise ValueError("x and y must hold at least 2 values")
    rx, ry = stats.rankdata(x), stats.rankdata(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denom = np.sqrt((rx ** 2).sum() * (ry ** 2).sum())
    return float((rx * ry).sum() / denom) if denom > 0 else float("nan")


def rank_correlation_ci(x: ArrayLike, y: ArrayLike, *, n_boot: int = 2000,
                        level: float = 0.95, rng: RngLike = None) -> dict[str, float]:
    """Spearman's rank correlation of paired values, with a bootstrap interval.

    Pairs ``(x_i, y_i)`` are resampled together (percentile bootstrap,
    :cite:p:`efron1979bootstrap`). Resamples in which a variable is constant
    have no correlation and are left out of the interval.

    Returns
    -------
    dict
        As :func:`bootstrap_ci`: ``estimate, low, high, se, n``.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError("x and y must be 1-D arrays of equal length")
    pairs = np.column_stack([x, y])
    return bootstrap_ci(pairs, lambda p: spearman(p[:, 0], p[:, 1]), n_boot=n_boot,
                        level=level, rng=rng)


# ---------------------------------------------------------------------------
# text features
# ---------------------------------------------------------------------------

def text_features(texts: Sequence[str], kind: Literal["word", "char"] = "word", *,
                  ngram_range: tuple[int, int] | None = None, lowercase: bool = True,
                  vocabulary_from: Sequence[str] | None = None):
    """TF-IDF features of texts, one L2-normalised row per text (sparse).

    Parameters
    ----------
    texts : sequence of str
        The texts.
    kind : {"word", "char"}
        ``"word"``: word unigrams and bigrams (default ``ngram_range=(1, 2)``);
        ``"char"``: character n-grams within word boundaries (scikit-learn's
        ``char_wb``, default ``ngram_range=(3, 5)``), which match spelling
        variants and word forms.
    ngram_range : (int, int) or None
        Override the default n-gram range.
    lowercase : bool
        Lower-case before tokenising.
    vocabulary_from : sequence of str or None
        Fit the vocabulary and IDF weights on these texts instead (e.g. every
        answer to every prompt), then transform ``texts``.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``len(texts)`` rows with unit norm (rows of empty texts are zero), so
        that dot products are cosine similarities.
    """
    if isinstance(texts, str) or not isinstance(texts, Sequence | pd.Series | np.ndarray):
        raise TypeError("texts must be a sequence of strings")
    texts = [str(t) for t in texts]
    if len(texts) == 0:
        raise ValueError("texts must contain at least one text")
    if kind == "word":
        rng_ = ngram_range or (1, 2)
        vec = TfidfVectorizer(analyzer="word", ngram_range=rng_, lowercase=lowercase,
                              token_pattern=_TOKEN_PATTERN, sublinear_tf=True)
    elif kind == "char":
        rng_ = ngram_range or (3, 5)
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=rng_, lowercase=lowercase,
                              sublinear_tf=True)
    else:
        raise ValueError(f"kind must be 'word' or 'char', got {kind!r}")
    if _plain_range(rng_):  # the usual case: the same matrix as ``vec``, computed faster
        fit = texts if vocabulary_from is None else [str(t) for t in vocabulary_from]
        return _tfidf(fit, None if vocabulary_from is None else texts, kind, rng_,
                      bool(lowercase))
    try:
        if vocabulary_from is None:  # one pass over the texts
            return vec.fit_transform(texts)
        vec.fit([str(t) for t in vocabulary_from])
    except ValueError:  # no text has a single feature (all empty)
        return sparse.csr_matrix((len(texts), 1))
    return vec.transform(texts)


_TOKEN_PATTERN = r"(?u)\b\w+\b"
_TOKEN_RE = re.compile(_TOKEN_PATTERN)


def _plain_range(ngram_range: Any) -> bool:
    """Whether ``ngram_range`` is a pair of ints ``1 <= lo <= hi`` (the fast path)."""
    return (isinstance(ngram_range, tuple) and len(ngram_range) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in ngram_range)
            and 1 <= ngram_range[0] <= ngram_range[1])


@functools.lru_cache(maxsize=2**14)
def _char_wb_word(word: str, lo: int, hi: int) -> tuple[str, ...]:
    """Character n-grams of one word padded with spaces, as scikit-learn's ``char_wb``.

    A pure function of its arguments, memoised: the same words recur from text to
    text and from call to call.
    """
    w = " " + word + " "
    out: list[str] = []
    for n in range(lo, hi + 1):  # sklearn's _char_wb_ngrams, one word at a time
        if len(w) <= n:  # a padded word no longer than n counts once, whole
            out.append(w)
            break
        out.extend([w[i:i + n] for i in range(len(w) - n + 1)])
    return tuple(out)


def _word_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Word n-grams of one (preprocessed) text, as scikit-learn's ``word`` analyzer."""
    tokens = _TOKEN_RE.findall(text)
    if hi == 1:
        return tokens
    grams = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), min(hi + 1, len(tokens) + 1)):
        grams.extend(map(" ".join, zip(*(tokens[k:] for k in range(n)))))
    return grams


def _occurrences(items: list[Sequence[str]], vocabulary: pd.Index | None):
    """Rows x distinct items counts of nested lists, items numbered by first appearance.

    Returns the CSR counts (float64, indices sorted) and the items in order of
    first appearance (``vocabulary`` itself when given; unknown items are dropped).
    """
    flat = np.asarray([x for row in items for x in row], dtype=object)
    lengths = np.array([len(row) for row in items], dtype=np.int64)
    if vocabulary is None:
        codes, uniques = pd.factorize(flat)
        uniques = pd.Index(uniques, dtype=object)
    else:
        codes, uniques = vocabulary.get_indexer(flat), vocabulary
        known = codes >= 0
        lengths = np.bincount(np.repeat(np.arange(len(items)), lengths)[known],
                              minlength=len(items))
        codes = codes[known]
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    X = sparse.csr_matrix((np.ones(len(codes)), codes, indptr), shape=(len(items), len(uniques)))
    X.sum_duplicates()  # counts, with each row's columns in increasing order
    return X, uniques


def _feature_counts(texts: list[str], kind: str, ngram_range: tuple[int, int], lowercase: bool,
                    vocabulary: pd.Index | None):
    """Feature counts, laid out as scikit-learn's ``CountVectorizer`` lays them out.

    With ``vocabulary=None`` the vocabulary is learned: features are numbered in
    order of first appearance, each row's entries are stored in that order, and the
    columns are then relabelled alphabetically without reordering the stored
    entries, as ``CountVectorizer.fit_transform`` does. With a (sorted) vocabulary,
    features outside it are dropped, as ``CountVectorizer.transform`` does. Character
    n-grams of a word do not depend on its neighbours, so they are counted as
    (texts x words) @ (words x n-grams). Returns the CSR counts (float64) and the
    vocabulary as a sorted ``pandas.Index``.
    """
    lo, hi = ngram_range
    if lowercase:
        texts = [t.lower() for t in texts]
    if kind == "char":
        by_word, words = _occurrences([t.split() for t in texts], None)
        X, uniques = _occurrences([_char_wb_word(w, lo, hi) for w in words], vocabulary)
        X = (by_word @ X).tocsr()
        X.sort_indices()
    else:
        X, uniques = _occurrences([_word_ngrams(t, lo, hi) for t in texts], vocabulary)
    if len(uniques) == 0:
        raise ValueError("empty vocabulary")
    if vocabulary is None:
        ordered = pd.Index(sorted(uniques), dtype=object)  # Python's string order
        rank = ordered.get_indexer(uniques).astype(X.indices.dtype)
        X.indices = rank.take(X.indices)
        uniques = ordered
    return X, uniques


def _tfidf(fit: list[str], apply: list[str] | None, kind: str, ngram_range: tuple[int, int],
           lowercase: bool):
    """Sublinear TF-IDF with smoothed IDF and L2 rows, as ``TfidfVectorizer`` computes it.

    The IDF comes from ``fit``; the rows are those of ``apply`` (``fit`` itself
    when None). Texts with no feature give rows of zeros; if ``fit`` has no feature
    at all the result is one column of zeros, as :func:`text_features` promises.
    """
    from sklearn.preprocessing import normalize

    n_rows = len(fit) if apply is None else len(apply)
    try:
        X, vocab = _feature_counts(fit, kind, ngram_range, lowercase, None)
    except ValueError:  # no text has a single feature (all empty)
        return sparse.csr_matrix((n_rows, 1))
    df = np.bincount(X.indices, minlength=X.shape[1]).astype(np.float64)
    df += 1.0  # smooth_idf: one extra document holding every feature
    idf = np.full_like(df, fill_value=X.shape[0] + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    if apply is not None:
        X, _ = _feature_counts(apply, kind, ngram_range, lowercase, vocab)
    np.log(X.data, X.data)  # sublinear tf: 1 + log(count)
    X.data += 1.0
    X.data *= idf[X.indices]
    return normalize(X, norm="l2", copy=False)


def text_vendi(texts: Sequence[str], q: float = 1.0, kind: Literal["word", "char"] = "char",
               *, features: Any = None) -> float:
    """Effective number of different texts: the Vendi score of TF-IDF cosines.

    Parameters
    ----------
    texts : sequence of str
        The texts (ignored when ``features`` is given, except for its length).
    q : float
        Order of the Vendi score :cite:p:`friedman2023vendi,pasarkar2024cousins`.
    kind : {"word", "char"}
        Feature type, see :func:`text_features`.
    features : sparse or dense matrix, optional
        Precomputed L2-normalised features (one row per text).

    Returns
    -------
    float
        Between 1 (all texts identical under the features) and ``len(texts)``.
    """
    X = text_features(texts, kind) if features is None else features
    return vendi_score(cosine_similarity_texts(X), q=q)


def cosine_similarity_texts(X: Any) -> np.ndarray:
    """Cosine similarity of feature rows, with featureless (empty) texts allowed.

    Rows of non-zero norm give their cosines (:func:`monoculture.diversity.
    similarity_matrix`); a row of zeros, an empty text, is identical to every other
    empty text and unrelated to the rest. The result is positive semi-definite with
    unit diagonal, as :func:`monoculture.diversity.vendi_score` requires.
    """
    if sparse.issparse(X):  # TF-IDF features: never densified (they can have ~10^5 columns)
        X = sparse.csr_matrix(X, dtype=float, copy=True)
        if len(X.shape) != 2 or X.shape[0] == 0:
            raise ValueError("X must be a non-empty 2-D array of features")
        X.eliminate_zeros()
        empty = np.diff(X.indptr) == 0
    else:
        X = X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[0] == 0:
            raise ValueError("X must be a non-empty 2-D array of features")
        empty = ~np.any(X != 0, axis=1)
    K = np.zeros((X.shape[0], X.shape[0]))
    full = ~empty
    if full.any():
        K[np.ix_(full, full)] = np.clip(similarity_matrix(X[full]), 0.0, 1.0)
    K[np.ix_(empty, empty)] = 1.0
    np.fill_diagonal(K, 1.0)
    return K


# ---------------------------------------------------------------------------
# counting from a sample
# ---------------------------------------------------------------------------

def abundance_counts(items: Iterable[Hashable]) -> pd.Series:
    """How often each distinct item occurs, most frequent first.

    Ties keep the order of first appearance. The result's index holds the items.
    """
    items = list(items)
    if not items:
        raise ValueError("items must not be empty")
    counts = pd.Series(items, dtype=object).value_counts(sort=False)
    order = np.argsort(-counts.to_numpy(), kind="stable")
    out = counts.iloc[order]
    out.name = "count"
    return out


def _counts(counts: ArrayLike) -> np.ndarray:
    x = np.asarray(counts)
    if x.ndim != 1 or x.size == 0:
        raise ValueError("counts must be a non-empty 1-D array of abundances")
    if not np.issubdtype(x.dtype, np.number) or np.any(x < 0) or np.any(x != np.round(x)):
        raise ValueError("counts must be non-negative integers")
    x = x.astype(np.int64)
    x = x[x > 0]
    if x.size == 0:
        raise ValueError("counts must contain at least one positive count")
    return x


def sample_coverage(counts: ArrayLike) -> float:
    """Estimated sample coverage: the probability mass of the categories already seen.

    Turing's estimate :cite:p:`good1953population` is ``1 - f1/n``; this uses the
    refinement of :cite:t:`chao2012coverage`,
    ``1 - (f1/n) (n-1) f1 / ((n-1) f1 + 2 f2)``, where ``f1`` and ``f2`` are the
    numbers of items seen once and twice in a sample of ``n``. One minus it is the
    chance that the next draw is new.
    """
    x = _counts(counts)
    n = x.sum()
    f1, f2 = np.sum(x == 1), np.sum(x == 2)
    if f1 == 0:
        return 1.0
    if n == 1:
        return 0.0
    if f2 > 0:
        ratio = (n - 1) * f1 / ((n - 1) * f1 + 2 * f2)
    else:
        ratio = (n - 1) * (f1 - 1) / ((n - 1) * (f1 - 1) + 2)
    return float(1.0 - f1 / n * ratio)


def chao1(counts: ArrayLike) -> float:
    """Chao1 estimate of the total number of categories :cite:p:`chao1984nonparametric`.

    ``S_obs + ((n-1)/n) f1^2 / (2 f2)``, or the bias-corrected
    ``S_obs + ((n-1)/n) f1 (f1-1) / 2`` when ``f2 = 0``. It is a lower bound:
    categories too rare to show up even once twice are invisible to any sample.
    """
    x = _counts(counts)
    n = x.sum()
    s_obs = x.size
    f1, f2 = np.sum(x == 1), np.sum(x == 2)
    if f2 > 0:
        return float(s_obs + (n - 1) / n * f1 ** 2 / (2 * f2))
    return float(s_obs + (n - 1) / n * f1 * (f1 - 1) / 2)


def extrapolated_richness(counts: ArrayLike, m_extra: ArrayLike) -> np.ndarray | float:
    """Expected number of distinct items after ``m_extra`` more draws.

    The estimator given by :cite:t:`chao2012coverage` (after Shen, Chao and Lin, 2003):
    ``S_obs + f0 (1 - (1 - f1 / (n f0 + f1))^m)``, with ``f0 = chao1 - S_obs`` the
    estimated number of unseen categories. At ``m_extra = 0`` it is ``S_obs``; as
    ``m_extra`` grows it rises to Chao1; the further the extrapolation, the more
    it rests on the estimate of the unseen categories ``f0``.
    """
    x = _counts(counts)
    m = np.asarray(m_extra, dtype=float)
    if np.any(m < 0) or not np.all(np.isfinite(m)):
        raise ValueError("m_extra must be finite and non-negative")
    n = x.sum()
    s_obs = x.size
    f1 = np.sum(x == 1)
    f0 = chao1(x) - s_obs
    if f0 <= 0 or f1 == 0:
        out = np.full(m.shape, float(s_obs))
    else:
        out = s_obs + f0 * (1.0 - (1.0 - f1 / (n * f0 + f1)) ** m)
    return float(out) if out.ndim == 0 else out


def rarefied_richness(counts: ArrayLike, m: ArrayLike) -> np.ndarray | float:
    """Expected number of distinct items in a random subsample of size ``m``.

    Drawing ``m`` of the ``n`` items without replacement, category ``i`` with
    ``x_i`` items is missed with probability ``C(n - x_i, m) / C(n, m)``; the
    expected richness is ``sum_i (1 - C(n - x_i, m) / C(n, m))``. This is the
    sample-based counterpart of
    :func:`monoculture.voices.expected_observed_richness`.
    """
    x = _counts(counts)
    n = int(x.sum())
    m_arr = np.asarray(m, dtype=float)
    if np.any(m_arr < 0) or np.any(m_arr > n) or np.any(m_arr != np.round(m_arr)):
        raise ValueError(f"m must be integers between 0 and n = {n}")
    mm = m_arr.reshape(-1, 1)
    log_miss = (special.gammaln(n - x + 1) - special.gammaln(n - x - mm + 1)
                - special.gammaln(n + 1) + special.gammaln(n - mm + 1))
    miss = np.where(n - x >= mm, np.exp(np.where(n - x >= mm, log_miss, 0.0)), 0.0)
    out = (1.0 - miss).sum(axis=1).reshape(m_arr.shape)
    return float(out) if out.ndim == 0 else out
