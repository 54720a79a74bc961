"""Sparse features give the same cosine similarities as dense ones, without densifying."""

import numpy as np
import pytest
from scipy import sparse

from monoculture.diversity import mean_pairwise_similarity, similarity_matrix, vendi_score
from monoculture.empirical import cosine_similarity_texts, text_features


def _random_sparse(seed: int, n: int = 12, d: int = 80) -> sparse.csr_matrix:
    gen = np.random.default_rng(seed)
    X = sparse.random(n, d, density=0.3, random_state=seed, format="csr")
    X.data = (X.data - 0.3) * 10.0 ** gen.uniform(-150, 150)  # signed, any scale
    return X


@pytest.mark.parametrize("seed", range(8))
def test_sparse_cosine_equals_dense(seed):
    X = _random_sparse(seed)
    X = X[np.flatnonzero(np.diff(X.indptr) > 0)]  # cosine needs rows of non-zero norm
    dense = similarity_matrix(X.toarray())
    got = similarity_matrix(X)
    np.testing.assert_allclose(got, dense, rtol=0, atol=1e-13)
    assert np.array_equal(got, got.T) and np.all(np.diag(got) == 1.0)
    assert mean_pairwise_similarity(X) == pytest.approx(mean_pairwise_similarity(X.toarray()),
                                                        abs=1e-13)


@pytest.mark.parametrize("seed", range(4))
def test_sparse_texts_equal_dense_with_empty_rows(seed):
    X = _random_sparse(seed).tolil()
    X[2, :] = 0  # an empty text
    X[5, :] = 0
    X = X.tocsr()
    X.data[X.indptr[3]] = 0.0  # an explicitly stored zero
    np.testing.assert_allclose(cosine_similarity_texts(X), cosine_similarity_texts(X.toarray()),
                               rtol=0, atol=1e-13)


def test_sparse_text_features_keep_vendi():
    texts = ["the cat sat on the mat", "a cat sat on a mat", "dogs bark at night",
             "the night is dark", "", "cats and dogs"]
    X = text_features(texts, "char")
    assert sparse.issparse(X)
    assert vendi_score(cosine_similarity_texts(X), q=2) == pytest.approx(
        vendi_score(cosine_similarity_texts(X.toarray()), q=2), rel=1e-12)


def test_sparse_cosine_rejects_bad_input():
    X = sparse.csr_matrix(np.array([[1.0, 0.0], [0.0, 0.0]]))
    with pytest.raises(ValueError, match="non-zero norm"):
        similarity_matrix(X)
    with pytest.raises(ValueError, match="finite|NaN"):
        similarity_matrix(sparse.csr_matrix(np.array([[1.0, np.nan], [1.0, 0.0]])))
    with pytest.raises(ValueError, match="gamma"):
        similarity_matrix(sparse.csr_matrix(np.eye(2)), gamma=1.0)
    with pytest.raises(ValueError, match="metric"):
        similarity_matrix(sparse.csr_matrix(np.eye(2)), metric="manhattan")
    # RBF densifies, as before
    np.testing.assert_allclose(similarity_matrix(sparse.csr_matrix(np.eye(3)), metric="rbf"),
                               similarity_matrix(np.eye(3), metric="rbf"))
