"""Sphinx extension: a chapter states its lab's time as the lab itself states it.

Every lab's header (the first markdown cell of ``notebooks/<lab>.ipynb``) has a
line ``**Time.** About N minutes ...``. A chapter writes

    Lab ({doc}`../notebooks/lab01-counting-voices`): {lab-time}`../notebooks/lab01-counting-voices`.

and the role renders ``about N minutes``, read from the lab when the book is
built, so the chapter and the lab cannot disagree. The target is resolved like
``{doc}``: relative to the page, or from the book's root when it starts with
``/``; the ``.ipynb`` suffix is optional. A lab that is missing, unreadable or
has no such line gives a build warning, which the strict build (``-W``) turns
into an error. The page is rebuilt when the lab changes.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

# "**Time.** About 75 minutes ..." (the case of "About" does not matter).
TIME_LINE = re.compile(r"\*\*Time\.\*\*\s+About\s+(\d+)\s+minutes\b", flags=re.I)


class LabTimeError(ValueError):
    """The lab's header states no time in the expected form."""


def lab_minutes(notebook: dict) -> int:
    """The time, in minutes, that a lab's header states.

    Parameters
    ----------
    notebook : dict
        The lab notebook, as loaded from its JSON (nbformat 4).

    Returns
    -------
    int
        N from the line ``**Time.** About N minutes`` of the first markdown cell.

    Raises
    ------
    LabTimeError
        When the notebook has no markdown cell, or its first one has no such line.
    """
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise LabTimeError("the notebook has no list of cells")
    first = next((c for c in cells if isinstance(c, dict) and c.get("cell_type") == "markdown"),
                 None)
    if first is None:
        raise LabTimeError("the notebook has no markdown cell")
    source = first.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    match = TIME_LINE.search(text)
    if match is None:
        raise LabTimeError("the lab's first markdown cell has no '**Time.** About N minutes' line")
    return int(match.group(1))


def lab_time_text(minutes: int) -> str:
    """How a chapter states the lab's time: ``about N minutes``."""
    return f"about {minutes} minutes"


def resolve(docname: str, target: str) -> str:
    """The lab's document name for a role target written on page ``docname``."""
    target = target.strip()
    if target.endswith(".ipynb"):
        target = target[: -len(".ipynb")]
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))


class LabTimeRole(SphinxRole):
    """``{lab-time}`path/to/lab``` renders the lab's stated time."""

    def run(self):
        labdoc = resolve(self.env.docname, self.text)
        path = Path(self.env.srcdir) / f"{labdoc}.ipynb"
        try:
            self.env.note_dependency(str(path))
            minutes = lab_minutes(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError, LabTimeError) as err:
            logger.warning(f"lab-time: cannot read the time of {labdoc}: {err}",
                           location=self.get_location())
            return [nodes.inline(self.rawtext, self.text)], []
        return [nodes.Text(lab_time_text(minutes))], []


def setup(app: Sphinx) -> dict:
    app.add_role("lab-time", LabTimeRole())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
