# Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   set up and open the demo desk
#   make test   set up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: the app alone (what `make demo` needs), and the app with the
# development tools (tests, linters, PyInstaller) for `make test`.
APP    := $(VENV)/.installed-app
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint check bench dist clean

$(APP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "checkin needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(APP)

$(STAMP): $(APP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(APP)
	$(BIN)/checkin demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# pytest exits 5 when it collects no test: a suite that tests nothing fails.
test: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status

# The quick loop while working: everything but the tests marked slow (the
# frozen-app build, the three-hub cluster and the soak).
test-fast: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow" $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status

bench: $(STAMP)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

# The one-folder desktop app (dist/checkin/checkin), then a smoke test of it.
dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
	$(BIN)/python tools/smoke_dist.py dist/checkin/checkin

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
