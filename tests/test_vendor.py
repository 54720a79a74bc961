"""The vendored chart bundle (``make vendor``, ``scripts/vendor.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pytest

from scripts import vendor

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "_vendor" / "manifest.json").read_text())


@pytest.mark.parametrize("resolved, requested, ok", [
    ("6.2.0", "6", True), ("6.4.1", "6.4.1", True), ("6.4.0", "6.4.1", False),
    ("7.0.2", "7", True), ("5.21.0", "6", False), ("6.4.1", "v6.4", True),
])
def test_satisfies(resolved, requested, ok):
    assert vendor.satisfies(resolved, requested) is ok


def test_vendored_versions_are_the_ones_altair_asks_for():
    wanted = {"vega": alt.VEGA_VERSION, "vega-lite": alt.VEGALITE_VERSION,
              "vega-embed": alt.VEGAEMBED_VERSION}
    for name, version in wanted.items():
        entry = MANIFEST["charts"][name]
        assert entry["requested"] == version
        assert vendor.satisfies(entry["resolved"], version)


def test_bundle_is_wrapped_in_a_function_scope():
    # As a classic script, the bundle's top-level names (`_` among them) would
    # replace the page's globals.
    files = {entry["file"] for entry in MANIFEST["charts"].values()}
    for file in files:
        code = (ROOT / "_vendor" / file).read_text(encoding="utf-8")
        body = code[code.index("*/") + 2:].strip()
        assert body.startswith("(() => {") and body.endswith("})();")
        assert "window.vegaEmbed" in body
