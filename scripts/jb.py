"""``jupyter-book``, with one slow optional import deferred (``make book`` runs this).

Every Jupyter Book build imports nbformat, which imports jsonschema, which
compiles a grammar for the optional package ``rfc3987_syntax`` (the JSON Schema
format "iri") at import: about 3 s of CPU per build, although no schema the book
validates uses that format. ``monoculture._lazy.defer_rfc3987_syntax`` (the same
deferral every chapter's kernel gets when it imports the package) loads it only
if something asks for it. Otherwise this is the ``jupyter-book`` command itself:
``python scripts/jb.py build . -W`` takes the same arguments.
"""

import sys

from monoculture._lazy import defer_rfc3987_syntax

defer_rfc3987_syntax()

from jupyter_book.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
