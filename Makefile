# Two commands on a fresh machine: `make site` builds site/ from seeds/, `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test serve lint clean train train-parser

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

# The parser model shipped in the package (sitegen/parse/model/), learned from ../shared's corpus:
# the 2026 issues, the 2017 issue and the seed (the last two repeated, being one issue each).
SHARED ?= ../shared
train-parser: $(BIN)/sitegen
	$(BIN)/python -m sitegen.train.corpus $(SHARED)/corpus/rmrb-2026 $(SHARED)/corpus $(SHARED)/seeds \
		--gold-dir $(SHARED)/gold --weight 000_=10 --weight rmrb-2017=3

lint: $(BIN)/pytest
	$(BIN)/ruff check sitegen tests
	$(BIN)/mypy sitegen
	$(BIN)/lint-imports

clean:
	rm -rf site $(VENV) .sitegen-cache
