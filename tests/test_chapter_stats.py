"""Reading times and hidden-code limits, measured on the chapters' source (_ext/chapter_stats.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import chapter_stats as cs  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("ch*.md"))
# Chapters whose figure code has moved to monoculture/figures (issue 14, section 3).
LIMITED = [p.stem for p in sorted((ROOT / "book").glob("ch0*.md"))]
MAX_HIDDEN_SHARE, MAX_HIDDEN_CELL = 0.20, 25

SAMPLE = """---
kernelspec:
  name: python3
---
# Title

**Time.** Reading: computed when the book is built. Lab: 20 minutes.

One two three four five six seven eight nine ten.

$$
a = b
$$

:::{admonition} Going deeper: more
:class: dropdown going-deeper
Eleven twelve thirteen.

$$
c = d
$$
:::

```{code-cell} ipython3
:tags: [remove-input]

x = 1
charts.finalize(chart)
```

```{code-cell} ipython3
print(1)
```

```{solution-start} ex
:class: dropdown
```
Fourteen fifteen.
```{solution-end}
```

## References
Many words that are not counted here at all.
"""


def test_counts_separate_core_path_and_folds():
    s = cs.analyse(SAMPLE)
    assert s.going_deeper == 1
    assert (s.core.equations, s.full.equations) == (1, 2)
    assert s.full.words - s.core.words == len("Going deeper more Eleven twelve thirteen "
                                              "Fourteen fifteen".split())
    assert (s.core.figures, s.core.outputs, s.core.code_lines) == (1, 1, 1)
    assert (s.hidden_lines, s.longest_hidden) == (2, 2)
    expected = (s.core.words / cs.WORDS_PER_MINUTE + cs.MINUTES_PER_EQUATION
                + cs.MINUTES_PER_FIGURE + cs.MINUTES_PER_OUTPUT + 1 / cs.CODE_LINES_PER_MINUTE)
    assert s.core.minutes() == pytest.approx(expected)
    assert s.core_minutes % cs.ROUND_TO == 0 and s.core_minutes >= s.core.minutes()


def test_header_clause_is_replaced():
    class Env:
        def doc2path(self, name):
            return str(ROOT / "book" / f"{name}.md")

    class App:
        env = Env()

    source = [SAMPLE]
    cs._source_read(App(), "sample", source)
    assert "computed when the book is built" not in source[0]
    assert "minutes on the core path" in source[0] and "Lab: 20 minutes." in source[0]


def test_literalinclude_counts_only_the_shown_object():
    text = "```{literalinclude} ../monoculture/diversity.py\n:pyobject: hill_number\n```\n"
    s = cs.analyse(text, ROOT / "book")
    assert 10 < s.core.code_lines < 200


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_has_a_computed_reading_time(path):
    text = path.read_text(encoding="utf-8")
    assert cs._TIME_CLAUSE.search(text), "the header needs a '**Time.** Reading: ...' line"
    s = cs.analyse(text, path.parent)
    assert s.full_minutes >= s.core_minutes >= cs.ROUND_TO


@pytest.mark.parametrize("name", LIMITED)
def test_hidden_code_limits(name):
    s = cs.analyse((ROOT / "book" / f"{name}.md").read_text(encoding="utf-8"))
    assert s.hidden_share <= MAX_HIDDEN_SHARE
    assert s.longest_hidden <= MAX_HIDDEN_CELL
    assert s.going_deeper >= 1


def test_preface_states_the_rates_the_build_uses():
    preface = (ROOT / "book" / "preface.md").read_text(encoding="utf-8")
    section = " ".join(preface[preface.index("(reading-times)="):].split())
    words = {1.0: "one minute", 2.0: "two minutes", 0.5: "half a minute"}
    for phrase in (f"{cs.WORDS_PER_MINUTE} words a minute",
                   f"{words[cs.MINUTES_PER_EQUATION]} per display equation",
                   f"{words[cs.MINUTES_PER_FIGURE]} per figure",
                   f"{words[cs.MINUTES_PER_OUTPUT]} per table",
                   f"{cs.CODE_LINES_PER_MINUTE} lines of shown code a minute",
                   f"next {cs.ROUND_TO} minutes"):
        assert phrase in section
