"""Accessibility fixes for the built pages, found by the browser audit.

``scripts/browser_check.mjs`` runs axe-core on every page. With the stock
Jupyter Book theme it reported these serious or critical violations, which
this extension removes:

- ``label-content-name-mismatch``: the search buttons are labelled "Search"
  although they show "Search Ctrl+K"; the colour-mode button is labelled
  "Color mode" while its icons carry the titles "Light", "Dark" and
  "System Settings". The search button's ``aria-label`` is dropped (its name
  then comes from its text); the colour-mode icons lose their titles and are
  hidden from assistive technology (the button keeps its label and tooltip).
- ``aria-required-children``: docutils writes citation lists as
  ``role="list"`` holding ``role="doc-biblioentry"`` items, a role ARIA 1.2
  deprecates; they become ``role="listitem"``.
- ``color-contrast``: two theme colours (see ``a11y_static/a11y.css``).

It also removes the two moderate and minor findings that remained on every
page:

- ``region``: the primary sidebar holds the book's title link outside any
  landmark; the sidebar becomes a labelled navigation region
  (``role="navigation"``, the table of contents inside it stays its own
  ``<nav>``).
- ``empty-table-header``: pandas writes a table with a named index as two
  header rows, the column names beside an empty corner and the index name
  above empty cells, and an unnamed index as an empty corner. The two rows
  are merged into one (index name in the corner; "rows / columns" when the
  columns are named too), and an empty corner header cell becomes an ordinary
  empty cell.

Where the theme offers a template for the markup, the fix is a template override
in ``a11y_templates/`` (searched before the theme's own templates): the search
field button and the colour-mode button. A theme upgrade then cannot silently undo
them; the browser audit shows when an override needs updating. The other fixes
concern markup no template holds (the sidebar wrapper is written inline by the
theme's ``layout.html``, citations by docutils' HTML writer, table headers by
pandas inside the executed outputs), so they stay as small rewrites of the
written files when the build finishes (idempotent, so they also hold for pages a
reader sees without JavaScript).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent / "a11y_static"

TEMPLATES = Path(__file__).resolve().parent / "a11y_templates"

_FIXES: list[tuple[re.Pattern[str], str]] = [
    # Citation entries inside role="list".
    (re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry"'), r'\1 role="listitem"'),
    # The primary sidebar (book title, search, table of contents) as a landmark.
    (re.compile(r'<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'),
     '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="navigation" '
     'aria-label="Book">'),
]

_DATAFRAME_HEAD = re.compile(r'(<table[^>]*class="dataframe[^"]*"[^>]*>\s*<thead>)(.*?)(</thead>)', re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_EMPTY_TH = re.compile(r"<th(?: [^>]*)?>(?:\s|&nbsp;)*</th>")


def _fix_dataframe_head(match: re.Match[str]) -> str:
    start, head, end = match.groups()
    rows = _ROW.findall(head)
    if len(rows) == 2:
        top, below = (_CELL.findall(r) for r in rows)
        names = list(itertools.takewhile(str.strip, below))
        k = len(names)
        if len(top) == len(below) > k >= 1 and not any(c.strip() for c in below[k:]):
            first = _ROW.search(head)
            merged = first.group(0)
            if not any(c.strip() for c in top[:k]):
                # A named index (of k levels): one header row, the level names in
                # the corner.
                for name in names:
                    merged = _EMPTY_TH.sub(lambda _m, n=name: f"<th>{n}</th>", merged, count=1)
                head = head[:first.start()] + merged + "\n  "
            elif k == 1:
                # Named rows and named columns: the corner names both ("rows / columns").
                merged = _CELL.sub(lambda m: f"<th>{names[0]} / {m.group(1)}</th>", merged, count=1)
                head = head[:first.start()] + merged + "\n  "
    # An empty corner over an unnamed index: a plain empty cell.
    head = re.sub(r"(<tr[^>]*>\s*)" + _EMPTY_TH.pattern, r"\1<td></td>", head)
    return start + head + end


def fix_html(text: str) -> str:
    """Apply the accessibility fixes to one HTML page."""
    for pattern, repl in _FIXES:
        text = pattern.sub(repl, text)
    return _DATAFRAME_HEAD.sub(_fix_dataframe_head, text)


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("a11y.css")


def _fix_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix_html(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _add_templates(app: Sphinx, config) -> None:
    # Before the theme's component templates (pydata-sphinx-theme appends its own).
    config.templates_path.insert(0, str(TEMPLATES))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_static)
    app.connect("build-finished", _fix_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
