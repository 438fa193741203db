# statuskit: two commands matter, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per install level: `make run` needs statuskit and its four run-time packages only;
# `make test` adds the server extra and the test tools on top.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
NODE_DIR := .cache/node
TSC := $(NODE_DIR)/node_modules/.bin/tsc

.PHONY: run test unit lint typecheck bench browser tsc kdjs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python -m statuskit.tour

# Debian's Chromium drives the HTML page's end-to-end test (Playwright never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The TypeScript compiler checks generated TypeScript (needs Node.js 18+ and npm).
tsc: $(TSC)
$(TSC):
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix $(NODE_DIR) typescript@5; \
	else echo "npm not found: the TypeScript compile test will be skipped"; fi

# kdjs 1.0.9 (Kettu's client library) drives the kAPI server end to end. It is not on the npm
# registry and its code is not kept here: `make kdjs KDJS=DIR` installs a checkout of
# kettubot/kdjs at 1.0.9, unchanged, with its discord.js; the test does the same from
# $STATUSKIT_KDJS, and says why it is skipped without one.
kdjs:
	@if [ -z "$(KDJS)" ]; then echo "make kdjs KDJS=DIR: DIR is a checkout of kettubot/kdjs at 1.0.9"; exit 2; fi
	npm install --silent --no-audit --no-fund --install-links --prefix $(NODE_DIR) $(KDJS)

unit: $(TEST_STAMP) browser tsc
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

test: unit lint typecheck

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .cache build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
