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

sphinx-exercise's own ``hide_solutions`` option is not used: with
sphinx-exercise 1.2.1 it stops the build on the gated form (``NotImplementedError:
... unknown node type: solution_end_node``).
"""

from __future__ import annotations

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


def setup(app: Sphinx) -> dict:
    app.add_config_value("monoculture_edition", "reader", "env", [str])
    # sphinx-external-toc reads _toc.yml at priority 900.
    app.connect("config-inited", drop_instructor_part, priority=950)
    app.add_transform(RemoveSolutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
