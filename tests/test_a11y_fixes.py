"""The HTML fixes applied to every built page (_ext/a11y_fixes.py)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import jinja2

from _ext.a11y_fixes import TEMPLATES, fix_html

CITATION = '<div class="citation" id="id37" role="doc-biblioentry">'


def _render(name: str) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES))
    return env.get_template(name).render(_=lambda s: s)


def test_search_button_takes_its_name_from_its_text():
    html = _render("search-button-field.html")
    assert "search-button__button" in html
    assert "aria-label" not in html and 'title="Search"' in html
    assert ">Search</span>" in html


def test_colour_mode_icons_are_decorative():
    html = _render("theme-switcher.html")
    icons = re.findall(r"<i class=\"theme-switch[^>]*>", html)
    assert len(icons) == 3
    assert all('aria-hidden="true"' in i and "title=" not in i for i in icons)
    assert 'aria-label="Color mode"' in html


def test_citations_are_list_items():
    assert fix_html(CITATION) == '<div class="citation" id="id37" role="listitem">'


def test_fixes_are_idempotent():
    page = CITATION
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


def test_named_rows_and_named_columns_share_the_corner():
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]},
                      index=pd.Index(["x", "y"], name="model"))
    df.columns.name = "sampling"
    raw = df.to_html()
    out = fix_html(raw)
    assert _empty_headers(out) == 0 and fix_html(out) == out
    head = _head(out)
    assert head.count("<tr") == 1
    assert re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", head) == ["model / sampling", "a", "b"]
