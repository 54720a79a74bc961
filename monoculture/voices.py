"""Chapter 1's toys: counting voices in a sample and in a corpus.

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

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ._validate import RngLike, as_rng, check_array, check_int, check_probability, check_real
from .diversity import distinct_n, similarity_matrix, vendi_score

__all__ = [
    "StanceCorpus",
    "stance_corpus",
    "tfidf_features",
    "corpus_measures",
    "block_vendi",
    "expected_observed_richness",
    "expected_plugin_simpson",
    "sample_counts",
    "zipf",
    "within_across_similarity",
    "measures_grid",
]

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
_GENERAL_OFFSET = 1000  # general words start here, after every stance vocabulary


def _word(index: int) -> str:
    """A pronounceable pseudo-word for a vocabulary index (two or three syllables)."""
    n = len(_SYLLABLES)
    word = _SYLLABLES[index % n] + _SYLLABLES[(index // n) % n]
    if index >= n * n:
        word += _SYLLABLES[index // (n * n) % n]
    return word


def zipf(n_categories: int, exponent: float = 1.0) -> np.ndarray:
    """Zipf proportions ``p_i ∝ i^(-exponent)`` for ``i = 1..n_categories``.

    Parameters
    ----------
    n_categories : int
        Number of categories, at least 1.
    exponent : float
        Non-negative exponent; 0 gives the uniform distribution.

    Returns
    -------
    numpy.ndarray
        Proportions summing to 1, in decreasing order.
    """
    n_categories = check_int(n_categories, "n_categories", minimum=1)
    exponent = check_real(exponent, "exponent", minimum=0.0)
    weights = np.arange(1, n_categories + 1, dtype=float) ** -exponent
    return weights / weights.sum()


@dataclass(frozen=True)
class StanceCorpus:
    """Documents written from a few stances.

    Attributes
    ----------
    texts : list of str
        The documents, as space-separated words.
    stances : numpy.ndarray
        The stance (0 to k-1) each document was written from.
    """

    texts: list[str]
    stances: np.ndarray


def stance_corpus(n_docs: int, n_stances: int, *, noise: float = 0.1,
                  doc_length: int = 60, stance_vocab: int = 12,
                  general_vocab: int = 2000, rng: RngLike = None) -> StanceCorpus:
    """Simulate ``n_docs`` documents written from ``n_stances`` perspectives.

    Each document picks a stance uniformly at random. Each of its
    ``doc_length`` words is drawn from that stance's vocabulary of
    ``stance_vocab`` words with Zipf(1) frequencies, except that with
    probability ``noise`` it is replaced by a word drawn uniformly from a
    general vocabulary of ``general_vocab`` words shared by all stances.
    Stance vocabularies do not overlap, so stances share only general words.

    Parameters
    ----------
    n_docs : int
        Number of documents, at least 1.
    n_stances : int
        Number of underlying perspectives, 1 to 60.
    noise : float
        Probability in [0, 1] that a word is replaced by a general word.
    doc_length : int
        Words per document, at least 1.
    stance_vocab : int
        Words in each stance's vocabulary, 1 to 16.
    general_vocab : int
        Words in the shared general vocabulary, at least 1.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    StanceCorpus
        The texts and the stance of each.
    """
    n_docs = check_int(n_docs, "n_docs", minimum=1)
    n_stances = check_int(n_stances, "n_stances", minimum=1, maximum=60)
    noise = check_probability(noise, "noise")
    doc_length = check_int(doc_length, "doc_length", minimum=1)
    stance_vocab = check_int(stance_vocab, "stance_vocab", minimum=1, maximum=16)
    general_vocab = check_int(general_vocab, "general_vocab", minimum=1)
    gen = as_rng(rng)

    stances = gen.integers(n_stances, size=n_docs)
    own = gen.choice(stance_vocab, size=(n_docs, doc_length), p=zipf(stance_vocab))
    index = stances[:, None] * 16 + own
    general = _GENERAL_OFFSET + gen.integers(general_vocab, size=(n_docs, doc_length))
    index = np.where(gen.random((n_docs, doc_length)) < noise, general, index)
    words = np.array([_word(i) for i in range(_GENERAL_OFFSET + general_vocab)])
    texts = [" ".join(row) for row in words[index]]
    return StanceCorpus(texts=texts, stances=stances)


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


def sample_counts(p, m: int, n_reps: int = 1, rng: RngLike = None) -> np.ndarray:
    """Multinomial counts of ``m`` draws from proportions ``p``, ``n_reps`` times.

    Returns an array of shape ``(n_reps, len(p))``.
    """
    prob = check_array(p, "p", ndim=1, nonnegative=True)
    if prob.sum() <= 0:
        raise ValueError("p must have a positive sum")
    m = check_int(m, "m", minimum=1)
    n_reps = check_int(n_reps, "n_reps", minimum=1)
    return as_rng(rng).multinomial(m, prob / prob.sum(), size=n_reps)


def expected_observed_richness(p, m: int) -> float:
    """Expected number of categories seen at least once in ``m`` draws.

    ``E[S_obs] = sum_i 1 - (1 - p_i)^m``: category ``i`` is missed with
    probability ``(1 - p_i)^m``.
    """
    prob = check_array(p, "p", ndim=1, nonnegative=True)
    if prob.sum() <= 0:
        raise ValueError("p must have a positive sum")
    m = check_int(m, "m", minimum=1)
    prob = prob / prob.sum()
    return float(np.sum(1.0 - (1.0 - prob) ** m))


def expected_plugin_simpson(p, m: int) -> float:
    """Expected plug-in Simpson concentration ``sum_i (X_i / m)^2`` from ``m`` draws.

    Each count is binomial, ``E[X_i^2] = m p_i (1 - p_i) + m^2 p_i^2``, so
    ``E[sum_i (X_i/m)^2] = sum_i p_i^2 + (1 - sum_i p_i^2) / m``. The plug-in
    estimate overstates concentration, so the plug-in Hill number of order 2
    understates diversity.
    """
    prob = check_array(p, "p", ndim=1, nonnegative=True)
    if prob.sum() <= 0:
        raise ValueError("p must have a positive sum")
    m = check_int(m, "m", minimum=1)
    prob = prob / prob.sum()
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
        ``distinct_n`` (distinct-2: the share of distinct word pairs) and
        ``vendi_q<q>`` for each order.
    """
    import pandas as pd

    rows = []
    for k in ks:
        for noise in noises:
            for n_docs in sizes:
                c = stance_corpus(int(n_docs), int(k), noise=float(noise),
                                  doc_length=doc_length, rng=seed)
                m = corpus_measures(c.texts, qs=qs)
                rows.append({"k": int(k), "noise": float(noise), "n": int(n_docs),
                             **{key: m[key] for key in m if key != "documents"}})
    return pd.DataFrame(rows)
