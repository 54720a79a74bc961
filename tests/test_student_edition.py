"""The student edition's pieces, tested without building the book.

- ``_ext/student_edition.py`` in a tiny Sphinx project: both forms of solution
  (plain and gated) are removed in the student edition and kept in the reader's;
  the instructor's guide is found by its path, whatever its caption.
- ``scripts/build_student.py``: the leak check finds solution text and solution
  elements, and does not count text that also occurs outside the solutions.

The full build and its check run in ``make student``; the built edition is tested
again in ``tests/artefacts/test_student_edition_build.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from sphinx.application import Sphinx
from sphinx_external_toc.parsing import parse_toc_data

from scripts import build_student

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import student_edition  # noqa: E402

PAGE = """\
Title
=====

.. exercise:: Derive something
   :label: ex-a

   Show that the answer is forty-two.

.. solution:: ex-a

   The plain solution argues at length about the answer.

.. solution-start:: ex-a

The gated solution explains the answer in a long sentence.

.. code-block:: python

   secret_value = compute_the_hidden_answer(42)

.. solution-end::

Text after the solutions stays where it is.
"""


def _build(tmp_path: Path, edition: str) -> str:
    src = tmp_path / edition
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        f"extensions = ['sphinx_exercise', 'student_edition']\n"
        f"monoculture_edition = {edition!r}\n")
    (src / "index.rst").write_text(PAGE)
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(src / "_out"), str(src / "_doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    assert app.statuscode == 0, warnings.getvalue()
    return (src / "_out" / "index.html").read_text(encoding="utf-8")


def test_student_edition_removes_both_forms_of_solution(tmp_path):
    reader = _build(tmp_path, "reader")
    student = _build(tmp_path, "student")
    for text in ("plain solution argues", "gated solution explains", "compute_the_hidden_answer"):
        assert text in reader
        assert text not in student
    for text in ("Show that the answer is forty-two.", "Text after the solutions stays"):
        assert text in reader and text in student


def _toc(caption: str) -> dict:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    for part in toc["parts"]:
        if any(c["file"].startswith(student_edition.INSTRUCTOR_PREFIX) for c in part["chapters"]):
            part["caption"] = caption
    return toc


@pytest.mark.parametrize("caption", ["For instructors", "Teaching with this book"])
def test_instructor_part_is_found_by_its_path(caption):
    site_map = parse_toc_data(_toc(caption))
    config = SimpleNamespace(monoculture_edition="student", external_site_map=site_map,
                             exclude_patterns=[])
    before = [name for name in site_map if student_edition.is_instructor_doc(name)]
    assert before, "the book has an instructor's guide under book/instructor/"
    student_edition.drop_instructor_part(None, config)
    assert not any(student_edition.is_instructor_doc(name) for name in site_map)
    listed = [str(item) for name in site_map for tree in site_map[name].subtrees
              for item in tree.items]
    assert not any(student_edition.is_instructor_doc(item) for item in listed)
    assert "book/instructor/**" in config.exclude_patterns
    assert any(item.startswith("book/ch") for item in listed)


def test_reader_edition_keeps_the_instructor_part():
    site_map = parse_toc_data(_toc("For instructors"))
    config = SimpleNamespace(monoculture_edition="reader", external_site_map=site_map,
                             exclude_patterns=[])
    student_edition.drop_instructor_part(None, config)
    assert any(student_edition.is_instructor_doc(name) for name in site_map)
    assert config.exclude_patterns == []


def _site(root: Path, pages: dict[str, str]) -> Path:
    root.mkdir()
    for name, body in pages.items():
        (root / name).write_text(f"<html><body><main>{body}</main></body></html>")
    return root


# Sphinx writes every block on a line of its own.
SOLUTION = ('<div class="solution dropdown">\n<p>The gated solution explains the answer in a '
            'long sentence.</p>\n<pre>starter_code = load_the_starter_data()</pre>\n</div>')


def test_probes_are_solution_lines_not_found_elsewhere(tmp_path):
    reader = _site(tmp_path / "reader", {
        "ch.html": f'<div class="exercise">Do it.</div>{SOLUTION}',
        "lab.html": "<pre>starter_code = load_the_starter_data()</pre>",
    })
    probes = build_student.solution_probes(reader)
    assert probes == ["The gated solution explains the answer in a long sentence."]


def test_leaks_finds_solution_text_and_elements(tmp_path):
    probes = ["The gated solution explains the answer in a long sentence."]
    clean = _site(tmp_path / "clean", {"ch.html": '<div class="exercise">Do it.</div>'})
    assert build_student.leaks(clean, probes) == []
    leaky = _site(tmp_path / "leaky", {
        "text.html": "<p>The gated solution <em>explains</em> the answer in a long sentence.</p>",
        "element.html": '<div class="solution dropdown">x</div>',
    })
    found = build_student.leaks(leaky, probes)
    assert found == ["element.html: element of class 'solution'",
                     "text.html: solution text 'The gated solution explains the answer in a long sentence.'"]
