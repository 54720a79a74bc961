"""The instructor's kit pages: linked objectives, no promise of material that does not exist."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT
from booktools.objectives import objectives_table

INSTRUCTOR = ROOT / "book" / "instructor"


def _table() -> str:
    page = (INSTRUCTOR / "objectives.md").read_text()
    block = re.search(r"^```\{objectives-table\}\n(.*?)^```", page, flags=re.M | re.S)
    return objectives_table(ROOT / "book", yaml.safe_load(block.group(1)))


def test_every_chapter_and_every_lab_is_linked_from_the_objectives_table():
    table = _table()
    for chapter in sorted((ROOT / "book").glob("ch[0-9][0-9]-*.md")):
        assert f"{{doc}}`../{chapter.stem}`" in table
    for lab in sorted((ROOT / "notebooks").glob("lab[0-9][0-9]-*.ipynb")):
        assert f"<../../notebooks/{lab.stem}>`" in table, lab.stem
    # no bare "lab N" left in a cell without a link
    for row in table.splitlines()[2:]:
        for cell in row.split(" | ")[2:]:
            assert "{doc}" in cell or not re.search(r"\blab \d\b", cell), cell


def test_no_quiz_is_promised_that_the_book_does_not_have():
    assert "quiz" not in _table().lower()
    prepost = (INSTRUCTOR / "prepost.md").read_text()
    assert "sufficient" in prepost  # the question that replaced the promised quiz


def test_instructor_pages_are_in_the_instructor_part_of_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = next(p for p in toc["parts"] if any("instructor/index" in c["file"] for c in p["chapters"]))
    files = {c["file"] for c in part["chapters"]}
    for page in ("grading", "answer-keys", "misconceptions", "prepost"):
        assert f"book/instructor/{page}" in files
        assert (INSTRUCTOR / f"{page}.md").exists()


def test_prepost_has_six_to_eight_questions_per_chapter_and_no_typed_answers():
    text = (INSTRUCTOR / "prepost.md").read_text()
    sections = re.split(r"^## Chapter \d", text, flags=re.M)[1:]
    assert len(sections) == 6
    for section in sections:
        questions, key = section.split(":::{admonition} Answer key", 1)
        assert 6 <= len(re.findall(r"^\d\. ", questions, flags=re.M)) <= 8
        # every decimal number in a key is a parameter the question gives, or comes
        # from the build ({glue:text}): no result is typed
        numbers = re.findall(r"(?<![\w.{`/])\d+\.\d+(?![\w}])", key)
        assert all(n in questions for n in numbers), [n for n in numbers if n not in questions]
