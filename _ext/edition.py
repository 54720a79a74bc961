"""Which edition a reader holds: version and build date, and the PDF link (issue 16).

A local Sphinx extension (registered in ``_config.yml``):

- Footer: appends "Monoculture X.Y.Z, built YYYY-MM-DD" to the theme's
  ``extra_footer``, with the version from ``monoculture._version`` (the one
  place it is written) and the build date (UTC today, or ``SOURCE_DATE_EPOCH``
  for a reproducible build). It also sets Sphinx's ``version`` and ``release``,
  so the PDF's title page names the version too.
- PDF link: the home page holds its "download the PDF" paragraph as
  ``<p class="pdf-edition" hidden>``. After every HTML build the paragraph is
  shown if and only if ``monoculture.pdf`` is in the site, so the link never
  points to a missing file. A PDF that ``make pdf`` left in ``_build/latex`` is
  copied into the site first. ``make pdf`` itself publishes the new PDF with
  ``python _ext/edition.py publish-pdf PDF SITE_DIR``, which copies it and shows
  the link.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import sys
from pathlib import Path

PDF_NAME = "monoculture.pdf"
HOME_PAGE = Path("book") / "index.html"
_PDF_PARAGRAPH = re.compile(r'<p class="pdf-edition"(?: hidden)?>')


def package_version(root: Path) -> str:
    """The version written in ``monoculture/_version.py`` under ``root``.

    Falls back to the installed package where ``root`` holds no copy of it.
    """
    source = root / "monoculture" / "_version.py"
    if not source.is_file():
        from monoculture._version import __version__
        return __version__
    namespace: dict[str, str] = {}
    exec(source.read_text(), namespace)  # noqa: S102 - our own one-line file
    return namespace["__version__"]


def build_date(environ=os.environ) -> dt.date:
    """UTC date of the build; ``SOURCE_DATE_EPOCH`` (seconds) overrides it."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def footer_html(version: str, date: dt.date) -> str:
    """The footer line naming the edition."""
    return (f'<p class="edition">Version {html.escape(version)} of Monoculture, '
            f"built on {date.isoformat()}.</p>")


def show_pdf_link(site: Path) -> bool:
    """Show the home page's PDF paragraph if the PDF is in ``site``, else hide it.

    Returns whether it is shown. A missing home page is left alone.
    """
    present = (site / PDF_NAME).is_file()
    page = site / HOME_PAGE
    if page.is_file():
        text = page.read_text(encoding="utf-8")
        tag = '<p class="pdf-edition">' if present else '<p class="pdf-edition" hidden>'
        new = _PDF_PARAGRAPH.sub(tag, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return present


def publish_pdf(pdf: Path, site: Path) -> None:
    """Copy ``pdf`` into ``site`` and show the home page's link to it."""
    if not pdf.is_file():
        raise FileNotFoundError(f"no PDF at {pdf}")
    site.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, site / PDF_NAME)
    show_pdf_link(site)


# ------------------------------------------------------------------ Sphinx

def _config_inited(app, config) -> None:
    version = package_version(Path(app.confdir))
    config.version = config.release = version
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (options.get("extra_footer") or "") + footer_html(version, build_date())
    config.html_theme_options = options


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    made = site.parent / "latex" / PDF_NAME
    if made.is_file() and not (site / PDF_NAME).is_file():
        shutil.copyfile(made, site / PDF_NAME)
    show_pdf_link(site)


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("build-finished", _build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "publish-pdf":
        sys.exit("usage: python _ext/edition.py publish-pdf PDF SITE_DIR")
    publish_pdf(Path(sys.argv[2]), Path(sys.argv[3]))
    print(f"PDF published: {Path(sys.argv[3]) / PDF_NAME}")
