"""One version everywhere (issue 16): the package, the changelog, the citation, the labs.

The version is written once, in ``monoculture/_version.py``. Everything else
that names it (the built wheel through ``pyproject.toml``, ``CHANGELOG.md``,
``CITATION.cff``, the tag each lab's setup cell installs, the site's footer)
is checked here against that one value, and the places that repeat the
repository URL of ``_config.yml`` are checked against it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

import monoculture
from monoculture._version import __version__

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text())
CHANGELOG = (ROOT / "CHANGELOG.md").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _ext():
    spec = importlib.util.spec_from_file_location("edition", ROOT / "_ext" / "edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _releases() -> list[tuple[str, str]]:
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", CHANGELOG, flags=re.M)


def test_the_version_is_a_release_number():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    assert monoculture.__version__ == __version__


def test_pyproject_reads_the_version_from_the_package():
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    attr = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    module, _, name = attr.rpartition(".")
    assert getattr(importlib.import_module(module), name) == __version__


def test_changelog_keeps_a_changelog_and_its_latest_release_is_the_version():
    assert CHANGELOG.startswith("# Changelog")
    assert "## [Unreleased]" in CHANGELOG
    releases = _releases()
    assert releases, "no release section"
    assert releases[0][0] == __version__
    dates = [dt.date.fromisoformat(d) for _, d in releases]
    assert dates == sorted(dates, reverse=True)
    for version, _ in releases:
        link = re.search(rf"^\[{re.escape(version)}\]: (\S+)$", CHANGELOG, flags=re.M)
        assert link and link.group(1) == f"{REPO_URL}/releases/tag/v{version}"


def test_citation_names_the_version_the_repository_and_the_book():
    assert CITATION["version"] == __version__
    assert str(CITATION["date-released"]) == _releases()[0][1]
    assert CITATION["repository-code"].rstrip("/") == REPO_URL
    assert CITATION["url"] == CONFIG["html"]["baseurl"]
    book = CITATION["preferred-citation"]
    assert book["type"] == "book"
    assert book["version"] == __version__
    assert book["title"] == CITATION["title"]
    assert book["url"] == CONFIG["html"]["baseurl"]
    assert str(book["date-released"]) == str(CITATION["date-released"])
    assert book["authors"] and all(a.get("name") or a.get("family-names") for a in book["authors"])


def test_pyproject_urls_mirror_the_configured_repository():
    urls = PYPROJECT["project"]["urls"]
    assert urls["Source"].rstrip("/") == REPO_URL
    assert urls["Changelog"].startswith(REPO_URL + "/")


def test_site_is_published_at_the_repositorys_pages_address():
    owner, name = REPO_URL.split("github.com/")[1].split("/")
    assert CONFIG["html"]["baseurl"] == f"https://{owner}.github.io/{name}/"
    assert CONFIG["html"]["use_edit_page_button"] is True
    assert CONFIG["repository"]["branch"] == "main"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_setup_cell_installs_this_release_by_tag(lab):
    cells = [c for c in json.loads(lab.read_text())["cells"] if c["cell_type"] == "code"]
    setup = "".join(cells[0]["source"])
    pins = re.findall(r"git\+(\S+?)[\"'\s]", setup)
    assert pins == [f"{REPO_URL}@v{__version__}"], f"{lab.name}: the setup cell must install v{__version__}: {pins}"
    assert "@main" not in setup


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_how_to_run_matches_the_ways_to_run(lab):
    header = "".join(json.loads(lab.read_text())["cells"][0]["source"])
    how = header[header.index("**How to run.**"):]
    assert "make lab" in how
    assert "binder/requirements.txt" in how and "jupyter lab" in how
    assert "make book` once" not in how


def test_footer_names_the_version_and_the_build_date():
    edition = _ext()
    html = edition.footer_html("1.2.3", dt.date(2026, 1, 31))
    assert "Version 1.2.3" in html and "2026-01-31" in html
    assert edition.build_date({"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)
    assert edition.build_date({}) == dt.datetime.now(dt.timezone.utc).date()


def test_pdf_link_is_shown_only_when_the_pdf_is_there(tmp_path):
    edition = _ext()
    page = tmp_path / "book" / "index.html"
    page.parent.mkdir()
    page.write_text('<main><p class="pdf-edition" hidden>Get <a href="../monoculture.pdf">the PDF</a></p></main>')
    assert edition.show_pdf_link(tmp_path) is False
    assert ' hidden>' in page.read_text()
    (tmp_path / "monoculture.pdf").write_bytes(b"%PDF-1.5 " + b"0" * 20_000)
    assert edition.show_pdf_link(tmp_path) is True
    assert ' hidden' not in page.read_text() and 'class="pdf-edition"' in page.read_text()
    (tmp_path / "monoculture.pdf").unlink()
    assert edition.show_pdf_link(tmp_path) is False
    assert '<p class="pdf-edition" hidden>' in page.read_text()


def test_home_page_source_marks_the_pdf_paragraph():
    index = (ROOT / "book" / "index.md").read_text()
    assert re.search(r'<p class="pdf-edition" hidden>.*href="\.\./monoculture\.pdf"', index, flags=re.S)


def test_student_edition_page_says_what_make_test_does():
    page = (ROOT / "book" / "instructor" / "student-edition.md").read_text()
    from scripts import run_test

    assert "student" in run_test.steps()
    assert "`make test` runs `make student`" in " ".join(page.split())
    assert "not part\nof `make test`" not in page and "not part of `make test`" not in " ".join(page.split())


def test_citation_file_is_valid_cff_1_2_0():
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json").read_text())
    assert CITATION["cff-version"] == "1.2.0"

    def plain(value):  # YAML reads dates as dates; the schema wants strings
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(plain(CITATION))]
    assert errors == []
