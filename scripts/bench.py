"""Measure the book against its budgets.

Two modes.

``python scripts/bench.py --checks`` (``make measure``, part of ``make test``)
checks the deterministic budgets of the build just made, which do not depend on
how fast or busy the machine is:

- page weight: each executed page's built HTML plus the images it references,
  without the shared vendored scripts (which the browser caches), <= 1 MB;
- executions: how often each chapter was executed by the builds since the last
  fresh build (``_build/executions.jsonl``, written by ``_ext/execution_log.py``):
  at most once, the HTML, the PDF and the student edition sharing one execution;
  the labs never by the book build (nbval and the Binder test run them).

It writes ``_build/checks.json`` (rendered on the status page) and exits non-zero
on any budget missed.

``python scripts/bench.py`` (``make bench``) measures the budgets that depend on
the machine, and fails on them there, never in ``make test``:

1. ``make test`` on a clean clone of the current commit (its venv created first,
   untimed), <= 240 s, timed as a whole; the time of each of its steps comes from
   the log ``scripts/run_test.py`` writes (``_build/logs/steps.jsonl``);
2. from that run's logs: executions of each chapter per ``make test`` (goal 1,
   ``_build/executions.jsonl``) and of each lab (goal <= 2: the book's executions
   plus those every lab harness records in ``_build/lab-executions.jsonl``, see
   ``scripts/lab_runs.py``);
3. ``make book`` after editing one paragraph of one chapter, <= 20 s;
4. ``make book`` from the installed venv with nothing cached, <= 90 s;
5. every executed page and lab once more in a fresh kernel, for its wall time and
   the kernel's peak memory (``getrusage`` inside the kernel): lab <= 20 s and
   <= 500 MB, chapter <= 120 s and <= 1000 MB;
6. the kernel benchmarks in ``benchmarks/bench_*.py``;
7. the course kit: building it (<= 60 s), and grading each lab's reference
   solutions locally, pinned to one core (<= 30 s per submission).

``--no-clone`` skips steps 1 to 4, ``--no-pages`` step 5 and ``--no-kit`` step 7. Results are printed, written to
``_build/bench.json`` with the time, the commit, the machine and its load average,
and rendered on the status page by ``make bench``.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from booktools.steps import steps_table  # noqa: E402
from scripts import lab_runs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
SITE = BUILD / "html"
EXEC_LOG = BUILD / "executions.jsonl"
CLONE = BUILD / "bench-clone"

PAGE_MB = 1.0
CHAPTER_EXECUTIONS = 1
LAB_EXECUTIONS_BY_BOOK = 0
LAB_SECONDS = 20.0
LAB_MB = 500.0
PAGE_SECONDS = 120.0
PAGE_PEAK_MB = 1000.0

# The headline budgets of issue 15: name, unit, goal (value <= goal), and the figure
# of the pipeline this one replaced, as measured on a quiet 2-core machine before the
# change (it cannot be measured again: that pipeline is gone).
FIGURES = {
    "test": ("make test on a clean clone (venv and system packages present)", "s", 240.0,
             "370-390 s"),
    "chapter_runs": ("executions of each chapter per make test (most executed chapter)", "", 1.0,
                     "3 (book, measurement, student edition)"),
    "lab_runs": ("executions of each lab per make test (most executed lab)", "", 2.0,
                 "4 (nbval, book, measurement, Binder)"),
    "edit": ("make book after editing one paragraph of one chapter", "s", 20.0, "about 60 s"),
    "cold": ("make book from an installed venv, nothing cached", "s", 90.0, "60-120 s"),
    # the course kit's budgets (issue 17)
    "kit_build": ("building the whole course kit (make assignments)", "s", 60.0, "no kit"),
    "grade": ("grading one lab submission locally on one core (the slowest lab)", "s", 30.0, "no kit"),
}
RESULTS = ROOT / "benchmarks" / "results.json"
README_START, README_END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def readme_table(data: dict) -> str:
    """The README's table of figures and per-step times, from a benchmark result."""
    def shown(value, unit):
        return "not measured" if value is None else f"{value:g}{' ' + unit if unit else ''}"

    lines = [f"Measured by `make bench` on {data.get('measured_at', '?')}, commit "
             f"`{data.get('commit', '?')}`, {data.get('cores_usable', '?')} of "
             f"{data.get('cores', '?')} cores; {data.get('load', 'load not recorded')}.", "",
             "| figure | before | now | goal |", "| --- | --- | --- | --- |"]
    for fig in data.get("figures", []):
        unit = fig["unit"]
        lines.append(f"| {fig['name']} | {fig.get('before', '')} | {shown(fig['value'], unit)} "
                     f"| ≤ {fig['goal']:g}{' ' + unit if unit else ''} |")
    if data.get("steps"):
        lines += ["", *steps_table(data)]
    return "\n".join(lines)


def update_readme(data: dict, readme: Path = ROOT / "README.md") -> bool:
    """Rewrite the README's table between its markers; True when it changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    new = text[:start] + "\n" + readme_table(data) + "\n" + text[end:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def provenance(root: Path = ROOT) -> dict:
    """When, where and from which commit the numbers were measured."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                           capture_output=True, text=True).stdout.strip()
    return {"measured_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": commit + ("+changes" if dirty else ""),
            "python": platform.python_version(), "cores": os.cpu_count() or 0,
            "cores_usable": len(os.sched_getaffinity(0))}


def executed_sources(root: Path = ROOT) -> list[Path]:
    """Chapters and other pages with code cells, then the labs."""
    pages = [p for p in sorted((root / "book").glob("*.md"))
             if "```{code-cell}" in p.read_text(encoding="utf-8")]
    return pages + sorted((root / "notebooks").glob("*.ipynb"))


def kind_of(path: Path) -> str:
    return "lab" if path.suffix == ".ipynb" else "page"


def page_weight(source: Path, root: Path = ROOT) -> float:
    """Built HTML page plus its own images, in MB; NaN if the page is not built."""
    html = root / "_build" / "html" / source.relative_to(root).with_suffix(".html")
    if not html.exists():
        return float("nan")
    text = html.read_text(encoding="utf-8")
    size = html.stat().st_size
    for ref in set(re.findall(r'src="([^"]*_images/[^"]+)"', text)):
        img = (html.parent / ref).resolve()
        if img.exists():
            size += img.stat().st_size
    return size / 1e6


def execution_counts(log: Path) -> collections.Counter:
    """Executions per document (``book/ch01-...``) recorded in an execution log."""
    counts: collections.Counter = collections.Counter()
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.strip():
                counts[json.loads(line)["doc"]] += 1
    return counts


def checks(root: Path = ROOT) -> tuple[dict, list[str]]:
    """The deterministic budgets of the build in ``root``: page weight and executions."""
    counts = execution_counts(root / "_build" / "executions.jsonl")
    results = {"pages": [], **provenance(root),
               "budgets": {"page_mb": PAGE_MB, "chapter_executions": CHAPTER_EXECUTIONS,
                           "lab_executions_by_book": LAB_EXECUTIONS_BY_BOOK}}
    failures = []
    for path in executed_sources(root):
        rel = str(path.relative_to(root))
        doc = str(path.relative_to(root).with_suffix(""))
        kind, weight, runs = kind_of(path), page_weight(path, root), counts.get(doc, 0)
        results["pages"].append({"source": rel, "kind": kind, "executions": runs,
                                 "page_mb": round(weight, 3)})
        limit = CHAPTER_EXECUTIONS if kind == "page" else LAB_EXECUTIONS_BY_BOOK
        if runs > limit:
            failures.append(f"{rel}: executed {runs} times by the builds (at most {limit})")
        if not weight <= PAGE_MB:
            failures.append(f"{rel}: page {weight:.3f} MB (at most {PAGE_MB:g} MB; NaN: not built)")
    results["failures"] = failures
    return results, failures


PEAK_CELL = ("import resource as _r\n"
             "print('PEAK_KB', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)")


def execute(path: Path) -> tuple[float, float]:
    """Execute a page or lab in a fresh kernel; return (seconds, peak MB)."""
    nb = jupytext.read(path) if path.suffix == ".md" else nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    match = re.search(r"PEAK_KB (\d+)", text)
    if not match:
        raise RuntimeError(f"could not read peak memory of {path}")
    return seconds, int(match.group(1)) / 1024.0


def kernel_benchmarks() -> list[dict]:
    """Run every ``benchmarks/bench_*.py`` file's ``run()`` and collect its rows."""
    rows = []
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for row in module.run():
            rows.append({"file": path.name, **row})
    return rows


def kit_figures() -> dict:
    """Build the course kit, then grade each lab's reference solutions pinned to one core."""
    out = BUILD / "bench-kit"
    build = [sys.executable, "-c", f"from booktools.kit import build_kit; build_kit({str(out)!r})"]
    start = time.perf_counter()
    subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    figures = {"kit_build": time.perf_counter() - start, "grading": {}}
    core = {min(os.sched_getaffinity(0))}
    manifest = json.loads((out / "kit.json").read_text())
    for name, entry in manifest.items():
        if not name.startswith("lab"):
            continue
        cmd = [sys.executable, "scripts/build_assignments.py", "grade", str(out / entry["autograder"]),
               str(out / entry["solutions"])]
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       preexec_fn=lambda: os.sched_setaffinity(0, core))
        figures["grading"][name] = round(time.perf_counter() - start, 1)
    figures["grade"] = max(figures["grading"].values())
    shutil.rmtree(out, ignore_errors=True)
    return figures


def timed(cmd: list[str], cwd: Path, log: Path) -> tuple[float, int]:
    """Run ``cmd`` in ``cwd``, output to ``log``; return (seconds, exit status)."""
    start = time.perf_counter()
    with log.open("w") as out:
        rc = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode
    return time.perf_counter() - start, rc


def edit_one_paragraph(chapter: Path) -> None:
    """Add a sentence to the first prose paragraph after the chapter's title.

    Lines inside fences (code cells, directives) are not prose.
    """
    lines = chapter.read_text(encoding="utf-8").splitlines(keepends=True)
    fence, titled = None, False
    for i, line in enumerate(lines):
        stripped = line.strip()
        opener = re.match(r"(`{3,}|:{3,})", stripped)
        if fence:
            if stripped == fence:
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        if line.startswith("# "):
            titled = True
        elif titled and re.match(r"[A-Za-z]", line):
            end = i
            while end + 1 < len(lines) and lines[end + 1].strip() and not lines[end + 1].startswith(("`", ":")):
                end += 1
            lines[end] = lines[end].rstrip("\n") + " This sentence was added by the benchmark.\n"
            chapter.write_text("".join(lines), encoding="utf-8")
            return
    raise ValueError(f"no prose paragraph after the title of {chapter}")


#: The figures of the clean clone's runs (steps 1 to 4) and of the course kit (step 7).
CLONE_FIGURES = {"test", "chapter_runs", "lab_runs", "edit", "cold"}
KIT_FIGURES = {"kit_build", "grade"}


def figure_failures(figures: list[dict], expected: set[str]) -> list[str]:
    """Each figure over its goal, and each expected figure that was not measured.

    A figure is not measured when its run failed (``make test`` on the clean clone,
    say): the benchmark then fails too, rather than reporting the budgets met.
    """
    failures = []
    for fig in figures:
        unit = fig["unit"]
        if fig["value"] is None:
            if fig["key"] in expected:
                failures.append(f"{fig['name']}: not measured (its run failed; see the note)")
        elif fig["value"] > fig["goal"]:
            failures.append(f"{fig['name']}: {fig['value']:.1f} {unit} > {fig['goal']:g} {unit}")
    return failures


def clean_clone_figures(keep: bool) -> tuple[dict, list[str]]:
    """Steps 1 to 4: make test on a clean clone, then make book edited and cold."""
    figures, notes = {}, []
    logs = BUILD / "bench-logs"
    logs.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(CLONE, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(CLONE)], check=True)
    make = ["make", "--no-print-directory", f"PYTHON={os.environ.get('PYTHON', 'python3.11')}"]
    subprocess.run(make + ["venv"], cwd=CLONE, check=True, stdout=subprocess.DEVNULL)
    # make test as a contributor runs it (two steps at a time), timed as a
    # whole; each step's time comes from the log scripts/run_test.py writes.
    seconds, rc = timed(make + ["test"], CLONE, logs / "make-test.log")
    steps_log = CLONE / "_build" / "logs" / "steps.jsonl"
    steps = ([json.loads(line) for line in steps_log.read_text().splitlines() if line.strip()]
             if steps_log.exists() else [])
    for step in steps:
        print(f"  make test step {step['step']} (started at {step.get('start', 0):.0f} s): {step['seconds']:.0f} s"
              + ("" if step["rc"] == 0 else f" FAILED (exit {step['rc']})"), flush=True)
    print(f"  make test: {seconds:.0f} s" + ("" if rc == 0 else f" FAILED (exit {rc})"), flush=True)
    figures["steps"] = steps
    figures["test"] = seconds if rc == 0 else None
    if rc != 0:
        failed = [s["step"] for s in steps if s["rc"] != 0]
        notes.append(f"make test failed on the clean clone (exit {rc}; failing steps: "
                     f"{', '.join(failed) or 'none recorded'}; log in {logs / 'make-test.log'}).")
    counts = execution_counts(CLONE / "_build" / "executions.jsonl")
    sources = executed_sources(CLONE)
    chapters = [str(p.relative_to(CLONE).with_suffix("")) for p in sources if kind_of(p) == "page"]
    labs = [str(p.relative_to(CLONE).with_suffix("")) for p in sources if kind_of(p) == "lab"]
    if rc == 0:
        figures["chapter_runs"] = max(counts.get(c, 0) for c in chapters)
        if min(counts.get(c, 0) for c in chapters) < 1:
            notes.append("a chapter was not executed at all in make test.")
        # the book's executions of the labs (none expected), plus those of the wheel's
        # nbval and the Binder test (scripts/lab_runs.py)
        runs = lab_runs.counts(CLONE / "_build" / "lab-executions.jsonl")
        figures["lab_runs"] = max(counts.get(lab, 0) + runs.get(Path(lab).name, 0) for lab in labs)
        figures["lab_runs_by_lab"] = {Path(lab).name: counts.get(lab, 0) + runs.get(Path(lab).name, 0)
                                      for lab in labs}
    # The edit is timed against a built book: build it first (a no-op after make test).
    subprocess.run(make + ["book"], cwd=CLONE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    chapter = sorted((CLONE / "book").glob("ch*.md"))[0]
    edit_one_paragraph(chapter)
    figures["edit"], rc = timed(make + ["book"], CLONE, logs / "make-book-edit.log")
    if rc != 0:
        notes.append(f"make book after the edit failed (exit {rc}).")
    shutil.rmtree(CLONE / "_build")
    figures["cold"], rc = timed(make + ["book"], CLONE, logs / "make-book-cold.log")
    if rc != 0:
        notes.append(f"make book with nothing cached failed (exit {rc}).")
    if not keep:
        shutil.rmtree(CLONE, ignore_errors=True)
    return figures, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", action="store_true",
                        help="only the deterministic budgets of the build just made (make measure)")
    parser.add_argument("--no-clone", action="store_true",
                        help="skip make test on a clean clone and the make book timings")
    parser.add_argument("--keep-clone", action="store_true", help=f"keep {CLONE}")
    parser.add_argument("--no-pages", action="store_true",
                        help="skip executing every page and lab for its wall time and peak memory")
    parser.add_argument("--no-kit", action="store_true",
                        help="skip building the course kit and grading each lab on one core")
    parser.add_argument("--readme", action="store_true",
                        help=f"only rewrite the README's table from {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args()

    if args.readme:
        changed = update_readme(json.loads(RESULTS.read_text(encoding="utf-8")))
        print("README table " + ("rewritten" if changed else "already up to date"))
        return 0

    if args.checks:
        results, failures = checks()
        out = BUILD / "checks.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n")
        width = max(len(p["source"]) for p in results["pages"])
        print(f"{'source':<{width}}  kind  executions  page MB")
        for p in results["pages"]:
            print(f"{p['source']:<{width}}  {p['kind']:<4}  {p['executions']:10d}  {p['page_mb']:7.3f}")
        print(f"budgets: page weight <= {PAGE_MB:g} MB; each chapter executed at most "
              f"{CHAPTER_EXECUTIONS} time(s) by the builds, each lab {LAB_EXECUTIONS_BY_BOOK}")
        if failures:
            print("OVER BUDGET:\n  " + "\n  ".join(failures))
            return 1
        print("deterministic budgets met")
        return 0

    load_before = os.getloadavg()
    results: dict = {**provenance(), "pages": [],
                     "budgets": {"page": {"seconds": PAGE_SECONDS, "peak_mb": PAGE_PEAK_MB},
                                 "lab": {"seconds": LAB_SECONDS, "peak_mb": LAB_MB}}}
    failures: list[str] = []
    notes: list[str] = []
    measured: dict = {}
    if not args.no_clone:
        measured, notes = clean_clone_figures(args.keep_clone)
    if not args.no_kit:
        measured.update(kit_figures())
        results["grading"] = measured["grading"]
    results["figures"] = []
    results["steps"] = measured.get("steps", [])
    results["lab_runs_by_lab"] = measured.get("lab_runs_by_lab", {})
    for key, (name, unit, goal, before) in FIGURES.items():
        value = measured.get(key)
        results["figures"].append({"key": key, "name": name, "unit": unit, "goal": goal,
                                   "before": before,
                                   "value": None if value is None else round(float(value), 1)})
    expected = (set() if args.no_clone else CLONE_FIGURES) | (set() if args.no_kit else KIT_FIGURES)
    failures += figure_failures(results["figures"], expected)

    rows = []
    for path in ([] if args.no_pages else executed_sources()):
        seconds, peak = execute(path)
        kind, rel = kind_of(path), str(path.relative_to(ROOT))
        rows.append((rel, kind, seconds, peak))
        results["pages"].append({"source": rel, "kind": kind, "seconds": round(seconds, 2),
                                 "peak_mb": round(peak, 1)})
        b = results["budgets"][kind]
        if seconds > b["seconds"]:
            failures.append(f"{rel}: {seconds:.1f} s > {b['seconds']:g} s")
        if peak > b["peak_mb"]:
            failures.append(f"{rel}: {peak:.0f} MB > {b['peak_mb']:g} MB")
    kernels = kernel_benchmarks()
    results["kernels"] = kernels
    for row in kernels:
        if row["budget"] is not None and row["value"] > row["budget"]:
            failures.append(f"{row['name']}: {row['value']:.3g} > {row['budget']:g}")

    load_after = os.getloadavg()
    notes.append(f"Load average (1 min) on the machine: {load_before[0]:.1f} at the start of the "
                 f"benchmark, {load_after[0]:.1f} at the end; on a busy machine the times are "
                 f"longer than on an idle one.")
    results["note"] = " ".join(notes)
    results["load"] = f"load average {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end"
    results["failures"] = failures

    for fig in results["figures"]:
        value = "not measured" if fig["value"] is None else f"{fig['value']:g} {fig['unit']}"
        print(f"{fig['name']}: {value} (goal <= {fig['goal']:g} {fig['unit']})")
    width = max([len(r[0]) for r in rows] + [6])
    print(f"{'source':<{width}}  kind  wall s  peak MB")
    for rel, kind, seconds, peak in rows:
        print(f"{rel:<{width}}  {kind:<4}  {seconds:6.1f}  {peak:7.0f}")
    for row in kernels:
        budget = "report only" if row["budget"] is None else f"budget <= {row['budget']:g}"
        print(f"kernel benchmark {row['name']}: {row['value']:.3g} {row['unit']} ({budget})")
    print(results["note"])
    out = BUILD / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    if not args.no_clone:  # a full run: the committed results and the README's table
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        update_readme(results)
        print(f"wrote {RESULTS.relative_to(ROOT)} and the README's table: commit them")
    if failures:
        print("OVER BUDGET:\n  " + "\n  ".join(failures))
        return 1
    print("all budgets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
