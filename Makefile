# Stretch Guide. On a fresh machine: `make site` builds site/, `make test` runs every check.
# Each target sets up its own virtual environment from the pinned requirements first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve lint clean bench-lighthouse browser-deps

site: $(VENV)/.runtime
	$(BIN)/python -m generator build

check: $(VENV)/.runtime
	$(BIN)/python -m generator check

serve: $(VENV)/.runtime
	$(BIN)/python -m generator serve

test: $(VENV)/.dev node_modules/.installed browser-deps lint
	$(BIN)/python -m pytest

bench-lighthouse: $(VENV)/.runtime node_modules/.installed browser-deps
	$(BIN)/python -m bench.lighthouse --build

lint: $(VENV)/.dev
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

# Debian's Chromium for the browser tests and Lighthouse (Playwright cannot download browsers
# here), installed only when missing. Node.js and npm come from Debian too when absent.
browser-deps:
	@test -x /usr/bin/chromium || { echo "installing chromium (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v npm >/dev/null || { echo "installing nodejs and npm (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }

node_modules/.installed: package.json package-lock.json
	$(MAKE) browser-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .site.* $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
