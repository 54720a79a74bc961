"""Shared test helpers: paths, the Monte Carlo tolerance, standard errors and chart fixtures.

Test modules import the constants and helpers directly
(``from conftest import Z, mean_se``); pytest puts this directory on
``sys.path`` because ``tests/`` is not a package.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

#: The repository root.
ROOT = Path(__file__).resolve().parents[1]
#: The labs, in order.
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Tolerance of every Monte Carlo check, in standard errors.
Z = 4.0


# ---------------------------------------------------------------- Monte Carlo error

def mean_se(x, axis: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """Sample mean and its standard error ``s / sqrt(n)`` along ``axis``."""
    x = np.asarray(x, dtype=float)
    return x.mean(axis=axis), x.std(axis=axis, ddof=1) / np.sqrt(x.shape[axis])


def se(x, axis: int = -1) -> np.ndarray:
    """Standard error of the mean along ``axis``."""
    return mean_se(x, axis)[1]


def agrees(sim, theory, axis: int = -1) -> bool:
    """Whether the mean of ``sim`` is within :data:`Z` standard errors of ``theory``."""
    mean, err = mean_se(sim, axis)
    return bool(np.all(np.abs(mean - theory) <= Z * err))


def assert_within(sim, theory, axis: int = -1) -> None:
    """Assert that the mean of ``sim`` along ``axis`` is within :data:`Z` SE of ``theory``."""
    mean, err = mean_se(sim, axis)
    z = np.abs(mean - theory) / err
    assert np.all(z <= Z), f"max |z| = {np.max(z):.2f} > {Z}: sim {mean}, theory {theory}"


# ---------------------------------------------------------------- charts

@pytest.fixture
def book_theme():
    """Start a test with the book's theme and renderer, and restore them afterwards."""
    from monoculture import theme

    theme.use_theme()
    yield
    theme.use_theme()


@pytest.fixture
def sim_df() -> pd.DataFrame:
    """A small simulation-versus-theory table (heterozygosity against 1/N)."""
    n = np.array([10, 20, 50, 100, 200])
    return pd.DataFrame({"N": n, "H": 1 / n + 0.001, "se": 0.002, "theory": 1 / n,
                         "lo": 1 / n - 0.003, "hi": 1 / n + 0.004})


def sim_chart(df: pd.DataFrame, **kw):
    """``figures.sim_vs_theory`` of :func:`sim_df` with a title and description."""
    from monoculture import figures

    args = dict(se="se", title="Heterozygosity", description="Simulation agrees with 1/N.")
    args.update(kw)
    return figures.sim_vs_theory(df, "N", "H", "theory", **args)


# ---------------------------------------------------------------- built artefacts

#: Tests of built artefacts (the site, the PDF, the student edition) live in
#: ``tests/artefacts/`` and carry the pytest marker ``build`` (registered in
#: ``pyproject.toml``). ``make unit`` deselects them (``-m "not build"``); ``make
#: artefacts`` (part of ``make test``) runs them after the builds. A missing artefact
#: fails the test with the command that makes it: nothing is skipped silently.
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if ARTEFACTS in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.build)
