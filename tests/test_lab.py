"""``make lab`` opens JupyterLab on the labs, and a lab runs in it (issue 16).

The fast checks always run. the marker ``lab`` (``make lab-test``) selects
the browser test: it starts ``make lab`` itself (options through ``LAB_ARGS``:
no browser, a free port, a token), waits for the server, opens the first lab in
headless Chromium, runs all its cells with Run > Run All Cells and checks that
every cell ran without an error (``tests/labdriver.py``,
``scripts/lab_ui_check.mjs``). The committed lab must be byte-for-byte the
same afterwards.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from scripts import lab_runs

ROOT = Path(__file__).resolve().parents[1]
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_jupyterlab_is_pinned_in_the_toolchain():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert any(re.fullmatch(r"jupyterlab==\d+\.\d+\.\d+", ln) for ln in lines)
    assert "-e ." in lines, "make lab needs the package importable from .venv"


def test_make_lab_serves_the_labs_folder_from_the_venv():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^lab: .*\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert recipe, "no lab target"
    assert re.search(r"\$\(BIN\)/jupyter lab .*root_dir=\"?\$\(CURDIR\)/notebooks", recipe.group(1))
    assert "$(LAB_ARGS)" in recipe.group(1)


@pytest.mark.lab  # starts JupyterLab and Chromium: `make lab-test`
def test_make_lab_starts_jupyterlab_and_a_lab_runs_in_it(tmp_path):
    import labdriver

    lab = LABS[0]
    before = hashlib.sha256(lab.read_bytes()).hexdigest()
    port, token = labdriver.free_port(), labdriver.new_token()
    env = labdriver.isolated_env(tmp_path)
    make = shutil.which("make")
    assert make, "GNU make not found"
    command = [make, "--no-print-directory", "lab", "LAB_ARGS=" + " ".join(labdriver.server_args(port, token))]
    with labdriver.running_server(command, env, port, token) as url:
        proc, results = labdriver.run_labs_in_browser(url, token, [lab.name], tmp_path)
    lab_runs.record([lab], "make lab")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert [r["lab"] for r in results if r["ok"]] == [lab.name]
    assert hashlib.sha256(lab.read_bytes()).hexdigest() == before, "running the lab changed the committed file"
