"""Monoculture: toy models of diversity loss in AI systems.

Every simulation and diversity metric in the book lives in this package, so
that the chapters, the labs and the tests all run the same code.

Modules
-------
diversity
    Measuring tools: Hill numbers, Shannon entropy, the Vendi score,
    similarity matrices, distinct-n and mean pairwise similarity.
toydata
    Toy data shared by several chapters: Zipf proportions, pseudo-words,
    labelled texts (``LabelledTexts``) and the stance corpus.
selection
    Selection maths: best-of-n (exact KL and win rate, with and without
    ties), order statistics of normals and the optimizer's curse.
gaussian
    Gaussian probabilities several chapters share: the bivariate normal CDF.
theme
    The book's colour palette and Altair theme (light and dark).
render
    The accessibility gate for charts, the static image and the book's renderer.
figures
    Figure helpers: ``figures.common`` (generic) and ``figures.chNN`` (one chapter's).
voices
    Chapter 1: counting voices in a sample and in a corpus of stances.
collapse
    Chapter 2: model collapse in Gaussian, categorical, mixture, text and
    regression chains; each chain takes a data policy (replace or
    accumulate) and fresh data, and has a plain reference loop.
hivemind
    Chapter 3: shared data, shared alignment, RL entropy, algorithmic monoculture.
culture
    Chapter 4: personalised packaging, reliance on a shared model,
    recommender feedback loops.
hyperinflation
    Chapter 5: stock and flow of claims, correlated judges, selecting the
    best variant, Goodhart's law and Brandolini's asymmetry.
signalling
    Chapter 5: polish as a costly signal of quality (after Spence), cheap
    polish and a tool that pools it; form and substance in HANNA's ratings.
remedies
    Chapter 6: the data-policy scoreboard (on the chains of ``collapse``),
    critique in the loop, expert teams, provenance.
data
    Real data sets shipped with the package, with their licences and loaders.
empirical
    Measuring real data: bootstrap intervals, text features, richness estimates.

Chapter modules (``voices`` to ``remedies``) are leaves: no other module
imports them. ``remedies`` decodes its scoreboard policies into the arguments
of the ``collapse`` chains (``policy_kwargs``) and runs no chain of its own.
"""

from monoculture._lazy import defer_rfc3987_syntax
from monoculture._version import __version__

# Before anything imports Altair (and with it jsonschema): see monoculture._lazy.
defer_rfc3987_syntax()

__all__ = ["__version__"]
