"""Reading times and hidden-code share, computed from a chapter's MyST source.

Two numbers about every chapter are measured here rather than typed:

Reading time
    Every chapter header has a line ``**Time.** Reading: ... . Lab ...``. When
    the book is built, this extension replaces the reading clause (from
    ``Reading:`` to the first full stop) with two times computed from the
    source: the *core path* (everything outside "Going deeper" folds and
    exercise solutions) and the *full* chapter (everything). No other markup
    is needed: a new chapter gets its times as soon as it has the header line.
    The rates are stated below and on the preface's "Reading times" section
    (label ``reading-times``):

    - prose, including exercise statements, at :data:`WORDS_PER_MINUTE`;
      an inline formula counts as one word;
    - each display equation (a ``$$`` block or a ``math`` directive):
      :data:`MINUTES_PER_EQUATION`;
    - each figure (a shown cell that builds a chart): :data:`MINUTES_PER_FIGURE`;
      each other shown output (a table, printed numbers): :data:`MINUTES_PER_OUTPUT`;
    - shown code (visible code cells and ``literalinclude``): :data:`CODE_LINES_PER_MINUTE`.

    Times are rounded up to the next 5 minutes. The reference list is not counted.

Hidden code
    Lines of code in cells whose input the reader never sees (tagged
    ``remove-input``, ``remove-cell`` or ``hide-input``), as a share of the
    chapter's source lines, and the longest such cell (code lines, without the
    fences and option lines). ``tests/test_chapter_stats.py`` holds the limits.

Run ``python _ext/chapter_stats.py`` for a table of every chapter.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

WORDS_PER_MINUTE = 100
MINUTES_PER_EQUATION = 2.0
MINUTES_PER_FIGURE = 2.0
MINUTES_PER_OUTPUT = 0.5
CODE_LINES_PER_MINUTE = 15
ROUND_TO = 5

HIDDEN_TAGS = ("remove-input", "remove-cell", "hide-input")
FIGURE_CALL = re.compile(r"\bfinalize\(|\bsim_vs_theory\(|\btrajectories\(|\bfigures\.|"
                         r"\bfig\w*\.\w+\(|\balt\.Chart\(")
_FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})\s*(\{([\w:-]+)\})?(.*)$")
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")
_INLINE_MATH = re.compile(r"\$[^$]+\$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_TIME_CLAUSE = re.compile(r"(\*\*Time\.\*\*\s*)Reading:[^.]*\.")


@dataclass
class Counts:
    """Raw counts for one track (core path or full chapter)."""

    words: int = 0
    equations: int = 0
    figures: int = 0
    outputs: int = 0
    code_lines: int = 0

    def minutes(self) -> float:
        return (self.words / WORDS_PER_MINUTE + self.equations * MINUTES_PER_EQUATION
                + self.figures * MINUTES_PER_FIGURE + self.outputs * MINUTES_PER_OUTPUT
                + self.code_lines / CODE_LINES_PER_MINUTE)


@dataclass
class ChapterStats:
    """Everything measured on one chapter's source."""

    core: Counts = field(default_factory=Counts)
    full: Counts = field(default_factory=Counts)
    source_lines: int = 0
    hidden_lines: int = 0
    longest_hidden: int = 0
    going_deeper: int = 0

    @property
    def hidden_share(self) -> float:
        return self.hidden_lines / self.source_lines if self.source_lines else 0.0

    @property
    def core_minutes(self) -> int:
        return _round_up(self.core.minutes())

    @property
    def full_minutes(self) -> int:
        return _round_up(self.full.minutes())


def _round_up(minutes: float) -> int:
    return max(ROUND_TO, int(math.ceil(minutes / ROUND_TO - 1e-9)) * ROUND_TO)


def _included_lines(arg: str, options: dict[str, str], base: Path) -> int:
    """Number of lines a ``literalinclude`` shows (0 if the file is missing)."""
    path = (base / arg.strip()).resolve()
    if not path.is_file():
        return 0
    lines = path.read_text(encoding="utf-8").splitlines()
    if "pyobject" in options:
        tree = ast.parse("\n".join(lines))
        for node in ast.walk(tree):
            if getattr(node, "name", None) == options["pyobject"].strip():
                return node.end_lineno - node.lineno + 1
        return 0
    if "lines" in options:
        total = 0
        for part in options["lines"].split(","):
            a, _, b = part.strip().partition("-")
            start = int(a) if a else 1
            end = int(b) if b else (start if not _ else len(lines))
            total += max(0, end - start + 1)
        return total
    start, end = 0, len(lines)
    if "start-after" in options:
        marker = options["start-after"].strip().strip("\"'")
        start = next((i + 1 for i, s in enumerate(lines) if marker in s), 0)
    if "end-before" in options:
        marker = options["end-before"].strip().strip("\"'")
        end = next((i for i, s in enumerate(lines) if i >= start and marker in s), end)
    return max(0, end - start)


def _words(line: str) -> int:
    line = _ROLE.sub(lambda m: m.group(1) or "x", line)
    line = _INLINE_MATH.sub(" x ", line)
    return len(_WORD.findall(line))


def analyse(text: str, base: Path | None = None) -> ChapterStats:
    """Measure one chapter's MyST source.

    Parameters
    ----------
    text : str
        The source of the chapter.
    base : pathlib.Path, optional
        The chapter's folder, to resolve ``literalinclude`` paths.

    Returns
    -------
    ChapterStats
    """
    base = base or Path(".")
    lines = text.splitlines()
    stats = ChapterStats(source_lines=len(lines))
    i = 0
    if lines and lines[0].strip() == "---":  # front matter
        i = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), 0) + 1
    stack: list[tuple[str, bool]] = []  # open markdown directives: (fence, is a fold)
    in_solution = False
    in_math = False

    def tracks():
        fold = in_solution or any(f for _, f in stack)
        return (stats.full,) if fold else (stats.full, stats.core)

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("## References"):
            break
        if in_math:
            if stripped.endswith("$$"):
                in_math = False
            i += 1
            continue
        if stripped.startswith("$$"):
            for t in tracks():
                t.equations += 1
            in_math = not (len(stripped) > 2 and stripped.endswith("$$"))
            i += 1
            continue
        m = _FENCE.match(line)
        if m and stack and not m.group(3) and m.group(2)[0] == stack[-1][0][0] \
                and len(m.group(2)) >= len(stack[-1][0]) and not m.group(5).strip():
            stack.pop()
            i += 1
            continue
        if m:
            fence, name, arg = m.group(2), m.group(4) or "", m.group(5).strip()
            # collect the block up to its closing fence
            j = i + 1
            body: list[str] = []
            depth = 0
            while j < len(lines):
                mm = _FENCE.match(lines[j])
                if mm and mm.group(2)[0] == fence[0] and len(mm.group(2)) >= len(fence):
                    if mm.group(3):
                        depth += 1
                    elif depth == 0:
                        break
                    else:
                        depth -= 1
                body.append(lines[j])
                j += 1
            options: dict[str, str] = {}
            k = 0
            while k < len(body) and body[k].startswith(":"):
                key, _, value = body[k][1:].partition(":")
                options[key.strip()] = value.strip()
                k += 1
            content = body[k:]
            if name in ("code-cell", "") or name in ("code", "code-block", "math",
                                                     "literalinclude", "solution-start",
                                                     "solution-end"):
                i = j + 1
                if name == "solution-start":
                    in_solution = True
                    continue
                if name == "solution-end":
                    in_solution = False
                    continue
                if name == "math":
                    for t in tracks():
                        t.equations += 1
                    continue
                if name == "literalinclude":
                    n = _included_lines(arg, options, base)
                    for t in tracks():
                        t.code_lines += n
                    continue
                code = [s for s in content if s.strip()]
                tags = options.get("tags", "")
                hidden = any(tag in tags for tag in HIDDEN_TAGS)
                if name == "code-cell" and hidden:
                    stats.hidden_lines += len(code)
                    stats.longest_hidden = max(stats.longest_hidden, len(code))
                elif name != "code-cell" or "remove-cell" not in tags:
                    for t in tracks():
                        t.code_lines += len(code)
                if name == "code-cell" and not any(
                        tag in tags for tag in ("remove-cell", "remove-output")):
                    is_figure = bool(FIGURE_CALL.search("\n".join(content)))
                    for t in tracks():
                        if is_figure:
                            t.figures += 1
                        else:
                            t.outputs += 1
                continue
            # a directive with markdown content: open it and read on
            is_fold = "going-deeper" in options.get("class", "") or (
                name == "solution")
            if "going-deeper" in options.get("class", ""):
                stats.going_deeper += 1
            stack.append((fence, is_fold))
            if name != "claim" or not any(line.strip() for line in content):
                # a claim with a body shows the body, not its one-line summary
                for t in tracks():
                    t.words += _words(arg)
            i += 1 + k
            continue
        if re.match(r"^\(.+\)=\s*$", stripped):  # a label
            i += 1
            continue
        for t in tracks():
            t.words += _words(line)
        i += 1
    return stats


def time_clause(stats: ChapterStats) -> str:
    """The reading clause written into a chapter header."""
    return (f"Reading: about {stats.core_minutes} minutes on the core path, "
            f"{stats.full_minutes} minutes with every Going deeper block and solution "
            "({ref}`computed from the text <reading-times>`).")


def _source_read(app, docname: str, source: list[str]) -> None:
    if not _TIME_CLAUSE.search(source[0]):
        return
    path = Path(app.env.doc2path(docname))
    stats = analyse(source[0], path.parent)
    source[0] = _TIME_CLAUSE.sub(lambda m: m.group(1) + time_clause(stats), source[0], count=1)


def setup(app):
    app.connect("source-read", _source_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def chapter_table(book: Path) -> list[dict]:
    """One row of measurements per chapter (``book/ch*.md``)."""
    rows = []
    for path in sorted(book.glob("ch*.md")):
        s = analyse(path.read_text(encoding="utf-8"), path.parent)
        rows.append({"chapter": path.stem, "core_min": s.core_minutes, "full_min": s.full_minutes,
                     "core_words": s.core.words, "full_words": s.full.words,
                     "figures": s.full.figures, "equations": s.full.equations,
                     "going_deeper": s.going_deeper, "hidden_share": round(s.hidden_share, 3),
                     "longest_hidden": s.longest_hidden, "source_lines": s.source_lines})
    return rows


if __name__ == "__main__":
    table = chapter_table(Path(__file__).resolve().parents[1] / "book")
    keys = list(table[0])
    print("\t".join(keys))
    for row in table:
        print("\t".join(str(row[k]) for k in keys))
