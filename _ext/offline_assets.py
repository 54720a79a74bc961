"""Serve the book's browser libraries from the site itself.

Altair's HTML output loads Vega, Vega-Lite and Vega-Embed from a CDN unless
``window.VEGA_DEBUG`` already records the versions it asks for. On every
page that contains an Altair chart this extension adds the vendored bundle
from ``_vendor/vega`` (made by ``make vendor`` from vl-convert) and sets
``VEGA_DEBUG`` to those versions, so the page makes no third-party request.

It also reads every chart's Vega-Lite specification from the page and warns
when one lacks a title or a text description for screen readers, and it
hides the Colab launch link on pages that are not notebooks (Colab opens only
``.ipynb`` files).

At start-up it compares the versions the installed Altair asks for with
``_vendor/manifest.json`` (both the version asked for and the one vendored) and
emits a warning on any difference; the book is built with ``-W``, so an Altair
upgrade without ``make vendor`` fails the build instead of silently loading from
the internet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "_vendor" / "manifest.json"
MARKER = "vegaEmbed"
HIDE_COLAB_JS = ("document.addEventListener('DOMContentLoaded', () => "
                 "document.querySelectorAll('.dropdown-launch-buttons a[href*=\"colab\"]')"
                 ".forEach(a => (a.closest('li') || a).remove()));")
SPEC_START = re.compile(r"\}\)\(")  # Altair's loader ends with `})(SPEC, EMBED_OPTIONS);`


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
        resolved = str(charts.get(name, {}).get("resolved", ""))
        if have != wanted or resolved.split(".")[:len(wanted.split("."))] != wanted.split("."):
            logger.warning(
                "offline_assets: Altair asks for %s@%s but _vendor holds %s@%s (%s); "
                "run `make vendor`", name, wanted, name, have, resolved)
        path = ROOT / "_vendor" / charts.get(name, {}).get("file", "missing")
        if not path.exists():
            logger.warning("offline_assets: vendored file %s is missing", path)
    mathjax = ROOT / "_vendor" / manifest["mathjax"]["file"]
    if not mathjax.exists():
        logger.warning("offline_assets: vendored MathJax %s is missing", mathjax)
    app.config.offline_assets_charts = charts


def chart_specs(body: str) -> list[dict]:
    """The Vega-Lite specifications of the Altair charts embedded in a page body."""
    decoder = json.JSONDecoder()
    specs = []
    for match in SPEC_START.finditer(body):
        try:
            spec, _ = decoder.raw_decode(body, match.end())
        except json.JSONDecodeError:
            continue
        if isinstance(spec, dict) and "$schema" in spec:
            specs.append(spec)
    return specs


def _has_text(value) -> bool:
    if isinstance(value, dict):
        value = value.get("text")
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return isinstance(value, str) and value.strip() != ""


def dedupe_scripts(app: Sphinx, pagename: str, templatename: str,
                   context: dict, doctree) -> None:
    """Drop repeated script tags.

    sphinx-thebe registers its configuration script both with the registry and
    with the builder, so every page declared ``const THEBE_JS_URL`` twice and
    the browser raised "Identifier has already been declared".
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for script in scripts:
        attributes = tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items()))
        key = (getattr(script, "filename", script) or "", attributes)  # None and "" alike
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def add_chart_scripts(app: Sphinx, pagename: str, templatename: str,
                      context: dict, doctree) -> None:
    """Add the vendored chart libraries to pages that embed an Altair chart."""
    if pagename in app.env.found_docs and Path(app.env.doc2path(pagename)).suffix != ".ipynb":
        app.add_js_file(None, body=HIDE_COLAB_JS)
    body = context.get("body", "")
    if MARKER not in body:
        return
    for index, spec in enumerate(chart_specs(body), start=1):
        if not _has_text(spec.get("title")) or not _has_text(spec.get("description")):
            logger.warning("offline_assets: chart %d on page %s lacks a title or a "
                           "description for screen readers", index, pagename)
    charts = app.config.offline_assets_charts
    debug = {f"{name.replace('-', '')}_version": info["requested"]
             for name, info in charts.items()}
    app.add_js_file(None, body=f"window.VEGA_DEBUG = {json.dumps(debug)};", priority=200)
    # One bundle holds all three libraries: add each vendored file once.
    for file in dict.fromkeys(charts[name]["file"] for name in ("vega", "vega-lite", "vega-embed")):
        app.add_js_file(file, priority=201)


def setup(app: Sphinx) -> dict:
    app.add_config_value("offline_assets_charts", {}, "html")
    app.connect("builder-inited", check_manifest)
    app.connect("html-page-context", add_chart_scripts)
    app.connect("html-page-context", dedupe_scripts, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
