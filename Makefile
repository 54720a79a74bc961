# Monoculture: build, test and measure the book.
#   make book   create .venv, install the pinned requirements, execute every page, build _build/html
#   make test   everything `make book` does, plus unit tests, strict nbval, the benchmark (rendered
#               on the status page), the browser and accessibility audit, the PDF edition and its
#               test, the built-site checks, the Binder launch test and the student edition
# Other targets: bench, pdf, launch, student, assignments, kit-test, notebooks, vendor, freeze, clean.
#
# How book, bench and the status page interact: `make book` renders whatever
# _build/bench.json holds (or says there is none). `make bench` measures (its own
# timed full build, then every page and lab) and re-renders the status page with
# an incremental build; `make test` measures the build it has just made
# (bench.py --no-build) and re-renders the status page the same way.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
SITE   := _build/html

# Kernels started by Jupyter Book, nbval and the benchmark use the venv's Python.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: book test unit nbval browser bench measure status pdf pdf-test site launch tex \
	notebooks vendor freeze clean venv chromium

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

book: $(STAMP)
	rm -rf _build/html _build/.doctrees _build/jupyter_execute _build/latex
	@start=$$(date +%s.%N); \
	$(BIN)/jupyter-book build . --all -W --keep-going && \
	echo "$$(date +%s.%N) $$start" | awk '{printf "%.1f\n", $$1 - $$2}' > _build/build_seconds.txt
	@echo
	@echo "The book is built. Open $(CURDIR)/$(SITE)/index.html in a browser."

test: unit kit-test nbval book measure status browser pdf pdf-test site launch student
	@echo "make test: unit tests, nbval, strict book build, budgets, browser and accessibility"
	@echo "audit, PDF edition, site checks, the Binder launch test and the student edition all passed."

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval notebooks -q -p no:cacheprovider \
		--nbval-sanitize-with tests/nbval-sanitize.cfg

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

chromium:
	@bash scripts/ensure_chromium.sh

# The browser gate includes the accessibility audit (axe-core, chart contrast in
# light and dark theme, keyboard sliders); screenshots go to artifacts/browser.
browser: node_modules/.installed chromium
	node scripts/browser_check.mjs --require-chart-labels --axe-fail-on=minor --summary-json=_build/browser.json $(SITE)

# Timed full build + measurements, then the status page is rendered from them.
bench: $(STAMP)
	@$(BIN)/python scripts/bench.py; rc=$$?; $(MAKE) --no-print-directory status; exit $$rc

# Measurements of the build already made (make test).
measure: $(STAMP)
	$(BIN)/python scripts/bench.py --no-build

# Re-render only the status page from _build/bench.json (incremental build).
status: $(STAMP)
	touch book/status.md
	$(BIN)/jupyter-book build . -W --keep-going -q

tex:
	@bash scripts/ensure_tex.sh

# One PDF of the whole book (LaTeX via xelatex). After `make book` the Sphinx
# environment is reused (no re-execution); on its own it executes every page.
pdf: $(STAMP) tex
	$(BIN)/jupyter-book build . --builder pdflatex -W --keep-going
	@test -f _build/latex/monoculture.pdf
	@if [ -d $(SITE) ]; then cp _build/latex/monoculture.pdf $(SITE)/monoculture.pdf; fi
	@echo "PDF: $(CURDIR)/_build/latex/monoculture.pdf"

pdf-test: $(STAMP)
	MONOCULTURE_PDF=1 $(BIN)/python -m pytest tests/test_pdf.py -q -p no:cacheprovider -s

site: $(STAMP)
	MONOCULTURE_SITE=1 MONOCULTURE_PDF=1 $(BIN)/python -m pytest tests/test_site.py -q -p no:cacheprovider

# Binder as repo2docker does it: a fresh venv from requirements.txt only
# (cached under _build/binder-venv-<hash>), executing every lab. The Colab
# setup-cell tests are fast and run in `make unit`.
launch: $(STAMP)
	MONOCULTURE_BINDER=1 $(BIN)/python -m pytest tests/test_launch.py -q -p no:cacheprovider -k binder

# The course kit (Otter-Grader): student notebooks, autograder zips and solutions
# of every source in assignments/, under _build/assignments/. kit-test builds it
# and grades reference, blank, one-wrong and failing submissions locally.
.PHONY: assignments kit-test
assignments: $(STAMP)
	$(BIN)/python scripts/build_assignments.py

kit-test: $(STAMP)
	MONOCULTURE_KIT=1 $(BIN)/python -m pytest tests/test_kit.py -q -p no:cacheprovider

notebooks: $(STAMP)
	$(BIN)/python scripts/execute_labs.py notebooks/*.ipynb

vendor: $(STAMP)
	$(BIN)/python scripts/vendor.py

freeze: $(STAMP)
	@{ echo "# Exact versions the book is built and tested with (Python 3.11)."; \
	   echo "# Binder (repo2docker) and \`make book\` install from this file; regenerate with \`make freeze\`."; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -v '^monoculture' | LC_ALL=C sort -f; \
	   echo "-e ."; } > requirements.txt.new && mv requirements.txt.new requirements.txt

clean:
	rm -rf _build node_modules $(VENV)

# The student edition: the book with every solution removed, built and checked
# (fails if any solution text reaches the HTML). Output: _build/student/html.
.PHONY: student
student: $(STAMP)
	$(BIN)/python scripts/build_student.py
