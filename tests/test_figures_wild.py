"""The "In the wild" figure functions: every chart is labelled and rejects bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monoculture import render
from monoculture.figures import ch01_wild, ch02_wild, ch03_wild

pytestmark = pytest.mark.usefixtures("book_theme")


def _labelled(chart):
    render.check_accessible(chart)
    spec = chart.to_dict()
    assert spec["title"]["text"] and spec["description"]
    return spec


def test_ch01_wild_figures():
    profile = pd.DataFrame({"q": [0.0, 1.0, 2.0], "effective number": [10.0, 5.0, 3.0]})
    counts = pd.DataFrame({"rank": [1, 2, 3], "times told": [5, 2, 1]})
    _labelled(ch01_wild.joke_counts_chart(profile, 2.0, counts, source="test data"))
    curve = pd.DataFrame({"requests": [1, 5, 8, 16], "distinct jokes": [1.0, 3.0, 3.0, 4.0],
                          "part": ["observed (rarefied)"] * 3 + ["predicted (extrapolated)"]})
    _labelled(ch01_wild.joke_accumulation_chart(curve, 5.0, 8, source="test data"))
    per_prompt = pd.DataFrame({"benchmark classes": [1, 2, 3], "Vendi score": [1.5, 2.5, 4.0],
                               "category": ["a", "b", "a"]})
    rho = {"estimate": 0.9, "low": 0.5, "high": 1.0}
    _labelled(ch01_wild.noveltybench_agreement_chart(per_prompt, rho=rho, source="test data"))
    with pytest.raises(ValueError):
        ch01_wild.joke_rank_frequency_chart(pd.DataFrame({"rank": [1]}), source="x")


def test_ch02_wild_figures():
    surv = pd.DataFrame({"generation": [0, 1, 0, 1], "words kept": [10.0, 8.0, 10.0, 9.0],
                         "corpus size": ["small", "small", "large", "large"]})
    _labelled(ch02_wild.vocabulary_survival_chart(surv, n_words=10, source="test data"))
    pixels = ch02_wild.digit_pixels(np.zeros((2, 3, 64)), [1, 2])
    assert len(pixels) == 2 * 3 * 64 and pixels["ink"].max() == 0
    _labelled(ch02_wild.digit_grid_chart(pixels, n_samples=300, source="test data"))
    summary = pd.DataFrame({"generation": [1, 2, 1, 2], "measure": ["a", "a", "b", "b"],
                            "mean": [10.0, 9.0, 5.0, 4.0], "low": [9.5, 8.0, 4.0, 3.0],
                            "high": [10.5, 10.0, 6.0, 5.0]})
    _labelled(ch02_wild.digit_collapse_chart(summary, n_chains=3, source="test data"))
    with pytest.raises(ValueError, match="images"):
        ch02_wild.digit_pixels(np.zeros((2, 3, 10)), [1, 2])
    with pytest.raises(ValueError, match="generations"):
        ch02_wild.digit_pixels(np.zeros((2, 3, 64)), [1])


def test_ch03_wild_figures():
    pairs = pd.DataFrame({"pairs": ["same model", "different models", "different prompts"],
                          "estimate": [0.4, 0.2, 0.05], "low": [0.3, 0.15, 0.04],
                          "high": [0.5, 0.25, 0.06]})
    _labelled(ch03_wild.pair_similarity_chart(pairs, source="test data"))
    curve = pd.DataFrame({"models": [1, 2, 1, 2], "estimate": [4.0, 7.0, 4.0, 8.0],
                          "low": [3.5, 6.5, 3.5, 7.0], "high": [4.5, 7.5, 4.5, 9.0],
                          "series": ["pooled answers"] * 2 + ["if the models shared nothing"] * 2})
    _labelled(ch03_wild.ensemble_gain_chart(curve, source="test data"))
    modes = pd.DataFrame({"model": ["m", "m"], "sampling": ["regenerate", "in-context"],
                          "estimate": [5.0, 8.0], "low": [4.5, 7.5], "high": [5.5, 8.5]})
    _labelled(ch03_wild.in_context_chart(modes, source="test data"))
    with pytest.raises(ValueError):
        ch03_wild.in_context_chart(modes.drop(columns="low"), source="x")
