"""Start a JupyterLab server for a test and run labs in it through the browser.

Shared by ``tests/test_launch.py`` (Binder: JupyterLab from the binder/
environment) and ``tests/test_lab.py`` (``make lab``). The browser side is
``scripts/lab_ui_check.mjs`` (headless Chromium via playwright-core): it opens
each lab, clicks Run > Run All Cells and fails on any error, stderr output or
cell left unrun.

The server gets its own settings and runtime directories, so the reader's
JupyterLab settings play no part: every cell is kept in the page (windowing
off, so the driver sees every cell), autosave is off (the run never writes the
lab back), and JupyterLab fetches no news.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "scripts" / "lab_ui_check.mjs"

SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(tmp: Path, path_first: Path | None = None) -> dict[str, str]:
    """The environment for a server that ignores the reader's Jupyter settings."""
    settings = tmp / "lab-settings"
    for name, values in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env.update(JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"),
               JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    if path_first is not None:
        env["PATH"] = f"{path_first}{os.pathsep}{env.get('PATH', '')}"
    return env


def server_args(port: int, token: str) -> list[str]:
    args = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    if os.geteuid() == 0:  # CI containers run as root; JupyterLab refuses that unless told
        args.append("--allow-root")
    return args


@contextmanager
def running_server(command: list[str], env: dict[str, str], port: int, token: str,
                   cwd: Path = ROOT, timeout: float = 180):
    """Start ``command`` (a JupyterLab server on ``port``) and stop it afterwards.

    Yields the server's base URL once ``/api/status`` answers.
    """
    log = open(Path(env["JUPYTER_RUNTIME_DIR"]).parent / f"server-{port}.log", "w+")
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"the server exited ({proc.returncode}):\n{log.read()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"no server on port {port} after {timeout} s:\n{log.read()[-3000:]}")
            time.sleep(1)
        yield url
    finally:
        # The whole process group: `make lab` starts JupyterLab as a child.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        log.close()


def run_labs_in_browser(url: str, token: str, labs: list[str], tmp: Path) -> tuple[subprocess.CompletedProcess, list]:
    """Run each lab (a path relative to the server's root) with Run All Cells."""
    summary = tmp / "lab-ui.json"
    proc = subprocess.run(["node", str(DRIVER), f"--url={url}", f"--token={token}",
                           f"--summary-json={summary}", f"--screenshots={tmp / 'screenshots'}", *labs],
                          cwd=ROOT, capture_output=True, text=True, timeout=300 * len(labs) + 120)
    results = json.loads(summary.read_text()) if summary.exists() else []
    return proc, results


def new_token() -> str:
    return secrets.token_hex(16)
