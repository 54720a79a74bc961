"""``_ext/edition.py`` in a real Sphinx build with the book's theme (issue 16).

A two-page project in a temporary directory, built with sphinx-book-theme and
MyST like the book (no execution): the footer names the version of
``monoculture/_version.py`` and the build date, and the home page's PDF
paragraph is hidden without a PDF and shown once ``publish-pdf`` put one in
the site.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.application import Sphinx

from monoculture._version import __version__

ROOT = Path(__file__).resolve().parents[1]

CONF = '''
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_parser", "edition"]
html_theme = "sphinx_book_theme"
html_theme_options = {{"extra_footer": "<p>Licence line.</p>"}}
root_doc = "book/index"
'''


def _build(tmp: Path) -> Path:
    src = tmp / "src"
    (src / "book").mkdir(parents=True)
    (src / "conf.py").write_text(CONF.format(ext=str(ROOT / "_ext")))
    (src / "monoculture").mkdir()
    shutil.copy(ROOT / "monoculture" / "_version.py", src / "monoculture" / "_version.py")
    index = (ROOT / "book" / "index.md").read_text()
    start = index.index('<p class="pdf-edition"')
    paragraph = index[start:index.index("</p>", start) + 4]
    (src / "book" / "index.md").write_text(f"# Home\n\n{paragraph}\n")
    out = tmp / "_build" / "html"
    app = Sphinx(str(src), str(src), str(out), str(tmp / "_build" / ".doctrees"), "html",
                 status=None, warning=sys.stderr, freshenv=True, warningiserror=True)
    app.build()
    return out


def test_footer_and_pdf_link_in_a_real_build(tmp_path):
    site = _build(tmp_path)
    html = (site / "book" / "index.html").read_text(encoding="utf-8")
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert "<p>Licence line.</p>" in html
    assert f"Version {__version__} of Monoculture, built on {today}." in html
    assert '<p class="pdf-edition" hidden>' in html, "no PDF in the site: the link must be hidden"

    pdf = tmp_path / "monoculture.pdf"
    pdf.write_bytes(b"%PDF-1.5\n" + b"0" * 20_000)
    subprocess.run([sys.executable, str(ROOT / "_ext" / "edition.py"), "publish-pdf", str(pdf), str(site)],
                   check=True, capture_output=True)
    html = (site / "book" / "index.html").read_text(encoding="utf-8")
    assert (site / "monoculture.pdf").read_bytes() == pdf.read_bytes()
    assert '<p class="pdf-edition">' in html and 'href="../monoculture.pdf"' in html
