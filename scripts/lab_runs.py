"""How often ``make test`` executes each lab: a log that ``make bench`` counts.

Every harness that runs a lab appends one line per lab to ``_build/lab-executions.jsonl``:
``make nbval`` (as a pytest plugin, ``-p scripts.lab_runs``), the Binder launch test
(JupyterLab through ``make lab``) and the wheel test (strict nbval against the wheel).
``make test`` (``scripts/run_test.py``) empties the log when it starts; ``make bench``
reads the log of its clean-clone ``make test`` and reports the most executed lab
against the goal (at most 2).
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "_build" / "lab-executions.jsonl"


def record(labs, by: str, log: Path = LOG) -> None:
    """Append one line per lab executed by ``by`` (a harness name)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as out:
        for lab in labs:
            out.write(json.dumps({"lab": Path(lab).stem, "by": by}) + "\n")


def counts(log: Path = LOG) -> dict[str, int]:
    """Executions per lab (by stem) in a log; empty when there is no log."""
    out: dict[str, int] = {}
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lab = json.loads(line)["lab"]
                out[lab] = out.get(lab, 0) + 1
    return out


def pytest_sessionfinish(session, exitstatus):
    """nbval: every notebook whose cells were collected and run in this session."""
    labs = sorted({Path(str(item.fspath)) for item in session.items if str(item.fspath).endswith(".ipynb")})
    if labs and session.testscollected:
        record(labs, "nbval")
