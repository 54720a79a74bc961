"""Launch paths, tested rather than assumed (issue 8).

Colab: each lab's setup cell is run in a Python that has the book's
dependencies but not the ``monoculture`` package, with ``pip`` replaced by a
stub that records its arguments and "installs" the package by linking the
working tree's ``monoculture/`` into a directory on ``sys.path``. Nothing
reaches the network. The cell must call pip exactly once, with the one
repository URL in ``_config.yml``, and then import the package and finish.

Binder: ``MONOCULTURE_BINDER=1`` enables a slow test that does what
repo2docker does with this repository (``python3.11 -m venv``, then
``pip install -r requirements.txt`` from the repository root) in a fresh
virtual environment and executes every lab in it (``make launch``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from monoculture._version import __version__

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))

STUB_PIP = '''\
"""Stand-in for pip: records the call, then 'installs' by linking the package."""
import json, os, sys
from pathlib import Path
log = Path(os.environ["STUB_PIP_LOG"])
calls = json.loads(log.read_text()) if log.exists() else []
calls.append(sys.argv[1:])
log.write_text(json.dumps(calls))
if os.environ.get("STUB_PIP_FAIL"):
    print("ERROR: stub pip was told to fail", file=sys.stderr)
    sys.exit(1)
target = Path(os.environ["STUB_PIP_TARGET"]) / "monoculture"
if not target.exists():
    target.symlink_to(Path(os.environ["STUB_PIP_SOURCE"]), target_is_directory=True)
print("stub pip: installed monoculture")
'''


def _setup_cell(lab: Path) -> str:
    cells = [c for c in json.loads(lab.read_text())["cells"] if c["cell_type"] == "code"]
    return "".join(cells[0]["source"])


def _without_monoculture(tmp: Path) -> Path:
    """A directory mirroring site-packages, minus the monoculture package.

    Paths listed here are added with PYTHONPATH under ``python -S``, so no
    ``.pth`` file (an editable install of the package) is processed.
    """
    deps = tmp / "deps"
    deps.mkdir()
    purelib = Path(sysconfig.get_paths()["purelib"])
    for entry in purelib.iterdir():
        name = entry.name.lower()
        if name.startswith(("monoculture", "__editable__")) or name.endswith(".pth") or name == "pip":
            continue
        (deps / entry.name).symlink_to(entry)
    return deps


def _run_setup(lab: Path, tmp: Path, *, fail: bool = False, installed: bool = False):
    deps = _without_monoculture(tmp)
    stub = tmp / "stub"
    (stub / "pip").mkdir(parents=True)
    (stub / "pip" / "__init__.py").write_text("")
    (stub / "pip" / "__main__.py").write_text(STUB_PIP)
    target = tmp / "site"
    target.mkdir()
    if installed:
        (target / "monoculture").symlink_to(ROOT / "monoculture", target_is_directory=True)
    log = tmp / "pip-calls.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PYTHONPATH=os.pathsep.join(map(str, [stub, target, deps])),
               STUB_PIP_LOG=str(log), STUB_PIP_TARGET=str(target),
               STUB_PIP_SOURCE=str(ROOT / "monoculture"), MPLBACKEND="agg")
    if fail:
        env["STUB_PIP_FAIL"] = "1"
    # -S: no site-packages and no .pth files; the cell's own subprocess
    # (sys.executable -m pip) finds the stub first on PYTHONPATH.
    proc = subprocess.run([sys.executable, "-S", "-c", _setup_cell(lab)], cwd=tmp, env=env,
                          capture_output=True, text=True, timeout=300)
    calls = json.loads(log.read_text()) if log.exists() else []
    return proc, calls


def test_the_environment_really_lacks_the_package(tmp_path):
    deps = _without_monoculture(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PYTHONPATH"] = str(deps)
    code = "import importlib.util, numpy, altair; print(importlib.util.find_spec('monoculture'))"
    out = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "None"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_colab_setup_cell_installs_the_missing_package(lab, tmp_path):
    proc, calls = _run_setup(lab, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(calls) == 1, calls
    args = calls[0]
    assert args[0] == "install"
    urls = [a for a in args if a.startswith("git+")]
    # This release, by tag: a lab opened in week 10 gets the book it was assigned with.
    assert urls == [f"git+{REPO_URL}@v{__version__}"], args
    assert "ready" in proc.stdout.splitlines()[-1], proc.stdout


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_colab_setup_cell_does_not_install_twice(lab, tmp_path):
    proc, calls = _run_setup(lab, tmp_path, installed=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert calls == []
    assert "ready" in proc.stdout.splitlines()[-1]


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_colab_setup_cell_stops_when_the_install_fails(lab, tmp_path):
    proc, calls = _run_setup(lab, tmp_path, fail=True)
    assert len(calls) == 1
    assert proc.returncode != 0
    assert "CalledProcessError" in proc.stderr
    assert "ready" not in proc.stdout


# ---------------------------------------------------------------- Binder

BINDER = os.environ.get("MONOCULTURE_BINDER") == "1"
PYTHON311 = shutil.which("python3.11")


@pytest.fixture(scope="module")
def binder_python() -> Path:
    """A fresh venv with requirements.txt installed, as repo2docker does.

    Kept under _build/binder-venv-<hash of requirements.txt, runtime.txt,
    pyproject.toml> so a rerun with the same requirements is quick; a change
    to any of them makes a new one.
    """
    key = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in
                                  ("requirements.txt", "runtime.txt", "pyproject.toml"))).hexdigest()[:12]
    venv = ROOT / "_build" / f"binder-venv-{key}"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        for old in (ROOT / "_build").glob("binder-venv-*"):
            shutil.rmtree(old, ignore_errors=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        subprocess.run([PYTHON311, "-m", "venv", str(venv)], check=True, env=env)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                       check=True, env=env, cwd=ROOT)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
                       check=True, env=env, cwd=ROOT)
        stamp.touch()
    return python


@pytest.mark.skipif(not BINDER, reason="set MONOCULTURE_BINDER=1 (make launch)")
@pytest.mark.skipif(PYTHON311 is None, reason="python3.11 not found")
@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_binder_environment_runs_every_lab(lab, binder_python, tmp_path):
    copy = tmp_path / lab.name
    shutil.copy(lab, copy)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{binder_python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    code = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "NotebookClient(nb, timeout=300, kernel_name='python3',\n"
        "               resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "setup = [c for c in nb.cells if c.cell_type == 'code'][0]\n"
        "print(''.join(o.get('text', '') for o in setup.outputs).strip())\n"
    )
    # The lab runs next to the original (relative paths), from the copy.
    proc = subprocess.run([str(binder_python), "-c", code, str(copy), str(lab.parent)],
                          cwd=lab.parent, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("ready"), proc.stdout
    # The package came from this repository's requirements, not from elsewhere.
    where = subprocess.run([str(binder_python), "-c", "import monoculture; print(monoculture.__file__)"],
                           cwd="/", env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).resolve().is_relative_to(ROOT), where
