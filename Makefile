# Monoculture: build, test and measure the book.
#   make book   create .venv, install the pinned requirements, execute every page, build _build/html
#   make test   everything `make book` does, plus unit tests, strict nbval and the browser check
# Other targets: bench, notebooks, vendor, freeze, clean.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
SITE   := _build/html

# Kernels started by Jupyter Book, nbval and the benchmark use the venv's Python.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: book test unit nbval browser bench notebooks vendor freeze clean venv chromium

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

book: $(STAMP)
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	$(BIN)/jupyter-book build . --all -W --keep-going
	@echo
	@echo "The book is built. Open $(CURDIR)/$(SITE)/index.html in a browser."

test: unit nbval book browser
	@echo "make test: unit tests, nbval, strict book build and browser check all passed."

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

browser: node_modules/.installed chromium
	node scripts/browser_check.mjs --require-chart-labels $(SITE)

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

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
