"""Tooling for the book itself (not science): reading the book's own sources.

:mod:`booktools.prose` extracts the prose of the MyST pages (chapter 2 trains
a text model on it); :mod:`booktools.objectives` collects each chapter's
learning objectives for the instructor page.
"""
