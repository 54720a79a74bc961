"""The course kit grades itself: Otter-Grader end to end on every assignment source.

Run with ``make kit-test`` (part of ``make test``): it builds the kit into a
temporary directory with Otter Assign and grades submissions locally with
``otter run``'s engine. Without the marker ``kit`` (so in ``make unit``) only
the fast checks of the sources run.

The four checks of the kit, on the pilot lab: the reference solutions score
full marks (on every assignment); an untouched student notebook scores 0 on
every auto-graded question; one deliberately wrong answer loses exactly that
question's points; a notebook that raises part-way still gets a result.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from conftest import ROOT
from booktools.kit import STUDENT_LABS, KitError, lab_sources, questions, solution_lines, sources

needs_kit = pytest.mark.kit  # `make kit-test`; deselected by `make unit`
PILOT = "lab02-curse-of-recursion"


def test_every_source_has_typed_questions_and_hidden_tests():
    for src in sources(ROOT):
        qs = questions(src)
        assert qs, src
        auto = [q for q in qs if not q["manual"]]
        assert auto and all(q["points"] > 0 for q in qs), src
        text = src.read_text(encoding="utf-8")
        assert '"# HIDDEN' in text or "# HIDDEN\\n" in text, f"{src.name} has no hidden tests"
        assert "# BEGIN SOLUTION" in text


def test_pilot_has_every_kind_of_question():
    kinds = {q["kind"] for q in questions(ROOT / "assignments" / PILOT / f"{PILOT}.ipynb")}
    assert {"predict", "implement", "explain", "critique"} <= kinds


def test_a_question_without_a_kind_is_rejected(tmp_path):
    nb = {"cells": [{"cell_type": "raw", "metadata": {},
                     "source": "# BEGIN QUESTION\nname: q1\npoints: 1"},
                    {"cell_type": "markdown", "metadata": {}, "source": "Write a function."}]}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    with pytest.raises(KitError, match="q1"):
        questions(path)


#: Wall-clock and CPU seconds measured here; written to _build/kit-timings.json for
#: the instructor's page "Grading with the kit".
TIMINGS: dict = {"grading": []}
TIMINGS_FILE = ROOT / "_build" / "kit-timings.json"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    from booktools.kit import build_kit

    out = tmp_path_factory.mktemp("assignments")
    start, cpu = time.perf_counter(), time.process_time()
    manifest = build_kit(out, ROOT)
    TIMINGS["build_seconds"] = time.perf_counter() - start
    TIMINGS["build_cpu_seconds"] = time.process_time() - cpu
    print(f"\nkit built in {TIMINGS['build_seconds']:.1f} s")
    yield out, manifest
    if TIMINGS["grading"]:  # a run that graded nothing keeps the previous measurement
        TIMINGS["cpus"] = len(os.sched_getaffinity(0))  # the cores it may use (one under taskset)
        TIMINGS["load_average"] = os.getloadavg()[0]
        # a partial run (-k reference, say) keeps the earlier measurements of the others
        graded = {(row["assignment"], row["label"]) for row in TIMINGS["grading"]}
        sources_now = {s.stem for s in sources(ROOT)}
        try:
            earlier = json.loads(TIMINGS_FILE.read_text()).get("grading", [])
        except (OSError, ValueError):
            earlier = []
        kept = [row for row in earlier if row.get("assignment") in sources_now
                and (row.get("assignment"), row.get("label")) not in graded and "label" in row]
        TIMINGS["grading"] = kept + TIMINGS["grading"]
        TIMINGS_FILE.parent.mkdir(exist_ok=True)
        TIMINGS_FILE.write_text(json.dumps(TIMINGS, indent=2) + "\n")


def _grade(kit, name, notebook, label):
    """Grade one submission, and record its time and score for the grading page."""
    from booktools.kit import grade

    out, _ = kit
    start = time.perf_counter()
    cpu = _cpu_seconds()
    scores = grade(notebook, out / "autograder" / f"{name}-autograder.zip")
    wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    TIMINGS["grading"].append({"assignment": name, "submission": notebook.name, "label": label,
                               "points": sum(_auto_points(kit, name).values()),
                               "seconds": wall, "cpu_seconds": cpu, "scores": scores})
    print(f"\n{name}: {notebook.name} graded in {wall:.1f} s ({cpu:.1f} s CPU): {scores}")
    return scores


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the grading kernel)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _auto_points(kit, name):
    return {q["name"]: q["points"] for q in kit[1][name]["questions"] if not q["manual"]}


def _edited_solutions(kit, tmp_path, name, marker, edit):
    """The reference solutions with the one code cell containing ``marker`` edited."""
    nb = json.loads((kit[0] / "solutions" / f"{name}-solutions.ipynb").read_text())
    hits = [c for c in nb["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(hits) == 1, marker
    src = "".join(hits[0]["source"])
    hits[0]["source"] = edit(src)
    assert hits[0]["source"] != src
    path = tmp_path / f"{name}.ipynb"
    path.write_text(json.dumps(nb))
    return path




@needs_kit
def test_kit_products(kit):
    out, manifest = kit
    assert set(manifest) == {s.stem for s in sources(ROOT)}
    for name in manifest:
        student = (out / "student" / f"{name}.ipynb").read_text()
        assert "# BEGIN SOLUTION" not in student and "# SOLUTION" not in student
        cells = json.loads(student)["cells"]
        student_text = "\n".join("".join(c["source"]) for c in cells)
        source = ROOT / "assignments" / name / f"{name}.ipynb"
        prompts = "\n".join("".join(c["source"]) for c in json.loads(source.read_text())["cells"]
                            if c["cell_type"] == "markdown")  # a prompt may quote a line of the answer
        leaked = [line for line in solution_lines(source) if line in student_text and line not in prompts]
        assert not leaked, f"{name}: solution lines in the student notebook: {leaked}"
        for q in manifest[name]["questions"]:
            if not q["manual"]:
                assert f'grader.check(\\"{q["name"]}\\")' in student
        assert (out / "autograder" / f"{name}-autograder.zip").stat().st_size > 0
        solutions = (out / "solutions" / f"{name}-solutions.ipynb").read_text()
        assert "# BEGIN QUESTION" not in solutions and "grader.check" in solutions


def _student_view(nb: dict) -> dict:
    """What a student notebook gives a student: its cells and its public tests."""
    return {"cells": [(c["cell_type"], "".join(c["source"]).strip("\n")) for c in nb["cells"]],
            "tests": nb["metadata"].get("otter", {}).get("tests")}


@needs_kit
@pytest.mark.parametrize("name", [s.stem for s in lab_sources(ROOT)])
def test_committed_student_notebook_is_otters(kit, name):
    """notebooks/student/<lab>.ipynb (the student edition renders it) is Otter's current output."""
    from booktools.kit import student_notebook

    committed = ROOT / STUDENT_LABS / f"{name}.ipynb"
    assert committed.exists(), f"{committed.name} missing from {STUDENT_LABS}: run `make assignments`"
    built = student_notebook(kit[0] / "student" / f"{name}.ipynb")
    have = _student_view(json.loads(committed.read_text(encoding="utf-8")))
    assert have == _student_view(built), f"{committed} is stale: run `make assignments`"


@needs_kit
@pytest.mark.parametrize("name", [s.stem for s in sources(ROOT)])
def test_reference_solutions_score_full_marks(kit, name):
    """The reference solutions of each source score full marks (``-k reference``)."""
    scores = _grade(kit, name, kit[0] / "solutions" / f"{name}-solutions.ipynb", "reference solutions")
    assert scores == pytest.approx({q: float(p) for q, p in _auto_points(kit, name).items()})


@needs_kit
def test_untouched_student_notebook_scores_zero(kit):
    scores = _grade(kit, PILOT, kit[0] / "student" / f"{PILOT}.ipynb", "untouched student notebook")
    assert set(scores) == set(_auto_points(kit, PILOT))
    assert all(s == 0 for s in scores.values()), scores


def _independent_function(name, part_way=False):
    """An auto-graded question whose answer is a function nothing else uses.

    Returns ``(question, function name)``, for a question that is neither the first
    nor the last auto-graded one if ``part_way``: the function is defined in the
    question's reference solution, and no other question, no test of another
    question and no cell outside the question mentions it, so breaking it may cost
    that question's points and no other. Implement questions come first.
    """
    import ast
    import re

    from booktools.kit import _lab_cells

    source = ROOT / "assignments" / name / f"{name}.ipynb"
    qs = [q for q in questions(source) if not q["manual"]]
    _, cells = _lab_cells(source)
    tests = _test_cells_by_question(source)
    order = [q["name"] for q in qs]
    for q in sorted(qs, key=lambda q: q["kind"] != "implement"):
        if part_way and not 0 < order.index(q["name"]) < len(order) - 1:
            continue
        for cell, question, role in cells:
            if question != q["name"] or role != "solution" or cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse(cell["source"])
            except SyntaxError:
                continue
            for fn in (n.name for n in tree.body if isinstance(n, ast.FunctionDef)):
                used = re.compile(rf"\b{re.escape(fn)}\b")
                others = [c["source"] for c, qq, _ in cells if qq != q["name"]]
                others += [t for qq, ts in tests.items() if qq != q["name"] for t in ts]
                if not any(used.search(text) for text in others):
                    return q["name"], fn
    pytest.fail(f"{name}: no auto-graded question defines a function that nothing else uses")


def _test_cells_by_question(source) -> dict[str, list[str]]:
    import yaml

    nb = json.loads(source.read_text(encoding="utf-8"))
    out, question, inside = {}, None, False
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "raw" and text.startswith("# BEGIN QUESTION"):
            question = (yaml.safe_load(text.split("\n", 1)[1]) or {}).get("name")
        elif cell["cell_type"] == "raw" and text.startswith(("# BEGIN TESTS", "# END TESTS")):
            inside = text.startswith("# BEGIN")
        elif inside and cell["cell_type"] == "code":
            out.setdefault(question, []).append(text)
    return out


@needs_kit
def test_one_wrong_answer_loses_exactly_its_points(kit, tmp_path):
    # the reference function of one question, replaced by one that returns nothing useful
    q, fn = _independent_function(PILOT)
    path = _edited_solutions(kit, tmp_path, PILOT, f"def {fn}(",
                             lambda s: s + f"\n\n\ndef {fn}(*args, **kwargs):  # a wrong answer\n"
                                           "    return None\n")
    scores = _grade(kit, PILOT, path, f"one wrong answer ({q})")
    full = _auto_points(kit, PILOT)
    assert scores[q] == 0
    assert {k: s for k, s in scores.items() if k != q} == pytest.approx(
        {k: float(p) for k, p in full.items() if k != q})


@needs_kit
def test_a_notebook_that_raises_part_way_still_gets_a_result(kit, tmp_path):
    q, fn = _independent_function(PILOT, part_way=True)
    path = _edited_solutions(kit, tmp_path, PILOT, f"def {fn}(",
                             lambda s: 'raise RuntimeError("a student error")\n' + s)
    scores = _grade(kit, PILOT, path, f"raises an error in {q}")
    full = _auto_points(kit, PILOT)
    assert set(scores) == set(full)
    assert scores[q] == 0
    # every other question, before and after the error, is still graded
    assert {k: s for k, s in scores.items() if k != q} == pytest.approx(
        {k: float(p) for k, p in full.items() if k != q})
    order = list(full)  # the questions in notebook order
    assert 0 < order.index(q) < len(order) - 1, f"{q} is not part-way through the notebook"
