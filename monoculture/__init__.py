"""Monoculture: toy models of diversity loss in AI systems.

Every simulation and diversity metric in the book lives in this package, so
that the chapters, the labs and the tests all run the same code.

Modules
-------
diversity
    Measuring tools: Hill numbers, Shannon entropy, the Vendi score,
    similarity matrices, distinct-n and mean pairwise similarity.
charts
    The book's Altair theme and the figure helpers it repeats.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("monoculture")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
