"""Tests of the book tooling: the prose of the book's own pages, and the objectives table."""

from __future__ import annotations

import pytest

from booktools.objectives import ObjectivesError, chapter_objectives, objectives_table
from booktools.prose import book_prose
from conftest import ROOT
from monoculture.collapse import tokenize

PAGE = """---
jupytext: x
---

(label)=
# A page title

Some prose with $x^2$ maths and a {cite:p}`key` citation and a {term}`Tail <Tails>`.

```{code-cell} ipython3
secret_code_word = 1
```

```{admonition} Note
:class: tip

Inside an admonition.
```

$$
hidden = 2
$$

```{literalinclude} ../x.py
:pyobject: f
```
"""


def test_book_prose_strips_code_and_markup(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE)
    text = book_prose([path])
    words = tokenize(text)
    for kept in ("page", "prose", "maths", "tail", "inside", "admonition"):
        assert kept in words
    for gone in ("secret_code_word", "secret", "jupytext", "key", "hidden", "pyobject",
                 "class", "tip", "tails", "label", "literalinclude"):
        assert gone not in words
    with pytest.raises(ValueError, match="paths"):
        book_prose([])


# ---------------------------------------------------------------------------
# learning objectives: written once, in each chapter
# ---------------------------------------------------------------------------

def _practice_map():
    import re

    import yaml

    page = (ROOT / "book" / "instructor" / "objectives.md").read_text()
    block = re.search(r"^```\{objectives-table\}\n(.*?)^```", page, flags=re.M | re.S)
    return yaml.safe_load(block.group(1))


def test_objectives_table_has_one_row_per_chapter_objective():
    table = objectives_table(ROOT / "book", _practice_map())
    rows = table.splitlines()[2:]
    chapters = sorted((ROOT / "book").glob("ch[0-9][0-9]-*.md"))
    objectives = [o for c in chapters for o in chapter_objectives(c.read_text())]
    assert len(rows) == len(objectives) >= 4 * len(chapters)
    for row, objective in zip(rows, objectives):
        assert f"| {objective} |" in row
    assert all(objective.startswith("*") for objective in objectives), "each starts with a verb"


def test_objectives_table_fails_when_a_chapter_changes(tmp_path):
    (tmp_path / "ch01-a.md").write_text(
        "# A\n\n**Learning objectives.** After this chapter you can:\n\n"
        "1. *compute* one thing;\n2. *explain* another,\n   over two lines.\n\n**Time.** 5 minutes.\n")
    table = objectives_table(tmp_path, {"ch01-a": [["lab 1", "quiz"], ["lab 1", "essay"]]})
    assert "| *explain* another, over two lines | lab 1 | essay |" in table
    with pytest.raises(ObjectivesError, match="2 learning objectives"):
        objectives_table(tmp_path, {"ch01-a": [["lab 1", "quiz"]]})
    with pytest.raises(ObjectivesError, match="unknown chapters"):
        objectives_table(tmp_path, {"ch01-a": [], "ch09-b": []})


def test_the_sphinx_extension_replaces_the_block_with_the_table():
    from types import SimpleNamespace

    from _ext import objectives as ext

    page = ROOT / "book" / "instructor" / "objectives.md"
    env = SimpleNamespace(doc2path=lambda docname: ROOT / f"{docname}.md")
    app = SimpleNamespace(env=env, srcdir=str(ROOT))
    source = [page.read_text()]
    ext._replace(app, "book/instructor/objectives", source)
    assert "objectives-table" not in source[0]
    assert "| 1. {doc}`../ch01-counting-voices` | *compute* richness" in source[0]
    assert ext._always_outdated(app, env, set(), set(), set()) == ["book/instructor/objectives"]


def test_fresh_venv_uses_the_pinned_uv_and_refuses_an_empty_install(tmp_path):
    """``make launch`` and ``make dist-test`` build their venvs with it (a real install each)."""
    import os
    import re
    import sys

    from booktools.venvs import fresh_venv, uv_executable

    pinned = re.search(r"^uv==(\S+)$", (ROOT / "requirements.txt").read_text(), flags=re.M)
    assert pinned, "requirements.txt must pin uv"
    assert os.access(uv_executable(), os.X_OK)
    with pytest.raises(ValueError, match="^install"):
        fresh_venv(sys.executable, tmp_path / "venv", [], env=os.environ, cwd=tmp_path)
    assert not (tmp_path / "venv").exists()
