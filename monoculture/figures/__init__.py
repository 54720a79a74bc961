"""The book's figures.

:mod:`monoculture.figures.common` holds the generic helpers, re-exported
here: :func:`finalize` (title, subtitle and screen-reader description of any
chart), :func:`sim_vs_theory` (simulation with a Monte Carlo band against a
closed form) and :func:`trajectories` (runs over generations with a summary).
Figures that belong to one chapter live in ``monoculture/figures/chNN.py``;
no other module imports them.

Importing this package enables the book's theme and renderer
(:mod:`monoculture.theme`, :mod:`monoculture.render`).
"""

from .common import finalize, sim_vs_theory, trajectories

__all__ = ["finalize", "sim_vs_theory", "trajectories"]
