"""Record every page execution, so that `make test` can count them.

The book executes each chapter into a jupyter-cache (``execute_notebooks: cache``
in ``_config.yml``); the HTML, the PDF and the student edition all read that one
execution. To prove it, every build appends one line per page it actually
executed (not served from the cache) to ``_build/executions.jsonl``:
``{"doc": ..., "builder": ..., "outdir": ..., "seconds": ...}``.

A page counts as executed by this build when myst-nb's execution record for it
(``exec_data``) is newer than the start of the build: myst-nb stamps a fresh
execution with the time it ran and a cache hit with the time of the cached run.
``scripts/bench.py --checks`` (``make measure``) reads the log.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "_build" / "executions.jsonl"


def _start(app: Sphinx) -> None:
    app.monoculture_build_started = time.time()


def executed_since(env, started: float) -> list[dict]:
    """The pages whose myst-nb execution record is newer than ``started``."""
    rows = []
    for docname, data in sorted(getattr(env, "nb_metadata", {}).items()):
        exec_data = data.get("exec_data") or {}
        if exec_data.get("mtime") is not None and exec_data["mtime"] >= started:
            rows.append({"doc": docname, "seconds": exec_data.get("runtime"),
                         "method": exec_data.get("method")})
    return rows


def _log(app: Sphinx, exception: Exception | None) -> None:
    rows = executed_since(app.env, app.monoculture_build_started)
    if not rows:
        return
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("a", encoding="utf-8") as log:
        for row in rows:
            row.update(builder=app.builder.name, outdir=str(Path(app.outdir).resolve()),
                       at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
            log.write(json.dumps(row) + "\n")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _start)
    app.connect("build-finished", _log)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
