"""The tables of measured numbers (``_ext/status_tables.py``): every number is read
from the file the measuring step wrote."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import status_tables  # noqa: E402


def _kit(grading):
    return {"build_seconds": 9.71, "cpus": 2, "load_average": 1.26, "grading": grading}


def _row(assignment, label, seconds, cpu, scores, points=None):
    row = {"assignment": assignment, "submission": f"{assignment}.ipynb", "label": label,
           "seconds": seconds, "cpu_seconds": cpu, "scores": scores}
    if points is not None:
        row["points"] = points
    return row


def test_kit_table_gives_each_graded_submission_with_its_score_and_times():
    grading = [_row("lab01", "reference solutions", 12.34, 3.21, {"q1": 2.0, "q2": 3.0}, 5),
               _row("lab01", "one wrong answer (q2)", 10.05, 2.96, {"q1": 2.0, "q2": 0.0}, 5),
               _row("lab02", "reference solutions", 20.5, 4.4, {"q1": 1.0})]
    text = status_tables.kit_markdown(_kit(grading))
    seconds = [r["seconds"] for r in grading]
    cpu = [r["cpu_seconds"] for r in grading]
    assert (f"grading one submission took {statistics.median(seconds):.0f} s (median of 3, at most "
            f"{max(seconds):.0f} s) and {statistics.median(cpu):.0f} s of CPU time") in text
    assert "building the kit took 10 s" in text and "on 2 cores with a load average of 1.3" in text
    assert "| lab01 | reference solutions | 5 of 5 | 12.3 | 3.2 |" in text
    assert "| lab01 | one wrong answer (q2) | 2 of 5 | 10.1 | 3.0 |" in text
    assert "| lab02 | reference solutions | 1 | 20.5 | 4.4 |" in text


def test_kit_table_median_of_an_even_number_of_runs():
    grading = [_row("a", "x", s, s, {"q": 1.0}, 1) for s in (10.0, 30.0)]
    assert "took 20 s (median of 2, at most 30 s)" in status_tables.kit_markdown(_kit(grading))


def test_kit_table_says_when_nothing_was_graded():
    assert status_tables.kit_markdown(_kit([])) == status_tables.MISSING["kit"]
    assert "make kit-test" in status_tables.MISSING["kit"]


def test_every_table_reads_a_file_and_says_what_to_run_without_it():
    assert set(status_tables.SOURCES) == set(status_tables.MISSING) == set(status_tables.RENDER)


def test_pages_with_a_table_are_read_again_by_every_build():
    """The HTML and LaTeX builders share one environment: a page that one of them read
    again after a measurement changed must still be rendered again by the other."""
    from types import SimpleNamespace

    env = SimpleNamespace(status_table_pages={"book/status", "book/instructor/grading"})
    assert status_tables._always_outdated(None, env, set(), set(), set()) == [
        "book/instructor/grading", "book/status"]
    assert status_tables._always_outdated(None, env, set(), set(), {"book/status"}) == [
        "book/instructor/grading"]
    status_tables._purge(None, env, "book/status")
    other = SimpleNamespace(status_table_pages={"book/status"})
    status_tables._merge(None, env, ["book/status"], other)
    assert env.status_table_pages == {"book/status", "book/instructor/grading"}
    assert status_tables._always_outdated(None, SimpleNamespace(), set(), set(), set()) == []


def test_kit_table_names_one_core_in_the_singular():
    one = {**_kit([_row("a", "x", 1.0, 1.0, {"q": 1.0}, 1)]), "cpus": 1}
    assert "on 1 core with a load average" in status_tables.kit_markdown(one)
