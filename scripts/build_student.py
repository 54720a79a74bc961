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
3. Check the labs: each lab page with a student notebook (``notebooks/student/``,
   written by ``make assignments``) is rendered from it, so no line of a lab's
   solutions may appear anywhere in the student edition: neither a line of
   solution code (a line of the solved lab ``notebooks/<lab>.ipynb`` that the
   student notebook lacks) nor a line of a sample answer (as the reader's edition
   renders it), in any page or in the notebooks offered for download
   (``_sources/``). Lines the book also prints outside the labs (package code that
   a chapter shows, say) are not counted.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
READER = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "student" / "html"
CACHE = ROOT / "_build" / ".jupyter_cache"
INSTRUCTOR = "book/instructor"
MIN_PROBE = 25


def _soup(path: Path) -> BeautifulSoup:
    # lxml's C parser: about ten times faster than Python's html.parser on these pages
    return BeautifulSoup(path.read_text(encoding="utf-8", errors="ignore"), "lxml")


def _lines(element) -> list[str]:
    """The text of an element, as lines with spaces collapsed.

    Sphinx writes each block (paragraph, list item, code line) on a line of its own
    and inline markup within the line, so the lines of the text are its blocks.
    """
    text = element.get_text()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _main_content(soup: BeautifulSoup):
    return soup.find("main") or soup.find("article") or soup


def _is_instructor_page(page: Path, site: Path) -> bool:
    return page.relative_to(site).as_posix().startswith(INSTRUCTOR + "/")


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
        if not _is_instructor_page(page, site):  # not in the student edition: a key there is no excuse
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


def _collapse(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _notebook_lines(nb: dict, kinds=("code", "markdown", "raw")) -> set[str]:
    lines: set[str] = set()
    for cell in nb["cells"]:
        if cell["cell_type"] in kinds:
            src = cell["source"]
            lines.update(_collapse("".join(src) if isinstance(src, list) else src))
    return lines


def _sample_answer_lines(page: Path) -> set[str]:
    """Rendered lines of the sample answers on a reader's lab page."""
    lines: set[str] = set()
    if not page.exists():
        return lines
    for strong in _main_content(_soup(page)).find_all("strong"):
        if strong.get_text().strip() != "Sample answer.":
            continue
        block = strong.find_parent(["p", "li", "div"])
        if block is not None:
            lines.update(line.replace("Sample answer.", "").strip() for line in _lines(block))
    return lines


def lab_solution_probes(reader: Path = READER, root: Path = ROOT,
                        min_length: int = MIN_PROBE) -> list[str]:
    """Distinctive lines of the labs' solutions, to be searched in the student edition.

    For every lab source with a student notebook: the lines of solution code (in the
    solved lab generated from the source, not in the student notebook) and the
    rendered lines of its sample answers in the reader's edition, at least
    ``min_length`` characters long, unless the reader's edition also shows the line
    outside the lab pages (a chapter's listing of package code, say).
    """
    from booktools.kit import STUDENT_LABS, lab_notebook, lab_sources

    found: set[str] = set()
    for src in lab_sources(root):
        student = root / STUDENT_LABS / f"{src.stem}.ipynb"
        if not student.exists():
            continue
        shown = _notebook_lines(json.loads(student.read_text(encoding="utf-8")))
        text = "\n".join(shown)  # a line the student notebook shows, even within a prompt, is no leak
        lines = (_notebook_lines(lab_notebook(src), kinds=("code",))
                 | _sample_answer_lines(reader / "notebooks" / f"{src.stem}.html"))
        found |= {line for line in lines if line not in text}
    found = {line for line in found if len(line) >= min_length}
    if not found:
        return []
    elsewhere: set[str] = set()
    for page in sorted(reader.rglob("*.html")):
        # neither the labs nor the instructor's guide (its answer keys print every
        # solution) is in the student edition as the reader's edition has it
        if page.relative_to(reader).parts[0] == "notebooks" or _is_instructor_page(page, reader):
            continue
        main = _main_content(_soup(page))
        for element in main.select(".solution"):
            element.decompose()
        elsewhere.update(_lines(main))
    shown = " ".join(sorted(elsewhere))  # a probe is searched as a substring, so exclude it as one
    return sorted(line for line in found if line not in shown)


def download_leaks(site: Path, probes: list[str]) -> list[str]:
    """Solution lines in the notebooks a student edition offers for download (``_sources``)."""
    problems = []
    for nb_path in sorted((site / "_sources").rglob("*.ipynb")):
        try:
            lines = _notebook_lines(json.loads(nb_path.read_text(encoding="utf-8")))
        except (ValueError, KeyError):
            continue
        text = "\n".join(lines)
        problems += [f"{nb_path.relative_to(site)}: solution text {probe[:60]!r}"
                     for probe in probes if probe in text]
    return problems


def exercise_count(site: Path) -> int:
    return sum(len(_soup(page).select(".exercise")) for page in site.rglob("*.html"))


def instructor_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in (site / INSTRUCTOR).rglob("*.html"))


def check(student: Path = OUT, reader: Path = READER, *, probes: list[str] | None = None,
          lab_probes: list[str] | None = None) -> list[str]:
    """All problems of a built student edition, compared with the reader's edition.

    ``probes`` and ``lab_probes`` are :func:`solution_probes` and
    :func:`lab_solution_probes` of ``reader``, computed here when not given.
    """
    probes = solution_probes(reader) if probes is None else probes
    if not probes:
        return [f"no solution text found in the reader's edition {reader}: build it first"]
    problems = leaks(student, probes)
    lab_probes = lab_solution_probes(reader) if lab_probes is None else lab_probes
    problems += leaks(student, lab_probes) + download_leaks(student, lab_probes)
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
    from monoculture._lazy import defer_rfc3987_syntax

    defer_rfc3987_syntax()  # as scripts/jb.py: jsonschema's optional grammar, 3 s, unused
    start = time.perf_counter()
    if not READER.exists():
        print(f"student edition: build the reader's edition first (`make book`): {READER} is missing",
              file=sys.stderr)
        return 1
    if build() != 0:
        print("student edition: the strict build failed", file=sys.stderr)
        return 1
    probes, lab_probes = solution_probes(READER), lab_solution_probes(READER)
    problems = check(probes=probes, lab_probes=lab_probes)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"student edition: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"student edition: built in {time.perf_counter() - start:.0f} s; "
          f"{exercise_count(OUT)} exercises, no solution text "
          f"({len(probes)} distinctive solution lines of the chapters and "
          f"{len(lab_probes)} of the labs searched) and no "
          f"instructor page in {sum(1 for _ in OUT.rglob('*.html'))} pages: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
