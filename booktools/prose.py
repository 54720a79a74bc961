"""The prose of the book's own MyST pages, without code, directives, maths or markup."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["book_prose"]

_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{[^}]*\})?(.*)$")
_DROP_DIRECTIVES = ("{code-cell}", "{literalinclude}", "{bibliography}", "{solution-start}",
                    "{solution-end}", "{toctree}", "{raw}", "{glue:figure}", "{figure}",
                    "{math}")


def book_prose(paths: Iterable[str | Path]) -> str:
    """The prose of MyST markdown pages, without code, directives, maths or markup.

    Removes the front matter, code cells and other non-prose blocks (code,
    ``literalinclude``, bibliography, glossary, figures), directive fences
    and option lines (the prose inside admonitions, definitions and
    exercises is kept), display and inline maths, roles that hold no prose
    (``glue``, ``cite``, ``doc``, ``ref``), link targets, labels and HTML
    comments.

    Parameters
    ----------
    paths : iterable of path
        The pages, read in the order given.

    Returns
    -------
    str
        The prose, one paragraph per line.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("paths must name at least one file")
    parts = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        lines, stack = [], []  # stack of (fence, dropped)
        for line in text.splitlines():
            match = _FENCE.match(line.strip())
            if match:
                fence, directive = match.group(1), match.group(2)
                if stack and line.strip() == stack[-1][0]:
                    stack.pop()
                    continue
                if directive is not None or match.group(3).strip() or not stack:
                    dropped = directive is None or directive in _DROP_DIRECTIVES
                    stack.append((fence, dropped))
                    continue
            if any(dropped for _, dropped in stack):
                continue
            if stack and re.match(r"^\s*:[\w-]+:", line):
                continue  # directive option
            lines.append(line)
        body = "\n".join(lines)
        body = re.sub(r"\$\$.*?\$\$", " ", body, flags=re.S)
        body = re.sub(r"\$[^$\n]+\$", " ", body)
        body = re.sub(r"\{(?:glue:\w+|glue|cite:\w+|cite|doc|ref|numref|eq|prf:ref)\}`[^`]*`",
                      " ", body)
        body = re.sub(r"\{term\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", body)
        body = re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", body)
        body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", body)
        body = re.sub(r"^\([\w-]+\)=\s*$", " ", body, flags=re.M)
        body = re.sub(r"`[^`]*`", " ", body)
        parts.append(body)
    return "\n".join(parts)
