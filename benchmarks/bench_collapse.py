"""Kernel budget of chapter 2 (issue 3): the Gaussian collapse chain.

The chain of 1,000 chains x 1,000 generations x M = 100 samples must run in
at most twice the time numpy takes just to draw those 10^8 normal numbers
(drawn in the same blocks of 1,000 x 100, into a reused buffer). The
``method="sufficient"`` chain draws 4 numbers per chain and generation
instead of 100; its speed-up over the sample-drawing chain is reported.
"""

from __future__ import annotations

import time

import numpy as np

from monoculture.collapse import gaussian_chain

CHAINS, GENERATIONS, M = 1000, 1000, 100


def _draw_only(seed: int) -> float:
    gen = np.random.default_rng(seed)
    buf = np.empty((CHAINS, M))
    start = time.perf_counter()
    for _ in range(GENERATIONS):
        gen.standard_normal(out=buf)
    return time.perf_counter() - start


def _chain(method: str, seed: int) -> float:
    start = time.perf_counter()
    gaussian_chain(M, GENERATIONS, n_chains=CHAINS, method=method, rng=seed)
    return time.perf_counter() - start


def run() -> list[dict]:
    draw = _draw_only(1)
    samples = _chain("samples", 1)
    sufficient = _chain("sufficient", 1)
    return [
        {"name": "collapse: numpy draws 1e8 normals (1000 chains x 1000 gens x M=100)",
         "value": draw, "unit": "s", "budget": None},
        {"name": "collapse: gaussian_chain (samples), same size", "value": samples,
         "unit": "s", "budget": None},
        {"name": "collapse: gaussian_chain time / draw-only time", "value": samples / draw,
         "unit": "x", "budget": 2.0},
        {"name": "collapse: method='sufficient' speed-up over 'samples'",
         "value": samples / sufficient, "unit": "x", "budget": None},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.3g} {row['unit']}")
