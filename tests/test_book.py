"""Checks of the book's sources that need no build: configuration, labs, vendored assets."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import altair as alt
import pytest
import yaml

from conftest import LABS, ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
REPO_URL = CONFIG["repository"]["url"]


def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        if "file" in node:
            files.append(node["file"])
        for value in node.values():
            files += _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            files += _toc_files(item)
    return files


def _lab(path: Path) -> dict:
    return json.loads(path.read_text())


def test_there_is_at_least_one_lab():
    assert LABS, "notebooks/ holds no lab"


def test_every_page_and_lab_is_in_the_toc():
    listed = set(_toc_files(TOC)) | {TOC["root"]}
    sources = {str(p.relative_to(ROOT).with_suffix(""))
               for p in list((ROOT / "book").rglob("*.md")) + LABS}
    assert sources - listed == set(), "pages missing from _toc.yml"
    assert listed - sources == set(), "_toc.yml lists pages that do not exist"


# Files that must state the URL themselves; tests/test_release.py checks them against _config.yml.
URL_MIRRORS = {"_config.yml", "CITATION.cff", "CHANGELOG.md", "pyproject.toml"}


def test_repository_url_lives_only_in_config():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    holders = [name for name in tracked
               if not name.startswith(("notebooks/", "assignments/", "_vendor/")) and name not in URL_MIRRORS
               and (ROOT / name).is_file()
               and REPO_URL.split("//")[1] in (ROOT / name).read_text(errors="ignore")]
    assert holders == [], f"the repository URL is repeated outside _config.yml: {holders}"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_setup_cell_installs_from_the_configured_repository(lab):
    cells = [c for c in _lab(lab)["cells"] if c["cell_type"] == "code"]
    setup = "".join(cells[0]["source"])
    assert "monoculture" in setup
    urls = re.findall(r"git\+(\S+?)[\"'\s]", setup)
    # Pinned to a release tag ("@v..."; tests/test_release.py checks which one).
    assert urls and all(u.partition("@")[0].rstrip("/") == REPO_URL.rstrip("/") for u in urls), urls


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_header_follows_the_template(lab):
    first = _lab(lab)["cells"][0]
    text = "".join(first["source"])
    assert first["cell_type"] == "markdown" and text.startswith("# ")
    assert re.search(r"\]\(\.\./book/[\w-]+\.md\)", text), "no link to the chapter"
    for word in ("Objectives", "Time", "How to run"):
        assert word in text, f"the header lacks {word!r}"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_outputs_are_committed_and_charts_are_accessible(lab):
    nb = _lab(lab)
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert all(c["execution_count"] is not None for c in code), "unexecuted cells"
    assert not any(o["output_type"] == "error" for c in code for o in c["outputs"])
    charts = 0
    for cell in code:
        for out in cell["outputs"]:
            html = "".join(out.get("data", {}).get("text/html", ""))
            if "vegaEmbed" not in html:
                continue
            charts += 1
            assert "image/png" in out["data"], "chart without a static image"
            spec, _ = json.JSONDecoder().raw_decode(html, html.index("})(") + 3)
            assert spec.get("title") and spec.get("description"), "chart lacks title/description"
    if "alt.Chart" in json.dumps(nb):
        assert charts > 0, "lab builds charts but stores none"


def test_vendored_chart_libraries_match_altair():
    manifest = json.loads((ROOT / "_vendor" / "manifest.json").read_text())
    wanted = {"vega": alt.VEGA_VERSION, "vega-lite": alt.VEGALITE_VERSION,
              "vega-embed": alt.VEGAEMBED_VERSION}
    for name, version in wanted.items():
        assert manifest["charts"][name]["requested"] == version
        assert (ROOT / "_vendor" / manifest["charts"][name]["file"]).stat().st_size > 10_000
    assert (ROOT / "_vendor" / manifest["mathjax"]["file"]).exists()


def test_requirements_are_pinned_and_install_the_package():
    lines = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert "-e ." in lines
    loose = [ln for ln in lines if ln != "-e ." and "==" not in ln]
    assert loose == []
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def test_strict_execution_is_configured():
    # Chapters execute once into a jupyter-cache; labs render their stored outputs,
    # which nbval proves equal to a fresh run.
    execute = CONFIG["execute"]
    assert execute["execute_notebooks"] == "cache"
    assert execute["raise_on_error"] is True and execute["allow_errors"] is False
    assert execute["exclude_patterns"] == ["notebooks/*"]
