"""Serve the book's browser libraries from the site itself.

Altair's HTML output loads Vega, Vega-Lite and Vega-Embed from a CDN unless
``window.VEGA_DEBUG`` already records the versions it asks for. On every
page that contains an Altair chart this extension adds the vendored builds
from ``_vendor/vega`` and sets ``VEGA_DEBUG`` to those versions, so the page
makes no third-party request.

At start-up it compares the versions the installed Altair asks for with
``_vendor/manifest.json`` and emits a warning on any difference; the book is
built with ``-W``, so an Altair upgrade without ``make vendor`` fails the
build instead of silently loading from the internet.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "_vendor" / "manifest.json"
MARKER = "vegaEmbed"


def _wanted_versions() -> dict[str, str]:
    import altair as alt

    return {"vega": alt.VEGA_VERSION, "vega-lite": alt.VEGALITE_VERSION,
            "vega-embed": alt.VEGAEMBED_VERSION}


def check_manifest(app: Sphinx) -> None:
    """Warn when the vendored chart libraries are not the ones Altair asks for."""
    if not MANIFEST.exists():
        logger.warning("offline_assets: %s is missing; run `make vendor`", MANIFEST)
        app.config.offline_assets_charts = {}
        return
    manifest = json.loads(MANIFEST.read_text())
    charts = manifest["charts"]
    for name, wanted in _wanted_versions().items():
        have = charts.get(name, {}).get("requested")
        if have != wanted:
            logger.warning(
                "offline_assets: Altair asks for %s@%s but _vendor holds %s@%s; "
                "run `make vendor`", name, wanted, name, have)
        path = ROOT / "_vendor" / charts.get(name, {}).get("file", "missing")
        if not path.exists():
            logger.warning("offline_assets: vendored file %s is missing", path)
    mathjax = ROOT / "_vendor" / manifest["mathjax"]["file"]
    if not mathjax.exists():
        logger.warning("offline_assets: vendored MathJax %s is missing", mathjax)
    app.config.offline_assets_charts = charts


def add_chart_scripts(app: Sphinx, pagename: str, templatename: str,
                      context: dict, doctree) -> None:
    """Add the vendored chart libraries to pages that embed an Altair chart."""
    if MARKER not in context.get("body", ""):
        return
    charts = app.config.offline_assets_charts
    debug = {f"{name.replace('-', '')}_version": info["requested"]
             for name, info in charts.items()}
    app.add_js_file(None, body=f"window.VEGA_DEBUG = {json.dumps(debug)};", priority=200)
    for name in ("vega", "vega-lite", "vega-embed"):
        app.add_js_file(charts[name]["file"], priority=201)


def setup(app: Sphinx) -> dict:
    app.add_config_value("offline_assets_charts", {}, "html")
    app.connect("builder-inited", check_manifest)
    app.connect("html-page-context", add_chart_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
