"""Run the gates of ``make test`` in two lanes, side by side on two or more cores.

The gates fall into two chains that share nothing but the venv:

- the **book lane** builds and checks the book: the course kit's tests first
  (their grading times are shown on the instructor's grading page), then the
  strict build, the student edition and the PDF from the same executions, the
  deterministic budgets, the status page, the browser audit of the built site and
  the tests of the built artefacts;
- the **reader lane** checks what readers run: the package's unit tests, the
  Binder environment running every lab in JupyterLab through ``make lab``, the
  wheel in a fresh venv with strict nbval of every lab against it, and the CI
  workflow.

Within a lane the steps run in order, each as ``make FRESH=1 -o <earlier steps>
<step>`` (the earlier steps count as made, so no step repeats another's work).
With two or more usable cores the lanes run at once; on one core, one after the
other. A lane stops at its first failing step; the other lane runs to its end, so
one run reports every failing lane. Every output line is prefixed with its lane,
each lane's full log is in ``_build/logs/<lane>.log``, and every step's time and
exit status go to ``_build/logs/steps.jsonl`` (read by ``make bench``). Nothing
here is timed against a budget: a slow machine only makes it slower.
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

LANES: dict[str, list[str]] = {
    "book": ["kit-test", "book", "student", "pdf", "measure", "status", "browser", "artefacts"],
    "readers": ["unit", "launch", "dist-test", "workflow-check"],
}

_print_lock = threading.Lock()
_log_lock = threading.Lock()


def steps() -> list[str]:
    """Every step of ``make test``, lane by lane."""
    return [step for lane in LANES.values() for step in lane]


def usable_cores() -> int:
    return len(os.sched_getaffinity(0))


def run_lane(name: str, lane: list[str], make: list[str], results: dict) -> None:
    """Run one lane's steps in order, stopping at the first failure."""
    log_path = LOGS / f"{name}.log"
    done: list[str] = []
    results[name] = []
    with log_path.open("w", encoding="utf-8") as log:
        for step in lane:
            skip = [arg for earlier in done for arg in ("-o", earlier)]
            cmd = [*make, "FRESH=1", *skip, step]
            start = time.monotonic()
            with _print_lock:
                print(f"[{name}] ==> make {step}", flush=True)
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, errors="replace", bufsize=1)
            for line in proc.stdout:
                log.write(line)
                with _print_lock:
                    sys.stdout.write(f"[{name}] {line}")
                    sys.stdout.flush()
            rc = proc.wait()
            seconds = time.monotonic() - start
            row = {"lane": name, "step": step, "seconds": round(seconds, 1), "rc": rc}
            results[name].append(row)
            with _log_lock, STEPS_LOG.open("a", encoding="utf-8") as out:
                out.write(json.dumps(row) + "\n")
            with _print_lock:
                status = "passed" if rc == 0 else f"FAILED (exit {rc})"
                print(f"[{name}] <== make {step} {status} in {seconds:.0f} s", flush=True)
            if rc != 0:
                return
            done.append(step)


def main() -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    STEPS_LOG.unlink(missing_ok=True)
    LAB_RUNS.unlink(missing_ok=True)  # executions of the labs are counted per make test
    make = [os.environ.get("MAKE", "make"), "--no-print-directory"]
    cores = usable_cores()
    parallel = cores >= 2
    print(f"make test: {len(LANES)} lanes "
          f"{'side by side' if parallel else 'one after the other'} ({cores} usable core(s))",
          flush=True)
    start = time.monotonic()
    results: dict = {}
    threads = [threading.Thread(target=run_lane, args=(name, lane, make, results))
               for name, lane in LANES.items()]
    for thread in threads:
        thread.start()
        if not parallel:
            thread.join()
    for thread in threads:
        thread.join()
    total = time.monotonic() - start
    print(f"\nmake test: steps (seconds) after {total:.0f} s in all")
    failed, skipped = [], []
    for name, lane in LANES.items():
        ran = {row["step"]: row for row in results.get(name, [])}
        for step in lane:
            row = ran.get(step)
            shown = "not run" if row is None else (
                f"{row['seconds']:.0f}" + ("" if row["rc"] == 0 else f"  FAILED (exit {row['rc']})"))
            print(f"  {name:<8} {step:<15} {shown}")
            if row is None:
                skipped.append(step)
            elif row["rc"] != 0:
                failed.append(step)
    if failed or skipped:
        print(f"make test FAILED at {', '.join(failed) or 'a lane that did not finish'}"
              f"{'; not run: ' + ', '.join(skipped) if skipped else ''} "
              f"(logs in {LOGS.relative_to(ROOT)}/)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
