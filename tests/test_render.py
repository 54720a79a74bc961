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


# ---------------------------------------------------------------- machine-independent data

def test_round_floats_keeps_significant_digits_and_leaves_the_rest():
    import numpy as np

    df = pd.DataFrame({"x": [1, 2, 3], "y": [0.14987185719557128, -123456.789123, np.nan],
                       "label": ["a", "b", "c"]})
    out = render.round_floats(df)
    assert out["x"].tolist() == [1, 2, 3] and out["label"].tolist() == ["a", "b", "c"]
    digits = render.SIGNIFICANT_DIGITS
    assert out["y"].iloc[0] == float(f"{0.14987185719557128:.{digits}g}")
    assert out["y"].iloc[1] == float(f"{-123456.789123:.{digits}g}")
    assert np.isnan(out["y"].iloc[2])
    assert df["y"].iloc[0] == 0.14987185719557128  # the caller's data are not changed
    assert render.round_floats({"values": [0.1234567891234]}) == {"values": [0.1234567891234]}
    with pytest.raises(ValueError, match="^digits"):
        render.round_floats(df, digits=0)
    with pytest.raises(TypeError, match="^digits"):
        render.round_floats(df, digits=2.5)


def test_a_last_bit_difference_does_not_change_a_chart():
    """Two machines whose SIMD loops differ in the last bits of a float draw the same chart."""
    import numpy as np

    rng = np.random.default_rng(3)
    y = rng.lognormal(size=2000)
    nudged = y.copy()
    for _ in range(8):  # eight ulps away, more than any difference seen between machines
        nudged = np.nextafter(nudged, np.inf)
    assert (nudged != y).all()

    def spec(values):
        df = pd.DataFrame({"i": np.arange(len(values)), "y": values})
        return alt.Chart(df).mark_line().encode(x="i", y="y").properties(
            title="t", description="d").to_dict()

    assert alt.data_transformers.active == render.TRANSFORMER_NAME
    assert spec(y) == spec(nudged)  # the values and the dataset's name (a hash of them)
    values = next(iter(spec(y)["datasets"].values()))
    assert [row["y"] for row in values] == pytest.approx(y, rel=10.0 ** (1 - render.SIGNIFICANT_DIGITS))
