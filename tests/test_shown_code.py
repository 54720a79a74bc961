"""The package code the chapters show: markers exist, and what is shown is the model.

Chapters show package code with ``literalinclude`` between ``# [start-x]`` and
``# [end-x]`` markers, never whole functions (no docstrings, no argument checks).
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

INCLUDE = re.compile(r"```\{literalinclude\} (?P<path>\S+)\n(?P<options>(?::[\w-]+:.*\n)*)")
PAGES = sorted((ROOT / "book").glob("*.md"))


def _includes():
    for page in PAGES:
        for m in INCLUDE.finditer(page.read_text()):
            options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", m.group("options"), flags=re.M))
            yield page, (page.parent / m.group("path")).resolve(), options


INCLUDES = list(_includes())


def test_chapters_show_package_code():
    assert len(INCLUDES) >= 20


@pytest.mark.parametrize("page, path, options", INCLUDES,
                         ids=[f"{p.stem}:{o.get('start-after', '')}" for p, _, o in INCLUDES])
def test_literalinclude_uses_markers_that_exist_once(page, path, options):
    assert "pyobject" not in options, f"{page.name}: show marked lines, not a whole function"
    start, end = (options[k].strip().strip('"') for k in ("start-after", "end-before"))
    assert start.startswith("# [start-") and end == start.replace("[start-", "[end-")
    lines = path.read_text().splitlines()
    hits = [i for i, line in enumerate(lines) if line.strip() == start]
    ends = [i for i, line in enumerate(lines) if line.strip() == end]
    assert len(hits) == 1 and len(ends) == 1 and hits[0] < ends[0], (path.name, start)
    shown = lines[hits[0] + 1:ends[0]]
    assert 0 < len(shown) <= 50, (path.name, start, len(shown))
    assert not any(line.strip().startswith('"""') for line in shown), "no docstrings shown"
    assert not any(re.search(r"\bcheck_\w+\(|\bas_rng\(", line) for line in shown), \
        f"{path.name} {start}: argument checks are plumbing, keep them outside the markers"
