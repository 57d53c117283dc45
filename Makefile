# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := webapp

.PHONY: run test test-postgres setup setup-test setup-postgres db lint format chromium vendor \
	translations-extract translations-update translations-compile translations-init \
	clean bench bench-api bench-weight bench-lighthouse bench-drift bench-history \
	bench-reminders bench-profile-post bench-growth bench-growth-postgres

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
bench: bench-api bench-weight bench-lighthouse bench-drift bench-history bench-reminders \
	bench-profile-post bench-growth

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

bench-profile-post: setup-test
	$(BIN)/python -m bench.profile_post $(ARGS)

## bench-growth: many people with a year of sessions each (SQLite; --people N to size it)
bench-growth: setup-test
	$(BIN)/python -m bench.growth $(ARGS)

## bench-growth-postgres: the same on a throwaway PostgreSQL (default 10,000 people, 3.65 M rows)
bench-growth-postgres: setup-postgres
	tools/with-postgres.sh sh -c '$(BIN)/python -m bench.growth --database-url "$$DATABASE_URL" $(ARGS)'

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing npm for Lighthouse..."; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	cd bench && npm ci --no-audit --no-fund
	touch $@

## translations-extract: collect every interface string into webapp/translations/messages.pot
POT := webapp/translations/messages.pot
translations-extract: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output \
	  --project Backpoint --omit-header -o $(POT) .

## translations-update: merge the template into every language's messages.po (new strings untranslated)
translations-update: translations-extract
	$(BIN)/pybabel -q update -i $(POT) -d webapp/translations --no-fuzzy-matching --ignore-obsolete --width 100

## translations-compile: build the messages.mo the app reads (they are committed; a test checks they match)
translations-compile: setup
	$(BIN)/pybabel compile --statistics -d webapp/translations

## translations-init: start a new language, e.g. make translations-init LANG_CODE=fr
translations-init: translations-extract
	$(BIN)/pybabel init -i $(POT) -d webapp/translations -l $(LANG_CODE)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info bench/node_modules
