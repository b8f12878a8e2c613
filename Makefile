# qikit: the two commands a newcomer needs, and a few for maintainers.
#
#   make app    install (first run only), then serve curriculum/ as Voila web apps
#               on http://127.0.0.1:8866 (Ctrl-C stops it; HOST= and PORT= change it)
#   make test   install (first run only), then run the whole test suite: pytest with
#               doctests over qikit/ and tests/, and every notebook in curriculum/ (nbval)
#   make lock   regenerate requirements/constraints.txt from a fresh environment
#
# Installing is idempotent: a stamp file in .venv records the last install and is redone
# only when pyproject.toml or the lock file changes. `make app` and `make test` also
# build the pages' script with npm, and `make test` installs Debian's chromium for the
# browser tests: Debian's npm and chromium are installed when missing, as root.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8866
PYTEST_ARGS ?=
BENCH_ARGS ?=
CHROMIUM ?= /usr/bin/chromium

LOCK := requirements/constraints.txt
VENV_PY := $(VENV)/bin/python
STAMP := $(VENV)/.qikit-install.stamp
PIP := $(VENV_PY) -m pip --disable-pip-version-check --no-input
AXE := node_modules/axe-core/axe.min.js
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300
IS_ROOT = [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1

.PHONY: help install app bench-apps test test-fast lock lint format system-deps npm-dep \
  frontend clean

help:
	@echo "make app     serve the curriculum on http://$(HOST):$(PORT) (installs first if needed)"
	@echo "make app HOST=0.0.0.0  the same for learners on this network (no password)"
	@echo "make test    lint, then every test and notebook (installs first if needed)"
	@echo "make test-fast  lint, then the tests not marked slow or browser (a few minutes)"
	@echo "make bench-apps  time the web apps in Chromium (bench/results/apps.json)"
	@echo "make lock    refresh $(LOCK) (the pinned, tested dependency set)"
	@echo "make lint    ruff check and ruff format --check (what make test runs first)"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make clean   remove $(VENV), node_modules/ and the built page script"

# --- Python environment -----------------------------------------------------------------

$(VENV_PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "make: qikit needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) -V 2>&1)." \
	       "Run e.g. 'make PYTHON=python3.11 test'."; exit 1; }
	@if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	  if $(IS_ROOT); then \
	    echo "make: installing Debian's python3-venv (Python's venv module is incomplete)"; \
	    $(APT_GET) update && $(APT_GET) install python3-venv; \
	  else \
	    echo "make: Python's venv module is incomplete; run 'sudo apt-get install python3-venv'."; \
	    exit 1; \
	  fi; \
	fi
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml $(LOCK) | $(VENV_PY)
	@echo "make: installing qikit and its pinned dependencies into $(VENV)"
	$(PIP) install --quiet --progress-bar off -c $(LOCK) -e ".[test]"
	$(PIP) check
	@touch $@

install: $(STAMP)

# --- System packages -------------------------------------------------------------------

# npm (Debian's), to build the pages' script and, for the browser tests, axe-core;
# Debian's chromium for the browser tests (Playwright cannot download its own browsers
# here). Installed only when missing, and only as root; otherwise make says what to run.
npm-dep:
	@if command -v npm >/dev/null 2>&1; then exit 0; fi; \
	if $(IS_ROOT); then \
	  echo "make: installing Debian's npm (to build qikit's page script)"; \
	  $(APT_GET) update && $(APT_GET) install --no-install-recommends npm; \
	else \
	  echo "make: qikit's web pages need npm once, to build their script." \
	       "Only root can install it: run 'sudo apt-get install npm', then make again."; \
	  exit 1; \
	fi

system-deps: npm-dep
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if $(IS_ROOT); then \
	  echo "make: installing Debian's chromium for the browser tests"; \
	  $(APT_GET) update && $(APT_GET) install chromium; \
	else \
	  echo "make: chromium is missing for the browser tests. Only root can install it" \
	       "('sudo apt-get install chromium'); the browser tests will be skipped."; \
	fi

# --- The pages' script ------------------------------------------------------------------

# qikit's notebook pages load one script, qikit-widgets.js (with its stylesheet), which
# connects a page to its kernel and shows its widgets. It is built from
# share/jupyter/voila/src with esbuild, from the packages pinned in package-lock.json
# (`npm ci`, which also brings axe-core for the browser tests), and never committed.
NODE_STAMP := node_modules/.qikit-npm.stamp
FRONTEND_SRC := $(wildcard share/jupyter/voila/src/*)
FRONTEND := share/jupyter/voila/templates/qikit/static/qikit-widgets.js

$(NODE_STAMP): package.json package-lock.json | npm-dep
	@echo "make: installing the pages' JavaScript packages from package-lock.json (npm ci)"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(AXE): $(NODE_STAMP)
	@test -f $@

$(FRONTEND): $(NODE_STAMP) $(FRONTEND_SRC)
	node_modules/.bin/esbuild share/jupyter/voila/src/qikit-widgets.js --bundle --minify \
	  --format=iife --target=es2020 --log-level=warning --outfile=$@

frontend: $(FRONTEND)

# --- What people run --------------------------------------------------------------------

# Voila finds qikit's page template on JUPYTER_PATH (share/jupyter; Jupyter's own data
# folder first, for Voila's themes) and the landing page's hook on JUPYTER_CONFIG_PATH
# (etc/jupyter); every other setting is in curriculum/voila.json. tests/voila/server.py
# starts the test server the same way.
VOILA_ENV = JUPYTER_PATH="$(abspath $(VENV))/share/jupyter:$(CURDIR)/share/jupyter" \
	JUPYTER_CONFIG_PATH="$(CURDIR)/etc/jupyter"

# HOST=0.0.0.0 serves every address of this computer, so learners on the room's
# network can open http://<this computer's address>:$(PORT)/. Anyone who can reach the
# port, with no password, can then open every notebook in curriculum/ as a running app
# (each visit starts a kernel: Python running as you, executing that notebook, whose
# widgets call back into it; Voila refuses any other code sent to it), read the
# notebooks' source, and use the cohort store through the apps. No shell, no file
# browser, no Jupyter server API beyond Voila's. Use a trusted network (see the README).
app: $(STAMP) $(FRONTEND)
	@if [ "$(HOST)" != "127.0.0.1" ] && [ "$(HOST)" != "localhost" ]; then \
	  echo "make: serving on $(HOST): anyone who can reach port $(PORT) of this" \
	       "computer can open every page (no password). Use a trusted network."; \
	fi
	@echo "make: serving curriculum/ on http://$(HOST):$(PORT)/ (the list of pages)." \
	      "Ctrl-C stops it."
	cd curriculum && $(VOILA_ENV) exec "$(abspath $(VENV))/bin/voila" --no-browser \
	  --Voila.ip=$(HOST) --port=$(PORT)

# Time the apps in Chromium (first render cold and preheated, update latency, kernel
# memory); prints a table and writes bench/results/apps.json. Not a test.
bench-apps: $(STAMP) system-deps $(FRONTEND)
	QIKIT_CHROMIUM="$(CHROMIUM)" $(VENV_PY) bench/bench_apps.py $(BENCH_ARGS)

LINT_PATHS := qikit tests bench datasets etc curriculum/build_glossary.py \
  curriculum/build_guide.py curriculum/build_handouts.py

test: lint system-deps $(AXE) $(FRONTEND)
	QIKIT_CHROMIUM="$(CHROMIUM)" QIKIT_AXE="$(abspath $(AXE))" MPLBACKEND=Agg \
	  $(VENV_PY) -m pytest --nbval --nbval-current-env $(PYTEST_ARGS)

test-fast: lint
	MPLBACKEND=Agg $(VENV_PY) -m pytest --nbval --nbval-current-env \
	  -m "not slow and not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

format: $(STAMP)
	$(VENV)/bin/ruff format $(LINT_PATHS)
	$(VENV)/bin/ruff check --fix $(LINT_PATHS)

# Resolve pyproject.toml afresh (newest releases within its bounds) in a throw-away
# environment and write what was installed, without qikit itself, to the lock file.
lock:
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	echo "make: resolving pyproject.toml in a fresh environment"; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip --disable-pip-version-check --no-input \
	  install --quiet --progress-bar off -e ".[test]"; \
	{ echo "# Tested dependency set for qikit: the runtime dependencies and the [test] extra,"; \
	  echo "# as \`pip freeze\` of a fresh virtual environment (qikit itself excluded)."; \
	  echo "# Do not edit by hand: \`make lock\` regenerates this file; commit it with pyproject.toml."; \
	  echo "# Used as pip constraints by \`make app\` and \`make test\`:"; \
	  echo "#   pip install -c requirements/constraints.txt -e \".[test]\""; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -iv '^qikit='; \
	} > "$(LOCK).tmp"; \
	if cmp -s "$(LOCK).tmp" "$(LOCK)"; then \
	  rm "$(LOCK).tmp"; echo "make: $(LOCK) is already up to date"; \
	else \
	  mv "$(LOCK).tmp" "$(LOCK)"; \
	  echo "make: wrote $(LOCK); run 'make test' to install and test it"; \
	fi

clean:
	rm -rf $(VENV) node_modules $(FRONTEND) $(FRONTEND:.js=.css)

# --- Printed material (written to build/, never committed) ------------------------------

.PHONY: handouts guide

# Each module executed and written as one self-contained HTML page with the code hidden,
# for rooms without screens, with the glossary and an index page:
# build/handouts/index.html. HANDOUTS="06_run_charts 07_variation_by_experiment" builds
# only those.
HANDOUTS ?=
handouts: $(STAMP)
	$(VENV_PY) curriculum/build_handouts.py $(HANDOUTS)

# The learner's guide, ready to print: the browser tests take its screenshots
# (tests/voila/test_guide_screenshots.py), then build/learners-guide/index.html is
# written with them embedded. A picture that could not be taken is left out and named.
guide: $(STAMP) system-deps $(FRONTEND)
	@status=0; \
	QIKIT_CHROMIUM="$(CHROMIUM)" MPLBACKEND=Agg $(VENV_PY) -m pytest -q \
	  tests/voila/test_guide_screenshots.py || status=$$?; \
	$(VENV_PY) curriculum/build_guide.py; \
	if [ "$$status" -ne 0 ]; then \
	  echo "make: some screenshots could not be taken (see above);" \
	       "the guide was built without them."; \
	fi; \
	exit "$$status"
