# Youth justice performance dashboard.
#
#   make run    install, load the sample data if the database is empty, create the demo
#               users (sample data only) and print their logins, serve on
#               http://127.0.0.1:8050 (PORT=... to change the port)
#   make test   install, make sure a Chromium is there, run the whole test suite
#
# Each target installs what it needs, so either works as the only command on a fresh clone.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON   ?= python3
VENV     ?= .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.requirements-installed
HOST     ?= 127.0.0.1
PORT     ?= 8050
# Workers and threads come from gunicorn.conf.py (sized from the CPUs); WORKERS=N overrides.
WORKERS  ?=
DATA_DIR ?= sample_data
# Debian's Chromium, used by Playwright when present (no browser download needed).
CHROMIUM ?= /usr/bin/chromium

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv install db run browser test test-unit test-integration test-browser bench clean distclean

help:
	@echo "make run        serve the dashboard on http://$(HOST):$(PORT) (PORT=... to override)"
	@echo "make test       run the whole test suite (unit, integration, browser)"
	@echo "make install    create $(VENV) and install requirements-dev.txt (alias: venv)"
	@echo "make db         load $(DATA_DIR) if the database is empty; demo users on the sample data"
	@echo "make bench      run scripts/benchmark.py"
	@echo "make clean      remove caches and test artifacts; distclean also removes $(VENV) and instance/"

venv install: $(STAMP)

# Re-installs only when a requirements file changes (or the venv is missing).
$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip check
	@touch $@

# Demo users (printed with their passwords) are made only when the database holds the
# bundled sample; on any other data `demo-users` says so and does nothing.
db: $(STAMP)
	$(PY) -m dashboard load $(DATA_DIR) --if-empty
	$(PY) -m dashboard demo-users

run: $(STAMP) db
	@echo "Serving on http://$(HOST):$(PORT) (sign in with a login above, or see README.md)"
	$(VENV)/bin/gunicorn -c gunicorn.conf.py -b $(HOST):$(PORT) $(if $(WORKERS),-w $(WORKERS)) app:server

# Playwright needs a Chromium: Debian's when installed, else Playwright's own download
# (the usual path on a developer laptop; it is a no-op when already downloaded).
# axe-core (npm registry) for the accessibility tests; reinstalled when package.json changes.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

browser: $(STAMP) $(AXE)
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "Using $(CHROMIUM) for browser tests"; \
	else \
		echo "$(CHROMIUM) not found: installing Playwright's Chromium"; \
		$(PY) -m playwright install chromium; \
	fi

test: $(STAMP) browser
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest -q tests

test-unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

test-integration: $(STAMP)
	$(PY) -m pytest -q tests/integration

test-browser: $(STAMP) browser
	CHROMIUM_PATH=$(CHROMIUM) $(PY) -m pytest -q tests/browser

bench: $(STAMP)
	@if [ -f scripts/benchmark.py ]; then \
		$(PY) scripts/benchmark.py; \
	else \
		echo "scripts/benchmark.py not found: nothing to benchmark"; \
	fi

clean:
	rm -rf test-artifacts test-results .pytest_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) instance
