"""The lab-time role reads a lab's stated time from its header (_ext/lab_times.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import lab_times as lt  # noqa: E402


def _nb(*cells):
    return {"cells": [{"cell_type": kind, "source": src} for kind, src in cells]}


HEADER = ["# Lab 9: A title\n", "\n", "**Objectives.** Learn.\n", "\n",
          "**Time.** About 75 minutes: you predict and explain. It runs in 20 seconds.\n"]


def test_reads_the_time_line_of_the_first_markdown_cell():
    nb = _nb(("raw", "# ASSIGNMENT CONFIG"), ("markdown", HEADER), ("code", "x = 1"),
             ("markdown", "**Time.** About 5 minutes"))
    assert lt.lab_minutes(nb) == 75
    assert lt.lab_time_text(lt.lab_minutes(nb)) == "about 75 minutes"


def test_accepts_a_string_source_and_other_text_after_the_number():
    nb = _nb(("markdown", "# Lab\n\n**Time.** about 120 minutes. The code runs fast."))
    assert lt.lab_minutes(nb) == 120


@pytest.mark.parametrize("text", [
    "# Lab\n\n**Time.** 25 minutes.",           # no "About"
    "# Lab\n\nTime: about 25 minutes.",          # not the bold label
    "# Lab\n\n**Time.** About an hour.",         # no number
    "# Lab\n\n**Objectives.** Learn.",           # no time at all
])
def test_a_header_without_the_time_line_is_an_error(text):
    with pytest.raises(lt.LabTimeError):
        lt.lab_minutes(_nb(("markdown", text)))


def test_only_the_first_markdown_cell_counts():
    nb = _nb(("markdown", "# Lab\n\nNo time here."), ("markdown", "**Time.** About 60 minutes"))
    with pytest.raises(lt.LabTimeError):
        lt.lab_minutes(nb)


def test_a_notebook_without_markdown_or_cells_is_an_error():
    with pytest.raises(lt.LabTimeError):
        lt.lab_minutes(_nb(("code", "**Time.** About 60 minutes")))
    with pytest.raises(lt.LabTimeError):
        lt.lab_minutes({})


@pytest.mark.parametrize("docname, target, expected", [
    ("book/ch01-counting-voices", "../notebooks/lab01-counting-voices", "notebooks/lab01-counting-voices"),
    ("book/ch01-counting-voices", "../notebooks/lab01-counting-voices.ipynb", "notebooks/lab01-counting-voices"),
    ("book/ch01-counting-voices", "/notebooks/lab01-counting-voices", "notebooks/lab01-counting-voices"),
    ("index", "notebooks/lab02-curse-of-recursion", "notebooks/lab02-curse-of-recursion"),
])
def test_targets_resolve_like_doc_links(docname, target, expected):
    assert lt.resolve(docname, target) == expected


@pytest.mark.parametrize("lab", sorted((ROOT / "notebooks").glob("lab*.ipynb")), ids=lambda p: p.name)
def test_every_lab_states_its_time(lab):
    assert lt.lab_minutes(json.loads(lab.read_text(encoding="utf-8"))) > 0


def test_every_chapter_reads_its_lab_time_from_the_lab():
    for chapter in sorted((ROOT / "book").glob("ch0*.md")):
        time_line = next(line for line in chapter.read_text().splitlines()
                         if line.startswith("**Time.**"))
        assert "{lab-time}`" in time_line and "minutes" not in time_line.partition("Lab")[2], \
            f"{chapter.name}: the lab's time is typed, not read from the lab"
