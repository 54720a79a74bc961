"""The HTML fixes applied to every built page (_ext/a11y_fixes.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))

from a11y_fixes import fix_html  # noqa: E402

SEARCH = ('<button class="btn search-button-field search-button__button pst-js-only" title="Search" '
          'aria-label="Search" data-bs-placement="bottom">')
THEME = '<i class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light" title="Light"></i>'
CITATION = '<div class="citation" id="id37" role="doc-biblioentry">'


def test_search_button_takes_its_name_from_its_text():
    assert 'aria-label="Search"' not in fix_html(SEARCH)
    assert 'title="Search"' in fix_html(SEARCH)


def test_colour_mode_icons_are_decorative():
    out = fix_html(THEME)
    assert 'aria-hidden="true"' in out and "title=" not in out


def test_citations_are_list_items():
    assert fix_html(CITATION) == '<div class="citation" id="id37" role="listitem">'


def test_fixes_are_idempotent():
    page = SEARCH + THEME + CITATION
    assert fix_html(fix_html(page)) == fix_html(page)


def test_other_html_is_untouched():
    other = '<button aria-label="Search" class="x">Go</button><i class="fa" title="Light"></i>'
    assert fix_html(other) == other
