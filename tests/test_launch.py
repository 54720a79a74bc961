"""Launch paths, tested rather than assumed (issue 8).

Colab: each lab's setup cell is run in a Python that has the book's
dependencies but not the ``monoculture`` package, with ``pip`` replaced by a
stub that records its arguments and "installs" the package by linking the
working tree's ``monoculture/`` into a directory on ``sys.path``. Nothing
reaches the network. The cell must call pip exactly once, with the one
repository URL in ``_config.yml``, and then import the package and finish.

Binder: repo2docker reads ``binder/`` instead of the repository root. The
checks of those files are fast and always run. the marker ``binder`` (``make
launch``) enables the slow tests, which do what repo2docker does: a fresh
virtual environment with the Python of ``binder/runtime.txt``, an install of
``binder/requirements.txt`` (from outside the repository: the file must need
nothing local; uv resolves the same pins as repo2docker's pip, then ``pip check``
must pass), then ``binder/postBuild`` from the repository root. Then JupyterLab is
started from that environment by ``make lab`` (the target a reader runs locally,
told to use the Binder venv's ``jupyter``), and every lab is run in headless
Chromium with Run All Cells, as a student meets it (``tests/labdriver.py``,
``scripts/lab_ui_check.mjs``). The install's time
and size are written to ``_build/binder-install.json``.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
from pathlib import Path

import pytest
import yaml

from booktools.venvs import fresh_venv
from monoculture._version import __version__
from scripts import lab_runs

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


def _install_block(lab: Path) -> str:
    """The setup cell's install part: everything before its first import of a library."""
    lines = _setup_cell(lab).splitlines()
    first = next(i for i, ln in enumerate(lines)
                 if re.match(r"(import|from) (?!importlib\b|subprocess\b|sys\b)", ln))
    return "\n".join(lines[:first]).rstrip() + "\n"


# The install part of the setup cell alone, then the import that proves it worked.
_INSTALL_ONLY = "\nimport monoculture\nprint('monoculture', monoculture.__version__, 'ready')\n"


def _run_setup(lab: Path, tmp: Path, *, fail: bool = False, installed: bool = False,
               code: str | None = None):
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
    proc = subprocess.run([sys.executable, "-S", "-c", code or _setup_cell(lab)], cwd=tmp, env=env,
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


def test_colab_setup_cell_installs_the_missing_package(tmp_path):
    """The first lab's whole setup cell; every lab's has the same install block (below),
    and the rest of each setup cell runs under nbval."""
    proc, calls = _run_setup(LABS[0], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(calls) == 1, calls
    args = calls[0]
    assert args[0] == "install"
    urls = [a for a in args if a.startswith("git+")]
    # This release, by tag: a lab opened in week 10 gets the book it was assigned with.
    assert urls == [f"git+{REPO_URL}@v{__version__}"], args
    assert "ready" in proc.stdout.splitlines()[-1], proc.stdout


def test_every_lab_has_the_same_install_block():
    """So the checks above and below, run on one lab's install block, hold for every lab."""
    blocks = {lab.name: _install_block(lab) for lab in LABS}
    assert len(set(blocks.values())) == 1, blocks
    assert "find_spec(\"monoculture\")" in blocks[LABS[0].name]


def test_colab_setup_cell_does_not_install_twice(tmp_path):
    proc, calls = _run_setup(LABS[0], tmp_path, installed=True, code=_install_block(LABS[0]) + _INSTALL_ONLY)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert calls == []
    assert "ready" in proc.stdout.splitlines()[-1]


def test_colab_setup_cell_stops_when_the_install_fails(tmp_path):
    proc, calls = _run_setup(LABS[0], tmp_path, fail=True, code=_install_block(LABS[0]) + _INSTALL_ONLY)
    assert len(calls) == 1
    assert proc.returncode != 0
    assert "CalledProcessError" in proc.stderr
    assert "ready" not in proc.stdout


# ---------------------------------------------------------------- Binder

BINDER_DIR = ROOT / "binder"
# The book's own toolchain: never needed to run a lab, so never in the Binder image.
# (Sphinx itself is not listed: otter-grader, which the labs' student notebooks
# import for grader.check, needs it through fica.)
TOOLCHAIN = {"jupyter-book", "myst-nb", "sphinxcontrib-bibtex", "pytest", "hypothesis",
             "nbval", "build", "pydata-sphinx-theme", "sphinx-book-theme"}


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-e"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def _lab_imports() -> set[str]:
    modules = set()
    for lab in LABS:
        for cell in json.loads(lab.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "\n".join(line for line in "".join(cell["source"]).splitlines()
                               if not line.lstrip().startswith(("%", "!")))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    modules |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules


def _runtime_python() -> str:
    spec = (BINDER_DIR / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", spec), spec
    return "python" + spec.removeprefix("python-")


def test_binder_requirements_are_pinned_and_need_nothing_local():
    lines = [ln.strip() for ln in (BINDER_DIR / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==\S+", ln) for ln in lines), \
        [ln for ln in lines if "==" not in ln or ln.startswith(("-", "."))]


def test_binder_pins_everything_the_labs_and_the_package_import():
    pins = _pins(BINDER_DIR / "requirements.txt")
    distributions = importlib.metadata.packages_distributions()
    needed = set()
    for module in _lab_imports() - set(sys.stdlib_module_names) - {"monoculture"}:
        assert module in distributions, f"a lab imports {module}, which no installed distribution provides"
        needed |= {re.sub(r"[-_.]+", "-", d).lower() for d in distributions[module]}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        needed.add(re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", requirement)[0]).lower())
    needed |= {"jupyterlab", "ipykernel"}  # to open and run the labs
    assert needed - set(pins) == set(), "binder/requirements.txt lacks these"


def test_binder_is_slim_and_agrees_with_the_book_toolchain():
    pins = _pins(BINDER_DIR / "requirements.txt")
    full = _pins(ROOT / "requirements.txt")
    assert TOOLCHAIN & set(pins) == set(), "the book's toolchain does not belong in the Binder image"
    differ = {name: (version, full[name]) for name, version in pins.items()
              if name in full and full[name] != version}
    assert differ == {}, "binder/ and requirements.txt pin different versions"
    assert set(pins) <= set(full), "binder/ pins packages the book's toolchain does not test"


def test_binder_runtime_and_postbuild():
    assert (BINDER_DIR / "runtime.txt").read_text() == (ROOT / "runtime.txt").read_text()
    post = BINDER_DIR / "postBuild"
    assert os.access(post, os.X_OK), "repo2docker runs postBuild only if it is executable"
    text = post.read_text()
    assert text.startswith("#!/bin/bash") and "set -e" in text
    commands = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith(("#", "set "))]
    assert commands == ["python -m pip install --quiet --no-deps --editable ."], commands


def test_binder_launch_buttons_open_jupyterlab():
    assert CONFIG["launch_buttons"]["notebook_interface"] == "jupyterlab"


def _binder_env(python: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


@pytest.fixture(scope="module")
def binder_python(tmp_path_factory) -> Path:
    """A fresh venv built from binder/ only, as repo2docker builds the image.

    The dependency layer (runtime.txt, requirements.txt) is kept under
    _build/binder-venv-<hash of both> so a rerun with the same files is quick, as
    Binder reuses its layer; postBuild runs every time, after the repository is
    "copied in", as on Binder.
    """
    runtime = shutil.which(_runtime_python())
    if runtime is None:
        pytest.skip(f"{_runtime_python()} (binder/runtime.txt) not found")
    key = hashlib.sha256(b"".join((BINDER_DIR / f).read_bytes()
                                  for f in ("runtime.txt", "requirements.txt"))).hexdigest()[:12]
    venv = ROOT / "_build" / f"binder-venv-{key}"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    env = _binder_env(python)
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        for old in (ROOT / "_build").glob("binder-venv-*"):
            shutil.rmtree(old, ignore_errors=True)
        outside = tmp_path_factory.mktemp("binder-install")
        start = time.monotonic()
        shutil.copy(BINDER_DIR / "requirements.txt", outside / "requirements.txt")
        fresh_venv(runtime, venv, ["--upgrade", "pip", "-r", "requirements.txt"], env=env, cwd=outside)
        seconds = time.monotonic() - start
        (ROOT / "_build" / "binder-install.json").write_text(json.dumps(
            {"requirements": "binder/requirements.txt", "seconds": round(seconds, 1),
             "bytes": _du(venv), "packages": len(_pins(BINDER_DIR / "requirements.txt"))}, indent=1))
        stamp.touch()
    subprocess.run(["bash", str(BINDER_DIR / "postBuild")], check=True, env=env, cwd=ROOT)
    return python


@pytest.mark.binder
def test_binder_environment_imports_the_package_from_this_repository(binder_python):
    """postBuild installed this repository's package (the labs themselves run below)."""
    where = subprocess.run([str(binder_python), "-c", "import monoculture; print(monoculture.__file__)"],
                           cwd="/", env=_binder_env(binder_python), capture_output=True, text=True,
                           check=True).stdout.strip()
    assert Path(where).resolve().is_relative_to(ROOT), where


@pytest.mark.binder
def test_binder_jupyterlab_runs_every_lab_in_the_browser(binder_python, tmp_path):
    """JupyterLab from the Binder environment, started as a reader starts it on their
    own machine (``make lab``, here with the Binder venv's ``jupyter``), runs every lab
    with Run All Cells in headless Chromium. So this one run covers both launch paths:
    the environment Binder builds and the ``make lab`` target. The committed labs are
    byte-for-byte the same afterwards (autosave is off)."""
    import labdriver

    before = {lab.name: hashlib.sha256(lab.read_bytes()).hexdigest() for lab in LABS}
    port, token = labdriver.free_port(), labdriver.new_token()
    env = labdriver.isolated_env(tmp_path, path_first=binder_python.parent)
    make = shutil.which("make")
    assert make, "GNU make not found"
    command = [make, "--no-print-directory", "lab", f"JUPYTER={binder_python.parent / 'jupyter'}",
               "LAB_ARGS=" + " ".join(labdriver.server_args(port, token))]
    labs = [lab.name for lab in LABS]
    with labdriver.running_server(command, env, port, token) as url:
        proc, results = labdriver.run_labs_in_browser(url, token, labs, tmp_path)
    lab_runs.record(LABS, "binder (make lab)")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert [r["lab"] for r in results if r["ok"]] == labs
    after = {lab.name: hashlib.sha256(lab.read_bytes()).hexdigest() for lab in LABS}
    assert after == before, "running the labs changed a committed file"
