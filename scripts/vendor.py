"""Vendor the browser libraries the book needs, so the built site works offline.

The built book must render with no internet, so the chart libraries (Vega,
Vega-Lite, Vega-Embed) and MathJax are copied into ``_vendor/`` and served from the
site itself.

- Charts: one bundle of Vega, Vega-Lite and Vega-Embed from
  ``vl_convert.javascript_bundle()`` (vl-convert-python, already installed; no npm),
  for the Vega-Lite version the installed Altair asks for
  (``altair.VEGALITE_VERSION``). The bundle sets ``window.vega``, ``window.vegaLite``
  and ``window.vegaEmbed``. As a classic script its top-level names would clash with
  globals of the Sphinx page (``_``), so it is wrapped in a function scope.
  ``_vendor/manifest.json`` records, for each library, the version Altair asks for
  and the one in the bundle; this script refuses a bundle that does not match, and
  ``_ext/offline_assets.py`` fails the build when Altair is upgraded without
  ``make vendor``.
- MathJax 3 (``tex-mml-chtml.js`` with its fonts and TeX extensions) from npm
  (``npm pack``): vl-convert does not carry it.

Run ``make vendor`` after upgrading Altair or vl-convert-python.
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
import vl_convert as vlc

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_vendor"
BUNDLE = "vega/vega-bundle.min.js"
MATHJAX_VERSION = "3.2.2"
# MathJax: the combined component plus the fonts and the TeX extensions it may load.
MATHJAX_KEEP = (
    "package/es5/tex-mml-chtml.js",
    "package/es5/output/chtml/fonts/woff-v2/",
    "package/es5/input/tex/extensions/",
    "package/LICENSE",
)


def satisfies(resolved: str, requested: str) -> bool:
    """True if ``resolved`` (e.g. 6.2.0) lies in the range Altair asks for (e.g. 6, 6.4.1)."""
    want = requested.lstrip("^~v").split(".")
    return resolved.split(".")[:len(want)] == want


def wanted() -> dict[str, str]:
    return {"vega": alt.VEGA_VERSION, "vega-lite": alt.VEGALITE_VERSION,
            "vega-embed": alt.VEGAEMBED_VERSION}


def chart_bundle() -> tuple[str, dict[str, str]]:
    """The wrapped bundle and the versions it holds."""
    vl_minor = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    if vl_minor not in vlc.get_vegalite_versions():
        raise SystemExit(f"vl-convert {vlc.__version__} has no Vega-Lite {vl_minor} "
                         f"(it has {vlc.get_vegalite_versions()}): upgrade vl-convert-python")
    code = vlc.javascript_bundle(vl_version=vl_minor)
    # vl-convert reports Vega-Lite by minor version only; the bundle states the full one.
    vegalite = alt.VEGALITE_VERSION if f'"{alt.VEGALITE_VERSION}"' in code else vl_minor
    resolved = {"vega": vlc.get_vega_version(), "vega-lite": vegalite,
                "vega-embed": vlc.get_vega_embed_version()}
    header = (f"/* Vega {resolved['vega']}, Vega-Lite {resolved['vega-lite']}, Vega-Embed "
              f"{resolved['vega-embed']}: bundled by vl-convert-python {vlc.__version__} "
              f"(BSD-3-Clause, see LICENSE-vega*). Wrapped in a function scope so that its "
              f"top-level names do not clash with the page's globals. */\n")
    return header + "(() => {\n" + code + "\n})();\n", resolved


def npm_pack(spec: str, dest: Path) -> tuple[Path, str]:
    """Download ``spec`` (``name@range``) with ``npm pack``; return tarball and version."""
    out = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
                         check=True, capture_output=True, text=True).stdout
    info = json.loads(out)[0]
    return dest / info["filename"], info["version"]


def main() -> int:
    code, resolved = chart_bundle()
    bad = [f"{name}: Altair asks for {want}, the bundle has {resolved[name]}"
           for name, want in wanted().items() if not satisfies(resolved[name], want)]
    if bad:
        print("vendor: the vl-convert bundle does not match Altair:\n  " + "\n  ".join(bad),
              file=sys.stderr)
        return 1
    vega_dir = VENDOR / "vega"
    vega_dir.mkdir(parents=True, exist_ok=True)
    for old in vega_dir.glob("*.js"):
        old.unlink()
    (VENDOR / BUNDLE).write_text(code, encoding="utf-8")
    manifest = {"charts": {name: {"requested": want, "resolved": resolved[name], "file": BUNDLE}
                           for name, want in wanted().items()},
                "bundled_by": f"vl-convert-python {vlc.__version__}"}
    for name, info in manifest["charts"].items():
        print(f"{name}@{info['requested']} -> {info['resolved']} ({BUNDLE})")

    with tempfile.TemporaryDirectory() as tmp:
        tarball, version = npm_pack(f"mathjax@{MATHJAX_VERSION}", Path(tmp))
        shutil.rmtree(VENDOR / "mathjax", ignore_errors=True)
        with tarfile.open(tarball) as tar:
            for m in tar.getmembers():
                if m.isfile() and m.name.startswith(MATHJAX_KEEP):
                    rel = m.name.removeprefix("package/").removeprefix("es5/")
                    target = VENDOR / "mathjax" / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(m).read())
    manifest["mathjax"] = {"requested": MATHJAX_VERSION, "resolved": version,
                           "file": "mathjax/tex-mml-chtml.js"}
    print(f"mathjax@{MATHJAX_VERSION} -> {version}")
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
