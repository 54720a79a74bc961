"""Re-execute labs in place, so their committed outputs match the code.

Usage: ``python scripts/execute_labs.py notebooks/*.ipynb`` (``make notebooks``).
Run it after a deliberate change to the package or a lab; nbval then compares
future runs against the new outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        nbformat.write(nb, path)
        print(f"executed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
