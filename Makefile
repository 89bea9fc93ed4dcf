# Stretch Guide. On a fresh machine: `make site` builds site/, `make test` runs every check.
# Each target sets up its own virtual environment from the pinned requirements first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: site site-properdocs test check serve lint fuzz clean bench bench-lighthouse site-deps test-deps npm-deps

# Debian packages, installed only when missing. The site needs Pango (WeasyPrint's text layout)
# and fonts for the PDF cheat sheets; the tests drive Debian's Chromium (Playwright cannot
# download browsers here) and read PDFs back with poppler and zbar.
# CHROMIUM may name another Chromium-based browser (GitHub's runners ship Google Chrome).
SITE_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
TEST_DEBS := poppler-utils zbar-tools
export CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell test "$$(id -u)" = 0 || echo sudo)
define apt_ensure
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing$$missing (apt-get)"; $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
endef

site: $(VENV)/.runtime site-deps
	$(BIN)/python -m generator build

# The same strict build with ProperDocs, the maintained fork of MkDocs 1.6 (generator/engines.py).
site-properdocs: $(VENV)/.runtime site-deps
	$(BIN)/python -m generator build --engine properdocs

# Pango and the sheets' font too: `check` lays out the cheat sheets its estimate cannot settle,
# and must lay them out as the build does.
check: $(VENV)/.runtime site-deps
	$(BIN)/python -m generator check

serve: $(VENV)/.runtime site-deps
	$(BIN)/python -m generator serve

test: $(VENV)/.dev node_modules/.installed site-deps test-deps lint
	$(BIN)/python -m pytest

# Scale benchmark: N = 100, 1,000 and 5,000 synthetic exercises, Lighthouse at 1,000, and the
# preview's edit loop (about 25 minutes on 2 cores).
bench: $(VENV)/.runtime site-deps node_modules/.installed test-deps
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.edit_loop --n 1000

bench-lighthouse: $(VENV)/.runtime node_modules/.installed site-deps test-deps
	$(BIN)/python -m bench.lighthouse --build

# Long property-based run of the loader and the escaper (a few minutes); `make test` runs a short one.
fuzz: $(VENV)/.dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

lint: $(VENV)/.dev
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/zizmor --offline --quiet .github/workflows

$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

site-deps:
	$(call apt_ensure,$(SITE_DEBS))

test-deps:
	$(call apt_ensure,$(TEST_DEBS) $(if $(wildcard $(CHROMIUM)),,chromium))
	@command -v npm >/dev/null || $(MAKE) --no-print-directory npm-deps

npm-deps:
	$(call apt_ensure,nodejs npm)

node_modules/.installed: package.json package-lock.json
	$(MAKE) test-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .site.* $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
