"""Unit tests of the student-edition build script (the full build runs in `make student`)."""

from __future__ import annotations

from scripts import build_student

PAGE = """# A chapter

```{exercise} Derive something
:label: ex-a

Show that the answer is 42.
```

```{solution-start} ex-a
:class: dropdown
```
The gated solution explains the answer in a long sentence.

```{code-cell} ipython3
secret_value = compute_the_hidden_answer(42)
```
```{solution-end}
```

````{solution} ex-b
:class: dropdown

A plain solution that argues with a ```nested``` fence and many words.
````

Text after the solutions stays where it is.
"""


def test_strip_solutions_removes_both_forms_and_keeps_the_rest():
    text, removed = build_student.strip_solutions(PAGE)
    assert len(removed) == 2
    assert "solution" not in text.replace("Text after the solutions", "")
    assert "Show that the answer is 42." in text
    assert "Text after the solutions stays where it is." in text
    assert "compute_the_hidden_answer" in removed[0]
    assert "plain solution that argues" in removed[1]


def test_probes_find_leaked_text_and_solution_elements(tmp_path):
    _, removed = build_student.strip_solutions(PAGE)
    probes = [p for body in removed for p in build_student.probes(body)]
    assert any("gated solution explains" in p for p in probes)
    assert any("compute" in p for p in probes)
    clean = tmp_path / "clean.html"
    clean.write_text("<div class='exercise'>Show that the answer is 42.</div>")
    assert build_student.leaks(tmp_path, probes) == []
    leaky = tmp_path / "leaky.html"
    leaky.write_text("<p>The gated solution <em>explains</em> the answer in a long "
                     "sentence.</p><span class=\"n\">secret_value</span> = "
                     "<span>compute_the_hidden_answer</span>(42)")
    found = build_student.leaks(tmp_path, probes)
    assert len(found) >= 2 and all("leaky.html" in f for f in found)
    (tmp_path / "leaky.html").unlink()
    (tmp_path / "element.html").write_text('<div class="solution dropdown">x</div>')
    assert build_student.leaks(tmp_path, probes) == ["element.html: element of class 'solution'"]


def test_unterminated_gated_solution_is_an_error():
    import pytest
    with pytest.raises(ValueError, match="solution-end"):
        build_student.strip_solutions("```{solution-start} ex\n```\ntext\n")


def test_lines_shared_with_the_remaining_sources_are_not_probes(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "notebooks").mkdir()
    text, removed = build_student.strip_solutions(PAGE)
    (tmp_path / "book" / "page.md").write_text(text)
    lab = {"cells": [{"cell_type": "code", "source": ["secret_value = compute_the_hidden_answer(42)\n"]}]}
    (tmp_path / "notebooks" / "lab.ipynb").write_text(__import__("json").dumps(lab))
    remaining = build_student.kept_text(tmp_path)
    probes = [p for body in removed for p in build_student.probes(body) if p not in remaining]
    assert not any("compute_the_hidden_answer" in p for p in probes)
    assert any("gated solution explains" in p for p in probes)
