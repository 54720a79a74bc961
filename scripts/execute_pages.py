"""Execute the book's pages in parallel, into the jupyter-cache the build reads.

``make book`` runs this before ``jupyter-book build``. Each executable page of
``_toc.yml`` (MyST markdown with a kernel) whose code cells are not yet in the
cache ``_build/.jupyter_cache`` is executed, one kernel per core, and its outputs
are stored in the cache exactly as myst-nb's ``execute_notebooks: cache`` mode
would store them. The build then finds every page in the cache and executes
nothing: each chapter is still executed once, but the chapters run side by side
instead of one after another. The labs are not executed here (the book renders
their committed outputs; nbval checks them).

Each execution is appended to ``_build/executions.jsonl`` (the log that
``_ext/execution_log.py`` keeps for the build's own executions), so that ``make
measure`` counts it. A page that fails stops the build here, with its traceback.

Usage: ``python scripts/execute_pages.py [--jobs N]`` (default: the cores this
process may use).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"
LOG = ROOT / "_build" / "executions.jsonl"


def toc_files(toc: dict) -> list[str]:
    """Every ``file:`` entry of a jb-book table of contents, in order, root first."""
    found = [toc["root"]] if "root" in toc else []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return found


def config() -> dict:
    """The execution settings of ``_config.yml``."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")).get("execute", {})


def executable_pages(root: Path = ROOT) -> list[Path]:
    """The pages of the table of contents that myst-nb executes: MyST notebooks.

    Pages matching the ``exclude_patterns`` of ``execute:`` (the labs) are left
    out, as the build leaves them out.
    """
    from fnmatch import fnmatch

    from myst_nb.core.read import is_myst_markdown_notebook

    excluded = config().get("exclude_patterns", [])
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = []
    for name in toc_files(toc):
        path = root / f"{name}.md"
        if not path.exists() or any(fnmatch(f"{name}.md", pattern) for pattern in excluded):
            continue
        if is_myst_markdown_notebook(path.read_text(encoding="utf-8")):
            pages.append(path)
    return pages


def read_notebook(path: Path):
    """The page as myst-nb reads it: the notebook whose code cells key the cache."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), MdParserConfig(),
                                       path=str(path))


def _execute(path: str, timeout: int, allow_errors: bool):
    """Run one page in a fresh kernel, in its own directory, as myst-nb does.

    The kernel talks over IPC sockets in a directory of its own, not over TCP ports:
    a kernel given a TCP port that another process (another page's kernel, or a test
    running beside the build) took in the meantime dies at start ("Address already
    in use"), a failure that has nothing to do with the page.
    """
    import tempfile

    from jupyter_cache.executors.utils import single_nb_execution
    from jupyter_client import KernelManager

    nb = read_notebook(Path(path))
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        km = KernelManager(kernel_name=kernel, transport="ipc", ip=str(Path(sockets) / "ipc"))
        result = single_nb_execution(nb, cwd=str(Path(path).parent), allow_errors=allow_errors,
                                     timeout=timeout, meta_override=True, km=km)
    error = None if result.err is None else (result.exc_string or repr(result.err))
    return path, nb, result.time, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="kernels run at once (default: the cores this process may use)")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    # nbformat (through jupyter-cache and myst-nb) imports jsonschema, which compiles
    # an optional grammar nothing here uses: about 3 s on every `make book`.
    from monoculture._lazy import defer_rfc3987_syntax

    defer_rfc3987_syntax()

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    settings = config()
    timeout = int(settings.get("timeout", 600))
    allow_errors = bool(settings.get("allow_errors", False))
    cache = get_cache(str(CACHE))
    todo = []
    for path in executable_pages():
        try:
            cache.match_cache_notebook(read_notebook(path))
        except KeyError:
            todo.append(path)
    if not todo:
        print("execute_pages: every page is in the cache; nothing to execute")
        return 0
    jobs = min(args.jobs, len(todo))
    print(f"execute_pages: executing {len(todo)} page(s), {jobs} at a time", flush=True)
    start, failed = time.monotonic(), []
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_execute, str(p), timeout, allow_errors) for p in todo]
        for future in as_completed(futures):
            path, nb, seconds, error = future.result()
            rel = Path(path).relative_to(ROOT)
            if error is not None:
                failed.append(str(rel))
                print(f"execute_pages: {rel} FAILED after {seconds:.1f} s\n{error}", file=sys.stderr,
                      flush=True)
                continue
            cache.cache_notebook_bundle(CacheBundleIn(nb, path, data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            with LOG.open("a", encoding="utf-8") as log:
                log.write(json.dumps({"doc": str(rel.with_suffix("")), "seconds": seconds,
                                      "method": "cache", "builder": "execute_pages",
                                      "outdir": str(CACHE),
                                      "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
                          + "\n")
            print(f"execute_pages: {rel} in {seconds:.1f} s", flush=True)
    print(f"execute_pages: done in {time.monotonic() - start:.1f} s", flush=True)
    if failed:
        print(f"execute_pages: {len(failed)} page(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
