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


def test_the_jupyter_book_wrapper_is_jupyter_book_with_the_slow_import_deferred():
    import subprocess
    import sys

    code = ("import runpy, sys; sys.argv = ['jb', '--version']\n"
            "try:\n    runpy.run_path('scripts/jb.py', run_name='__main__')\n"
            "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
            "mod = sys.modules.get('rfc3987_syntax')\n"
            "print('deferred' if mod is not None and 'Stand-in' in (mod.__doc__ or '') else 'imported')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "Jupyter Book" in out and out.strip().endswith("deferred"), out


def test_a_page_runs_in_a_kernel_that_uses_no_tcp_port(tmp_path):
    """Kernels started side by side with other processes cannot lose a TCP port to them."""
    page = tmp_path / "page.md"
    page.write_text("---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n# A page\n\n"
                    "```{code-cell} ipython3\n"
                    "from ipykernel.kernelapp import IPKernelApp\n"
                    "print(IPKernelApp.instance().transport, 6 * 7)\n```\n")
    path, nb, seconds, error = execute_pages._execute(str(page), timeout=120, allow_errors=False)
    assert error is None and seconds > 0
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert "".join(code[0].outputs[0]["text"]).split() == ["ipc", "42"]
