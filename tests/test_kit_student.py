"""The labs' student notebooks and how the student edition shows them (fast, ``make unit``).

- ``notebooks/student/<lab>.ipynb`` exists for every lab source, has no solution,
  has a ``grader.check`` cell for each auto-graded question, and carries the public
  tests in its metadata, so ``grader.check`` runs with no other file (tried in a
  fresh Python, as on Binder, under the marker ``kit``: ``make kit-test``). That it is Otter's current output is tested in
  ``tests/test_kit.py`` (marker ``kit``).
- ``_ext/student_edition.py`` reads a lab page from its student notebook and points
  its launch and repository buttons at it, never at the solved lab.
- ``scripts/build_student.py`` finds the lines of lab solutions, and only those.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT
from booktools.kit import STUDENT_LABS, _text, lab_sources, questions, solution_lines

sys.path.insert(0, str(ROOT / "_ext"))
import student_edition  # noqa: E402
from scripts import build_student  # noqa: E402

LAB_SOURCES = lab_sources(ROOT)


def _student(source: Path) -> dict:
    path = ROOT / STUDENT_LABS / f"{source.stem}.ipynb"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make assignments`"
    return json.loads(path.read_text(encoding="utf-8"))




@pytest.mark.parametrize("source", LAB_SOURCES, ids=lambda p: p.stem)
def test_student_notebook_has_checks_and_no_solutions(source):
    nb = _student(source)
    cells = [_text(c) for c in nb["cells"]]
    text = "\n".join(cells)
    assert f'grader = otter.Notebook("{source.stem}.ipynb")' in cells[0]
    auto = [q["name"] for q in questions(source) if not q["manual"]]
    for name in auto:
        assert f'grader.check("{name}")' in text, name
    assert sorted(nb["metadata"]["otter"]["tests"]) == sorted(auto)
    assert "# SOLUTION" not in text and "Sample answer" not in text
    prompts = "\n".join(_text(c) for c in json.loads(source.read_text(encoding="utf-8"))["cells"]
                        if c["cell_type"] == "markdown")  # a prompt may quote a line of the answer
    text_without_prompts = "\n".join(_text(c) for c in nb["cells"] if c["cell_type"] == "code")
    assert not [line for line in solution_lines(source)
                if line in text_without_prompts and line not in prompts]
    hidden = json.dumps(nb["metadata"]["otter"]["tests"])
    assert "# HIDDEN" not in hidden


@pytest.mark.kit  # imports Otter in a fresh Python (slow): `make kit-test`
def test_grader_check_runs_from_the_notebook_alone(tmp_path):
    """Each auto-graded question's public tests run from a copy of the notebook, alone in a folder."""
    if not LAB_SOURCES:
        pytest.skip("no lab source yet")
    for source in LAB_SOURCES:
        (tmp_path / f"{source.stem}.ipynb").write_text(json.dumps(_student(source)))
    labs = {s.stem: [q["name"] for q in questions(s) if not q["manual"]] for s in LAB_SOURCES}
    code = (
        "import json, sys, otter\n"
        f"labs = {labs!r}\n"
        "out = {}\n"
        "for stem, names in labs.items():\n"
        "    grader = otter.Notebook(stem + '.ipynb')\n"
        "    out[stem] = {q: grader.check(q, {}).grade for q in names}\n"
        "print(json.dumps(out))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    grades = json.loads(proc.stdout.strip().splitlines()[-1])
    # the tests were found and run; with nothing defined, every one fails
    assert grades == {stem: {q: 0 for q in names} for stem, names in labs.items()}


def test_a_lab_page_is_read_from_its_student_notebook(tmp_path):
    (tmp_path / "notebooks" / "student").mkdir(parents=True)
    (tmp_path / "notebooks" / "student" / "lab09-toy.ipynb").write_text('{"student": 1}')
    assert student_edition.student_lab(tmp_path, "notebooks/lab09-toy") is not None
    assert student_edition.student_lab(tmp_path, "notebooks/lab08-other") is None
    assert student_edition.student_lab(tmp_path, "book/ch01-counting-voices") is None
    for edition, expected in (("student", '{"student": 1}'), ("reader", "solved")):
        app = SimpleNamespace(config=SimpleNamespace(monoculture_edition=edition), srcdir=str(tmp_path))
        source = ["solved"]
        student_edition.swap_lab_source(app, "notebooks/lab09-toy", source)
        assert source == [expected]


BUTTONS = [
    {"type": "group", "label": "launch-buttons", "buttons": [
        {"text": "Binder", "url": "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/notebooks/lab09-toy.ipynb"},
        {"text": "Colab", "url": "https://colab.research.google.com/github/o/r/blob/main/notebooks/lab09-toy.ipynb"},
    ]},
    {"type": "group", "label": "download-buttons", "buttons": [
        {"text": ".ipynb", "url": "../_sources/notebooks/lab09-toy.ipynb"},
    ]},
    {"type": "group", "label": "source-buttons", "buttons": [
        {"text": "Repository", "url": "https://github.com/o/r"},
        {"text": "Source", "url": "https://github.com/o/r/blob/main/notebooks/lab09-toy.ipynb"},
    ]},
]


def test_student_lab_buttons_open_the_student_notebook(tmp_path):
    (tmp_path / "notebooks" / "student").mkdir(parents=True)
    (tmp_path / "notebooks" / "student" / "lab09-toy.ipynb").write_text("{}")
    app = SimpleNamespace(config=SimpleNamespace(monoculture_edition="student"), srcdir=str(tmp_path))
    context = {"header_buttons": json.loads(json.dumps(BUTTONS))}
    student_edition.retarget_buttons(app, "notebooks/lab09-toy", "page.html", context, None)
    urls = [b["url"] for group in context["header_buttons"] for b in group["buttons"]]
    assert urls == [
        "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/notebooks/student/lab09-toy.ipynb",
        "../_sources/notebooks/lab09-toy.ipynb",  # the file itself is replaced after the build
        "https://github.com/o/r",
        "https://github.com/o/r/blob/main/notebooks/student/lab09-toy.ipynb",
    ]
    # the reader's edition and the chapters keep their buttons
    for edition, page in (("reader", "notebooks/lab09-toy"), ("student", "book/ch01-x")):
        app.config.monoculture_edition = edition
        context = {"header_buttons": json.loads(json.dumps(BUTTONS))}
        student_edition.retarget_buttons(app, page, "page.html", context, None)
        assert context["header_buttons"] == BUTTONS


def test_the_download_is_the_student_notebook(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "notebooks" / "student").mkdir(parents=True)
    (src / "notebooks" / "student" / "lab09-toy.ipynb").write_text("student")
    (out / "_sources" / "notebooks").mkdir(parents=True)
    (out / "_sources" / "notebooks" / "lab09-toy.ipynb").write_text("solved")
    app = SimpleNamespace(config=SimpleNamespace(monoculture_edition="student"), srcdir=str(src),
                          outdir=str(out))
    student_edition.replace_downloads(app, None)
    assert (out / "_sources" / "notebooks" / "lab09-toy.ipynb").read_text() == "student"


# --- the leak check of the labs ------------------------------------------------------

def _nb(*cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": kind, "metadata": {}, "source": text} for kind, text in cells]}


def _toy_book(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "repo"
    (root / "assignments" / "lab09-toy").mkdir(parents=True)
    (root / "assignments" / "lab09-toy" / "lab09-toy.ipynb").write_text(json.dumps(_nb(
        ("raw", "# ASSIGNMENT CONFIG\nname: lab09-toy"),
        ("code", "import numpy as np  # a setup line long enough"),
        ("raw", "# BEGIN QUESTION\nname: q1\npoints: 1"),
        ("markdown", "**Question 1 (implement).** Write it."),
        ("code", "def spread(x):\n    # BEGIN SOLUTION\n    centred = x - np.mean(x)  # the secret line\n"
                 "    return np.sqrt(np.mean(centred ** 2))\n    # END SOLUTION"),
        ("raw", "# END QUESTION"),
    )))
    (root / "notebooks" / "student").mkdir(parents=True)
    (root / "notebooks" / "student" / "lab09-toy.ipynb").write_text(json.dumps(_nb(
        ("code", "import numpy as np  # a setup line long enough"),
        ("markdown", "**Question 1 (implement).** Write it."),
        ("code", "def spread(x):\n    ..."),
    )))
    reader = tmp_path / "html"
    (reader / "notebooks").mkdir(parents=True)
    (reader / "book").mkdir()
    (reader / "notebooks" / "lab09-toy.html").write_text(
        "<main><p><strong>Sample answer.</strong> The spread shrinks because\n"
        "every refit loses a little of the tails.</p></main>")
    # a chapter prints the package's version of one solution line: not a lab leak
    (reader / "book" / "ch01.html").write_text(
        "<main><pre>return np.sqrt(np.mean(centred ** 2))</pre></main>")
    return root, reader


def test_lab_probes_are_solution_lines_the_student_notebook_lacks(tmp_path):
    root, reader = _toy_book(tmp_path)
    probes = build_student.lab_solution_probes(reader, root)
    assert probes == ["The spread shrinks because",
                      "centred = x - np.mean(x) # the secret line",
                      "every refit loses a little of the tails."]


def test_lab_leaks_are_found_in_pages_and_downloads(tmp_path):
    root, reader = _toy_book(tmp_path)
    probes = build_student.lab_solution_probes(reader, root)
    site = tmp_path / "student"
    (site / "_sources" / "notebooks").mkdir(parents=True)
    (site / "notebooks").mkdir()
    (site / "notebooks" / "lab09-toy.html").write_text("<main><pre>def spread(x):\n    ...</pre></main>")
    (site / "_sources" / "notebooks" / "lab09-toy.ipynb").write_text(
        (root / "notebooks" / "student" / "lab09-toy.ipynb").read_text())
    assert build_student.leaks(site, probes) == []
    assert build_student.download_leaks(site, probes) == []
    (site / "_sources" / "notebooks" / "lab09-toy.ipynb").write_text(json.dumps(_nb(
        ("code", "centred = x - np.mean(x)  # the secret line"))))
    (site / "notebooks" / "lab09-toy.html").write_text(
        "<main><p>Every refit loses a little.</p><p>every refit loses a little of the tails.</p></main>")
    assert build_student.download_leaks(site, probes) == [
        "_sources/notebooks/lab09-toy.ipynb: solution text 'centred = x - np.mean(x) # the secret line'"]
    assert build_student.leaks(site, probes) == [
        "notebooks/lab09-toy.html: solution text 'every refit loses a little of the tails.'"]
