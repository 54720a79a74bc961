"""Fresh virtual environments for the tests of what readers install.

The Binder test and the wheel test each build a new venv from pinned files.
They install with uv, pinned in ``requirements.txt`` like the rest of the
toolchain: it resolves the same pins as pip would, and its cache (shared by
every clone on a machine) turns a repeat install into links to files already
unpacked, so a venv of about 150 packages is ready in seconds rather than
minutes. The venv itself is a plain ``python -m venv`` one, with pip, so that
``pip check`` can confirm afterwards that pip sees a consistent environment and
Binder's ``postBuild`` (a pip command) runs as it does on Binder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def uv_executable() -> str:
    """The uv of the environment running this code (the book's ``.venv``)."""
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        raise FileNotFoundError(f"uv not found next to {sys.executable} or on PATH: "
                                "run `make venv` (requirements.txt pins it)")
    return found


def fresh_venv(python: str | Path, where: Path, install: Sequence[str], *,
               env: Mapping[str, str], cwd: Path) -> Path:
    """Create a venv at ``where`` with ``python``, install ``install`` into it.

    Parameters
    ----------
    python
        The interpreter the venv is made from (``python3.11``, say).
    where
        The venv's directory (must not exist yet, or be empty).
    install
        Arguments of ``uv pip install`` (``["-r", "requirements.txt"]``, say).
    env, cwd
        Environment and working directory of the commands.

    Returns
    -------
    Path
        The venv's ``python``.
    """
    if not install:
        raise ValueError("install must name at least one requirement or file")
    subprocess.run([str(python), "-m", "venv", str(where)], check=True, env=dict(env))
    venv_python = where / "bin" / "python"
    # compiled to bytecode at install, as pip does: where PYTHONDONTWRITEBYTECODE is
    # set, Python would otherwise compile every module again at every import
    subprocess.run([uv_executable(), "pip", "install", "--quiet", "--compile-bytecode",
                    "--python", str(venv_python), *install], check=True, env=dict(env), cwd=cwd)
    check = subprocess.run([str(venv_python), "-m", "pip", "check"], env=dict(env), cwd=cwd,
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"pip check failed in {where}:\n{check.stdout}{check.stderr}")
    return venv_python
