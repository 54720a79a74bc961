"""Vendor the browser libraries the book needs, from the npm registry.

The built book must render with no internet, so the chart libraries (Vega,
Vega-Lite, Vega-Embed) and MathJax are copied into ``_vendor/`` and served
from the site itself. The chart versions are the ones the installed Altair
asks for (``altair.VEGA_VERSION`` and friends); ``_vendor/manifest.json``
records both the requested and the resolved versions, and the Sphinx
extension ``_ext/offline_assets.py`` fails the build when they drift apart.

Run ``make vendor`` (needs npm) after upgrading Altair.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import altair as alt

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_vendor"
MATHJAX_VERSION = "3.2.2"

# npm package -> (version Altair asks for, file inside the tarball to copy)
CHARTS = {
    "vega": (alt.VEGA_VERSION, "package/build/vega.min.js"),
    "vega-lite": (alt.VEGALITE_VERSION, "package/build/vega-lite.min.js"),
    "vega-embed": (alt.VEGAEMBED_VERSION, "package/build/vega-embed.min.js"),
}
# MathJax: the combined component plus the fonts and the TeX extensions it
# may load on demand.
MATHJAX_KEEP = (
    "package/es5/tex-mml-chtml.js",
    "package/es5/output/chtml/fonts/woff-v2/",
    "package/es5/input/tex/extensions/",
    "package/LICENSE",
)


def npm_pack(spec: str, dest: Path) -> tuple[Path, str]:
    """Download ``spec`` (``name@range``) with ``npm pack``; return tarball and version."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
        check=True, capture_output=True, text=True,
    ).stdout
    info = json.loads(out)[0]
    return dest / info["filename"], info["version"]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        (VENDOR / "vega").mkdir(parents=True)
        manifest = {"charts": {}, "mathjax": {}}
        for name, (wanted, member) in CHARTS.items():
            tarball, resolved = npm_pack(f"{name}@{wanted}", tmpdir)
            with tarfile.open(tarball) as tar:
                data = tar.extractfile(member).read()
                licence = tar.extractfile("package/LICENSE").read()
            (VENDOR / "vega" / Path(member).name).write_bytes(data)
            (VENDOR / "vega" / f"LICENSE-{name}").write_bytes(licence)
            manifest["charts"][name] = {"requested": wanted, "resolved": resolved,
                                        "file": f"vega/{Path(member).name}"}
            print(f"{name}@{wanted} -> {resolved}")
        tarball, resolved = npm_pack(f"mathjax@{MATHJAX_VERSION}", tmpdir)
        with tarfile.open(tarball) as tar:
            for m in tar.getmembers():
                if m.isfile() and m.name.startswith(MATHJAX_KEEP):
                    rel = m.name.removeprefix("package/").removeprefix("es5/")
                    target = VENDOR / "mathjax" / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(m).read())
        manifest["mathjax"] = {"requested": MATHJAX_VERSION, "resolved": resolved,
                               "file": "mathjax/tex-mml-chtml.js"}
        print(f"mathjax@{MATHJAX_VERSION} -> {resolved}")
        (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
