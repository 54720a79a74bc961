"""The package's shape: chapter modules are leaves, no private names cross modules,
every third-party import is declared."""

from __future__ import annotations

import ast
import sys
import tomllib

import pytest

from conftest import ROOT

PACKAGE = ROOT / "monoculture"
CHAPTER_MODULES = {"voices", "collapse", "hivemind", "culture", "hyperinflation", "remedies"}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)


def _imports(path):
    """(module, names) of every ``from ... import`` and ``import`` in a file."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.level, node.module or "", [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield 0, alias.name, []


def _internal_target(path, level, module):
    """The ``monoculture`` submodule an import refers to, or None if it is external."""
    if level == 0:
        return module.split(".")[1] if module.startswith("monoculture.") else None
    package = list(path.relative_to(PACKAGE).parent.parts)
    parts = package[: len(package) - (level - 1)] + module.split(".")
    return parts[0]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_chapter_module_or_private_names(path):
    for level, module, names in _imports(path):
        if level and not module:  # from . import a, b: the names are the modules
            targets, names = names, []
        else:
            targets = [_internal_target(path, level, module)]
        for target in filter(None, targets):
            assert target not in CHAPTER_MODULES, f"{path.name} imports chapter module {target}"
            private = [n for n in names if n.startswith("_") and not target.startswith("_")]
            assert not private, f"{path.name} imports private names {private} from {target}"


def test_every_third_party_import_is_declared():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower() for d in declared}
    distribution = {"sklearn": "scikit-learn", "vl_convert": "vl-convert-python"}
    for path in MODULES:
        for level, module, _ in _imports(path):
            top = module.split(".")[0]
            if level or not top or top == "monoculture" or top in sys.stdlib_module_names:
                continue
            assert distribution.get(top, top).lower() in names, f"{path.name}: {top} undeclared"
