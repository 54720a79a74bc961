"""``make lab`` opens JupyterLab on the labs (issue 16).

These checks are fast. The browser run is in ``tests/test_launch.py`` (``make
launch``): it starts ``make lab`` itself with the Binder environment's ``jupyter``
(options through ``LAB_ARGS``: no browser, a free port, a token), opens every lab
in headless Chromium, runs all its cells with Run > Run All Cells and checks that
every cell ran without an error and that the committed labs are unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]


def test_jupyterlab_is_pinned_in_the_toolchain():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert any(re.fullmatch(r"jupyterlab==\d+\.\d+\.\d+", ln) for ln in lines)
    assert "-e ." in lines, "make lab needs the package importable from .venv"


def test_make_lab_serves_the_labs_folder_from_the_venv():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^lab: .*\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert recipe, "no lab target"
    assert re.search(r"\$\(JUPYTER\) lab .*root_dir=\"?\$\(CURDIR\)/notebooks", recipe.group(1))
    # by default the venv's JupyterLab (the Binder test passes the Binder venv's)
    assert re.search(r"^JUPYTER \?= \$\(BIN\)/jupyter$", makefile, flags=re.M)
    assert "$(LAB_ARGS)" in recipe.group(1)
