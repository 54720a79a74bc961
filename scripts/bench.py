"""Measure the book against its budgets.

For every executed page (the MyST chapters in ``book/``) and every lab (the
notebooks in ``notebooks/``) this script executes the source in a fresh
kernel, as the book build does, and records

- wall time: from kernel start to the end of the last cell;
- peak memory: the kernel process's maximum resident set size, read from
  ``getrusage`` inside the kernel after the last cell;
- page weight: the built HTML page plus the images it references, without the
  shared vendored scripts (which every chart page shares and the browser caches).

It also times a full strict build of the book (``jupyter-book build --all -W``)
from the installed environment. Results are printed as a table, written to
``_build/bench.json``, and the script exits non-zero if any budget is exceeded.

Budgets (issue "Foundation"): each lab <= 20 s and <= 500 MB; the full build
<= 180 s on 2 cores; each chapter page <= 1 MB. Issue 8 adds budgets for the
executed chapter pages: execution within the build's per-page timeout
(``execute.timeout`` in ``_config.yml``) and <= 1000 MB peak memory.

The JSON also records the budgets, the time of the run, the commit and the
machine, because the book's status page (``book/status.md``) renders it at
build time. With ``--no-build`` the full-build time is read from
``_build/build_seconds.txt`` if ``make book`` wrote it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import datetime
import os
import platform

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"

LAB_SECONDS = 20.0
LAB_MB = 500.0
BUILD_SECONDS = 180.0
PAGE_MB = 1.0
PAGE_SECONDS = float(yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]["timeout"])
PAGE_PEAK_MB = 1000.0
BUILD_SECONDS_FILE = ROOT / "_build" / "build_seconds.txt"


def budgets() -> dict[str, dict[str, float]]:
    """The budgets, by kind of source, as written to bench.json."""
    return {
        "page": {"seconds": PAGE_SECONDS, "peak_mb": PAGE_PEAK_MB, "page_mb": PAGE_MB},
        "lab": {"seconds": LAB_SECONDS, "peak_mb": LAB_MB, "page_mb": PAGE_MB},
        "build": {"seconds": BUILD_SECONDS},
    }


def provenance() -> dict[str, str | int]:
    """When, where and from which commit the numbers were measured."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return {"measured_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": commit + ("+changes" if dirty else ""),
            "python": platform.python_version(), "cores": os.cpu_count() or 0}

PEAK_CELL = ("import resource as _r, sys as _s\n"
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


def page_weight(source: Path) -> float:
    """Built HTML page plus its own images, in MB; NaN if the page is not built."""
    html = SITE / source.relative_to(ROOT).with_suffix(".html")
    if not html.exists():
        return float("nan")
    text = html.read_text(encoding="utf-8")
    size = html.stat().st_size
    for ref in set(re.findall(r'src="([^"]*_images/[^"]+)"', text)):
        img = (html.parent / ref).resolve()
        if img.exists():
            size += img.stat().st_size
    return size / 1e6


def executed_sources() -> list[Path]:
    chapters = [p for p in sorted((ROOT / "book").glob("*.md"))
                if "```{code-cell}" in p.read_text(encoding="utf-8")]
    labs = sorted((ROOT / "notebooks").glob("*.ipynb"))
    return chapters + labs


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true",
                        help="skip the timed full build (use the existing _build/html)")
    args = parser.parse_args()

    failures: list[str] = []
    results: dict = {"pages": [], "budgets": budgets(), **provenance()}
    if not args.no_build:
        start = time.perf_counter()
        subprocess.run(["rm", "-rf", "_build/html", "_build/.doctrees",
                        "_build/jupyter_execute"], cwd=ROOT, check=True)
        subprocess.run(["jupyter-book", "build", ".", "--all", "-W", "--keep-going", "-q"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        build = time.perf_counter() - start
        results["build_seconds"] = build
    elif BUILD_SECONDS_FILE.exists():
        results["build_seconds"] = float(BUILD_SECONDS_FILE.read_text().strip())
    if results.get("build_seconds", 0.0) > BUILD_SECONDS:
        failures.append(f"full build took {results['build_seconds']:.0f} s > {BUILD_SECONDS:.0f} s")

    rows = []
    for path in executed_sources():
        seconds, peak = execute(path)
        weight = page_weight(path)
        kind = "lab" if path.suffix == ".ipynb" else "page"
        rel = str(path.relative_to(ROOT))
        rows.append((rel, kind, seconds, peak, weight))
        results["pages"].append({"source": rel, "kind": kind, "seconds": round(seconds, 2),
                                 "peak_mb": round(peak, 1), "page_mb": round(weight, 3)})
        if kind == "lab" and seconds > LAB_SECONDS:
            failures.append(f"{rel}: {seconds:.1f} s > {LAB_SECONDS:.0f} s")
        if kind == "lab" and peak > LAB_MB:
            failures.append(f"{rel}: {peak:.0f} MB > {LAB_MB:.0f} MB")
        if kind == "page" and seconds > PAGE_SECONDS:
            failures.append(f"{rel}: {seconds:.1f} s > {PAGE_SECONDS:.0f} s")
        if kind == "page" and peak > PAGE_PEAK_MB:
            failures.append(f"{rel}: {peak:.0f} MB > {PAGE_PEAK_MB:.0f} MB")
        if weight > PAGE_MB:
            failures.append(f"{rel}: page {weight:.2f} MB > {PAGE_MB:.0f} MB")

    width = max(len(r[0]) for r in rows)
    print(f"{'source':<{width}}  kind  wall s  peak MB  page MB")
    for rel, kind, seconds, peak, weight in rows:
        print(f"{rel:<{width}}  {kind:<4}  {seconds:6.1f}  {peak:7.0f}  {weight:7.3f}")
    print(f"budgets: lab <= {LAB_SECONDS:.0f} s and <= {LAB_MB:.0f} MB; chapter page <= "
          f"{PAGE_SECONDS:.0f} s and <= {PAGE_PEAK_MB:.0f} MB; "
          f"page weight <= {PAGE_MB:.0f} MB; full build <= {BUILD_SECONDS:.0f} s")
    results["failures"] = failures
    if "build_seconds" in results:
        print(f"full strict build (jupyter-book build --all -W): {results['build_seconds']:.1f} s")
    kernels = kernel_benchmarks()
    results["kernels"] = kernels
    if kernels:
        print()
        print("kernel benchmarks (benchmarks/bench_*.py)")
        for row in kernels:
            budget = "report only" if row["budget"] is None else f"budget <= {row['budget']:g}"
            print(f"  {row['name']}: {row['value']:.3g} {row['unit']} ({budget})")
            if row["budget"] is not None and row["value"] > row["budget"]:
                failures.append(f"{row['name']}: {row['value']:.3g} > {row['budget']:g}")
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    if failures:
        print("OVER BUDGET:\n  " + "\n  ".join(failures))
        return 1
    print("all budgets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
