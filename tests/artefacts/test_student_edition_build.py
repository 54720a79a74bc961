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
