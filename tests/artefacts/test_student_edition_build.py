"""The built student edition (``make student``): no solution, no instructor page.

Runs the checks of ``scripts/build_student.py`` on ``_build/student/html`` against
the reader's edition ``_build/html`` (marker ``build``: ``make artefacts``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import build_student

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def student() -> Path:
    assert build_student.OUT.exists(), "run `make student` after `make book`"
    return build_student.OUT


def test_no_solution_leaks_into_the_student_edition(student):
    probes = build_student.solution_probes(build_student.READER)
    assert probes, "the reader's edition has solutions to compare with"
    assert build_student.leaks(student, probes) == []


def test_the_exercises_are_still_there(student):
    assert build_student.exercise_count(student) > 0


def test_no_instructor_page_is_built(student):
    assert build_student.instructor_pages(student) == []
    assert (build_student.READER / "book" / "instructor").exists()


def test_every_chapter_is_in_the_student_edition(student):
    chapters = sorted((build_student.ROOT / "book").glob("ch*.md"))
    assert chapters
    for chapter in chapters:
        assert (student / "book" / f"{chapter.stem}.html").exists()


def test_no_lab_solution_leaks_into_the_student_edition(student):
    probes = build_student.lab_solution_probes(build_student.READER)
    labs = [p for p in (build_student.ROOT / "notebooks" / "student").glob("lab*.ipynb")]
    assert not labs or probes, "the labs' solutions give lines to search for"
    assert build_student.leaks(student, probes) == []
    assert build_student.download_leaks(student, probes) == []


def test_student_lab_pages_open_the_student_notebooks(student):
    from bs4 import BeautifulSoup

    labs = sorted((build_student.ROOT / "notebooks" / "student").glob("lab*.ipynb"))
    for lab in labs:
        page = BeautifulSoup((student / "notebooks" / f"{lab.stem}.html").read_text(), "html.parser")
        hrefs = [a["href"] for a in page.select("a[href]")]
        binder = [h for h in hrefs if "mybinder.org" in h]
        assert binder and all(h.endswith(f"notebooks/student/{lab.name}") for h in binder), binder
        assert not [h for h in hrefs if "colab.research.google.com" in h]
        # nothing on the page leads to the solved lab
        assert not [h for h in hrefs if h.endswith(f"notebooks/{lab.name}") and "_sources" not in h]
        assert "grader.check" in page.find("main").get_text()
        download = student / "_sources" / "notebooks" / lab.name
        assert download.read_text() == lab.read_text()
