# SmartStep: `make run` starts the kiosk on the simulated step, `make test` runs
# every test. Both build .venv/ first; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COMPILED := $(VENV)/.compiled

.PHONY: venv run check test test-random lint bench clean rehearse-pi

venv: $(COMPILED)

# pip installs the package as plain Python (SMARTSTEP_PURE_PYTHON: no compiling in pip's
# own build environment); the rule below compiles the analysis once, in place.
$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "SmartStep needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	SMARTSTEP_PURE_PYTHON=1 $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The analysis compiled with mypyc (setup.py), again whenever its sources change. A
# build that is missing or older than its sources is never used: they run instead.
$(COMPILED): $(STAMP) $(wildcard kiosk/analysis/*.py)
	$(BIN)/python setup.py --quiet build_ext --inplace
	$(BIN)/python -c 'import kiosk.analysis as a; print("analysis:", a.BUILD.value)'
	touch $(COMPILED)

run: venv
	$(BIN)/smartstep run --sim

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Tests in parallel: pytest-xdist, a worker per core. A module's tests stay on one worker
# (loadscope: a module's costly fixture is made once); modules with slow tests start first
# (tests/conftest.py; no reordering by size). Tests marked `serial` never run in parallel:
# the UI tests on the one kiosk window of a process (tests/ui/conftest.py marks them),
# anything else needing a resource of its own.
PARALLEL := -n auto --dist loadscope --no-loadscope-reorder

# For every edit: lint and the tests that need no window (`ui`: a kiosk window, in this
# process or a child), in parallel (see README.md).
check: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	scripts/test-deps
	scripts/ensure-pdftoppm
	scripts/with-display $(BIN)/python -m pytest -q -p no:randomly $(PARALLEL) -m "not ui and not serial"

# The UI tests need a display: scripts/with-display uses $$DISPLAY when there is
# one, else starts Xvfb (installing it with apt-get when missing and allowed).
# scripts/test-deps installs dbus-daemon and python3-dbusmock (udisks2 tests) the same way.
# Every test: all but the serial ones in parallel (the `ui` ones that start the kiosk as a
# process of their own too), then the serial ones in one process, in their fixed order.
test: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	scripts/test-deps
	scripts/ensure-pdftoppm
	scripts/with-display $(BIN)/python -m pytest -q -p no:randomly $(PARALLEL) -m "not serial"
	scripts/with-display $(BIN)/python -m pytest -q -p no:randomly -m serial

# The same suite in a random order: finds tests that lean on each other. It prints its
# seed, the same for both runs (-q hides pytest-randomly's own line); rerun an order with
# `make test-random SEED=N`. `make test` keeps one order: the UI tests share one kiosk.
test-random: venv
	scripts/test-deps
	scripts/ensure-pdftoppm
	@seed=$${SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; echo "random order: SEED=$$seed"; \
	scripts/with-display $(BIN)/python -m pytest -q -p randomly --randomly-seed=$$seed $(PARALLEL) -m "not serial" && \
	scripts/with-display $(BIN)/python -m pytest -q -p randomly --randomly-seed=$$seed -m serial

bench: venv
	scripts/with-display $(BIN)/python -m bench

# The Raspberry Pi install rehearsed on an arm64 Debian Bookworm root under qemu-user
# (scripts/rehearse-pi; root, 20-40 min, not part of `make test`). Host side: Python's
# standard library and Debian's tools, so no venv is needed.
rehearse-pi:
	scripts/rehearse-pi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build kiosk/analysis/*.so kiosk/analysis/_compiled.json
