# Two commands on a fresh machine: `make site` builds site/ from seeds/, `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test serve lint clean train

# `make site` installs only what building needs; `make test` (and lint) add the test extras.
# `make test ARGS="tests/test_build.py -x -q"` passes arguments to pytest.
ARGS ?=

$(BIN)/sitegen: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(BIN)/pytest: $(BIN)/sitegen
	$(BIN)/pip install -q -e '.[test]'
	touch $@

site: $(BIN)/sitegen
	$(BIN)/sitegen build

test: $(BIN)/pytest
	$(BIN)/python -m pytest $(ARGS)

serve: $(BIN)/sitegen
	$(BIN)/sitegen serve

train: $(BIN)/sitegen
	$(BIN)/sitegen train

lint: $(BIN)/pytest
	$(BIN)/ruff check sitegen tests
	$(BIN)/mypy sitegen
	$(BIN)/lint-imports

clean:
	rm -rf site $(VENV) .sitegen-cache
