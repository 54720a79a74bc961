"""The student edition finds the instructor part by its path, not by its toc caption."""

from __future__ import annotations

import yaml

from conftest import ROOT
from scripts.build_student import is_instructor_part


def test_the_instructor_part_is_found_by_path_whatever_its_caption():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = [part for part in toc["parts"] if is_instructor_part(part)]
    assert len(found) == 1
    renamed = dict(found[0], caption="Teaching notes")
    assert is_instructor_part(renamed)
    assert not any(is_instructor_part(p) for p in toc["parts"] if p is not found[0])
    mixed = {"chapters": [{"file": "book/instructor/index"}, {"file": "book/ch01-counting-voices"}]}
    assert not is_instructor_part(mixed)
