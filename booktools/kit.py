"""The course kit: graded assignments written once in Otter-Grader's assign format.

Each assignment has one source, ``assignments/<name>/<name>.ipynb``, holding its
questions, reference solutions, and public and hidden tests (Otter's assign
format, exception-based tests). :func:`build_kit` runs Otter Assign on every
source and lays the result out for instructors under ``_build/assignments/``:

- ``student/<name>.ipynb``: the notebook students get, without solutions, with
  ``grader.check("qN")`` cells that run the public tests;
- ``autograder/<name>-autograder.zip``: the autograder, for Gradescope or for
  local grading with ``otter run`` (no containers);
- ``solutions/<name>-solutions.ipynb``: the reference solutions, for staff;
- ``kit.json``: every assignment's questions, kinds and points.

:func:`grade` grades one submission locally and returns the points per
question; :func:`scores_table` grades many and gives the table an LMS imports.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

__all__ = ["ROOT", "sources", "lab_sources", "questions", "build_kit", "grade", "scores_table", "lab_notebook",
           "write_labs", "answer_key", "lab_minutes", "lab_times", "student_notebook", "write_student_labs",
           "solution_lines", "STUDENT_LABS", "KitError"]

#: The repository root.
ROOT = Path(__file__).resolve().parents[1]
#: Where the student notebooks of the labs are committed (relative to the root), so
#: that the student edition's launch buttons (Binder) can open them.
STUDENT_LABS = Path("notebooks") / "student"
_KIND = re.compile(r"\*\*Question\s+\d+\s+\(([a-z, ]+)\)", flags=re.I)


class KitError(RuntimeError):
    """An assignment source is malformed or Otter failed on it."""


def sources(root: str | Path = ROOT) -> list[Path]:
    """Every assignment source, ``assignments/<name>/<name>.ipynb``, sorted by name."""
    root = Path(root)
    found = sorted(p for p in (root / "assignments").glob("*/*.ipynb") if p.stem == p.parent.name)
    if not found:
        raise KitError(f"no assignment sources under {root / 'assignments'}")
    return found


def lab_sources(root: str | Path = ROOT) -> list[Path]:
    """The sources of the labs (``assignments/lab*``), sorted; possibly none."""
    root = Path(root)
    return sorted(p for p in (root / "assignments").glob("lab*/*.ipynb") if p.stem == p.parent.name)


def _text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def questions(source: str | Path) -> list[dict]:
    """The questions of an assignment source: name, points, manual, and kind.

    The kind is the word in brackets after "Question N" in the question's prompt
    (predict, implement, check, explain, critique, ...).
    """
    import yaml

    nb = json.loads(Path(source).read_text(encoding="utf-8"))
    out, current = [], None
    for cell in nb["cells"]:
        text = _text(cell)
        if cell["cell_type"] == "raw" and text.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(text.split("\n", 1)[1]) or {}
            current = {"name": config["name"], "points": config.get("points", 0),
                       "manual": bool(config.get("manual", False)), "kind": None}
            out.append(current)
        elif cell["cell_type"] == "markdown" and current is not None and current["kind"] is None:
            match = _KIND.search(text)
            if match:
                current["kind"] = match.group(1).strip().lower()
    for q in out:
        if q["kind"] is None:
            raise KitError(f"{Path(source).name}: question {q['name']} has no "
                           "'**Question N (kind).**' prompt")
    return out


def build_kit(out: str | Path | None = None, root: str | Path = ROOT,
              names: list[str] | None = None) -> dict:
    """Run Otter Assign on every source and lay the kit out under ``out``.

    Parameters
    ----------
    out : path, optional
        Output directory; default ``<root>/_build/assignments``. It is emptied first.
    root : path
        The repository root holding ``assignments/``.
    names : list of str, optional
        Build only these sources (by name); default every source.

    Returns
    -------
    dict
        The manifest written to ``out/kit.json``: per assignment, the paths of
        its three products and its questions.
    """
    from otter.assign import main as otter_assign

    root = Path(root)
    out = Path(out) if out is not None else root / "_build" / "assignments"
    if out.exists():
        shutil.rmtree(out)
    for sub in ("student", "autograder", "solutions"):
        (out / sub).mkdir(parents=True)
    manifest = {}
    with tempfile.TemporaryDirectory(prefix="kit-") as tmp:
        for src in sources(root):
            name = src.stem
            if names and name not in names:
                continue
            dist = Path(tmp) / name
            try:
                otter_assign(str(src), str(dist), no_pdfs=True, no_run_tests=True)
            except Exception as err:  # Otter raises bare exceptions on malformed sources
                raise KitError(f"otter assign failed on {src}: {err}") from err
            zips = list((dist / "autograder").glob("*.zip"))
            if len(zips) != 1:
                raise KitError(f"{name}: expected one autograder zip, found {len(zips)}")
            shutil.copy(dist / "student" / f"{name}.ipynb", out / "student" / f"{name}.ipynb")
            for extra in (dist / "student").iterdir():  # data files listed in the config
                if extra.name != f"{name}.ipynb":
                    dest = out / "student" / extra.name
                    (shutil.copytree if extra.is_dir() else shutil.copy)(extra, dest)
            shutil.copy(zips[0], out / "autograder" / f"{name}-autograder.zip")
            shutil.copy(dist / "autograder" / f"{name}.ipynb",
                        out / "solutions" / f"{name}-solutions.ipynb")
            qs = questions(src)
            manifest[name] = {
                "student": f"student/{name}.ipynb",
                "autograder": f"autograder/{name}-autograder.zip",
                "solutions": f"solutions/{name}-solutions.ipynb",
                "questions": qs,
                "kinds": dict(Counter(q["kind"] for q in qs)),
                "auto_points": sum(q["points"] for q in qs if not q["manual"]),
                "manual_points": sum(q["points"] for q in qs if q["manual"]),
            }
    (out / "kit.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def grade(submission: str | Path, autograder: str | Path) -> dict[str, float]:
    """Grade one submission locally (``otter run``, no containers).

    Returns
    -------
    dict
        Question name -> points scored, for the auto-graded questions.
    """
    from otter.api import grade_submission

    results = grade_submission(str(submission), str(autograder), quiet=True)
    # test-case points are fractions of a question's points: round away float noise
    return {name: round(float(results.get_score(name)), 6) for name in results.results}


def scores_table(submissions, autograder: str | Path):
    """Grade several submissions; one row per submission, one column per question.

    The ``total`` column adds the questions up. Write it with ``to_csv`` to import
    the scores into an LMS gradebook.
    """
    import pandas as pd

    rows = []
    for sub in submissions:
        scores = grade(sub, autograder)
        rows.append({"submission": Path(sub).stem, **scores, "total": sum(scores.values())})
    return pd.DataFrame(rows)


# --- The solved lab: notebooks/<name>.ipynb from the same source -------------------

_MARKER = re.compile(r"^\s*#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS|PROMPT)\b", flags=re.I)
_PROMPT_BLOCK = re.compile(r'^[ \t]*""" # BEGIN PROMPT\n.*?^[ \t]*""" # END PROMPT\n?', flags=re.M | re.S)


def _cell(kind: str, source: str) -> dict:
    cell = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _solution_code(text: str) -> str:
    """Solution code without Otter's markers: the reference lines stay, the prompts go."""
    text = _PROMPT_BLOCK.sub("", text)
    lines = []
    for line in text.splitlines():
        if re.match(r"^\s*#\s*(BEGIN|END) SOLUTION\b", line):
            continue
        line = re.sub(r"\s*#\s*SOLUTION(\s+NO PROMPT)?\s*$", "", line)
        lines.append(line)
    return "\n".join(lines).strip("\n")


_TIME = re.compile(r"\*\*Time\.?\*\*\s*([^\n]*)")
_SPAN = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(minutes?|min|hours?|h)\b", re.I)


def lab_minutes(notebook: str | Path) -> int:
    """The time a lab's header states (``**Time.** About 60 minutes``), in minutes.

    A range ("60 to 90 minutes") counts as its upper end, so a plan built from these
    times is not under-timed. Raises :class:`KitError` when the header states none.
    """
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        line = _TIME.search(_text(cell))
        if line:
            span = _SPAN.search(line.group(1))
            if span:
                value = float(span.group(2) or span.group(1))
                return round(value * 60 if span.group(3).lower().startswith("h") else value)
    raise KitError(f"{Path(notebook).name}: no '**Time.** About N minutes' line in its header")


def lab_times(root: str | Path = ROOT) -> dict[str, int]:
    """Every lab's stated time in minutes, by its number ``"01"``, ``"02"``, ..."""
    return {p.stem[3:5]: lab_minutes(p) for p in sorted((Path(root) / "notebooks").glob("lab[0-9][0-9]-*.ipynb"))}


def _lab_cells(source: str | Path) -> tuple[dict, list[tuple[dict, str | None, str]]]:
    """The solved lab's cells, each with its question (or None) and its role.

    Roles: ``"prompt"`` (a question's own markdown or starter code outside its
    solution), ``"solution"`` (reference code), ``"sample"`` (a written answer's
    reference text) and ``"text"`` (anything outside a question).
    """
    nb = json.loads(Path(source).read_text(encoding="utf-8"))
    cells, in_tests, in_solution, question = [], False, False, None
    for cell in nb["cells"]:
        text, kind = _text(cell), cell["cell_type"]
        if kind == "raw":
            if text.startswith("# ASSIGNMENT CONFIG"):
                continue
            match = _MARKER.match(text)
            if match:
                begin, what = match.group(1).upper() == "BEGIN", match.group(2).upper()
                if what == "TESTS":
                    in_tests = begin
                elif what == "SOLUTION":
                    in_solution = begin
                elif what == "QUESTION":
                    question = None
                    if begin:
                        import yaml

                        config = yaml.safe_load(text.split("\n", 1)[1] if "\n" in text else "") or {}
                        question = config.get("name")
                continue
        if in_tests:
            continue
        if kind == "code":
            code = _solution_code(text)
            if code:
                role = "solution" if in_solution or code != text.strip("\n") else "prompt"
                cells.append((_cell("code", code), question, role if question else "text"))
        elif kind == "markdown" and in_solution:
            cells.append((_cell("markdown", "**Sample answer.** " + text.strip()), question, "sample"))
        else:
            cells.append((_cell(kind, text), question, "prompt" if question else "text"))
    return nb, cells


def lab_notebook(source: str | Path) -> dict:
    """The solved lab generated from an assignment source.

    Removes the assignment configuration, Otter's ``BEGIN``/``END`` cells and every
    test cell; keeps the reference solution code without its markers; a written
    answer's reference text becomes a "Sample answer" cell. The result is what the
    book renders, nbval checks and Binder or Colab open (``notebooks/<name>.ipynb``);
    execute it with ``make notebooks`` after generating it.
    """
    nb, tagged = _lab_cells(source)
    cells = [cell for cell, _, _ in tagged]
    for i, cell in enumerate(cells):  # stable ids: a regenerated lab differs only where its source does
        cell["id"] = f"cell-{i:03d}"
    return {"cells": cells, "metadata": nb.get("metadata", {}), "nbformat": 4,
            "nbformat_minor": max(nb.get("nbformat_minor", 5), 5)}


def _output_text(output: dict) -> str | None:
    """The text of one stored output; a placeholder for a chart or an image."""
    if output.get("output_type") == "stream":
        return _text({"source": output.get("text", "")}).rstrip("\n")
    data = output.get("data", {})
    if output.get("output_type") in ("execute_result", "display_data"):
        if any(k.startswith(("image/", "application/vnd.vegalite")) for k in data):
            return "[chart]"
        if "text/plain" in data:
            return _text({"source": data["text/plain"]}).rstrip("\n")
    if output.get("output_type") == "error":
        return f"{output.get('ename')}: {output.get('evalue')}"
    return None


def answer_key(source: str | Path, executed: str | Path | None = None) -> list[dict]:
    """Every question of a source with its reference answer, for the instructor's key.

    Parameters
    ----------
    source : path
        The assignment source.
    executed : path, optional
        The executed solved lab generated from it (``notebooks/<lab>.ipynb``). Its
        stored outputs become each question's expected results: the outputs of the
        question's cells and of the cells that follow it up to the next question
        (where a lab compares the student's code with the package). They are used
        only if its cells are exactly those generated from the source.

    Returns
    -------
    list of dict
        Per question: ``name``, ``kind``, ``points``, ``manual``, ``prompt`` (its
        markdown), ``answer`` (the reference code, or the sample answer of a written
        question) and ``outputs`` (a list of texts; empty without ``executed``).
    """
    _, tagged = _lab_cells(source)
    outputs: list[list] = [[] for _ in tagged]
    if executed is not None and Path(executed).exists():
        done = json.loads(Path(executed).read_text(encoding="utf-8"))["cells"]
        same = len(done) == len(tagged) and all(
            d["cell_type"] == c["cell_type"] and _text(d).strip("\n") == _text(c).strip("\n")
            for d, (c, _, _) in zip(done, tagged))
        if same:
            outputs = [d.get("outputs", []) for d in done]
    key, current = [], None
    by_name = {q["name"]: q for q in questions(source)}
    for (cell, question, role), outs in zip(tagged, outputs):
        if question is not None and (current is None or current["name"] != question):
            current = {**by_name[question], "prompt": "", "answer": "", "outputs": []}
            key.append(current)
        if current is None:
            continue
        if question is not None and role == "prompt" and cell["cell_type"] == "markdown" \
                and not current["prompt"]:
            current["prompt"] = _text(cell).strip()
        elif role == "sample":
            text = _text(cell).strip().removeprefix("**Sample answer.**").strip()
            current["answer"] = (current["answer"] + "\n\n" + text).strip()
        elif role == "solution":
            current["answer"] = (current["answer"] + "\n\n" + _text(cell)).strip()
        if cell["cell_type"] == "code":
            current["outputs"] += [t for t in map(_output_text, outs) if t]
    return key


def student_notebook(otter_student: str | Path) -> dict:
    """The student notebook Otter built, made stable for committing.

    Cell ids are numbered (Otter draws random ones, which would change every build)
    and outputs are dropped. The public tests stay in the notebook's metadata, so
    ``grader.check`` needs no other file next to the notebook.
    """
    nb = json.loads(Path(otter_student).read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i:03d}"
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def write_student_labs(kit_dir: str | Path, root: str | Path = ROOT) -> list[Path]:
    """Copy the labs' student notebooks from a built kit to ``notebooks/student/``.

    The student edition of the book renders them on the lab pages and its launch
    buttons open them (``_ext/student_edition.py``). Only labs are copied: the
    assignments have no page in the book.
    """
    root, kit_dir = Path(root), Path(kit_dir)
    dest = root / STUDENT_LABS
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for built in sorted((kit_dir / "student").glob("lab*.ipynb")):
        out = dest / built.name
        out.write_text(json.dumps(student_notebook(built), indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        written.append(out)
    return written


def write_labs(names: list[str] | None = None, root: str | Path = ROOT) -> list[Path]:
    """Write ``notebooks/<name>.ipynb`` for every lab source (``assignments/lab*``).

    Outputs are empty: execute the labs afterwards (``make notebooks``).
    """
    root = Path(root)
    written = []
    for src in sources(root):
        if not src.stem.startswith("lab") or (names and src.stem not in names):
            continue
        out = root / "notebooks" / f"{src.stem}.ipynb"
        out.write_text(json.dumps(lab_notebook(src), indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        written.append(out)
    return written


def solution_lines(source: str | Path, min_length: int = 20) -> set[str]:
    """Distinctive lines of a source's code solutions, for the leak checks.

    The lines marked ``# SOLUTION`` and those inside ``# BEGIN SOLUTION`` /
    ``# END SOLUTION`` blocks, stripped; lines shorter than ``min_length`` are too
    common to tell a leak.
    """
    lines, inside = set(), False
    for cell in json.loads(Path(source).read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        for line in _text(cell).splitlines():
            text = line.strip()
            if text.startswith("# BEGIN SOLUTION"):
                inside = True
            elif text.startswith("# END SOLUTION"):
                inside = False
            elif text.endswith("# SOLUTION"):
                lines.add(text[: -len("# SOLUTION")].strip())
            elif inside:
                lines.add(text)
    return {line for line in lines if len(line) >= min_length}
