"""The HTML fixes applied to every built page (_ext/a11y_fixes.py)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from _ext.a11y_fixes import fix_html

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


SIDEBAR = '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'


def test_primary_sidebar_is_a_labelled_landmark():
    out = fix_html(SIDEBAR)
    assert 'role="navigation"' in out and 'aria-label="Book"' in out
    assert fix_html(out) == out


def _head(html: str) -> str:
    return html[html.index("<thead>"):html.index("</thead>")]


def _empty_headers(html: str) -> int:
    return len(re.findall(r"<th[^>]*>\s*</th>", _head(html)))


@pytest.mark.parametrize("index", [
    pd.Index(["x", "y"], name="method"),
    pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["loop", "round"]),
    pd.RangeIndex(2),
])
def test_dataframe_headers_are_never_empty(index):
    df = pd.DataFrame({"share": [0.1, 0.2], "SE": [0.01, 0.02]}, index=index)
    raw = df.to_html()
    assert _empty_headers(raw) > 0  # what pandas writes
    out = fix_html(raw)
    assert _empty_headers(out) == 0 and fix_html(out) == out
    head = _head(out)
    assert head.count("<tr") == 1  # one header row
    names = [n for n in index.names if n is not None]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", head)
    assert cells == (names or [""]) + ["share", "SE"]
    # The body, with the index values as row headers, is untouched.
    assert out[out.index("<tbody>"):] == raw[raw.index("<tbody>"):]
