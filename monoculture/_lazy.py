"""Defer the import of ``rfc3987_syntax``, an optional dependency that is slow to import.

Altair validates charts with ``jsonschema``, and ``jsonschema`` imports
``rfc3987_syntax`` when it is installed, to check the JSON Schema format "iri".
That import compiles a grammar (with ``lark``) and takes seconds, in every
kernel that draws a chart, although no chart schema uses the "iri" format.
:func:`defer_rfc3987_syntax` puts a stand-in module in its place whose functions
import the real module on first use, so the check still works exactly as before
if anything ever asks for it; it only stops costing time when nothing does.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

_NAME = "rfc3987_syntax"


def defer_rfc3987_syntax() -> None:
    """Install the deferred ``rfc3987_syntax`` unless it is imported or absent.

    Idempotent; does nothing when the module is already imported (then there is
    nothing left to save) or not installed (then ``jsonschema`` skips it anyway).
    """
    if _NAME in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(_NAME)
    except (ImportError, ValueError):
        return
    if spec is None:
        return
    stub = types.ModuleType(_NAME, "Stand-in that imports rfc3987_syntax on first use.")

    def _real() -> types.ModuleType:
        if sys.modules.get(_NAME) is stub:
            del sys.modules[_NAME]
        return importlib.import_module(_NAME)

    def is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
        return _real().is_valid_syntax(*args, **kwargs)

    def __getattr__(attr: str) -> Any:  # anything else: load the real module now
        if attr.startswith("__") and attr.endswith("__"):  # import machinery probing
            raise AttributeError(attr)
        return getattr(_real(), attr)

    stub.__spec__ = spec
    stub.__file__ = spec.origin
    if spec.submodule_search_locations is not None:
        stub.__path__ = list(spec.submodule_search_locations)
    stub.is_valid_syntax = is_valid_syntax  # what jsonschema imports by name
    stub.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[_NAME] = stub
