"""Chapter 1's toys: sampling theory against simulation, the block model, the stance corpus."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agrees
from monoculture.diversity import distinct_n, vendi_score
from monoculture.toydata import stance_corpus, zipf
from monoculture.voices import (block_vendi, corpus_measures, expected_observed_richness,
                                expected_plugin_simpson, sample_counts)



@pytest.mark.parametrize("m", [5, 50, 500])
def test_observed_richness_matches_closed_form(m):
    p = zipf(100, 1.2)
    seen = (sample_counts(p, m, 4000, rng=m) > 0).sum(axis=1)
    assert agrees(seen, expected_observed_richness(p, m))


@pytest.mark.parametrize("m", [3, 30, 300])
def test_plugin_simpson_matches_closed_form(m):
    p = zipf(40)
    counts = sample_counts(p, m, 4000, rng=100 + m)
    plugin = ((counts / m) ** 2).sum(axis=1)
    assert agrees(plugin, expected_plugin_simpson(p, m))


def test_plugin_simpson_bias_is_positive_and_vanishes():
    p = zipf(10)
    truth = float(np.sum(p**2))
    biases = [expected_plugin_simpson(p, m) - truth for m in (1, 10, 100, 1000)]
    assert all(b > 0 for b in biases) and np.all(np.diff(biases) < 0)
    assert expected_plugin_simpson(p, 1) == pytest.approx(1.0)


def test_observed_richness_limits():
    p = zipf(30)
    assert expected_observed_richness(p, 1) == pytest.approx(1.0)
    assert expected_observed_richness(p, 10**7) == pytest.approx(30.0)


def _block_matrix(n, k, s, c):
    labels = np.repeat(np.arange(k), n // k)
    K = np.where(labels[:, None] == labels[None, :], s, c)
    np.fill_diagonal(K, 1.0)
    return K


@settings(max_examples=40, deadline=None)
@given(k=st.integers(1, 6), m=st.integers(1, 12), s=st.floats(0.0, 1.0),
       frac=st.floats(0.0, 1.0), q=st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, np.inf]))
def test_block_vendi_equals_vendi_of_the_block_matrix(k, m, s, frac, q):
    c = s * frac
    n = k * m
    assert block_vendi(n, k, s, c, q=q) == pytest.approx(
        vendi_score(_block_matrix(n, k, s, c), q=q), rel=1e-6, abs=1e-9)


def test_block_vendi_order_two_limit():
    values = [block_vendi(4 * m, 4, 0.8, q=2) for m in (10, 100, 10_000)]
    assert values[-1] == pytest.approx(4 / 0.8**2, rel=1e-3)
    assert np.all(np.diff(values) > 0)


def test_stance_corpus_is_reproducible_and_shaped():
    a = stance_corpus(50, 4, noise=0.2, doc_length=15, rng=3)
    b = stance_corpus(50, 4, noise=0.2, doc_length=15, rng=3)
    assert a.texts == b.texts and np.array_equal(a["stance"], b["stance"])
    assert len(a.texts) == 50 and set(a["stance"]) <= set(range(4))
    assert all(len(t.split()) == 15 for t in a.texts)


def test_stances_share_no_words_without_noise():
    corpus = stance_corpus(200, 3, noise=0.0, rng=1)
    vocab = [set(" ".join(t for t, s in zip(corpus.texts, corpus["stance"]) if s == k).split())
             for k in range(3)]
    assert all(vocab[i].isdisjoint(vocab[j]) for i in range(3) for j in range(i + 1, 3))


def test_noise_raises_lexical_diversity_and_vendi_stays_below_corpus_size():
    quiet = stance_corpus(300, 3, noise=0.0, rng=2)
    loud = stance_corpus(300, 3, noise=0.5, rng=2)
    assert distinct_n(loud.texts, 2) > distinct_n(quiet.texts, 2)
    m = corpus_measures(quiet.texts)
    assert m["documents"] == 300
    assert 1.0 <= m["vendi_q2"] <= m["vendi_q1"] < 0.1 * m["documents"]


@pytest.mark.parametrize("call, match", [
    (lambda: zipf(0), "n_categories"),
    (lambda: zipf(5, -1), "exponent"),
    (lambda: stance_corpus(0, 2), "n_docs"),
    (lambda: stance_corpus(5, 0), "n_stances"),
    (lambda: stance_corpus(5, 2, noise=1.5), "noise"),
    (lambda: stance_corpus(5, 2, stance_vocab=17), "stance_vocab"),
    (lambda: stance_corpus(5, 2, rng="seed"), "rng"),
    (lambda: block_vendi(10, 3, 0.5), "n_items"),
    (lambda: block_vendi(10, 2, 0.5, 0.7), "across"),
    (lambda: block_vendi(10, 2, 1.5), "within"),
    (lambda: block_vendi(10, 2, 0.5, q=-1), "q"),
    (lambda: expected_observed_richness([0.5, -0.1], 3), "p"),
    (lambda: expected_observed_richness([0, 0], 3), "p"),
    (lambda: expected_plugin_simpson([1.0], 0), "m"),
    (lambda: sample_counts([1.0], 5, n_reps=0), "n_reps"),
    (lambda: corpus_measures(["a b"], n=0), "n"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
