"""Sphinx extension: build the instructor's objectives table from the chapters.

A page holds a fenced ``objectives-table`` block whose body (YAML) maps each
chapter file stem to one ``[practised in, assessed by]`` pair per learning
objective. On ``source-read`` the block is replaced by the table that
:func:`booktools.objectives.objectives_table` builds from the chapters'
"At a glance" objectives, so the objectives are written only once. A mismatch
(a chapter gained or lost an objective) is a build warning, which the strict
build turns into an error.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.util import logging

from booktools.objectives import ObjectivesError, objectives_table

logger = logging.getLogger(__name__)
BLOCK = re.compile(r"^```\{objectives-table\}\n(?P<body>.*?)^```\s*$", flags=re.M | re.S)


def _replace(app: Sphinx, docname: str, source: list[str]) -> None:
    match = BLOCK.search(source[0])
    if match is None:
        return
    page = Path(app.env.doc2path(docname))
    book_dir = Path(app.srcdir) / "book"
    try:
        practice = yaml.safe_load(match.group("body")) or {}
        rel = Path(os.path.relpath(book_dir, page.parent)).as_posix()
        prefix = "" if rel == "." else rel + "/"
        table = objectives_table(book_dir, practice, link_prefix=prefix)
    except (ObjectivesError, yaml.YAMLError) as err:
        logger.warning(f"objectives-table: {err}", location=docname)
        return
    source[0] = source[0][:match.start()] + table + "\n" + source[0][match.end():]
    pages = getattr(app.env, "objectives_pages", set())
    pages.add(docname)
    app.env.objectives_pages = pages


def _always_outdated(app, env, added, changed, removed):
    """The table depends on every chapter: rebuild its page whenever anything is rebuilt."""
    return sorted(getattr(env, "objectives_pages", set()) - set(removed))


def _merge(app, env, docnames, other):
    """Parallel reads: keep the pages found by the worker processes."""
    env.objectives_pages = getattr(env, "objectives_pages", set()) | getattr(
        other, "objectives_pages", set())


def setup(app: Sphinx) -> dict:
    app.connect("source-read", _replace)
    app.connect("env-get-outdated", _always_outdated)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
