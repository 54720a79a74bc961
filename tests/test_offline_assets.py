"""The Sphinx extension that serves charts offline and checks their accessibility."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import altair as alt
import pandas as pd
import pytest

from _ext import offline_assets
from conftest import ROOT
from monoculture import figures



def _fake_app():
    return SimpleNamespace(config=SimpleNamespace(offline_assets_charts={}))


def _warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_matching_manifest_gives_no_warning(caplog):
    caplog.set_level(logging.WARNING)
    app = _fake_app()
    offline_assets.check_manifest(app)
    assert _warnings(caplog) == []
    assert set(app.config.offline_assets_charts) == {"vega", "vega-lite", "vega-embed"}


def test_version_drift_is_a_warning(tmp_path, monkeypatch, caplog):
    manifest = json.loads((ROOT / "_vendor" / "manifest.json").read_text())
    manifest["charts"]["vega-lite"]["requested"] = "0.0.1"
    fake = tmp_path / "manifest.json"
    fake.write_text(json.dumps(manifest))
    monkeypatch.setattr(offline_assets, "MANIFEST", fake)
    # A Sphinx app built earlier in the session (strict, -W) leaves its handlers on the
    # "sphinx" logger; start from a plain logger so the warning reaches caplog.
    sphinx_logger = logging.getLogger("sphinx")
    monkeypatch.setattr(sphinx_logger, "handlers", [])
    monkeypatch.setattr(sphinx_logger, "filters", [])
    monkeypatch.setattr(sphinx_logger, "propagate", True)
    caplog.set_level(logging.WARNING)
    offline_assets.check_manifest(_fake_app())
    messages = _warnings(caplog)
    assert any(f"vega-lite@{alt.VEGALITE_VERSION}" in m and "0.0.1" in m for m in messages)


def _page_body(chart) -> str:
    return alt.renderers.get()(chart.to_dict())["text/html"]


def test_chart_specs_are_read_from_altair_output():
    chart = figures.finalize(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x"),
                            title="A title", description="A description")
    specs = offline_assets.chart_specs("<p>text</p>" + _page_body(chart) * 2)
    assert len(specs) == 2
    assert all(offline_assets._has_text(s["title"]) and s["description"] for s in specs)


@pytest.mark.parametrize("title, description, ok", [
    ({"text": "T", "subtitle": "s"}, "d", True),
    ("T", "", False),
    ("", "d", False),
    (None, "d", False),
])
def test_has_text(title, description, ok):
    assert (offline_assets._has_text(title) and offline_assets._has_text(description)) is ok
