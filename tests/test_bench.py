"""The deterministic budgets of `make measure` (scripts/bench.py --checks) and the
execution log they read (_ext/execution_log.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from scripts import bench

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import execution_log  # noqa: E402


def _book(root: Path, runs: dict[str, int], page_bytes: int = 1000) -> Path:
    (root / "book").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "book" / "ch01-x.md").write_text("# X\n\n```{code-cell} ipython3\n1\n```\n")
    (root / "book" / "glossary.md").write_text("# Glossary\n")
    (root / "notebooks" / "lab01-x.ipynb").write_text("{}")
    for rel in ("book/ch01-x.html", "notebooks/lab01-x.html"):
        page = root / "_build" / "html" / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("x" * page_bytes)
    with (root / "_build" / "executions.jsonl").open("w") as log:
        for doc, n in runs.items():
            for _ in range(n):
                log.write(json.dumps({"doc": doc, "seconds": 1.0}) + "\n")
    return root


def test_one_execution_per_chapter_and_none_per_lab_passes(tmp_path):
    results, failures = bench.checks(_book(tmp_path, {"book/ch01-x": 1}))
    assert failures == []
    rows = {row["source"]: row for row in results["pages"]}
    assert set(rows) == {"book/ch01-x.md", "notebooks/lab01-x.ipynb"}
    assert rows["book/ch01-x.md"]["executions"] == 1
    assert rows["notebooks/lab01-x.ipynb"]["executions"] == 0


def test_a_second_execution_or_a_lab_execution_fails(tmp_path):
    _, failures = bench.checks(_book(tmp_path, {"book/ch01-x": 2, "notebooks/lab01-x": 1}))
    assert len(failures) == 2
    assert any("ch01-x.md: executed 2 times" in f for f in failures)
    assert any("lab01-x.ipynb: executed 1 times" in f for f in failures)


def test_a_heavy_or_missing_page_fails(tmp_path):
    _, failures = bench.checks(_book(tmp_path, {"book/ch01-x": 1}, page_bytes=1_100_000))
    assert len(failures) == 2 and all("MB" in f for f in failures)
    (tmp_path / "other").mkdir()
    root = _book(tmp_path / "other", {"book/ch01-x": 1})
    (root / "_build" / "html" / "book" / "ch01-x.html").unlink()
    _, failures = bench.checks(root)
    assert failures == ["book/ch01-x.md: page nan MB (at most 1 MB; NaN: not built)"]


def test_the_log_counts_only_executions_of_this_build():
    env = SimpleNamespace(nb_metadata={
        "book/ch01": {"exec_data": {"mtime": 200.0, "runtime": 3.0, "method": "cache"}},
        "book/ch02": {"exec_data": {"mtime": 50.0, "runtime": 4.0, "method": "cache"}},
        "notebooks/lab01": {"exec_data": None},
        "book/glossary": {},
    })
    rows = execution_log.executed_since(env, started=100.0)
    assert [r["doc"] for r in rows] == ["book/ch01"]


def test_edit_one_paragraph_changes_prose_only(tmp_path):
    page = tmp_path / "ch.md"
    page.write_text("---\nkernelspec:\n  name: python3\n---\n\n```{code-cell} ipython3\nimport x\n```\n\n"
                    "# Title\n\n:::{note}\nA note.\n:::\n\nFirst paragraph\nends here.\n\nSecond.\n")
    bench.edit_one_paragraph(page)
    text = page.read_text()
    assert "ends here. This sentence was added by the benchmark.\n" in text
    assert "import x\n" in text and "A note.\n" in text and text.count("benchmark") == 1


def test_make_test_runs_every_gate_once_after_what_it_needs():
    from scripts import run_test

    steps = run_test.steps()
    assert len(steps) == len(set(steps))
    gates = {"unit", "kit-test", "book", "student", "pdf", "measure", "status", "browser",
             "artefacts", "launch", "dist-test", "workflow-check"}
    assert set(steps) == gates

    def before(a, b):  # b needs a, directly or through another step
        needs = set(run_test.STEPS[b])
        while needs:
            if a in needs:
                return True
            needs = {n for need in needs for n in run_test.STEPS[need]}
        return False

    # the PDF, the student edition and the budgets reuse the book's executions; the
    # status page shows the budgets and the grading page the kit's timings; the
    # browser and the artefact tests check the finished site
    for a, b in [("book", "pdf"), ("book", "student"), ("pdf", "measure"), ("measure", "status"),
                 ("kit-test", "status"), ("student", "status"), ("status", "browser"),
                 ("status", "artefacts"), ("pdf", "artefacts"), ("student", "artefacts")]:
        assert before(a, b), f"{b} must run after {a}"
    # a step's needs come before it in the order free slots take steps
    for step, needs in run_test.STEPS.items():
        assert all(steps.index(n) < steps.index(step) for n in needs), step
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/run_test.py" in makefile
    for step in steps:
        assert f"\n{step}:" in makefile, step


def test_schedule_runs_each_step_after_its_needs_and_skips_after_a_failure():
    import threading
    import time

    from scripts import run_test

    order, lock, running, most = [], threading.Lock(), set(), [0]

    def run(step, slot):
        with lock:
            assert not (step in run_test.ONE_AT_A_TIME and running & run_test.ONE_AT_A_TIME), (
                step, running)
            running.add(step)
            most[0] = max(most[0], len(running))
            order.append(step)
        time.sleep(0.01)
        with lock:
            running.discard(step)
        return {"step": step, "rc": 1 if step == "pdf" else 0}

    rows = run_test.schedule(2, run)
    assert most[0] == 2 and all(rows[step]["rc"] == 0 for step in run_test.ONE_AT_A_TIME)
    for step in order:
        assert all(rows[n]["rc"] == 0 and order.index(n) < order.index(step)
                   for n in run_test.STEPS[step])
    # the PDF failed: what needs it, directly or not, never started; the rest ran
    assert {"measure", "status", "browser", "artefacts"}.isdisjoint(rows)
    assert {"book", "kit-test", "student", "launch", "dist-test", "unit", "workflow-check"} <= set(rows)
    order.clear()
    rows = run_test.schedule(1, lambda step, slot: {"step": step, "rc": 0} if not order.append(step) else None)
    assert order == run_test.steps() and set(rows) == set(run_test.STEPS)
    with pytest.raises(ValueError, match="slots"):
        run_test.schedule(0, run)


def _result(steps=None):
    figures = [{"key": k, "name": n, "unit": u, "goal": g, "before": b, "value": 1.0}
               for k, (n, u, g, b) in bench.FIGURES.items()]
    return {"measured_at": "2026-01-01 00:00 UTC", "commit": "abc", "cores": 2, "cores_usable": 2,
            "load": "load average 1.0 at the start, 1.0 at the end", "figures": figures,
            "steps": steps or [{"step": "unit", "needs": [], "start": 0.0, "seconds": 10.0, "rc": 0},
                               {"step": "book", "needs": [], "start": 0.0, "seconds": 20.4, "rc": 0},
                               {"step": "browser", "needs": ["status"], "start": 20.4, "seconds": 5.0,
                                "rc": 0}]}


def test_readme_table_lists_every_figure_and_step_with_the_total(tmp_path):
    table = bench.readme_table(_result())
    for name, *_ in bench.FIGURES.values():
        assert f"| {name} |" in table
    assert "| `make unit` | – | 0 | 10 |" in table and "| `make book` | – | 0 | 20 |" in table
    assert "| `make browser` | `status` | 20 | 5 |" in table
    assert "| every step, one after the other | | | 35 |" in table
    assert "| `make test`, two steps at a time (wall time) | | | 1 |" in table
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{bench.README_START}\nold\n{bench.README_END}\nrest\n")
    assert bench.update_readme(_result(), readme)
    text = readme.read_text()
    assert "old" not in text and text.startswith("intro\n") and text.endswith("rest\n")
    assert not bench.update_readme(_result(), readme)  # idempotent


def test_readme_table_is_the_committed_benchmark():
    """The README's numbers come from benchmarks/results.json, never typed in."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(bench.README_START) + len(bench.README_START)
    shown = readme[start:readme.index(bench.README_END)].strip()
    if not bench.RESULTS.exists():
        assert shown == "", "the README shows benchmark numbers but benchmarks/results.json is missing"
        return
    assert shown == bench.readme_table(json.loads(bench.RESULTS.read_text())).strip()


def test_lab_run_log_counts_each_harness(tmp_path):
    from scripts import lab_runs

    log = tmp_path / "runs.jsonl"
    assert lab_runs.counts(log) == {}
    lab_runs.record([Path("notebooks/lab01-x.ipynb"), Path("notebooks/lab02-y.ipynb")], "nbval", log)
    lab_runs.record([Path("notebooks/lab01-x.ipynb")], "make lab", log)
    assert lab_runs.counts(log) == {"lab01-x": 2, "lab02-y": 1}


def test_nbval_records_the_labs_it_ran():
    makefile = (ROOT / "Makefile").read_text()
    # the solved labs, notebooks/*.ipynb (notebooks/student/ holds the students' notebooks)
    assert "--nbval notebooks/*.ipynb -q -p no:cacheprovider -p scripts.lab_runs" in makefile


def test_a_figure_whose_run_failed_fails_the_benchmark():
    assert bench.CLONE_FIGURES | bench.KIT_FIGURES == set(bench.FIGURES)
    figures = _result()["figures"]
    assert bench.figure_failures(figures, set(bench.FIGURES)) == []
    figures[0] = {**figures[0], "value": None}  # make test failed on the clean clone
    figures[3] = {**figures[3], "value": figures[3]["goal"] + 1}
    failures = bench.figure_failures(figures, set(bench.FIGURES))
    assert failures == [f"{figures[0]['name']}: not measured (its run failed; see the note)",
                        f"{figures[3]['name']}: {figures[3]['goal'] + 1:.1f} {figures[3]['unit']} > "
                        f"{figures[3]['goal']:g} {figures[3]['unit']}"]
    # a figure that was not asked for (bench.py --no-clone) is no failure
    assert bench.figure_failures(figures, bench.KIT_FIGURES) == failures[1:]
