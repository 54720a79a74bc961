"""Tests of built artefacts: the site, the PDF and the student edition.

Every test under ``tests/artefacts/`` carries the pytest marker ``build`` (registered in
``pyproject.toml``). ``make unit`` deselects them (``-m "not build"``); ``make
artefacts`` (part of ``make test``) runs them after the builds, and ``make site``,
``make pdf-test`` run one file each. A missing artefact fails the test with the
command that makes it: nothing is skipped silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BUILD_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILD_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.build)
