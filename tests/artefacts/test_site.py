"""Checks of the built site that need no browser (issue 8).

Runs against ``_build/html`` (marker ``build``: ``make site``, ``make artefacts``;
``make unit`` deselects it, so it never judges a stale build).

- Downloads: every lab page offers its ``.ipynb`` and every chapter page its
  source, and the files are in the site.
- The PDF edition is linked from the home page and present (``make pdf``).
- The status page shows the checks of ``make measure`` for every executed source.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"

pytestmark = pytest.mark.build

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
    assert target.exists() and target.stat().st_size > 10_000, "run `make pdf` after `make book`"
    # The link never dangles: its paragraph is hidden unless the PDF is in the site.
    shown = '<p class="pdf-edition">' in page.read_text(encoding="utf-8")
    assert shown == target.exists()


def test_footer_names_the_version():
    from monoculture._version import __version__
    html = (SITE / "book" / "index.html").read_text(encoding="utf-8")
    assert f"Version {__version__} of Monoculture, built on " in html


def test_status_page_shows_the_checks_of_every_executed_source():
    checks = ROOT / "_build" / "checks.json"
    assert checks.exists(), "run `make measure` and `make status` after the build"
    html = (SITE / "book" / "status.html").read_text(encoding="utf-8")
    results = json.loads(checks.read_text())
    assert results["pages"]
    for row in results["pages"]:
        assert row["source"] in html, f"{row['source']} missing from the status page"
        assert f"{row['page_mb']:.3f}" in html
    assert results["measured_at"] in html


def test_grading_page_shows_the_kit_timings_of_this_run():
    """`make status` re-renders the grading page after `make kit-test` has run."""
    timings = ROOT / "_build" / "kit-timings.json"
    assert timings.exists(), "run `make kit-test`, then `make status`, after the build"
    html = (SITE / "book" / "instructor" / "grading.html").read_text(encoding="utf-8")
    data = json.loads(timings.read_text())
    assert data["grading"]
    assert f"building the kit took {data['build_seconds']:.0f} s" in " ".join(html.split())
    for row in data["grading"]:
        assert f"<td><p>{row['seconds']:.1f}</p></td>" in html or f"<td>{row['seconds']:.1f}</td>" in html


def test_status_page_shows_the_budgets_of_the_benchmark():
    html = (SITE / "book" / "status.html").read_text(encoding="utf-8")
    for name in ("make test on a clean clone", "executions of each chapter per make test",
                 "make book after editing one paragraph"):
        assert name in html or "No benchmark has been run" in html


def test_theme_template_overrides_are_in_effect():
    # _ext/a11y_templates replaces two theme components; a theme upgrade that stops
    # using them must fail here, not silently bring the accessibility defects back.
    html = (SITE / "book" / "index.html").read_text(encoding="utf-8")
    field = re.search(r'<button class="[^"]*search-button-field[^"]*"[^>]*>', html)
    assert field and "aria-label" not in field.group(0)
    icons = re.findall(r'<i class="theme-switch[^"]*"[^>]*>', html)
    assert icons and all('aria-hidden="true"' in i and "title=" not in i for i in icons)
