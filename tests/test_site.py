"""Checks of the built site that need no browser (issue 8).

Runs against ``_build/html`` only with ``MONOCULTURE_SITE=1`` (set by ``make site``,
part of ``make test``), so ``make unit`` never judges a stale build.

- Downloads: every lab page offers its ``.ipynb`` and every chapter page its
  source, and the files are in the site.
- The PDF edition is linked from the home page (and present once ``make pdf``
  ran, which ``MONOCULTURE_PDF=1`` requires).
- The status page shows the ``make bench`` table for every executed source.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
REQUIRED = os.environ.get("MONOCULTURE_SITE") == "1"

pytestmark = pytest.mark.skipif(not REQUIRED, reason="checks the built site: run `make site` (sets MONOCULTURE_SITE=1)")

LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = sorted((ROOT / "book").glob("ch*.md"))


def _links(page: Path) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', page.read_text(encoding="utf-8")))


def _offers(page: Path, target: Path) -> bool:
    for href in _links(page):
        if (page.parent / href).resolve() == target.resolve():
            return target.exists()
    return False


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_page_offers_its_notebook(lab):
    page = SITE / "notebooks" / f"{lab.stem}.html"
    assert page.exists()
    assert _offers(page, SITE / "_sources" / "notebooks" / lab.name)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_page_offers_its_source(chapter):
    page = SITE / "book" / f"{chapter.stem}.html"
    assert page.exists()
    assert _offers(page, SITE / "_sources" / "book" / chapter.name)


def test_home_page_links_the_pdf():
    page = SITE / "book" / "index.html"
    target = SITE / "monoculture.pdf"
    assert any((page.parent / h).resolve() == target.resolve() for h in _links(page))
    if os.environ.get("MONOCULTURE_PDF") == "1":
        assert target.exists() and target.stat().st_size > 10_000
    # The link never dangles: its paragraph is hidden unless the PDF is in the site.
    shown = '<p class="pdf-edition">' in page.read_text(encoding="utf-8")
    assert shown == target.exists()


def test_footer_names_the_version():
    from monoculture._version import __version__
    html = (SITE / "book" / "index.html").read_text(encoding="utf-8")
    assert f"Version {__version__} of Monoculture, built on " in html


def test_status_page_shows_the_benchmark_of_every_executed_source():
    bench = ROOT / "_build" / "bench.json"
    assert bench.exists(), "run make bench before building the status page"
    html = (SITE / "book" / "status.html").read_text(encoding="utf-8")
    results = json.loads(bench.read_text())
    assert results["pages"]
    for row in results["pages"]:
        assert row["source"] in html, f"{row['source']} missing from the status page"
        assert f"{row['seconds']:.1f}" in html
    assert results["measured_at"] in html
