# Two commands do all set-up: `make` (install and build the default book) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all build test lint bench clean

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# DAISY Ace for the EPUB accessibility test (drives the system Chromium; the test skips without npm)
	if command -v npm >/dev/null 2>&1; then PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --prefix $(VENV)/ace \
	  --ignore-scripts --no-audit --no-fund @daisy/ace-cli@1.4.6; fi
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/publish build

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/build.py

clean:
	rm -rf build
