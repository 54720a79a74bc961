"""monoculture defers rfc3987_syntax (slow to import) without changing what it checks."""

import json
import subprocess
import sys

import pytest

pytest.importorskip("rfc3987_syntax")

CHECK = """
import json, sys
{prelude}
import jsonschema
loaded_at_import = "lark" in sys.modules
fc = jsonschema.FormatChecker()
values = ["http://example.com/\\u00fc", "no scheme here", "http://[bad", "urn:isbn:0451450523",
          "https://a.b/c?d=e#f", ""]
print(json.dumps({"loaded_at_import": loaded_at_import,
                  "iri": [fc.conforms(v, "iri") for v in values]}))
"""


def _run(prelude: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHECK.replace("{prelude}", prelude)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_altair_import_skips_the_grammar_and_iri_checks_are_unchanged():
    plain = _run("")
    deferred = _run("import monoculture.figures")  # imports Altair, hence jsonschema
    assert plain["loaded_at_import"] is True  # what the deferral saves
    assert deferred["loaded_at_import"] is False
    assert deferred["iri"] == plain["iri"]


def test_deferral_is_idempotent_and_yields_the_real_module():
    code = ("import sys, monoculture._lazy as lz; lz.defer_rfc3987_syntax(); "
            "lz.defer_rfc3987_syntax(); import rfc3987_syntax.syntax_helpers as h; "
            "print(h.is_valid_syntax_iri('http://a.b/c'), "
            "hasattr(sys.modules['rfc3987_syntax'], 'syntax_helpers'))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    assert out == ["True", "True"]
