"""The evidence ledger: the ``claim`` directive and the ``claimlist`` page (_ext/claims.py)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

from claims import KINDS, NEEDS_CITATION, check_claim, parse_cites, scan_source  # noqa: E402


# ---------------------------------------------------------------------------
# parsing and validation
# ---------------------------------------------------------------------------

def test_parse_cites_splits_on_commas_and_spaces():
    assert parse_cites("a2024x, b2023y  c2022z,") == ["a2024x", "b2023y", "c2022z"]
    assert parse_cites(None) == []
    assert parse_cites("  ") == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_is_valid_with_a_citation(kind):
    claim, problems = check_claim("A statement.", kind, "key2024")
    assert problems == []
    assert claim.kind == kind and claim.cites == ["key2024"]


def test_kind_is_normalised():
    claim, problems = check_claim("A statement.", "  Simulation ", None)
    assert problems == [] and claim.kind == "simulation"


def test_missing_kind_is_reported():
    _, problems = check_claim("A statement.", None, "key2024")
    assert len(problems) == 1 and "no :kind:" in problems[0]


def test_unknown_kind_is_reported():
    _, problems = check_claim("A statement.", "proof", "key2024")
    assert len(problems) == 1 and "unknown kind 'proof'" in problems[0]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_citation_required_exactly_where_the_kind_needs_one(kind):
    _, problems = check_claim("A statement.", kind, None)
    if kind in NEEDS_CITATION:
        assert len(problems) == 1 and "needs a citation" in problems[0]
    else:
        assert problems == []


def test_required_kinds_are_the_documented_ones():
    assert NEEDS_CITATION == {"theorem", "re-derived", "data"}
    assert set(KINDS) == {"theorem", "re-derived", "derivation", "simulation", "data",
                          "hypothesis"}


def test_missing_statement_and_malformed_key_are_reported():
    _, problems = check_claim("  ", "simulation", "good2024, bad{key}")
    assert any("statement" in p for p in problems)
    assert any("malformed" in p for p in problems)


def test_target_depends_only_on_the_statement():
    a, _ = check_claim("Same  words.", "simulation", None)
    b, _ = check_claim("Same words.", "theorem", "k")
    c, _ = check_claim("Other words.", "simulation", None)
    assert a.target == b.target != c.target
    assert a.target.startswith("claim-")


SOURCE = """---
title: front matter is skipped
---
# The chapter title

```python
# a code block is not a claim
```

````md
:::{claim} An example inside a code block.
:kind: theorem
:::
````

:::{claim} Shared data make models agree.
:kind: simulation
:cite: jiang2025hivemind
The body.
:::

- :::{claim} A bullet claim without a kind.
  :::

```{code-cell} ipython3
print("not a claim")
```

```{exercise} A directive in backticks
:label: ex-x

Its closing fence must not open a code block.
```

```{solution-start} ex-x
:class: dropdown
```
```python
x = 1
```
```{solution-end}
```

:::{claim} After an exercise.
:kind: simulation
:::

::::{admonition} Going deeper
:::{claim} Nested in a fold.
:kind: theorem
:cite: a, b
:::
::::

```{claimlist}
```
"""


def test_scan_source_finds_title_claims_and_ledger():
    title, claims, has_list = scan_source(SOURCE, "book/ch")
    assert title == "The chapter title"
    assert has_list
    assert [c.statement for c in claims] == ["Shared data make models agree.",
                                             "A bullet claim without a kind.",
                                             "After an exercise.",
                                             "Nested in a fold."]
    assert [c.kind for c in claims] == ["simulation", None, "simulation", "theorem"]
    assert claims[0].cites == ["jiang2025hivemind"] and claims[3].cites == ["a", "b"]
    assert all(c.docname == "book/ch" for c in claims)
    assert claims[0].lineno == SOURCE.splitlines().index(":::{claim} Shared data make models agree.") + 1


# ---------------------------------------------------------------------------
# a tiny Sphinx build: rendering, the ledger, and warnings
# ---------------------------------------------------------------------------

BIB = """@article{smith2006optimizer,
  title = {The Optimizer's Curse},
  author = {Smith, James E. and Winkler, Robert L.},
  journal = {Management Science},
  year = {2006},
}
"""

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / '_ext')!r})
extensions = ["myst_parser", "sphinxcontrib.bibtex", "claims"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
suppress_warnings = ["bibtex.duplicate_citation", "bibtex.duplicate_label"]
"""

CHAPTER = """# A chapter

:::{claim} Selection after noisy estimates disappoints on average, by $0.56\\sigma$ for two options.
:kind: theorem
:cite: smith2006optimizer
The winner of a noisy contest disappoints.
:::

:::{claim} A toy shows it.
:kind: simulation
:::

```{bibliography}
:filter: docname in docnames
```
"""

LEDGER = """# Claims and evidence

```{claimlist}
```
"""


def _build(tmp_path: Path, chapter: str, builder: str = "html") -> tuple[str, Path]:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "refs.bib").write_text(BIB)
    (src / "chapter.md").write_text(chapter)
    (src / "claims.md").write_text(LEDGER)
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapter\nclaims\n```\n")
    warnings = io.StringIO()
    with docutils_namespace():  # each build registers its nodes afresh
        app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"),
                     builder, status=None, warning=warnings, freshenv=True)
        app.build(force_all=True)
    return warnings.getvalue(), tmp_path / "out"


def test_build_renders_badges_and_ledger(tmp_path):
    warnings, out = _build(tmp_path, CHAPTER)
    assert warnings == ""
    chapter = (out / "chapter.html").read_text()
    assert 'class="claim-badge"' in chapter
    assert "The winner of a noisy contest disappoints." in chapter
    assert "A toy shows it." in chapter  # no body: the statement is rendered
    assert 'href="claims.html#claim-kind-theorem"' in chapter
    ledger = (out / "claims.html").read_text()
    assert "Selection after noisy estimates disappoints" in ledger
    assert 'href="chapter.html#claim-' in ledger
    assert "Smith and Winkler" in ledger  # the citation is resolved by sphinxcontrib-bibtex
    assert "The book marks 2 claims: 1 theorem, 1 simulation." in ledger
    assert 'id="claim-kind-simulation"' in ledger


def test_build_warns_on_a_missing_citation(tmp_path):
    chapter = CHAPTER.replace(":cite: smith2006optimizer\n", "")
    warnings, _ = _build(tmp_path, chapter)
    assert "chapter.md:3" in warnings
    assert "claim of kind 'theorem' needs a citation" in warnings


def test_build_warns_on_missing_and_unknown_kind(tmp_path):
    chapter = CHAPTER.replace(":kind: simulation\n", "").replace(":kind: theorem", ":kind: proof")
    warnings, _ = _build(tmp_path, chapter)
    assert "claim has no :kind:" in warnings
    assert "unknown kind 'proof'" in warnings


def test_latex_build_renders_the_badge(tmp_path):
    warnings, out = _build(tmp_path, CHAPTER, builder="latex")
    assert warnings == ""
    tex = next(out.glob("*.tex")).read_text()
    assert r"\DUrole{claim-badge}" in tex
    assert "DUroleclaim-badge" in tex  # the preamble defines the badge's look


def test_build_warns_when_the_ledger_misses_a_claim(tmp_path):
    # A claim inside a blockquote is parsed by MyST but not read by the ledger's scan.
    chapter = CHAPTER + "\n> :::{claim} Hidden in a quote.\n> :kind: simulation\n> :::\n"
    warnings, _ = _build(tmp_path, chapter)
    assert "the claims ledger lists 2 claim(s) but the page has 3" in warnings
