"""The parallel execution of the book's pages into the build's cache (scripts/execute_pages.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts import execute_pages

ROOT = Path(__file__).resolve().parents[1]


def test_toc_files_lists_the_root_then_every_file_in_order():
    toc = {"format": "jb-book", "root": "book/index",
           "parts": [{"caption": "A", "chapters": [{"file": "book/a"}, {"file": "book/b",
                                                    "sections": [{"file": "book/b1"}]}]},
                     {"caption": "B", "chapters": [{"file": "notebooks/lab"}]}]}
    assert execute_pages.toc_files(toc) == ["book/index", "book/a", "book/b", "book/b1", "notebooks/lab"]


def test_executable_pages_are_the_myst_notebooks_of_the_toc_without_the_labs():
    pages = [str(p.relative_to(ROOT)) for p in execute_pages.executable_pages()]
    listed = execute_pages.toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    chapters = [f"{name}.md" for name in listed if Path(name).name.startswith("ch")]
    assert chapters and set(chapters) <= set(pages)
    assert not any(p.startswith("notebooks/") for p in pages)
    assert "book/glossary.md" not in pages  # prose only: nothing to execute
    assert len(pages) == len(set(pages))


def test_a_page_is_read_as_myst_nb_reads_it():
    nb = execute_pages.read_notebook(ROOT / "book" / "ch01-counting-voices.md")
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert sum(cell.cell_type == "code" for cell in nb.cells) > 3
