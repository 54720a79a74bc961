"""Tests for monoculture.diversity: published fixtures, properties, validation."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import monoculture.diversity as diversity
from monoculture.diversity import (
    distinct_n,
    hill_number,
    hill_profile,
    mean_pairwise_similarity,
    shannon_entropy,
    similarity_matrix,
    vendi_score,
)

SETTINGS = settings(max_examples=60, deadline=None)
INF = math.inf
P_FIXTURE = [0.5, 0.25, 0.125, 0.125]
K_FIXTURE = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])

# Abundance vectors: each entry is 0 or a moderate positive number, with at
# least one positive entry.
entry = st.one_of(st.just(0.0), st.floats(1e-3, 100.0))
abundances = (
    st.lists(entry, min_size=1, max_size=20)
    .filter(lambda xs: any(x > 0 for x in xs))
    .map(np.array)
)
positive_abundances = st.lists(st.floats(1e-3, 100.0), min_size=1, max_size=20).map(np.array)
orders = st.one_of(st.floats(0.0, 20.0), st.sampled_from([0.0, 1.0, 2.0, INF]))
feature_rows = hnp.arrays(
    float,
    st.tuples(st.integers(1, 8), st.integers(1, 5)),
    elements=st.floats(-10.0, 10.0),
)


def _richness(p: np.ndarray) -> int:
    return int(np.count_nonzero(p))


# ---------------------------------------------------------------------------
# published fixtures
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("q, expected", [(0, 4.0), (1, 3.3636), (2, 2.9091), (INF, 2.0)])
def test_hill_fixture(q, expected):
    assert hill_number(P_FIXTURE, q) == pytest.approx(expected, abs=1e-4)


def test_hill_closed_forms():
    p = np.array(P_FIXTURE)
    assert hill_number(p, 2) == pytest.approx(1 / np.sum(p**2), rel=1e-12)
    assert hill_number(p, 1) == pytest.approx(np.exp(-np.sum(p * np.log(p))), rel=1e-12)
    assert hill_number(p, 3) == pytest.approx(np.sum(p**3) ** (-1 / 2), rel=1e-12)
    assert hill_number(p, 0.5) == pytest.approx(np.sum(p**0.5) ** 2, rel=1e-12)


def test_vendi_readme_samples_fixture():
    x = np.array([0, 0, 10, 10, 20, 20], dtype=float)
    K = np.exp(-np.abs(x[:, None] - x[None, :]))
    assert vendi_score(K) == pytest.approx(2.9999, abs=1e-4)


def test_vendi_readme_matrix_fixture():
    assert vendi_score(K_FIXTURE) == pytest.approx(2.1573, abs=1e-4)


@pytest.mark.parametrize("q, expected", [(0.5, 2.4203), (1, 2.1573), (2, 1.9481), (INF, 1.5789)])
def test_vendi_order_fixture(q, expected):
    assert vendi_score(K_FIXTURE, q=q) == pytest.approx(expected, abs=1e-4)


def test_vendi_order_zero_is_rank():
    assert vendi_score(K_FIXTURE, q=0) == 3.0
    x = np.array([0, 0, 10, 10, 20, 20], dtype=float)
    K = np.exp(-np.abs(x[:, None] - x[None, :]))  # three pairs of duplicates
    assert vendi_score(K, q=0) == 3.0


def test_docstring_examples():
    result = doctest.testmod(diversity, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 20
    assert result.failed == 0


# ---------------------------------------------------------------------------
# Hill numbers: properties
# ---------------------------------------------------------------------------

@SETTINGS
@given(abundances, orders)
def test_hill_bounds(p, q):
    d = hill_number(p, q)
    assert 1.0 - 1e-9 <= d <= _richness(p) * (1 + 1e-9)


def test_hill_order_zero_is_richness_and_ignores_zeros():
    assert hill_number([0, 3, 0, 1e-3, 7], 0) == 3.0
    assert hill_number([0, 3, 0, 1e-3, 7], 2) == pytest.approx(hill_number([3, 1e-3, 7], 2))


@SETTINGS
@given(abundances, orders, orders)
def test_hill_non_increasing_in_q(p, q1, q2):
    lo, hi = sorted((q1, q2))
    assert hill_number(p, hi) <= hill_number(p, lo) * (1 + 1e-9)


@SETTINGS
@given(st.integers(1, 50), orders, st.floats(1e-3, 1e3))
def test_hill_uniform_gives_richness(s, q, level):
    assert hill_number(np.full(s, level), q) == pytest.approx(s, rel=1e-9)


@SETTINGS
@given(positive_abundances)
def test_hill_order_two_distance_to_uniform(p):
    # 1/D2 - 1/S = ||p - u||^2 exactly, so D2 close to S forces p close to uniform.
    s = p.size
    prob = p / p.sum()
    gap = 1 / hill_number(p, 2) - 1 / s
    assert gap == pytest.approx(np.sum((prob - 1 / s) ** 2), abs=1e-12)


@SETTINGS
@given(positive_abundances, st.one_of(st.floats(0.5, 10.0), st.just(INF)))
def test_hill_below_richness_unless_uniform(p, q):
    prob = p / p.sum()
    assume(np.linalg.norm(prob - 1 / p.size) > 1e-3)
    assert hill_number(p, q) < p.size * (1 - 1e-9)


@SETTINGS
@given(abundances, orders, st.floats(1e-6, 1e6), st.randoms(use_true_random=False))
def test_hill_scale_and_permutation_invariant(p, q, c, rnd):
    base = hill_number(p, q)
    perm = list(p)
    rnd.shuffle(perm)
    assert hill_number(c * p, q) == pytest.approx(base, rel=1e-9)
    assert hill_number(perm, q) == pytest.approx(base, rel=1e-9)


@SETTINGS
@given(abundances)
def test_hill_continuous_at_q_one(p):
    at_one = hill_number(p, 1)
    for eps in (1e-6, -1e-6):
        assert hill_number(p, 1 + eps) == pytest.approx(at_one, rel=1e-4)
    # Very close to 1 the stable formula still agrees to near machine
    # precision; the naive log(sum p^q) / (1 - q) would be off by ~1e-4 here.
    for eps in (1e-12, -1e-12):
        assert hill_number(p, 1 + eps) == pytest.approx(at_one, rel=1e-9)


@SETTINGS
@given(abundances)
def test_hill_large_q_tends_to_inverse_max(p):
    prob = p / p.sum()
    assert hill_number(p, 1e6) == pytest.approx(1 / prob.max(), rel=1e-4)
    assert hill_number(p, INF) == pytest.approx(1 / prob.max(), rel=1e-12)


@SETTINGS
@given(abundances, st.lists(orders, min_size=1, max_size=6))
def test_hill_profile_matches_hill_number(p, qs):
    profile = hill_profile(p, qs)
    assert profile.shape == (len(qs),)
    np.testing.assert_allclose(profile, [hill_number(p, q) for q in qs], rtol=1e-12)


def test_hill_profile_scalar_order():
    np.testing.assert_allclose(hill_profile(P_FIXTURE, 2), [hill_number(P_FIXTURE, 2)])


# ---------------------------------------------------------------------------
# Shannon entropy
# ---------------------------------------------------------------------------

def test_shannon_known_values():
    assert shannon_entropy(P_FIXTURE, base=2) == pytest.approx(1.75, abs=1e-12)
    assert shannon_entropy([1, 1, 1, 1]) == pytest.approx(np.log(4), abs=1e-12)
    assert shannon_entropy([5, 0, 0]) == 0.0


@SETTINGS
@given(abundances, st.one_of(st.floats(0.05, 0.95), st.floats(1.05, 100.0)))
def test_shannon_base_conversion(p, base):
    nats = shannon_entropy(p)
    assert shannon_entropy(p, base=base) == pytest.approx(nats / np.log(base), rel=1e-9, abs=1e-12)
    assert shannon_entropy(p, base=2) == pytest.approx(nats / np.log(2), rel=1e-12, abs=1e-15)
    assert np.exp(nats) == pytest.approx(hill_number(p, 1), rel=1e-12)


# ---------------------------------------------------------------------------
# Vendi score
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("q", [0, 0.5, 1, 2, INF])
@pytest.mark.parametrize("n", [1, 2, 7])
def test_vendi_identity_and_all_ones(n, q):
    assert vendi_score(np.eye(n), q=q) == pytest.approx(n, rel=1e-12)
    assert vendi_score(np.ones((n, n)), q=q) == pytest.approx(1.0, rel=1e-9)


def _similarity(X, metric):
    if metric == "cosine":
        assume(np.all(np.abs(X).max(axis=1) > 1e-3))
    return similarity_matrix(X, metric=metric)


@SETTINGS
@given(feature_rows, st.sampled_from(["cosine", "rbf"]), orders)
def test_vendi_bounds(X, metric, q):
    K = _similarity(X, metric)
    vs = vendi_score(K, q=q)
    assert 1 - 1e-9 <= vs <= X.shape[0] * (1 + 1e-9)


@SETTINGS
@given(feature_rows, st.sampled_from(["cosine", "rbf"]), orders, orders)
def test_vendi_non_increasing_in_q(X, metric, q1, q2):
    K = _similarity(X, metric)
    lo, hi = sorted((q1, q2))
    assert vendi_score(K, q=hi) <= vendi_score(K, q=lo) * (1 + 1e-9)


@SETTINGS
@given(abundances, orders)
def test_vendi_identity_with_weights_is_hill(p, q):
    assert vendi_score(np.eye(p.size), q=q, p=p) == pytest.approx(hill_number(p, q), rel=1e-9)


@SETTINGS
@given(st.lists(st.integers(1, 5), min_size=1, max_size=6), orders)
def test_vendi_exact_duplicates_count_once(sizes, q):
    # Groups of identical items: the Vendi score is the Hill number of the
    # group sizes, so duplicates do not add diversity.
    labels = np.repeat(np.arange(len(sizes)), sizes)
    K = (labels[:, None] == labels[None, :]).astype(float)
    assert vendi_score(K, q=q) == pytest.approx(hill_number(sizes, q), rel=1e-9)


@SETTINGS
@given(feature_rows, orders, st.randoms(use_true_random=False))
def test_vendi_permutation_invariant(X, q, rnd):
    K = similarity_matrix(X, metric="rbf")
    perm = list(range(X.shape[0]))
    rnd.shuffle(perm)
    assert vendi_score(K[np.ix_(perm, perm)], q=q) == pytest.approx(vendi_score(K, q=q), rel=1e-9)


def test_vendi_uniform_weights_equal_default():
    for q in (0, 0.5, 1, 2, INF):
        assert vendi_score(K_FIXTURE, q, p=[1, 1, 1]) == pytest.approx(vendi_score(K_FIXTURE, q))


def test_vendi_zero_weight_drops_item():
    # Weight 0 on the third item leaves the first two, which are 0.9-similar.
    expected = vendi_score(K_FIXTURE[:2, :2])
    assert vendi_score(K_FIXTURE, p=[1, 1, 0]) == pytest.approx(expected, rel=1e-12)
    assert expected < 2


def test_vendi_accepts_round_off_negative_eigenvalue():
    K = np.ones((3, 3))
    K[0, 1] = K[1, 0] = 1 + 1e-12
    assert np.linalg.eigvalsh(K).min() < 0  # the case is not vacuous
    assert vendi_score(K) == pytest.approx(1.0, rel=1e-9)


# ---------------------------------------------------------------------------
# similarity_matrix and mean_pairwise_similarity
# ---------------------------------------------------------------------------

def test_cosine_orthogonal_rows_is_identity():
    X = np.diag([1.0, 2.0, 3.0, 0.5])
    np.testing.assert_array_equal(similarity_matrix(X), np.eye(4))


def test_cosine_hand_values():
    S = similarity_matrix([[1, 0], [0, 2], [3, 3], [-1, 0]])
    r = 1 / np.sqrt(2)
    expected = np.array([
        [1, 0, r, -1],
        [0, 1, r, 0],
        [r, r, 1, -r],
        [-1, 0, -r, 1],
    ])
    np.testing.assert_allclose(S, expected, atol=1e-15)


def test_cosine_scale_extremes():
    S = similarity_matrix([[1e300, 1e300], [1e-300, 0.0]])
    np.testing.assert_allclose(S, [[1, 1 / np.sqrt(2)], [1 / np.sqrt(2), 1]], rtol=1e-12)


def test_rbf_hand_values():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [3.0, 0.0]])
    S = similarity_matrix(X, metric="rbf")  # default gamma = 1/d = 0.5
    assert S[0, 1] == pytest.approx(np.exp(-0.5 * 2))
    assert S[0, 2] == pytest.approx(np.exp(-0.5 * 9))
    S2 = similarity_matrix(X, metric="rbf", gamma=2.0)
    assert S2[1, 2] == pytest.approx(np.exp(-2.0 * 5))


@SETTINGS
@given(feature_rows, st.sampled_from(["cosine", "rbf"]))
def test_similarity_matrix_shape_symmetry_diagonal_psd(X, metric):
    S = _similarity(X, metric)
    n = X.shape[0]
    assert S.shape == (n, n)
    np.testing.assert_array_equal(S, S.T)
    np.testing.assert_array_equal(np.diag(S), np.ones(n))
    assert S.min() >= (-1.0 if metric == "cosine" else 0.0)
    assert S.max() <= 1.0
    assert np.linalg.eigvalsh(S).min() >= -1e-9 * n


def test_similarity_sparse_tfidf_matches_dense():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["the cat sat on the mat", "the dog sat on the log", "a bird flew", "the cat sat"]
    X = TfidfVectorizer().fit_transform(texts)
    assert hasattr(X, "toarray")
    S_sparse = similarity_matrix(X)
    S_dense = similarity_matrix(X.toarray())
    np.testing.assert_allclose(S_sparse, S_dense, atol=1e-15)
    assert S_sparse[2, 0] == 0.0  # no shared words
    assert 0 < S_sparse[0, 3] < 1
    assert 1 <= vendi_score(S_sparse) <= 4
    assert mean_pairwise_similarity(X) == pytest.approx(mean_pairwise_similarity(X.toarray()))


def test_mean_pairwise_similarity_hand_values():
    assert mean_pairwise_similarity([[1, 0], [0, 1], [1, 0]]) == pytest.approx(1 / 3)
    assert mean_pairwise_similarity(np.eye(5)) == 0.0
    assert mean_pairwise_similarity([[1, 2], [2, 4], [3, 6]]) == pytest.approx(1.0)
    X = np.array([[0.0], [2.0]])
    assert mean_pairwise_similarity(X, metric="rbf", gamma=0.25) == pytest.approx(np.exp(-1))


@SETTINGS
@given(feature_rows, st.sampled_from(["cosine", "rbf"]))
def test_mean_pairwise_similarity_is_mean_off_diagonal(X, metric):
    n = X.shape[0]
    assume(n >= 2)
    S = _similarity(X, metric)
    off = S[~np.eye(n, dtype=bool)]
    assert mean_pairwise_similarity(X, metric=metric) == pytest.approx(off.mean(), abs=1e-12)


# ---------------------------------------------------------------------------
# distinct_n
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "texts, n, expected",
    [
        (["the cat sat", "the dog sat"], 1, 4 / 6),
        (["the cat sat", "the dog sat"], 2, 4 / 4),
        (["the cat sat", "the dog sat"], 3, 2 / 2),
        (["a a a a"], 1, 1 / 4),
        (["a a a a"], 2, 1 / 3),
        (["a a", "a a"], 2, 1 / 2),  # n-grams do not cross text boundaries
        (["a b", "x", "a b"], 2, 1 / 2),  # "x" has no bigram
        (["Yes yes"], 1, 1.0),  # no lowercasing
        (["yes yes,"], 1, 1.0),  # punctuation stays attached
        (["yes yes"], 1, 1 / 2),
        (["a  b\tc\n d"], 1, 1.0),  # any run of whitespace splits
        (["a  b\tc\n d"], 4, 1.0),
    ],
)
def test_distinct_n_hand_computed(texts, n, expected):
    assert distinct_n(texts, n) == pytest.approx(expected, rel=1e-15)


def test_distinct_n_accepts_tuples_and_generators():
    assert distinct_n(("a b", "a c"), 1) == pytest.approx(3 / 4)
    assert distinct_n((t for t in ["a b", "a c"]), 1) == pytest.approx(3 / 4)


words = st.sampled_from(["a", "b", "c", "the", "cat", "Cat"])
text_lists = st.lists(st.lists(words, min_size=0, max_size=8).map(" ".join), min_size=1, max_size=6)


@SETTINGS
@given(text_lists, st.integers(1, 4))
def test_distinct_n_bounds(texts, n):
    assume(any(len(t.split()) >= n for t in texts))
    d = distinct_n(texts, n)
    assert 0 < d <= 1


@SETTINGS
@given(st.lists(words, min_size=1, max_size=8).map(" ".join), st.integers(1, 10), st.integers(1, 3))
def test_distinct_n_identical_texts(text, copies, n):
    assume(len(text.split()) >= n)
    single = distinct_n([text], n)
    assert distinct_n([text] * copies, n) == pytest.approx(single / copies, rel=1e-12)


def test_distinct_n_all_identical_distinct_tokens():
    assert distinct_n(["one two three"] * 4, 1) == pytest.approx(1 / 4)


# ---------------------------------------------------------------------------
# validation errors
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "p, q, exc, match",
    [
        ([0.5, -0.1, 0.6], 1, ValueError, "p must be non-negative"),
        ([0.5, np.nan], 1, ValueError, "p must not contain NaN"),
        ([0.5, np.inf], 1, ValueError, "p must contain only finite"),
        ([], 1, ValueError, "p must have at least 1"),
        ([[0.5, 0.5]], 1, ValueError, "p must have 1 dimension"),
        ([0, 0, 0], 1, ValueError, "p must have a positive sum"),
        (["a", "b"], 1, TypeError, "p must be an array of numbers"),
        ([1, 1], -0.5, ValueError, r"q must be in \[0.0, inf\)"),
        ([1, 1], np.nan, ValueError, "q must be a number"),
        ([1, 1], "2", TypeError, "q must be a real number"),
        ([1, 1], None, TypeError, "q must be a real number"),
    ],
)
def test_hill_number_validation(p, q, exc, match):
    with pytest.raises(exc, match=match):
        hill_number(p, q)


@pytest.mark.parametrize(
    "qs, match",
    [
        ([0, -1], "qs must be in"),
        ([0, np.nan], "qs must not contain NaN"),
        ([], "qs must have at least 1"),
        ([[0, 1]], "qs must have 1 dimension"),
    ],
)
def test_hill_profile_validation(qs, match):
    with pytest.raises(ValueError, match=match):
        hill_profile(P_FIXTURE, qs)
    with pytest.raises(TypeError, match="qs must be an array of numbers"):
        hill_profile(P_FIXTURE, ["x"])
    with pytest.raises(ValueError, match="p must be non-negative"):
        hill_profile([-1, 2], [1])


@pytest.mark.parametrize(
    "base, exc, match",
    [
        (1, ValueError, "base must be > 0 and != 1"),
        (0, ValueError, r"base must be in \(0.0, inf\)"),
        (-2, ValueError, r"base must be in \(0.0, inf\)"),
        (np.nan, ValueError, "base must be a number"),
        ("2", TypeError, "base must be a real number"),
    ],
)
def test_shannon_base_validation(base, exc, match):
    with pytest.raises(exc, match=match):
        shannon_entropy(P_FIXTURE, base=base)


def test_shannon_p_validation():
    with pytest.raises(ValueError, match="p must be non-negative"):
        shannon_entropy([1, -1])
    with pytest.raises(ValueError, match="p must have a positive sum"):
        shannon_entropy([0.0])


@pytest.mark.parametrize(
    "K, match",
    [
        (np.ones((2, 3)), "K must be a square matrix"),
        (np.ones(3), "K must have 2 dimension"),
        (np.empty((0, 0)), "K must have at least 1"),
        (np.array([[1.0, np.nan], [np.nan, 1.0]]), "K must not contain NaN"),
        (np.array([[1.0, 0.5], [0.2, 1.0]]), "K must be symmetric"),
        (np.array([[2.0, 0.5], [0.5, 1.0]]), "K must have a unit diagonal"),
        (np.array([[1.0, 1.5], [1.5, 1.0]]), "K must be positive semi-definite"),
        (np.array([[1, 1, -1], [1, 1, 1], [-1, 1, 1]], dtype=float),
         "K must be positive semi-definite"),
    ],
)
def test_vendi_K_validation(K, match):
    with pytest.raises(ValueError, match=match):
        vendi_score(K)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"q": -1}, ValueError, r"q must be in \[0.0, inf\)"),
        ({"q": np.nan}, ValueError, "q must be a number"),
        ({"q": "1"}, TypeError, "q must be a real number"),
        ({"p": [1, 1]}, ValueError, "p must have length n = 3"),
        ({"p": [1, -1, 1]}, ValueError, "p must be non-negative"),
        ({"p": [0, 0, 0]}, ValueError, "p must have a positive sum"),
        ({"p": [1, np.nan, 1]}, ValueError, "p must not contain NaN"),
        ({"p": [[1, 1, 1]]}, ValueError, "p must have 1 dimension"),
    ],
)
def test_vendi_q_and_p_validation(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        vendi_score(K_FIXTURE, **kwargs)


@pytest.mark.parametrize(
    "X, kwargs, match",
    [
        ([[1.0, 0.0], [0.0, 0.0]], {}, r"X must have rows of non-zero norm.*\[1\]"),
        ([[1.0, np.nan]], {}, "X must not contain NaN"),
        ([1.0, 2.0], {}, "X must have 2 dimension"),
        (np.empty((0, 3)), {}, "X must have at least 1"),
        ([[1.0, 0.0]], {"metric": "euclid"}, "metric must be 'cosine' or 'rbf'"),
        ([[1.0, 0.0]], {"metric": None}, "metric must be 'cosine' or 'rbf'"),
        ([[1.0, 0.0]], {"metric": "rbf", "gamma": 0.0}, r"gamma must be in \(0.0, inf\)"),
        ([[1.0, 0.0]], {"metric": "rbf", "gamma": -1.0}, r"gamma must be in \(0.0, inf\)"),
        ([[1.0, 0.0]], {"gamma": 1.0}, "gamma is only used with metric='rbf'"),
    ],
)
def test_similarity_matrix_validation(X, kwargs, match):
    with pytest.raises(ValueError, match=match):
        similarity_matrix(X, **kwargs)


def test_similarity_matrix_type_errors():
    with pytest.raises(TypeError, match="X must be an array of numbers"):
        similarity_matrix([["a", "b"]])
    with pytest.raises(TypeError, match="gamma must be a real number"):
        similarity_matrix([[1.0]], metric="rbf", gamma="big")


def test_mean_pairwise_similarity_validation():
    with pytest.raises(ValueError, match="X must have at least 2 rows"):
        mean_pairwise_similarity([[1.0, 2.0]])
    with pytest.raises(ValueError, match="X must have rows of non-zero norm"):
        mean_pairwise_similarity([[1.0, 2.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="metric must be"):
        mean_pairwise_similarity([[1.0], [2.0]], metric="manhattan")


@pytest.mark.parametrize(
    "texts, n, exc, match",
    [
        ("the cat sat", 1, TypeError, "texts must be a sequence of strings, not a single"),
        (b"the cat sat", 1, TypeError, "texts must be a sequence of strings, not a single"),
        (42, 1, TypeError, "texts must be a sequence of strings, got int"),
        (["ok", 3], 1, TypeError, "texts must contain only str, got int at index 1"),
        ([], 1, ValueError, "texts must contain at least 1 text"),
        (["a b"], 0, ValueError, r"n must be in \[1, inf\)"),
        (["a b"], -2, ValueError, r"n must be in \[1, inf\)"),
        (["a b"], 1.5, TypeError, "n must be an integer"),
        (["a b"], True, TypeError, "n must be an integer"),
        (["a b", "c"], 3, ValueError, "no text has at least n = 3 tokens"),
        (["", "   "], 1, ValueError, "no text has at least n = 1 tokens"),
    ],
)
def test_distinct_n_validation(texts, n, exc, match):
    with pytest.raises(exc, match=match):
        distinct_n(texts, n)
