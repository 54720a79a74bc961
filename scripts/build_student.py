"""Build the student edition: the book without solutions or the instructor's guide.

Usage: ``python scripts/build_student.py`` (``make student``, after ``make book``).

1. Build the book's own sources with the Sphinx configuration value
   ``monoculture_edition = "student"``: the extension ``_ext/student_edition.py``
   then removes every solution node (plain and gated) and leaves out every page under
   ``book/instructor/``. The pages come from the same jupyter-cache as the reader's
   edition (``_build/.jupyter_cache``), so no chapter is executed again. The build is
   as strict as the book's (``-W --keep-going``, every page read). Output:
   ``_build/student/html``.
2. Check the result against the reader's edition (``_build/html``, which must have
   been built): every line of solution text there (the text of each element of class
   ``solution``) that does not also occur outside the solutions must be absent from
   every student page; no element of class ``solution`` may remain; no instructor
   page may be built; and the exercises must still be there. Any failure exits
   non-zero.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
READER = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "student" / "html"
CACHE = ROOT / "_build" / ".jupyter_cache"
INSTRUCTOR = "book/instructor"
MIN_PROBE = 25


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8", errors="ignore"), "html.parser")


def _lines(element) -> list[str]:
    """The text of an element, as lines with spaces collapsed.

    Sphinx writes each block (paragraph, list item, code line) on a line of its own
    and inline markup within the line, so the lines of the text are its blocks.
    """
    text = element.get_text()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _main_content(soup: BeautifulSoup):
    return soup.find("main") or soup.find("article") or soup


def solution_probes(site: Path, min_length: int = MIN_PROBE) -> list[str]:
    """Distinctive lines of solution text in a built edition.

    Every line of at least ``min_length`` characters inside an element of class
    ``solution``, unless the same line also occurs outside the solutions somewhere
    in the site (for example a lab's starter code, which a solution repeats): such a
    line would be found in the student edition too, without any leak.
    """
    inside: set[str] = set()
    outside: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        main = _main_content(_soup(page))
        solutions = main.select(".solution")
        for element in solutions:
            inside.update(line for line in _lines(element) if len(line) >= min_length)
            element.decompose()
        outside.update(_lines(main))
    return sorted(inside - outside)


def leaks(site: Path, probes: list[str]) -> list[str]:
    """Every solution element or solution line found in ``site``, described."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        soup = _soup(page)
        rel = page.relative_to(site)
        if soup.select(".solution"):
            problems.append(f"{rel}: element of class 'solution'")
        text = " ".join(_lines(soup))
        for probe in probes:
            if probe in text:
                problems.append(f"{rel}: solution text {probe[:60]!r}")
    return problems


def exercise_count(site: Path) -> int:
    return sum(len(_soup(page).select(".exercise")) for page in site.rglob("*.html"))


def instructor_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in (site / INSTRUCTOR).rglob("*.html"))


def check(student: Path = OUT, reader: Path = READER) -> list[str]:
    """All problems of a built student edition, compared with the reader's edition."""
    probes = solution_probes(reader)
    if not probes:
        return [f"no solution text found in the reader's edition {reader}: build it first"]
    problems = leaks(student, probes)
    problems += [f"{page}: instructor page in the student edition" for page in instructor_pages(student)]
    if exercise_count(student) == 0:
        problems.append("no exercise is left in the student edition")
    return problems


def build() -> int:
    """Build the student edition with the book's strict settings; return the status code."""
    from jupyter_book.sphinx import build_sphinx

    shutil.rmtree(OUT, ignore_errors=True)  # no page of an earlier build may linger
    result = build_sphinx(
        ROOT, OUT,
        use_external_toc=True,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={"external_toc_path": str(ROOT / "_toc.yml"),
                       "latex_individualpages": False,
                       "monoculture_edition": "student",
                       "nb_execution_cache_path": str(CACHE)},
        builder="html",
        warningiserror=True,
        keep_going=True,
        freshenv=True,
        quiet=True,
    )
    return result if isinstance(result, int) else 1


def main() -> int:
    start = time.perf_counter()
    if not READER.exists():
        print(f"student edition: build the reader's edition first (`make book`): {READER} is missing",
              file=sys.stderr)
        return 1
    if build() != 0:
        print("student edition: the strict build failed", file=sys.stderr)
        return 1
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"student edition: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"student edition: built in {time.perf_counter() - start:.0f} s; "
          f"{exercise_count(OUT)} exercises, no solution text "
          f"({len(solution_probes(READER))} distinctive solution lines searched) and no "
          f"instructor page in {sum(1 for _ in OUT.rglob('*.html'))} pages: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
