# Everything installs into .venv from pyproject.toml (pinned) and constraints.txt.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
HOST   ?= 127.0.0.1:8000
# The sources folder (its edition.yml holds the curation): `make serve SOURCES=my-texts`.
SOURCES ?= seeds

.PHONY: serve build test lint unit e2e bench bench-scale bench-search prepare browser clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# --dirty: a rebuild builds the pages an edit changed (all of them when the navigation changed).
serve: $(BIN)/.installed   ## build the edition from seeds/ (or SOURCES=folder) and serve it on 127.0.0.1:8000
	READER_SOURCES=$(SOURCES) $(BIN)/mkdocs serve --dirty --dev-addr $(HOST)

build: $(BIN)/.installed   ## build the static site into site/ (SOURCES=folder for other sources)
	READER_SOURCES=$(SOURCES) $(BIN)/mkdocs build --strict

prepare: $(BIN)/.installed ## run the preprocessor alone into out/
	$(BIN)/python -m build_tools prepare $(SOURCES) out

browser:                   ## Debian's Chromium, a CJK font and axe-core (npm) for the browser tests
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! command -v npm >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk \
	    $$(command -v npm >/dev/null || echo npm); \
	fi
	@[ -f tests/e2e/axe/node_modules/axe-core/axe.min.js ] || npm ci --prefix tests/e2e/axe --no-audit --no-fund --silent

lint: $(BIN)/.installed
	$(BIN)/ruff check build_tools tests
	$(BIN)/mypy

test: $(BIN)/.installed browser lint  ## ruff, mypy and the whole pytest suite (browser included)
	$(BIN)/pytest

bench: $(BIN)/.installed   ## timings of prepare and mkdocs build on the seeds
	$(BIN)/python -m tests.benchmarks.bench

bench-scale: $(BIN)/.installed  ## prepare and build at 250, 500, 1000 and 2000 generated documents (default and honest corpora), a 600,000-character book in four copies, `mkdocs serve --dirty` rebuilds and the whole publication at 2000
	$(BIN)/python -m tests.benchmarks.scale --corpus both
	$(BIN)/python -m tests.corpora.books.bench
	$(BIN)/python -m tests.benchmarks.serve --size 2000
	$(BIN)/python -m tests.benchmarks.publication --size 2000

bench-search: $(BIN)/.installed browser  ## the search against Material's in Chromium at 1000 and 2000 generated documents
	$(BIN)/python -m tests.benchmarks.search --sizes 1000,2000

clean:
	rm -rf site out .pytest_cache .mypy_cache .ruff_cache
