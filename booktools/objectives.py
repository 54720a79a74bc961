"""Learning objectives, written once in each chapter's "At a glance" box.

Each chapter lists its objectives in its "At a glance" admonition, as a
numbered list after ``**Learning objectives.**``. The instructor page
``book/instructor/objectives.md`` does not copy them: it holds an
``objectives-table`` block that maps each chapter's objectives, in order, to
where students practise them and how they are assessed, and the local Sphinx
extension ``_ext/objectives.py`` replaces that block with a table built by
:func:`objectives_table` when the book is built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["chapter_title", "chapter_objectives", "objectives_table", "ObjectivesError"]

_ITEM = re.compile(r"^\d+\.\s+(.*)$")
_LAB = re.compile(r"\blab (\d)\b")


class ObjectivesError(ValueError):
    """A chapter's objectives and the practice map disagree."""


def chapter_title(text: str) -> str:
    """The first level-1 heading of a MyST page."""
    match = re.search(r"^# (.+)$", text, flags=re.M)
    if match is None:
        raise ObjectivesError("the page has no level-1 heading")
    return match.group(1).strip()


def chapter_objectives(text: str) -> list[str]:
    """The numbered learning objectives of a chapter's "At a glance" box.

    Items may wrap over several lines; the trailing ``;``, ``.`` or
    ``; and`` of each item is dropped.
    """
    start = text.find("**Learning objectives.**")
    if start < 0:
        raise ObjectivesError("the page has no '**Learning objectives.**' paragraph")
    items: list[str] = []
    for line in text[start:].splitlines()[1:]:
        if not line.strip():
            if items:
                break
            continue
        match = _ITEM.match(line.strip())
        if match:
            items.append(match.group(1).strip())
        elif items:
            items[-1] += " " + line.strip()
        else:
            break
    if not items:
        raise ObjectivesError("the learning objectives must be a numbered list")
    return [re.sub(r"(;\s*and|;|\.)$", "", item).strip() for item in items]


def objectives_table(book_dir: str | Path, practice: Mapping[str, Sequence[Sequence[str]]],
                     link_prefix: str = "../") -> str:
    """A MyST table of every chapter's objectives with where each is practised and assessed.

    Parameters
    ----------
    book_dir : path
        The directory holding the chapters (``chNN-*.md``).
    practice : mapping
        Chapter file stem -> one ``[practised in, assessed by]`` pair per
        objective, in the chapter's order.
    link_prefix : str
        Path from the page that shows the table to ``book_dir``.

    Returns
    -------
    str
        The table, one row per objective.

    Raises
    ------
    ObjectivesError
        If a chapter has no practice entry, or a different number of
        objectives than entries, or an entry names no chapter.
    """
    book_dir = Path(book_dir)
    chapters = sorted(book_dir.glob("ch[0-9][0-9]-*.md"))
    labs = {int(p.stem[3:5]): p.stem for p in (book_dir.parent / "notebooks").glob("lab[0-9][0-9]-*.ipynb")}
    unknown = set(practice) - {c.stem for c in chapters}
    if unknown:
        raise ObjectivesError(f"practice entries for unknown chapters: {sorted(unknown)}")
    rows = ["| chapter | after it, a student can | practised in | assessed by |",
            "| --- | --- | --- | --- |"]
    for number, chapter in enumerate(chapters, start=1):
        text = chapter.read_text(encoding="utf-8")
        objectives = chapter_objectives(text)
        entries = practice.get(chapter.stem)
        if entries is None or len(entries) != len(objectives):
            have = "none" if entries is None else len(entries)
            raise ObjectivesError(
                f"{chapter.name} has {len(objectives)} learning objectives but the practice map "
                f"has {have} entries for it: update the objectives-table block")
        for i, (objective, entry) in enumerate(zip(objectives, entries)):
            if len(entry) != 2:
                raise ObjectivesError(f"{chapter.stem}: each entry must be [practised in, "
                                      f"assessed by], got {entry!r}")
            head = f"{number}. {{doc}}`{link_prefix}{chapter.stem}`" if i == 0 else ""
            cells = [head, objective, *(_link_lab(str(e), labs, link_prefix) for e in entry)]
            rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def _link_lab(cell: str, labs: Mapping[int, str], link_prefix: str) -> str:
    """Link the first plain mention of "lab N" in a cell to that lab, unless the cell has a link."""
    if "{doc}" in cell:
        return cell
    match = _LAB.search(cell)
    if match is None or int(match.group(1)) not in labs:
        return cell
    target = f"{link_prefix}../notebooks/{labs[int(match.group(1))]}"
    return cell[:match.start()] + f"{{doc}}`{match.group(0)} <{target}>`" + cell[match.end():]
