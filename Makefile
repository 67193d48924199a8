# Two commands on a fresh machine: `make site` builds site/ from seeds/, `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test serve lint clean train

$(BIN)/sitegen: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

site: $(BIN)/sitegen
	$(BIN)/sitegen build

test: $(BIN)/sitegen
	$(BIN)/python -m pytest

serve: $(BIN)/sitegen
	$(BIN)/sitegen serve

train: $(BIN)/sitegen
	$(BIN)/sitegen train

lint: $(BIN)/sitegen
	$(BIN)/ruff check sitegen tests
	$(BIN)/mypy sitegen

clean:
	rm -rf site $(VENV) .sitegen-cache
