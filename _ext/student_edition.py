"""The student edition: the same book, built without solutions or the instructor's guide.

Nothing changes in the reader's edition. When the Sphinx configuration value
``monoculture_edition`` is ``"student"`` (``scripts/build_student.py`` sets it,
``make student``), this extension

- removes every exercise solution from the document tree: a transform that runs
  after sphinx-exercise has merged the gated form (``solution-start`` ...
  ``solution-end``, which may hold code cells and their outputs) into one
  solution node, so both forms go, with everything inside them. The sources are
  not edited, and the executed notebooks are the same as the book's: the pages
  come from the same jupyter-cache, with no second execution;
- leaves out the instructor's guide, found by its path: every document under
  ``book/instructor/`` is dropped from the table of contents and excluded from the
  build (whatever the caption of its part in ``_toc.yml``), because it holds the
  assessment rubrics.

- renders the labs without their solutions: a lab page ``notebooks/<lab>`` whose
  student notebook ``notebooks/student/<lab>.ipynb`` exists (Otter's, without
  solutions, with ``grader.check`` cells; ``make assignments`` writes it) is read
  from that notebook instead (``source-read``), rendered without executing it like
  every lab. Its launch buttons and repository links are pointed at the student
  notebook, and the ``.ipynb`` offered for download is the student notebook, so no
  button of a lab page leads to the solved lab. The Colab button is dropped on
  those pages: Otter keeps a notebook's public tests in its metadata, which it does
  not read on Colab, so ``grader.check`` works on Binder and in any local Jupyter
  but not on Colab.

sphinx-exercise's own ``hide_solutions`` option is not used: with
sphinx-exercise 1.2.1 it stops the build on the gated form (``NotImplementedError:
... unknown node type: solution_end_node``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

STUDENT = "student"
INSTRUCTOR_PREFIX = "book/instructor/"


def is_instructor_doc(docname: str) -> bool:
    """True for a document of the instructor's guide (by its path)."""
    return docname.startswith(INSTRUCTOR_PREFIX)


class RemoveSolutions(SphinxTransform):
    """Remove every solution (plain or merged from the gated form) in the student edition."""

    # sphinx-exercise merges the gated form at priority 10.
    default_priority = 800

    def apply(self, **kwargs) -> None:
        if self.config.monoculture_edition != STUDENT:
            return
        from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

        for node in list(self.document.findall(solution_node)):
            node.parent.remove(node)
        # A gated pair that was not merged (malformed input) must not leak its
        # content either: drop everything from the start node to the end node.
        for start in list(self.document.findall(solution_start_node)):
            parent = start.parent
            index = parent.index(start)
            end = next((i for i, child in enumerate(parent.children[index:], index)
                        if isinstance(child, solution_end_node)), len(parent.children) - 1)
            del parent.children[index:end + 1]
        for end in list(self.document.findall(solution_end_node)):
            end.parent.remove(end)


def drop_instructor_part(app: Sphinx, config: Config) -> None:
    """Remove the instructor's guide from the site map and from the build."""
    if config.monoculture_edition != STUDENT:
        return
    site_map = getattr(config, "external_site_map", None)
    if site_map is None:
        logger.warning("student_edition: no external table of contents to remove the "
                       "instructor's guide from")
        return
    from sphinx_external_toc.api import FileItem

    dropped = [name for name in site_map if is_instructor_doc(name)]
    for name in dropped:
        del site_map[name]
    for name in site_map:
        document = site_map[name]
        for tree in document.subtrees:
            tree.items = [item for item in tree.items
                          if not (isinstance(item, FileItem) and is_instructor_doc(str(item)))]
        document.subtrees = [tree for tree in document.subtrees if tree.items]
    if not dropped:
        logger.warning("student_edition: no document under %s in the table of contents",
                       INSTRUCTOR_PREFIX)
    config.exclude_patterns = [*config.exclude_patterns, f"{INSTRUCTOR_PREFIX}**"]


STUDENT_LABS = "notebooks/student"
_LAB = re.compile(r"^notebooks/(lab[^/]+)$")


def student_lab(srcdir: str | Path, docname: str) -> Path | None:
    """The student notebook that replaces the lab ``docname``, if there is one."""
    match = _LAB.match(docname)
    if not match:
        return None
    path = Path(srcdir) / STUDENT_LABS / f"{match.group(1)}.ipynb"
    return path if path.is_file() else None


def swap_lab_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """In the student edition, read a lab page from its student notebook."""
    if app.config.monoculture_edition != STUDENT:
        return
    path = student_lab(app.srcdir, docname)
    if path is not None:
        source[0] = path.read_text(encoding="utf-8")


def retarget(url: str, stem: str) -> str:
    """A launch or repository URL of a lab, pointed at its student notebook.

    Links into the built site (``_sources/...``, the download button) are left
    alone: the file they serve is replaced by :func:`replace_downloads`.
    """
    if "_sources" in url:
        return url
    return url.replace(f"notebooks/{stem}.ipynb", f"{STUDENT_LABS}/{stem}.ipynb")


def _retarget_buttons(buttons: list, stem: str) -> list:
    kept = []
    for button in buttons:
        if not isinstance(button, dict):
            kept.append(button)
            continue
        button = dict(button)
        if isinstance(button.get("url"), str):
            if "colab" in button["url"]:
                continue  # Otter's metadata tests do not run on Colab
            button["url"] = retarget(button["url"], stem)
        if isinstance(button.get("buttons"), list):
            button["buttons"] = _retarget_buttons(button["buttons"], stem)
        kept.append(button)
    return kept


def retarget_buttons(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Point a student lab page's launch and repository buttons at the student notebook."""
    if app.config.monoculture_edition != STUDENT or student_lab(app.srcdir, pagename) is None:
        return
    stem = pagename.split("/", 1)[1]
    if isinstance(context.get("header_buttons"), list):
        context["header_buttons"] = _retarget_buttons(context["header_buttons"], stem)


def replace_downloads(app: Sphinx, exception) -> None:
    """The ``.ipynb`` a student lab page offers for download is the student notebook."""
    if exception is not None or app.config.monoculture_edition != STUDENT:
        return
    for lab in sorted((Path(app.srcdir) / STUDENT_LABS).glob("lab*.ipynb")):
        copied = Path(app.outdir) / "_sources" / "notebooks" / lab.name
        if copied.exists():
            shutil.copyfile(lab, copied)


def setup(app: Sphinx) -> dict:
    app.add_config_value("monoculture_edition", "reader", "env", [str])
    app.connect("source-read", swap_lab_source)
    # after sphinx-book-theme has made its buttons (priority 501)
    app.connect("html-page-context", retarget_buttons, priority=600)
    app.connect("build-finished", replace_downloads)
    # sphinx-external-toc reads _toc.yml at priority 900.
    app.connect("config-inited", drop_instructor_part, priority=950)
    app.add_transform(RemoveSolutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
