"""The released package: the sdist and wheel of ``make dist`` (issue 16).

Marker ``dist`` (``make dist-test``, after ``make dist``; deselected by ``make unit``):

- both files carry the version of ``monoculture/_version.py``;
- the wheel holds every file of the package that git tracks (modules and the
  package data under ``monoculture/data/``), and nothing from outside it; the
  sdist holds the same files plus the project's metadata and licences;
- the wheel, installed into a fresh virtual environment (its dependencies at the
  versions of ``requirements.txt``), reproduces every lab: strict nbval on copies
  of the solved labs, run from a directory outside the repository, with the package
  imported from the venv's site-packages. This is ``make test``'s nbval: it proves
  both that the committed outputs are what a fresh run gives and that the released
  package alone gives them (``make nbval`` runs the same check against the working
  tree, for authors; ``tests/test_data.py`` loads every data set from an installed
  wheel).
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from booktools.venvs import fresh_venv
from scripts import lab_runs

from monoculture._version import __version__

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
pytestmark = pytest.mark.dist  # run by `make dist-test`, after `make dist`

WHEEL = DIST / f"monoculture-{__version__}-py3-none-any.whl"
SDIST = DIST / f"monoculture-{__version__}.tar.gz"


def _packages() -> list[str]:
    """Top-level packages the wheel ships (pyproject's packages.find include)."""
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    return sorted({name.split(".")[0] for name in include})


def _tracked_package_files() -> set[str]:
    files = subprocess.run(["git", "ls-files", *_packages()], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    return {f for f in files if (ROOT / f).is_file()}


def test_dist_holds_one_sdist_and_one_wheel_of_this_version():
    assert sorted(p.name for p in DIST.iterdir()) == sorted([WHEEL.name, SDIST.name])


def test_wheel_holds_the_whole_package_and_its_data():
    with zipfile.ZipFile(WHEEL) as wheel:
        names = set(wheel.namelist())
        metadata = email.message_from_bytes(wheel.read(f"monoculture-{__version__}.dist-info/METADATA"))
    assert _tracked_package_files() - names == set(), "files of the package missing from the wheel"
    ours = {n for n in names if not n.startswith(f"monoculture-{__version__}.dist-info/")}
    assert all(n.startswith(tuple(f"{p}/" for p in _packages())) for n in ours), sorted(ours)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert metadata["Name"] == "monoculture" and metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT"
    assert any(u.startswith("Source, https://github.com/") for u in metadata.get_all("Project-URL"))


def test_sdist_holds_the_package_and_the_project_files():
    prefix = f"monoculture-{__version__}/"
    with tarfile.open(SDIST) as sdist:
        names = {n.removeprefix(prefix) for n in sdist.getnames()}
    assert _tracked_package_files() - names == set()
    assert {"pyproject.toml", "README.md", "LICENSE", "LICENSE-TEXT", "PKG-INFO"} <= names


#: The solved labs (the student notebooks in notebooks/student/ have no answers to run).
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_wheel_alone_reproduces_every_lab(tmp_path):
    python311 = shutil.which("python3.11")
    assert python311, "python3.11 not found"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env.update(PYDEVD_DISABLE_FILE_VALIDATION="1", JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("\n".join(ln for ln in (ROOT / "requirements.txt").read_text().splitlines()
                                     if not ln.startswith("-e")))
    # The wheel's own dependencies, plus what runs a lab and compares it (at the toolchain's versions).
    fresh_venv(python311, venv, ["-c", str(constraints), str(WHEEL), "ipykernel", "nbval", "pytest"],
               env=env, cwd=tmp_path)
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"

    where = subprocess.run([str(python), "-c", "import monoculture; print(monoculture.__file__, monoculture.__version__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert Path(where[0]).is_relative_to(venv) and where[1] == __version__, where

    labs = tmp_path / "labs"
    labs.mkdir()
    for lab in LABS:
        shutil.copy(lab, labs / lab.name)
    shutil.copy(ROOT / "tests" / "nbval-sanitize.cfg", tmp_path / "nbval-sanitize.cfg")
    lab_runs.record(LABS, "wheel (nbval)")
    # A hang guard only (it ends as soon as nbval does); no cell has a time budget here.
    proc = subprocess.run([str(python), "-m", "pytest", "--nbval", "labs", "-p", "no:cacheprovider",
                           "--nbval-sanitize-with", "nbval-sanitize.cfg", "-rA", "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, proc.stdout[-6000:]
    summary = proc.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
    ran = {line.split("::")[0].removeprefix("PASSED labs/") for line in proc.stdout.splitlines()
           if line.startswith("PASSED labs/")}
    assert ran == {lab.name for lab in LABS}, ran
