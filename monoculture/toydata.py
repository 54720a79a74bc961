"""Toy data shared by several chapters: Zipf proportions, pseudo-words, labelled texts.

*Zipf proportions.* :func:`zipf` gives the popularity curve used for
vocabularies, ideas and voices throughout the book.

*Pseudo-words.* :func:`pseudo_word` turns a vocabulary index into a
pronounceable word of two or three consonant-vowel syllables, so that toy
texts read as text and whitespace tokenisers see one token per word.

*Labelled texts.* :class:`LabelledTexts` is the one record type for a list of
toy documents with labels (the stance a document was written from, the model
that wrote it, the prompt it answers, whether it came from an AI source).
:func:`stance_corpus` writes documents from a few stances (chapter 1, reused in
chapter 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ._validate import RngLike, as_rng, check_int, check_probability, check_real

__all__ = [
    "zipf",
    "pseudo_word",
    "pseudo_words",
    "LabelledTexts",
    "stance_corpus",
]

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
#: Stance vocabularies use indices below this; general words start here.
_GENERAL_OFFSET = 1000
#: Index stride between two stances' vocabularies (so at most 16 words each).
_STANCE_STRIDE = 16


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


def pseudo_word(index: int) -> str:
    """A pronounceable pseudo-word for a vocabulary index (two or three syllables).

    Different indices below ``70**3`` give different words.

    Parameters
    ----------
    index : int
        Non-negative vocabulary index.

    Returns
    -------
    str

    Examples
    --------
    >>> pseudo_word(0), pseudo_word(1), pseudo_word(4900)
    ('baba', 'beba', 'bababe')
    """
    index = check_int(index, "index", minimum=0)
    n = len(_SYLLABLES)
    word = _SYLLABLES[index % n] + _SYLLABLES[(index // n) % n]
    if index >= n * n:
        word += _SYLLABLES[index // (n * n) % n]
    return word


def pseudo_words(n_words: int) -> np.ndarray:
    """The pseudo-words of indices ``0 .. n_words - 1``, as an array of str."""
    n_words = check_int(n_words, "n_words", minimum=0)
    return np.array([pseudo_word(i) for i in range(n_words)])


@dataclass(frozen=True)
class LabelledTexts:
    """Toy documents with one or more labels each.

    Attributes
    ----------
    texts : list of str
        The documents, as space-separated words.
    labels : dict of str to numpy.ndarray
        One array per label, each with one entry per document, e.g.
        ``"stance"`` (the stance a document was written from), ``"model"``
        and ``"prompt"`` (who wrote it, what it answers) or ``"is_ai"``.
    """

    texts: list[str]
    labels: Mapping[str, np.ndarray]

    def __post_init__(self) -> None:
        for name, values in self.labels.items():
            if len(values) != len(self.texts):
                raise ValueError(f"labels[{name!r}] must have one entry per text "
                                 f"({len(self.texts)}), got {len(values)}")

    def __getitem__(self, label: str) -> np.ndarray:
        """The array of one label, e.g. ``corpus["stance"]``."""
        return self.labels[label]

    def __len__(self) -> int:
        return len(self.texts)


def stance_corpus(n_docs: int, n_stances: int, *, noise: float = 0.1,
                  doc_length: int = 60, stance_vocab: int = 12,
                  general_vocab: int = 2000, rng: RngLike = None) -> LabelledTexts:
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
    LabelledTexts
        The texts, labelled ``"stance"``.
    """
    n_docs = check_int(n_docs, "n_docs", minimum=1)
    n_stances = check_int(n_stances, "n_stances", minimum=1, maximum=60)
    noise = check_probability(noise, "noise")
    doc_length = check_int(doc_length, "doc_length", minimum=1)
    stance_vocab = check_int(stance_vocab, "stance_vocab", minimum=1, maximum=_STANCE_STRIDE)
    general_vocab = check_int(general_vocab, "general_vocab", minimum=1)
    gen = as_rng(rng)

    # [start-stance-corpus]
    stances = gen.integers(n_stances, size=n_docs)
    own = gen.choice(stance_vocab, size=(n_docs, doc_length), p=zipf(stance_vocab))
    index = stances[:, None] * _STANCE_STRIDE + own
    general = _GENERAL_OFFSET + gen.integers(general_vocab, size=(n_docs, doc_length))
    index = np.where(gen.random((n_docs, doc_length)) < noise, general, index)
    # [end-stance-corpus]
    words = pseudo_words(_GENERAL_OFFSET + general_vocab)
    texts = [" ".join(row) for row in words[index]]
    return LabelledTexts(texts=texts, labels={"stance": stances})
