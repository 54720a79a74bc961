"""Tests of the book tooling: extracting the prose of the book's own MyST pages."""

from __future__ import annotations

import pytest

from booktools.prose import book_prose
from monoculture.collapse import tokenize

PAGE = """---
jupytext: x
---

(label)=
# A page title

Some prose with $x^2$ maths and a {cite:p}`key` citation and a {term}`Tail <Tails>`.

```{code-cell} ipython3
secret_code_word = 1
```

```{admonition} Note
:class: tip

Inside an admonition.
```

$$
hidden = 2
$$

```{literalinclude} ../x.py
:pyobject: f
```
"""


def test_book_prose_strips_code_and_markup(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE)
    text = book_prose([path])
    words = tokenize(text)
    for kept in ("page", "prose", "maths", "tail", "inside", "admonition"):
        assert kept in words
    for gone in ("secret_code_word", "secret", "jupytext", "key", "hidden", "pyobject",
                 "class", "tip", "tails", "label", "literalinclude"):
        assert gone not in words
    with pytest.raises(ValueError, match="paths"):
        book_prose([])
