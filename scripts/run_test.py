"""Run the gates of ``make test``, two at a time on two or more cores.

Each step is a make target. A step starts once the steps it needs have passed
(:data:`STEPS`); with two or more usable cores two steps run at once, on one core
one at a time. Whenever a slot frees, it takes the first step in the order of
:data:`STEPS` whose needs have passed: the long chain of the book (build, PDF
and student edition from the same executions, budgets, status page, browser
audit) goes first, and the steps that need nothing (the course kit, the Binder
environment, the wheel, the unit tests, the workflow) fill the other slot.

Each step runs as ``make FRESH=1 -o <every other step> <step>``: the other steps
count as made, so no step repeats another's work. A failing step stops the steps
that need it; every other step still runs, so one run reports every failure.
Every output line is prefixed with its step, each step's full log is in
``_build/logs/<step>.log``, and every step's start, time and exit status go to
``_build/logs/steps.jsonl`` (read by ``make bench``). Nothing here is timed
against a budget: a slow machine only makes it slower.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "_build" / "logs"
STEPS_LOG = LOGS / "steps.jsonl"
LAB_RUNS = ROOT / "_build" / "lab-executions.jsonl"

#: Every step of ``make test`` and the steps it needs, in the order free slots take them.
STEPS: dict[str, tuple[str, ...]] = {
    # the book: each chapter executed once, into the cache every edition reads
    "book": (),
    # the course kit: its grading times are shown on the instructor's grading page
    "kit-test": (),
    # the PDF from the book's Sphinx environment; it is published into the site
    "pdf": ("book",),
    # the student edition from the same cache, checked against the reader's site
    "student": ("book",),
    # the deterministic budgets of the finished site (page weight, executions)
    "measure": ("pdf",),
    # re-renders the status page and the grading page into the site (an incremental
    # build), so after everything that reads or writes the site
    "status": ("measure", "kit-test", "student"),
    # the browser and accessibility audit, and the tests of the built artefacts
    "browser": ("status",),
    "artefacts": ("status",),
    # what readers install: the Binder environment running every lab in JupyterLab
    "launch": (),
    # the wheel in a fresh venv, with strict nbval of every lab against it
    "dist-test": (),
    "unit": (),
    "workflow-check": (),
}

#: Steps that start Jupyter kernels on TCP ports (Otter's grading, JupyterLab, nbval):
#: never two at once. A kernel's ports are chosen free and bound a moment later, so
#: two processes starting kernels together can be handed the same port, and the
#: second kernel dies at start ("Address already in use"), a failure that has
#: nothing to do with the book. The chapters' kernels (``make book``) use IPC sockets.
ONE_AT_A_TIME: frozenset[str] = frozenset({"kit-test", "launch", "dist-test"})

_print_lock = threading.Lock()


def steps() -> list[str]:
    """Every step of ``make test``, in the order free slots take them."""
    return list(STEPS)


def usable_cores() -> int:
    return len(os.sched_getaffinity(0))


def run_step(step: str, make: list[str], start_all: float, slot: int) -> dict:
    """Run one step (a make target) with its output prefixed and logged."""
    others = [arg for other in STEPS if other != step for arg in ("-o", other)]
    cmd = [*make, "FRESH=1", *others, step]
    start = time.monotonic()
    with _print_lock:
        print(f"[{step}] ==> make {step} (after {start - start_all:.0f} s)", flush=True)
    with (LOGS / f"{step}.log").open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace", bufsize=1)
        for line in proc.stdout:
            log.write(line)
            with _print_lock:
                sys.stdout.write(f"[{step}] {line}")
                sys.stdout.flush()
        rc = proc.wait()
    seconds = time.monotonic() - start
    row = {"step": step, "needs": list(STEPS[step]), "slot": slot,
           "start": round(start - start_all, 1), "seconds": round(seconds, 1), "rc": rc}
    with _print_lock:
        with STEPS_LOG.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
        status = "passed" if rc == 0 else f"FAILED (exit {rc})"
        print(f"[{step}] <== make {step} {status} in {seconds:.0f} s", flush=True)
    return row


def schedule(slots: int, run) -> dict[str, dict]:
    """Run every step, at most ``slots`` at once, each after the steps it needs.

    ``run(step, slot)`` runs one step and returns its row (``rc`` 0 when it passed).
    A step whose needs did not all pass is never started, and no two steps of
    :data:`ONE_AT_A_TIME` run at once. Returns the rows by step.
    """
    if slots < 1:
        raise ValueError(f"slots must be at least 1, got {slots}")
    rows: dict[str, dict] = {}
    running: dict[str, int] = {}
    free = list(range(slots))
    cond = threading.Condition()

    def worker(step: str, slot: int) -> None:
        try:
            row = run(step, slot)
        except Exception as err:  # a crash of the runner counts as a failed step
            row = {"step": step, "rc": -1, "error": repr(err)}
        with cond:
            rows[step] = row
            del running[step]
            free.append(slot)
            cond.notify_all()

    def blocked(step: str) -> bool:  # a step it needs failed or was never started
        return any(need in rows and rows[need]["rc"] != 0 or need in skipped
                   for need in STEPS[step])

    skipped: set[str] = set()
    with cond:
        while True:
            for step in STEPS:
                if step not in rows and step not in running and step not in skipped and blocked(step):
                    skipped.add(step)
            waiting = [s for s in STEPS if s not in rows and s not in running and s not in skipped]
            if not waiting and not running:
                return rows
            exclusive_busy = any(r in ONE_AT_A_TIME for r in running)
            ready = [s for s in waiting
                     if all(need in rows and rows[need]["rc"] == 0 for need in STEPS[s])
                     and not (s in ONE_AT_A_TIME and exclusive_busy)]
            if ready and free:
                step, slot = ready[0], free.pop(0)
                running[step] = slot
                threading.Thread(target=worker, args=(step, slot), daemon=True).start()
                continue
            cond.wait()


def main() -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    STEPS_LOG.unlink(missing_ok=True)
    LAB_RUNS.unlink(missing_ok=True)  # executions of the labs are counted per make test
    make = [os.environ.get("MAKE", "make"), "--no-print-directory"]
    cores = usable_cores()
    slots = 2 if cores >= 2 else 1
    print(f"make test: {len(STEPS)} steps, {slots} at a time ({cores} usable core(s))", flush=True)
    start = time.monotonic()
    rows = schedule(slots, lambda step, slot: run_step(step, make, start, slot))
    total = time.monotonic() - start
    print(f"\nmake test: steps (seconds) after {total:.0f} s in all")
    failed, skipped = [], []
    for step in STEPS:
        row = rows.get(step)
        if row is None:
            skipped.append(step)
            print(f"  {step:<15} not run (needs {', '.join(STEPS[step])})")
            continue
        if row["rc"] != 0:
            failed.append(step)
        shown = f"{row.get('seconds', 0):.0f}" + ("" if row["rc"] == 0 else f"  FAILED (exit {row['rc']})")
        print(f"  {step:<15} {shown}")
    if failed or skipped:
        print(f"make test FAILED at {', '.join(failed)}"
              f"{'; not run: ' + ', '.join(skipped) if skipped else ''} "
              f"(logs in {LOGS.relative_to(ROOT)}/)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
