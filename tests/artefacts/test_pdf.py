"""The PDF edition (issue 8): built, complete, with every chart as an image.

Runs against the output of ``make pdf`` (``_build/latex/monoculture.pdf``), with the
marker ``build`` (``make pdf-test``, ``make artefacts``; ``make unit`` deselects it, so
it never judges a stale PDF). A missing PDF fails.
Needs poppler-utils (``pdfinfo``, ``pdftotext``, ``pdfimages``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "_build" / "latex" / "monoculture.pdf"
EXECUTED = ROOT / "_build" / "jupyter_execute"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
pytestmark = pytest.mark.build


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install poppler-utils")
    return path


def _chapters() -> list[Path]:
    """The chapters, found by their path (book/chNN-...), not by a caption of _toc.yml."""
    files = [c["file"] for part in TOC["parts"] for c in part["chapters"]
             if re.fullmatch(r"book/ch\d+-[\w-]+", c["file"])]
    return [ROOT / f"{f}.md" for f in files]


def _title(source: Path) -> str:
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{source} has no '# ' title")


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\ufb01", "fi").replace("\ufb02", "fl")
    return re.sub(r"\s+", " ", text).lower()


@pytest.fixture(scope="module")
def text() -> str:
    assert PDF.exists(), f"{PDF} was not built: run `make pdf`"
    return _norm(subprocess.run([_tool("pdftotext"), "-layout", str(PDF), "-"],
                                capture_output=True, text=True, check=True).stdout)


HIDDEN_OUTPUT_TAGS = {"remove-cell", "remove-output"}


def _chart_outputs():
    """(page, cell tags) of every chart output in the executed pages (vega-embed HTML)."""
    for nb in EXECUTED.rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            for out in cell.get("outputs", []):
                if "vegaEmbed" in "".join(out.get("data", {}).get("text/html", "")):
                    yield nb.relative_to(EXECUTED), set(cell.get("metadata", {}).get("tags", []))


def _chart_count() -> int:
    """Charts the pages show: chart outputs of cells whose output is not removed."""
    return sum(1 for _, tags in _chart_outputs() if not tags & HIDDEN_OUTPUT_TAGS)


def test_no_chart_is_computed_and_then_hidden():
    """A chart in a cell whose output the page removes is drawn for nobody."""
    hidden = [str(page) for page, tags in _chart_outputs() if tags & HIDDEN_OUTPUT_TAGS]
    assert hidden == [], f"chart outputs in removed cells: {hidden}"


def test_pdf_has_pages():
    info = subprocess.run([_tool("pdfinfo"), str(PDF)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    print(f"PDF pages: {pages}")
    assert pages >= 1 + len(_chapters())


@pytest.mark.parametrize("chapter", _chapters(), ids=lambda p: p.stem)
def test_every_chapter_is_in_the_pdf(chapter, text):
    assert _norm(_title(chapter)) in text, f"chapter title {_title(chapter)!r} not in the PDF"


def test_bibliography_is_in_the_pdf(text):
    # Every reference list ends up in the PDF: the cited works' titles appear.
    assert "hill" in text and "diversity and evenness" in text


def test_maths_is_typeset_not_left_as_tex(text):
    assert "\\frac" not in text and "$$" not in text


def test_every_chart_is_an_image():
    charts = _chart_count()
    listing = subprocess.run([_tool("pdfimages"), "-list", str(PDF)], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    images = sum(1 for row in listing if row.split()[2] == "image")
    print(f"charts in the executed pages: {charts}; images embedded in the PDF: {images}")
    assert charts > 0
    assert images >= charts
