# NoFOMO: every target sets up .venv on first use, so `make run` and `make test`
# are the only commands a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/nofomo up

# Debian packages the suite drives for real: Chromium (browser tests), bubblewrap (sandbox).
TEST_PACKAGES := chromium=chromium bwrap=bubblewrap

test: $(STAMP)
	@scripts/ensure-packages $(TEST_PACKAGES)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .nofomo .pytest_cache
