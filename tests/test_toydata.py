"""Toy data shared across chapters: Zipf proportions, pseudo-words, labelled texts."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import monoculture.toydata as toydata
from monoculture._validate import check_distribution, normalise_weights
from monoculture.toydata import LabelledTexts, pseudo_word, pseudo_words, zipf


def test_doctests():
    failures, _ = doctest.testmod(toydata)
    assert failures == 0


def test_zipf_is_a_decreasing_probability_vector():
    p = zipf(50, 1.2)
    assert p.sum() == pytest.approx(1.0) and np.all(np.diff(p) < 0)
    np.testing.assert_allclose(zipf(4, 0.0), 0.25)


def test_pseudo_words_are_distinct_and_pronounceable():
    words = pseudo_words(5000)
    assert len(set(words)) == 5000 and words[7] == pseudo_word(7)
    assert all(len(w) in (4, 6) for w in words)
    with pytest.raises(ValueError, match="index"):
        pseudo_word(-1)


def test_labelled_texts_check_their_labels():
    t = LabelledTexts(texts=["a b", "c d"], labels={"stance": np.array([0, 1])})
    assert len(t) == 2 and list(t["stance"]) == [0, 1]
    with pytest.raises(ValueError, match="labels\\['stance'\\]"):
        LabelledTexts(texts=["a"], labels={"stance": np.array([0, 1])})


def test_probability_checks():
    np.testing.assert_allclose(check_distribution([0.25, 0.75]), [0.25, 0.75])
    np.testing.assert_allclose(check_distribution([[0.5, 0.5], [1.0, 0.0]], "P", ndim=2).sum(1), 1)
    with pytest.raises(ValueError, match="p must sum to 1"):
        check_distribution([0.5, 0.6])
    with pytest.raises(ValueError, match="P rows must be probability vectors"):
        check_distribution([[0.5, 0.6]], "P", ndim=2)
    np.testing.assert_allclose(normalise_weights([1, 3]), [0.25, 0.75])
    with pytest.raises(ValueError, match="positive sum"):
        normalise_weights([0, 0])
