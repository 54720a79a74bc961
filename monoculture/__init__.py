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
voices
    Chapter 1: counting voices in a sample and in a corpus of stances.
collapse
    Chapter 2: model collapse in Gaussian, categorical, mixture, text and
    regression chains.
hivemind
    Chapter 3: shared data, shared alignment, RL entropy, algorithmic monoculture.
selection
    Best-of-n selection: exact KL and win rate, with and without ties.
culture
    Chapter 4: personalised packaging, reliance on a shared model,
    recommender feedback loops.
hyperinflation
    Chapter 5: stock and flow of claims, correlated judges, the optimizer's
    curse, Goodhart's law and Brandolini's asymmetry.
remedies
    Chapter 6: data policies, critique in the loop, expert teams, provenance.
"""

from monoculture._version import __version__

__all__ = ["__version__"]
