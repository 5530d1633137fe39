# SmartStep: `make run` starts the kiosk on the simulated step, `make test` runs
# every test. Both build .venv/ first; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run test test-random lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "SmartStep needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: venv
	$(BIN)/smartstep run --sim

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The UI tests need a display: scripts/with-display uses $$DISPLAY when there is
# one, else starts Xvfb (installing it with apt-get when missing and allowed).
# scripts/test-deps installs dbus-daemon and python3-dbusmock (udisks2 tests) the same way.
test: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	scripts/test-deps
	scripts/ensure-pdftoppm
	scripts/with-display $(BIN)/python -m pytest -q -p no:randomly

# The same suite in a random order (pytest-randomly prints its seed; rerun an order with
# PYTEST_ADDOPTS=--randomly-seed=N): finds tests that lean on each other. `make test`
# keeps one order: the UI tests share one running kiosk for speed.
test-random: venv
	scripts/test-deps
	scripts/ensure-pdftoppm
	scripts/with-display $(BIN)/python -m pytest -q -p randomly

bench: venv
	scripts/with-display $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
