"""The solved labs are generated from their assignment sources and cannot drift from them.

Each lab with a source ``assignments/<stem>/<stem>.ipynb`` has its solved lab
``notebooks/<stem>.ipynb`` written by :func:`booktools.kit.lab_notebook`
(``python scripts/build_assignments.py labs``, or ``make labs``, which also
executes them). These tests are fast (no Otter, no kernel) and run in ``make unit``:

- every generated lab equals ``lab_notebook(source)`` cell by cell (cell types and
  sources; outputs, execution counts and cell ids are ignored);
- :func:`lab_notebook` itself, on a small source that has every kind of cell:
  Otter's markers and configuration go, test cells go, prompts stay, solution
  code stays without its markers, a written answer becomes a "Sample answer";
- the same properties on every real lab source.

The student notebooks (``notebooks/student/<stem>.ipynb``, built by Otter) are
compared with a fresh Otter build in ``tests/test_kit.py`` (marker ``kit``).
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from booktools.kit import _text, lab_notebook, lab_sources, questions

LAB_SOURCES = lab_sources(ROOT)


def _cells(nb: dict) -> list[tuple[str, str]]:
    return [(c["cell_type"], _text(c).strip("\n")) for c in nb["cells"]]


@pytest.mark.parametrize("source", LAB_SOURCES, ids=lambda p: p.stem)
def test_generated_lab_equals_its_source(source):
    lab = ROOT / "notebooks" / f"{source.stem}.ipynb"
    assert lab.exists(), f"{lab.name} is missing: run `make labs`"
    have = _cells(json.loads(lab.read_text(encoding="utf-8")))
    want = _cells(lab_notebook(source))
    for i, (h, w) in enumerate(zip(have, want)):
        assert h == w, (f"{lab.name}, cell {i}, differs from its source "
                        f"{source.relative_to(ROOT)}: run `make labs` (never edit the lab by hand)")
    assert len(have) == len(want), f"{lab.name} has {len(have)} cells, its source gives {len(want)}"


def _raw(text):
    return {"cell_type": "raw", "metadata": {}, "source": text}


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [],
            "execution_count": None}


SOURCE = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                   "language": "python"}}, "cells": [
    _raw("# ASSIGNMENT CONFIG\nname: lab09-toy\ninit_cell: true"),
    _md("# Lab 9: a toy\n\nIntroduction."),
    _code("import numpy as np\nSEED = 1"),
    _raw("# BEGIN QUESTION\nname: q1\npoints: 1"),
    _md("**Question 1 (predict).** Guess the answer."),
    _raw("# BEGIN SOLUTION"),
    _code("q1_guess = 3  # SOLUTION"),
    _raw("# END SOLUTION"),
    _raw("# BEGIN TESTS"),
    _code("def test_1(q1_guess):\n    assert q1_guess > 0, 'positive'"),
    _code("# HIDDEN\ndef test_2(q1_guess):\n    assert q1_guess < 10, 'small'"),
    _raw("# END TESTS"),
    _raw("# END QUESTION"),
    _raw("# BEGIN QUESTION\nname: q2\npoints: 2"),
    _md("**Question 2 (implement).** Write `double`."),
    _raw("# BEGIN SOLUTION"),
    _code('def double(x):\n    """ # BEGIN PROMPT\n    ...\n    """ # END PROMPT\n'
          "    # BEGIN SOLUTION NO PROMPT\n    return 2 * x\n    # END SOLUTION\n\ndouble(2)"),
    _raw("# END SOLUTION"),
    _raw("# BEGIN TESTS"),
    _code("def test_3(double):\n    assert double(4) == 8, 'twice'"),
    _raw("# END TESTS"),
    _raw("# END QUESTION"),
    _code("print(double(21))"),
    _raw("# BEGIN QUESTION\nname: q3\nmanual: true\npoints: 2"),
    _md("**Question 3 (explain).** Why?"),
    _raw("# BEGIN SOLUTION"),
    _md("Because doubling is linear."),
    _raw("# END SOLUTION"),
    _raw("# END QUESTION"),
    _md("You are done."),
]}


@pytest.fixture
def toy(tmp_path):
    path = tmp_path / "lab09-toy.ipynb"
    path.write_text(json.dumps(SOURCE))
    return path


def test_lab_notebook_of_a_small_source(toy):
    assert _cells(lab_notebook(toy)) == [
        ("markdown", "# Lab 9: a toy\n\nIntroduction."),
        ("code", "import numpy as np\nSEED = 1"),
        ("markdown", "**Question 1 (predict).** Guess the answer."),
        ("code", "q1_guess = 3"),
        ("markdown", "**Question 2 (implement).** Write `double`."),
        ("code", "def double(x):\n    return 2 * x\n\ndouble(2)"),
        ("code", "print(double(21))"),
        ("markdown", "**Question 3 (explain).** Why?"),
        ("markdown", "**Sample answer.** Because doubling is linear."),
        ("markdown", "You are done."),
    ]


def test_lab_notebook_is_a_valid_notebook_without_outputs(toy):
    import nbformat

    nb = lab_notebook(toy)
    nbformat.validate(nbformat.from_dict(nb))
    assert nb["metadata"] == SOURCE["metadata"]
    assert all(c["outputs"] == [] and c["execution_count"] is None
               for c in nb["cells"] if c["cell_type"] == "code")


_OTTER = re.compile(r"#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS|PROMPT)|# SOLUTION\b|ASSIGNMENT CONFIG")


def _test_cells(source) -> list[str]:
    nb = json.loads(source.read_text(encoding="utf-8"))
    out, inside = [], False
    for cell in nb["cells"]:
        text = _text(cell)
        if cell["cell_type"] == "raw" and re.match(r"#\s*(BEGIN|END) TESTS", text):
            inside = text.lstrip("# ").startswith("BEGIN")
        elif inside and cell["cell_type"] == "code":
            out.append(text.strip())
    return out


@pytest.mark.parametrize("source", LAB_SOURCES, ids=lambda p: p.stem)
def test_real_lab_sources_give_clean_solved_labs(source):
    cells = _cells(lab_notebook(source))
    assert all(kind != "raw" for kind, _ in cells), "a raw cell of Otter's is left"
    text = "\n".join(t for _, t in cells)
    assert not _OTTER.search(text), _OTTER.search(text).group(0)
    for test in _test_cells(source):
        assert test not in text, f"a test cell is left: {test[:60]!r}"
    # every question's prompt is kept, in order, and each written answer has a sample answer
    qs = questions(source)
    prompts = [int(m) for _, t in cells for m in re.findall(r"^\*\*Question (\d+) \(", t, flags=re.M)]
    assert set(prompts) == set(range(1, len(qs) + 1)), prompts
    samples = sum(t.startswith("**Sample answer.**") for kind, t in cells if kind == "markdown")
    assert samples >= sum(q["manual"] for q in qs), "a written question without its sample answer"


def test_answer_key_of_a_small_source(toy, tmp_path):
    from booktools.kit import answer_key

    key = answer_key(toy)
    assert [(q["name"], q["kind"], q["points"], q["manual"]) for q in key] == [
        ("q1", "predict", 1, False), ("q2", "implement", 2, False), ("q3", "explain", 2, True)]
    assert key[0]["prompt"] == "**Question 1 (predict).** Guess the answer."
    assert key[0]["answer"] == "q1_guess = 3"
    assert key[1]["answer"] == "def double(x):\n    return 2 * x\n\ndouble(2)"
    assert key[2]["answer"] == "Because doubling is linear."
    assert all(q["outputs"] == [] for q in key)
    # the executed solved lab's outputs: a question's own cells and the cells after it
    executed = lab_notebook(toy)
    code = [c for c in executed["cells"] if c["cell_type"] == "code"]
    code[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "3\n"}]
    code[2]["outputs"] = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                           "data": {"text/plain": "4"}}]
    code[3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["4", "2\n"]}]
    path = tmp_path / "executed.ipynb"
    path.write_text(json.dumps(executed))
    key = answer_key(toy, path)
    assert [q["outputs"] for q in key] == [["3"], ["4", "42"], []]
    # a lab that is not generated from its source shows no outputs
    code[0]["source"] = "import numpy as np\nSEED = 2"
    path.write_text(json.dumps(executed))
    assert all(q["outputs"] == [] for q in answer_key(toy, path))


@pytest.mark.parametrize("line, minutes", [
    ("**Time.** About 60 minutes. The whole lab runs in seconds.", 60),
    ("**Time.** 60 to 90 minutes, in pairs.", 90),
    ("**Time.** About 75–90 min.", 90),
    ("**Time.** About 1.5 hours (predict, implement, explain).", 90),
])
def test_lab_minutes_reads_the_header(tmp_path, line, minutes):
    from booktools.kit import lab_minutes

    path = tmp_path / "lab.ipynb"
    path.write_text(json.dumps({"cells": [_md(f"# Lab 9\n\n**Objectives.** Learn.\n\n{line}")]}))
    assert lab_minutes(path) == minutes


def test_every_lab_states_its_time_for_the_course_plans(tmp_path):
    from booktools.kit import KitError, lab_minutes, lab_times

    times = lab_times(ROOT)
    assert set(times) == {p.stem[3:5] for p in ROOT.glob("notebooks/lab[0-9][0-9]-*.ipynb")}
    assert all(10 <= t <= 240 for t in times.values()), times
    path = tmp_path / "lab.ipynb"
    path.write_text(json.dumps({"cells": [_md("# Lab 9\n\nNo time stated.")]}))
    with pytest.raises(KitError, match="Time"):
        lab_minutes(path)
