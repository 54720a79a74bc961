"""Chapter 1's toys: counting voices in a sample and in a corpus.

The toy documents themselves (:func:`monoculture.toydata.stance_corpus`) live
in :mod:`monoculture.toydata`, because chapter 4 reuses them.

Two small models support the chapter "Counting voices".

*Counting from a sample.* A population of voices has proportions ``p``; we
observe ``m`` draws. Rare voices are missed, so the observed richness falls
short of the true one. Its expectation has a closed form,
``E[S_obs] = sum_i 1 - (1 - p_i)^m``, and the plug-in Simpson
concentration ``sum_i phat_i^2`` is biased upward by exactly
``(1 - sum_i p_i^2) / m`` (both follow from the binomial distribution of
each count; see :func:`expected_observed_richness` and
:func:`expected_plugin_simpson`).

*Many documents, few perspectives.* Documents are written from ``k``
underlying stances. Each document is a bag of words drawn mostly from its
stance's small vocabulary, with a share ``noise`` of words replaced by words
from a large general vocabulary (rewording). Features are TF-IDF vectors
(scikit-learn). The number of documents and of distinct word pairs grows
without bound, while the Vendi score ``friedman2023vendi`` of the documents
stays near the number of stances. :func:`block_vendi` gives the Vendi score of
an idealised block similarity matrix in closed form (our derivation), which
explains why higher orders ``q`` saturate and order 1 creeps upward.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ._validate import RngLike, as_rng, check_array, check_int, check_real, normalise_weights
from .diversity import distinct_n, similarity_matrix, vendi_score

__all__ = [
    "tfidf_features",
    "corpus_measures",
    "block_vendi",
    "expected_observed_richness",
    "expected_plugin_simpson",
    "sample_counts",
    "within_across_similarity",
    "measures_grid",
]

def tfidf_features(texts: Sequence[str]):
    """TF-IDF features of whitespace-separated texts (a sparse matrix).

    Uses scikit-learn's ``TfidfVectorizer`` with whitespace tokens, so the
    features see exactly the words :func:`monoculture.diversity.distinct_n`
    counts. Rows are L2-normalised, so their dot products are cosines.
    """
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError("texts must be a sequence of strings")
    if len(texts) == 0:
        raise ValueError("texts must contain at least one document")
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False).fit_transform(texts)


def corpus_measures(texts: Sequence[str], *, qs: Sequence[float] = (1.0, 2.0),
                    n: int = 2) -> dict[str, float]:
    """Count the voices in a corpus in several ways.

    Parameters
    ----------
    texts : sequence of str
        The documents.
    qs : sequence of float
        Orders of the Vendi score to report.
    n : int
        The ``n`` of distinct-n.

    Returns
    -------
    dict
        ``documents`` (the raw count), ``distinct_ngrams`` (how many distinct
        n-grams occur), ``distinct_n`` (their share of all n-grams) and
        ``vendi_q<q>`` for each order (Vendi score of the TF-IDF cosine
        similarity matrix).
    """
    n = check_int(n, "n", minimum=1)
    K = similarity_matrix(tfidf_features(texts), metric="cosine")
    grams = set()
    for text in texts:
        tokens = text.split()
        grams.update(zip(*(tokens[i:] for i in range(n))))
    out = {"documents": float(len(texts)), "distinct_ngrams": float(len(grams)),
           "distinct_n": distinct_n(texts, n)}
    for q in qs:
        out[f"vendi_q{q:g}"] = vendi_score(K, q=q)
    return out


def block_vendi(n_items: int, n_blocks: int, within: float, across: float = 0.0,
                q: float = 1.0) -> float:
    """Vendi score of an idealised block similarity matrix (our derivation).

    ``n_items`` items fall into ``n_blocks`` equal blocks of size
    ``m = n_items / n_blocks``. Two items in the same block have similarity
    ``within``; items in different blocks have similarity ``across``.
    The matrix ``K / n`` then has three eigenvalues:

    - ``(1 - s + m (s - c) + n c) / n``, once;
    - ``(1 - s + m (s - c)) / n``, ``k - 1`` times;
    - ``(1 - s) / n``, ``n - k`` times,

    with ``s = within``, ``c = across`` and ``k = n_blocks``. The Vendi score
    of order ``q`` follows from these. As ``n`` grows with ``s > c = 0``,
    the first ``k`` eigenvalues tend to ``s / k`` and the rest share ``1 - s``:
    order 2 tends to ``k / s^2`` while order 1 grows like ``n^(1 - s)``.

    Parameters
    ----------
    n_items : int
        Number of items, a positive multiple of ``n_blocks``.
    n_blocks : int
        Number of blocks, at least 1.
    within, across : float
        Similarities, with ``0 <= across <= within <= 1``.
    q : float
        Order, ``q >= 0`` (``numpy.inf`` allowed).

    Returns
    -------
    float
        The Vendi score.
    """
    n_items = check_int(n_items, "n_items", minimum=1)
    n_blocks = check_int(n_blocks, "n_blocks", minimum=1)
    if n_items % n_blocks:
        raise ValueError(f"n_items must be a multiple of n_blocks={n_blocks}, got {n_items}")
    s = check_real(within, "within", minimum=0.0, maximum=1.0)
    c = check_real(across, "across", minimum=0.0, maximum=s)
    q = check_real(q, "q", minimum=0.0, allow_inf=True)
    # [start-block-vendi]
    n, k, m = n_items, n_blocks, n_items // n_blocks
    values = np.array([(1 - s + m * (s - c) + n * c) / n,
                       (1 - s + m * (s - c)) / n, (1 - s) / n])
    mult = np.array([1, k - 1, n - k], dtype=float)
    keep = (mult > 0) & (values > 1e-15)
    values, mult = values[keep], mult[keep]
    if q == 1.0:
        return float(np.exp(-np.sum(mult * values * np.log(values))))
    if np.isinf(q):
        return float(1.0 / values.max())
    if q == 0.0:
        return float(mult.sum())
    return float(np.exp(np.log(np.sum(mult * values**q)) / (1.0 - q)))
    # [end-block-vendi]


def sample_counts(p, m: int, n_reps: int = 1, rng: RngLike = None) -> np.ndarray:
    """Multinomial counts of ``m`` draws from proportions ``p``, ``n_reps`` times.

    Returns an array of shape ``(n_reps, len(p))``.
    """
    prob = normalise_weights(p, "p")
    m = check_int(m, "m", minimum=1)
    n_reps = check_int(n_reps, "n_reps", minimum=1)
    return as_rng(rng).multinomial(m, prob, size=n_reps)


def expected_observed_richness(p, m: int) -> float:
    """Expected number of categories seen at least once in ``m`` draws.

    ``E[S_obs] = sum_i 1 - (1 - p_i)^m``: category ``i`` is missed with
    probability ``(1 - p_i)^m``.
    """
    prob = normalise_weights(p, "p")
    m = check_int(m, "m", minimum=1)
    # [start-expected-observed-richness]
    return float(np.sum(1.0 - (1.0 - prob) ** m))
    # [end-expected-observed-richness]


def expected_plugin_simpson(p, m: int) -> float:
    """Expected plug-in Simpson concentration ``sum_i (X_i / m)^2`` from ``m`` draws.

    Each count is binomial, ``E[X_i^2] = m p_i (1 - p_i) + m^2 p_i^2``, so
    ``E[sum_i (X_i/m)^2] = sum_i p_i^2 + (1 - sum_i p_i^2) / m``. The plug-in
    estimate overstates concentration, so the plug-in Hill number of order 2
    understates diversity.
    """
    prob = normalise_weights(p, "p")
    m = check_int(m, "m", minimum=1)
    simpson = float(np.sum(prob**2))
    return simpson + (1.0 - simpson) / m


def within_across_similarity(K, labels) -> tuple[float, float]:
    """Mean similarity of pairs with the same label and of pairs with different labels.

    Parameters
    ----------
    K : array_like, shape (n, n)
        Similarity matrix.
    labels : array_like, shape (n,)
        The group (for the stance corpus: the stance) of each item; at least
        two groups, one of them with two or more items.

    Returns
    -------
    (float, float)
        ``(s, c)``: the mean of ``K[i, j]`` over pairs ``i != j`` in the same
        group, and over pairs in different groups. These are the two numbers
        of the block model of :func:`block_vendi`.
    """
    K = check_array(K, "K", ndim=2)
    labels = np.asarray(labels)
    if K.shape[0] != K.shape[1] or labels.shape != (K.shape[0],):
        raise ValueError(f"K must be square and labels must have one entry per row, got "
                         f"K {K.shape} and labels {labels.shape}")
    same = labels[:, None] == labels[None, :]
    off = ~np.eye(len(labels), dtype=bool)
    if not (same & off).any() or not (~same).any():
        raise ValueError("labels must have at least two groups and a group with two items")
    return float(K[same & off].mean()), float(K[~same].mean())


def measures_grid(ks: Sequence[int], noises: Sequence[float], sizes: Sequence[int], *,
                  qs: Sequence[float] = (1.0, 2.0), doc_length: int = 60, seed: int = 0):
    """:func:`corpus_measures` of stance corpora over a grid of (k, noise, size).

    Every corpus is drawn with the same ``seed``, so neighbouring grid points
    differ only by the parameter that changes (common random numbers).

    Returns
    -------
    pandas.DataFrame
        One row per (k, noise, n) with the columns ``k``, ``noise``, ``n``,
        ``distinct_ngrams``, ``distinct_n`` (distinct-2: the share of distinct
        word pairs) and ``vendi_q<q>`` for each order.
    """
    import pandas as pd
    from threadpoolctl import threadpool_limits

    from .toydata import stance_corpus

    rows = []
    # Many small eigenproblems: one BLAS thread is fastest and avoids
    # oversubscription when several processes share the cores.
    with threadpool_limits(1):
        for k in ks:
            for noise in noises:
                for n_docs in sizes:
                    c = stance_corpus(int(n_docs), int(k), noise=float(noise),
                                      doc_length=doc_length, rng=seed)
                    m = corpus_measures(c.texts, qs=qs)
                    rows.append({"k": int(k), "noise": float(noise), "n": int(n_docs),
                                 **{key: m[key] for key in m if key != "documents"}})
    return pd.DataFrame(rows)
