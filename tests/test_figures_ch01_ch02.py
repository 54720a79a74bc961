"""Every figure function of chapters 1 and 2 builds a valid, labelled chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monoculture import render
from monoculture.collapse import (categorical_chain, gaussian_chain, gaussian_moments,
                                  gmm_chain, mixture_data, n_fresh, regression_chain,
                                  regression_risk, text_chain, tokenize)
from monoculture.diversity import hill_profile
from monoculture.figures import ch01, ch02
from monoculture.toydata import stance_corpus, zipf
from monoculture.voices import (corpus_measures, expected_observed_richness, measures_grid,
                                sample_counts)


def _valid(chart):
    render.check_accessible(chart)
    spec = chart.to_dict()
    assert spec["description"] and spec["title"]
    return spec


def test_ch01_figures():
    qs = np.linspace(0, 4, 5)
    _valid(ch01.diversity_profiles({"uniform": hill_profile(np.full(4, 0.25), qs),
                                    "Zipf": hill_profile(zipf(4), qs)}, qs))
    p = zipf(20)
    sizes = [5, 50]
    observed = [(sample_counts(p, m, 30, rng=1) > 0).sum(axis=1) for m in sizes]
    _valid(ch01.rare_voices(sizes, observed, [expected_observed_richness(p, m) for m in sizes],
                            n_categories=20, seed=1))
    growth = pd.DataFrame([corpus_measures(stance_corpus(n, 3, rng=2).texts) for n in (10, 20)])
    spec = _valid(ch01.thousand_documents(growth, k_true=3, noise=0.1, seed=2))
    enc = spec["encoding"]
    # colour and dash share one domain, so Vega-Lite draws a single legend
    assert enc["color"]["scale"]["domain"] == enc["strokeDash"]["scale"]["domain"]
    assert enc["color"]["title"] == enc["strokeDash"]["title"]
    _valid(ch01.measures_explorer(measures_grid([1, 2], [0.0, 0.1], [10, 20], seed=3), seed=3))


def test_ch02_figures():
    chain = gaussian_chain(20, 10, n_chains=30, rng=1)
    _valid(ch02.chain_paths(chain, n_show=5, seed=1))
    _valid(ch02.final_variances(chain.variances[-1], generation=10, n_samples=20, seed=1))
    vocab = categorical_chain(zipf(10), 20, 10, n_chains=8, rng=2)
    spec = _valid(ch02.forgotten_words(vocab[:, 0], n_samples=20, seed=2, every=2))
    assert all(row["share"] > 0 for row in spec["datasets"][next(iter(spec["datasets"]))])
    _valid(ch02.vocabulary_hill(vocab, [0, 5, 10], tail_from=5, n_samples=20, seed=2))
    mix = gmm_chain(mixture_data(100, rng=3), 2, rng=3)
    _valid(ch02.mixture_panels(mix.samples, [0, 2], seed=3))
    tokens = tokenize("the cat sat on the mat and the dog sat on the log " * 20)
    runs = {"none": text_chain(tokens, 2, rng=4), "some": text_chain(tokens, 2, rng=4,
                                                                      fresh_fraction=0.1)}
    _valid(ch02.text_forgetting(runs, n_tokens=len(tokens), seed=4))
    risks = {m: regression_chain(3, 10, 4, policy=m, n_repeats=20, rng=5)
             for m in ("replace", "accumulate")}
    theory = {m: regression_risk(3, 10, 4, policy=m) for m in risks}
    _valid(ch02.replace_vs_accumulate(risks, theory, n_features=3, n_samples=10, seed=5))
    r_grid = [0.0, 0.1, 0.2]
    phase = pd.DataFrame([{"r": r, "M": m, "f": n_fresh(m, r),
                           "kept": gaussian_moments(m, 5, estimator="mle",
                                                    fresh_fraction=r).variance[-1]}
                          for r in r_grid for m in (10, 20)])
    traj = pd.concat(pd.DataFrame({"r": r, "generation": np.arange(6), "lower": 0.5,
                                   "median": 0.8, "upper": 1.0, "expected": 0.9})
                     for r in r_grid)
    _valid(ch02.fresh_data_dial(phase, traj, n_samples=20, n_chains=10, seed=6))
