# Stretch Guide. On a fresh machine: `make site` builds site/, `make test` runs every check.
# Each target sets up its own virtual environment from the pinned requirements first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve lint clean

site: $(VENV)/.runtime
	$(BIN)/python -m generator build

check: $(VENV)/.runtime
	$(BIN)/python -m generator check

serve: $(VENV)/.runtime
	$(BIN)/python -m generator serve

test: $(VENV)/.dev lint
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

clean:
	rm -rf site .site.* $(VENV) .pytest_cache .mypy_cache .ruff_cache
