"""Tables of measured numbers for the status page (``book/status.md``).

``{status-table} checks`` renders ``_build/checks.json``, the deterministic budgets
that ``make test`` checks on the build it has just made (``make measure``): page
weight and the number of executions of every chapter and lab.

``{status-table} kit`` renders ``_build/kit-timings.json``, written by the course kit's
tests (``make kit-test``): the time to build the kit and to grade each submission
they grade, with its score, for the instructor's page "Grading with the kit".

``{status-table} bench`` renders the benchmark of ``make bench``
(``_build/bench.json``, or the committed ``benchmarks/results.json`` when this
machine has not run the benchmark): the time and memory budgets, each against its
goal, with when, where and at which commit they were measured.

Every number comes from those files, none is typed in. A page with a table is read
again by every build (``env-get-outdated``), so each builder renders the files as
they are now: a dependency noted with ``env.note_dependency`` is not enough, because
the HTML and LaTeX builders share one environment, and a page that the PDF build
read again after a file changed would be up to date there while its HTML stayed
stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from statistics import median

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from booktools.steps import steps_table

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "checks": [ROOT / "_build" / "checks.json"],
    "bench": [ROOT / "_build" / "bench.json", ROOT / "benchmarks" / "results.json"],
    "kit": [ROOT / "_build" / "kit-timings.json"],
}
MISSING = {
    "checks": "No checks in this build: `make test` (or `make measure` after a build) writes them.",
    "bench": "No benchmark has been run: `make bench` measures the budgets below.",
    "kit": ("No submission was graded for this build: run `make kit-test`, then `make book`, "
            "to measure the time per submission."),
}


def _mark(ok: bool) -> str:
    return "within" if ok else "**over**"


def provenance(data: dict) -> str:
    cores = f"{data.get('cores', '?')} cores"
    if data.get("cores_usable") not in (None, data.get("cores")):
        cores = f"{data['cores_usable']} of {cores} (pinned)"
    return (f"Measured {data.get('measured_at', '?')} at commit `{data.get('commit', '?')}` "
            f"with Python {data.get('python', '?')} on {cores}.")


def checks_markdown(data: dict) -> str:
    """The deterministic budgets of ``make test``, one row per executed source."""
    b = data["budgets"]
    rows = ["| source | kind | executions in this `make test` | page weight MB |",
            "| --- | --- | --- | --- |"]
    for page in data["pages"]:
        goal = b["chapter_executions"] if page["kind"] == "page" else b["lab_executions_by_book"]
        rows.append(f"| `{page['source']}` | {page['kind']} | {page['executions']} "
                    f"(≤ {goal}, {_mark(page['executions'] <= goal)}) "
                    f"| {page['page_mb']:.3f} (≤ {b['page_mb']:g}, {_mark(page['page_mb'] <= b['page_mb'])}) |")
    lines = ["\n".join(rows), ""]
    lines.append(f"Labs are executed by nbval (once per `make test`) and by the Binder launch "
                 f"test (once), never by the book build. {provenance(data)}")
    return "\n".join(lines)


def bench_markdown(data: dict) -> str:
    """The budgets of ``make bench``: the headline figures, then every page and lab."""
    lines = ["| figure | before | measured | goal | verdict |", "| --- | --- | --- | --- | --- |"]
    for fig in data.get("figures", []):
        value = fig.get("value")
        unit = f" {fig['unit']}" if fig["unit"] else ""
        shown = "not measured" if value is None else f"{value:g}{unit}"
        verdict = "not measured" if value is None else _mark(value <= fig["goal"])
        lines.append(f"| {fig['name']} | {fig.get('before', '')} | {shown} | ≤ {fig['goal']:g}{unit} "
                     f"| {verdict} |")
    lines.append("")
    if data.get("steps"):
        lines += [*steps_table(data), ""]
    budgets = data.get("budgets", {})
    if data.get("pages"):
        lines += ["| source | kind | execution s | peak memory MB |", "| --- | --- | --- | --- |"]
        for page in data["pages"]:
            b = budgets.get(page["kind"], {})
            lines.append(
                f"| `{page['source']}` | {page['kind']} "
                f"| {page['seconds']:.1f} (≤ {b.get('seconds', float('nan')):g}, {_mark(page['seconds'] <= b.get('seconds', float('inf')))}) "
                f"| {page['peak_mb']:.0f} (≤ {b.get('peak_mb', float('nan')):g}, {_mark(page['peak_mb'] <= b.get('peak_mb', float('inf')))}) |")
        lines.append("")
    if data.get("grading"):
        shown = ", ".join(f"{name} {sec:g} s" for name, sec in data["grading"].items())
        lines += [f"Grading each lab's reference solutions on one core: {shown}.", ""]
    for k in data.get("kernels", []):
        budget = "report only" if k["budget"] is None else f"budget ≤ {k['budget']:g}"
        lines.append(f"- Kernel benchmark {k['name']}: {k['value']:.3g} {k['unit']} ({budget}).")
    if data.get("note"):
        lines.append("")
        lines.append(data["note"])
    lines.append("")
    lines.append(provenance(data))
    return "\n".join(lines)


def kit_markdown(data: dict) -> str:
    """The course kit's timings: building it, then each graded submission and its score."""
    grading = data.get("grading") or []
    if not grading:
        return MISSING["kit"]
    seconds = [row["seconds"] for row in grading]
    cpu = [row["cpu_seconds"] for row in grading]
    lines = [f"Measured by the kit's tests (`make kit-test`) on the build machine: building "
             f"the kit took {data['build_seconds']:.0f} s; grading one submission took "
             f"{median(seconds):.0f} s (median of {len(grading)}, at most {max(seconds):.0f} s) "
             f"and {median(cpu):.0f} s of CPU time, on {data['cpus']} core{'' if data['cpus'] == 1 else 's'} "
             f"with a load average "
             f"of {data['load_average']:.1f}.", "",
             "| assignment | submission | score | wall time (s) | CPU time (s) |",
             "| --- | --- | --- | --- | --- |"]
    for row in grading:
        got = sum(row["scores"].values())
        score = f"{got:g} of {row['points']:g}" if "points" in row else f"{got:g}"
        lines.append(f"| {row['assignment']} | {row.get('label', row['submission'])} | {score} "
                     f"| {row['seconds']:.1f} | {row['cpu_seconds']:.1f} |")
    return "\n".join(lines)


RENDER = {"checks": checks_markdown, "bench": bench_markdown, "kit": kit_markdown}


class StatusTable(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in SOURCES:
            raise self.error(f"status-table: unknown table {kind!r}; use one of {sorted(SOURCES)}")
        text = MISSING[kind]
        for path in SOURCES[kind]:
            self.env.note_dependency(str(path))
        for path in SOURCES[kind]:
            if path.exists():
                text = RENDER[kind](json.loads(path.read_text(encoding="utf-8")))
                if path.parent.name == "benchmarks":
                    text += (" These are the numbers committed with the book "
                             "(`benchmarks/results.json`); `make bench` replaces them "
                             "with this machine's.")
                break
        pages = getattr(self.env, "status_table_pages", set())
        pages.add(self.env.docname)
        self.env.status_table_pages = pages
        container = nodes.container(classes=["status-table"])
        self.state.nested_parse(StringList(text.splitlines(), source=str(path)), 0, container)
        return [container]


def _always_outdated(app, env, added, changed, removed):
    """Pages with a table: read again by every build, for the files as they are now."""
    return sorted(getattr(env, "status_table_pages", set()) - set(removed))


def _purge(app, env, docname):
    getattr(env, "status_table_pages", set()).discard(docname)


def _merge(app, env, docnames, other):
    """Parallel reads: keep the pages found by the worker processes."""
    env.status_table_pages = (getattr(env, "status_table_pages", set())
                              | getattr(other, "status_table_pages", set()))


def setup(app) -> dict:
    app.add_directive("status-table", StatusTable)
    app.connect("env-get-outdated", _always_outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
