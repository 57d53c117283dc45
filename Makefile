# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := webapp

.PHONY: run test test-postgres setup setup-test setup-postgres db lint format chromium vendor \
	clean bench bench-api bench-weight bench-lighthouse bench-drift bench-history \
	bench-reminders

## run: set everything up (venv, packages, migrations, seed data) and serve on http://127.0.0.1:5000
run: db
	@[ -n "$$MAIL_SERVER" ] || echo "No MAIL_SERVER is set: password-reset and confirmation emails are written to this log, not sent."
	$(BIN)/flask run --debug --host $(HOST) --port $(PORT)

## test: set up, install Debian's Chromium when missing, lint, and run the whole suite
test: setup-test chromium lint
	$(BIN)/python -m pytest

## test-postgres: the same suite against a throwaway PostgreSQL cluster (Debian's, installed if missing)
test-postgres: setup-postgres chromium lint
	tools/with-postgres.sh $(BIN)/python -m pytest

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test
setup-postgres: $(VENV)/.installed-postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: on Debian or Ubuntu run 'apt-get install python3-venv' (Python 3.11 or newer is needed)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

$(VENV)/.installed-postgres: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,postgres]'
	touch $@

## db: apply migrations and load the catalog (safe to repeat)
db: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chromium for the browser tests..."; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@chromium --version
	@command -v node >/dev/null 2>&1 || { \
	  echo "Installing Node.js for the JavaScript unit tests..."; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; }

## vendor: refresh the self-hosted browser libraries from the npm registry (versions pinned in package.json)
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p webapp/static/vendor/uplot
	cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css \
	  node_modules/uplot/LICENSE webapp/static/vendor/uplot/

## bench: every benchmark of bench/ (not part of `make test`); ARGS="..." is passed to each script
bench: bench-api bench-weight bench-lighthouse bench-drift bench-history bench-reminders

bench-api: setup
	$(BIN)/python -m bench.api_load $(ARGS)

bench-weight: setup-test chromium
	$(BIN)/python -m bench.page_weight $(ARGS)

bench-lighthouse: setup chromium bench/node_modules/.installed
	$(BIN)/python -m bench.lighthouse $(ARGS)

bench-drift: setup-test chromium
	$(BIN)/python -m bench.timer_drift $(ARGS)

bench-history: setup-test chromium
	$(BIN)/python -m bench.history $(ARGS)

bench-reminders: setup-test
	$(BIN)/python -m bench.reminders $(ARGS)

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing npm for Lighthouse..."; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	cd bench && npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info bench/node_modules
