"""text_features computes exactly scikit-learn's TfidfVectorizer matrix, only faster."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from monoculture.data import load_noveltybench
from monoculture.empirical import text_features


def _reference(texts, kind, ngram_range=None, lowercase=True, vocabulary_from=None):
    """The definition text_features documents: scikit-learn's vectorizer."""
    if kind == "word":
        vec = TfidfVectorizer(analyzer="word", ngram_range=ngram_range or (1, 2),
                              lowercase=lowercase, token_pattern=r"(?u)\b\w+\b",
                              sublinear_tf=True)
    else:
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range or (3, 5),
                              lowercase=lowercase, sublinear_tf=True)
    if vocabulary_from is None:
        return vec.fit_transform(texts)
    vec.fit(vocabulary_from)
    return vec.transform(texts)


def _assert_identical(got, want):
    assert type(got) is type(want)
    assert got.shape == want.shape
    # the same stored entries in the same order, so every later sum rounds alike
    np.testing.assert_array_equal(got.indptr, want.indptr)
    np.testing.assert_array_equal(got.indices, want.indices)
    np.testing.assert_array_equal(got.data, want.data)


@pytest.fixture(scope="module")
def answers():
    nb = load_noveltybench()
    return nb["text"].tolist()[::7]  # about 500 real answers of every category


@pytest.mark.parametrize("kind,ngram_range,lowercase", [
    ("char", None, True), ("word", None, True), ("char", (2, 4), False),
    ("word", (1, 1), True), ("word", (2, 3), False), ("char", (1, 1), True)])
def test_identical_to_sklearn_on_real_answers(answers, kind, ngram_range, lowercase):
    _assert_identical(text_features(answers, kind, ngram_range=ngram_range, lowercase=lowercase),
                      _reference(answers, kind, ngram_range, lowercase))


@pytest.mark.parametrize("kind", ["char", "word"])
def test_identical_with_vocabulary_from(answers, kind):
    _assert_identical(text_features(answers[:40], kind, vocabulary_from=answers[40:]),
                      _reference(answers[:40], kind, vocabulary_from=answers[40:]))


texts_strategy = st.lists(
    st.text(alphabet=st.sampled_from(list("abAB ß\u00e9\u00c9\t\n  x1_.-")), max_size=25),
    min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(texts=texts_strategy, kind=st.sampled_from(["char", "word"]),
       lo=st.integers(1, 3), extra=st.integers(0, 2), lowercase=st.booleans())
def test_identical_to_sklearn_on_any_texts(texts, kind, lo, extra, lowercase):
    try:
        want = _reference(texts, kind, (lo, lo + extra), lowercase)
    except ValueError:  # no feature at all: text_features returns one zero column
        got = text_features(texts, kind, ngram_range=(lo, lo + extra), lowercase=lowercase)
        assert got.shape == (len(texts), 1) and got.nnz == 0
        return
    _assert_identical(text_features(texts, kind, ngram_range=(lo, lo + extra),
                                    lowercase=lowercase), want)
