"""The package's version: the one place it is written.

``pyproject.toml`` reads it for the built sdist and wheel, the book's footer and
the PDF title page show it, and ``tests/test_release.py`` checks that the
changelog, ``CITATION.cff`` and every lab's setup cell agree with it.
"""

__version__ = "0.1.0"
