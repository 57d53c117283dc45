# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := webapp

.PHONY: run test setup db lint format chromium clean

## run: set everything up (venv, packages, migrations, seed data) and serve on http://127.0.0.1:5000
run: db
	$(BIN)/flask run --debug --host $(HOST) --port $(PORT)

## test: set up, install Debian's Chromium when missing, lint, and run the whole suite
test: setup chromium lint
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

## db: apply migrations and load the catalog (safe to repeat)
db: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chromium for the browser tests..."; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
