"""Tests for monoculture.render: the accessibility gate, the static image and the renderer."""

from __future__ import annotations

import base64

import altair as alt
import pandas as pd
import pytest

from conftest import sim_chart as _sim_chart
from monoculture import render

pytestmark = pytest.mark.usefixtures("book_theme")


def test_static_image(sim_df):
    chart = _sim_chart(sim_df)
    png = render.static_image(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = render.static_image(chart, fmt="svg")
    assert svg.lstrip().startswith(b"<svg") and b"Heterozygosity" in svg
    with pytest.raises(ValueError, match="^fmt"):
        render.static_image(chart, fmt="gif")
    with pytest.raises(ValueError, match="^scale"):
        render.static_image(chart, scale=0)


def test_renderer_bundle(sim_df):
    assert alt.renderers.active == "monoculture"
    bundle = _sim_chart(sim_df)._repr_mimebundle_()
    html = bundle["text/html"]
    assert "vegaEmbed" in html
    assert '"renderer": "svg"' in html and '"actions": false' in html
    assert isinstance(bundle["image/png"], str)  # nbformat wants base64 text
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "Simulation agrees with 1/N." in bundle["text/plain"]


def test_renderer_refuses_inaccessible_chart():
    bare = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a")
    with pytest.raises(ValueError, match="title and description"):
        bare._repr_mimebundle_()


def test_renderer_respects_user_embed_options(sim_df):
    alt.renderers.enable("monoculture", embed_options={"actions": True})
    html = _sim_chart(sim_df)._repr_mimebundle_()["text/html"]
    assert '"renderer": "svg"' in html and '"actions": true' in html
