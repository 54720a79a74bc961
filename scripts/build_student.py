"""Build the student edition: the book with every exercise solution removed.

Usage: ``python scripts/build_student.py`` (``make student``).

1. Copy the book's sources into a temporary directory.
2. Remove every solution from the copies of the chapter pages: the gated form
   (``solution-start`` ... ``solution-end``, which may hold code cells) and the
   plain ``solution`` directive. The instructor's guide (the ``_toc.yml`` part whose
   pages are all under ``book/instructor/``, whatever its caption) is left out too,
   since it holds the assessment rubrics.
3. Build the copy with the same strict settings as the book
   (``jupyter-book build --all -W --keep-going``) into ``_build/student/html``.
4. Check the result: the build must succeed, exercises must still be there, and
   no solution may leak: no element of class ``solution``, and none of the
   removed solutions' distinctive lines (those that do not also occur in the
   remaining sources, such as a lab's starter code) may appear in the HTML
   text. Any failure exits non-zero.

We strip the sources rather than set sphinx-exercise's ``hide_solutions``:
with sphinx-exercise 1.2.1 that option stops the build on the gated directives
(``NotImplementedError: ... unknown node type: solution_end_node``; tested), and
it would still execute the code cells of solutions.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "student" / "html"
COPY = ["_config.yml", "_toc.yml", "references.bib", "_ext", "_vendor", "book", "notebooks",
        "monoculture"]
#: The instructor part is every toc part whose pages all live under this directory
#: (found by path, so renaming its caption cannot ship the rubrics to students).
INSTRUCTOR_DIR = "book/instructor"

_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>solution(?:-start)?)\}")
_END = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-end\}")


def strip_solutions(text: str) -> tuple[str, list[str]]:
    """Remove every solution block from MyST text.

    Returns the stripped text and the removed solution bodies (one string per
    solution), so that callers can check that none of them reaches the HTML.
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        fence, name = match.group("fence"), match.group("name")
        body: list[str] = []
        i += 1
        if name == "solution":
            # plain directive: ends at the first line that is exactly its fence
            while i < len(lines) and lines[i].strip() != fence:
                body.append(lines[i])
                i += 1
            i += 1
        else:
            # gated form: skip the opener's own closing fence, then everything
            # up to the solution-end directive and its closing fence
            while i < len(lines) and lines[i].strip() != fence:
                i += 1
            i += 1
            while i < len(lines) and not _END.match(lines[i]):
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise ValueError("solution-start without solution-end")
            end_fence = _END.match(lines[i]).group("fence")
            i += 1
            while i < len(lines) and lines[i].strip() != end_fence:
                i += 1
            i += 1
        removed.append("".join(body))
    return "".join(out), removed


def probes(solution: str, min_length: int = 25) -> list[str]:
    """Distinctive lines of a removed solution, normalised for a search in HTML text.

    Keeps prose and code lines of at least ``min_length`` characters and drops
    directive options and fences. In prose it keeps the longest run of text
    between markup whose rendering changes the text (``$``, backslashes,
    braces, backticks, asterisks); code lines are kept as they are.
    """
    found = []
    in_code = False
    for line in solution.splitlines():
        line = line.strip()
        if line.startswith(("```", ":::")):
            in_code = line.startswith("```{code-cell")
            continue
        if not line or (line.startswith(":") and not in_code):
            continue
        if not in_code and any(ch in line for ch in "$\\{}`*"):
            # prose with markup: keep the longest run of plain text between markup
            line = max(re.split(r"[$\\{}`*]+", line), key=len)
        line = " ".join(line.split())
        if len(line) >= min_length:
            found.append(line)
    return found


def kept_text(src: Path) -> str:
    """All text left in the stripped sources (pages and lab cells), spaces collapsed.

    A probe found here is not distinctive of a solution (for example a lab's
    starter code that the solution repeats), so it is not searched for.
    """
    parts = [page.read_text() for page in sorted((src / "book").rglob("*.md"))]
    for lab in sorted((src / "notebooks").glob("*.ipynb")):
        parts += ["".join(cell.get("source", "")) for cell in json.loads(lab.read_text())["cells"]]
    return " ".join(" ".join(parts).split())


def html_text(page: str) -> str:
    """The visible text of an HTML page, with tags removed and spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", "", page)
    return " ".join(html.unescape(page).split())


def leaks(site: Path, solution_probes: list[str]) -> list[str]:
    """Return a description of every solution element or probe found in ``site``."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        raw = path.read_text(errors="ignore")
        if re.search(r'class="[^"]*\bsolution\b', raw):
            problems.append(f"{path.relative_to(site)}: element of class 'solution'")
        text = html_text(raw)
        for probe in solution_probes:
            if probe in text:
                problems.append(f"{path.relative_to(site)}: solution text {probe[:60]!r}")
    return problems


def is_instructor_part(part: dict) -> bool:
    """Whether a ``_toc.yml`` part holds only pages of the instructor's guide."""
    files = [str(c.get("file", "")) for c in part.get("chapters", [])]
    return bool(files) and all(f.startswith(INSTRUCTOR_DIR + "/") for f in files)


def prepare(src: Path) -> list[str]:
    """Copy the sources into ``src`` and strip them; return the removed solutions."""
    for name in COPY:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints", "*.egg-info"))
        else:
            shutil.copy2(origin, src / name)
    toc = yaml.safe_load((src / "_toc.yml").read_text())
    dropped = [part for part in toc.get("parts", []) if is_instructor_part(part)]
    toc["parts"] = [part for part in toc.get("parts", []) if part not in dropped]
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False))
    if dropped:
        shutil.rmtree(src / "book" / "instructor", ignore_errors=True)
    removed: list[str] = []
    for page in sorted((src / "book").rglob("*.md")):
        text, gone = strip_solutions(page.read_text())
        page.write_text(text)
        removed += gone
    for lab in sorted((src / "notebooks").glob("*.ipynb")):
        if "{solution" in lab.read_text():
            raise SystemExit(f"{lab.name} holds a solution directive: solutions belong in chapters")
    return removed


def main() -> int:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="monoculture-student-") as tmp:
        src = Path(tmp)
        removed = prepare(src)
        remaining = kept_text(src)
        candidates = {p for body in removed for p in probes(body)}
        solution_probes = sorted(p for p in candidates if p not in remaining)
        print(f"student edition: removed {len(removed)} solutions "
              f"({len(solution_probes)} distinctive lines to check, "
              f"{len(candidates) - len(solution_probes)} shared with the remaining text skipped)")
        if not removed:
            print("no solutions found: nothing to check", file=sys.stderr)
            return 1
        build = subprocess.run(["jupyter-book", "build", str(src), "--all", "-W", "--keep-going"],
                               cwd=src)
        if build.returncode != 0:
            print("student edition: the strict build failed", file=sys.stderr)
            return 1
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(src / "_build" / "html", OUT)
    problems = leaks(OUT, solution_probes)
    exercises = sum(len(re.findall(r'class="[^"]*\bexercise\b', p.read_text(errors="ignore")))
                    for p in OUT.rglob("*.html"))
    if exercises == 0:
        problems.append("no exercise is left in the student edition")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"student edition: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"student edition: built in {time.perf_counter() - start:.0f} s; {exercises} exercise "
          f"blocks, no solution text in {sum(1 for _ in OUT.rglob('*.html'))} pages: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
