# The two commands: `make build` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
SHARED ?= ../shared
CHECKS_HOME ?= /tmp/site-checks
export CHECKS_HOME
SITE ?= .
PORT ?= 8000
BASE_URL ?=
FORMAT ?=
STRICT ?=
BUILD_ARGS := $(if $(BASE_URL),--base-url $(BASE_URL),) $(if $(FORMAT),--format $(FORMAT),) $(if $(STRICT),--strict,)

.PHONY: build test test-fast serve watch clean eval-import eval-related bench checkers docs golden fuzz help

help:
	@echo "make build        set up .venv (runtime dependencies only), import seeds/, build output/"
	@echo "make test         add the test tools and the checkers to .venv, run the whole test suite"
	@echo "make test-fast    the suite without the end-to-end tests"
	@echo "make serve        build, watch and serve with live reload on 127.0.0.1:$(PORT)"
	@echo "make watch        rebuild on every change"
	@echo "make eval-import  measure the importer on ../shared/data, ../shared/data-modern and tests/wire-modern"
	@echo "make eval-related measure related stories on ../shared/data (share of related pairs sharing a gold label)"
	@echo "make bench        peer benchmark (Hugo, Jekyll, Pelican) with our builder"
	@echo "make fuzz         fuzz the importer and front-matter reader (FUZZ_SECONDS each, default 60)"
	@echo "make golden       re-record the golden-file sites after an intended output change (review the diff)"
	@echo "make docs         regenerate the configuration reference in README.md"
	@echo "make clean        remove output/, .cache/ and .venv/"

# The tool and its runtime dependencies only (make build, serve, watch).
$(RUNTIME): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	# Bytecode now, as pip does for a regular install: an editable install has none, and with
	# PYTHONDONTWRITEBYTECODE set every run would compile the package again (~0.25 s a build).
	$(BIN)/python -m compileall -q site_builder
	touch $@

# Plus the test tools (pytest, playwright, the workflow linters...): make test and the other targets.
$(STAMP): $(RUNTIME) requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	touch $@

build: $(RUNTIME)
	$(BIN)/site-builder build --site $(SITE) $(BUILD_ARGS)

# Real feed readers, vnu and Chromium for the end-to-end tests (Debian packages, npm, PyPI).
checkers:
	@if [ -x $(SHARED)/checks/setup.sh ] || [ -f $(SHARED)/checks/setup.sh ]; then \
	  bash $(SHARED)/checks/setup.sh; \
	else echo "$(SHARED)/checks not found: end-to-end checks will be skipped"; fi
	@# axe-core (accessibility rules run in Chromium by tests/test_reader_browser.py), pinned, from npm.
	test -f $(VENV)/npm/node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund --prefix $(VENV)/npm axe-core@4.14.1

test: $(STAMP) checkers
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not e2e"

serve: $(RUNTIME)
	$(BIN)/site-builder serve --site $(SITE) --port $(PORT)

watch: $(RUNTIME)
	$(BIN)/site-builder watch --site $(SITE)

fuzz: $(STAMP)
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} $(BIN)/python -m pytest -q -s -m e2e tests/test_fuzz.py

golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

docs: $(STAMP)
	$(BIN)/python tools/update_docs.py

eval-import: $(STAMP)
	$(BIN)/python tools/eval_import.py --data $(SHARED)/data

eval-related: $(STAMP)
	$(BIN)/python tools/eval_related.py

bench: $(STAMP)
	bash tools/bench.sh

clean:
	rm -rf output .cache $(VENV) .output.*
