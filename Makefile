# All set-up lives here: `make run` and `make test` work on a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test eval bench model clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,ray]'
	touch $(STAMP)

run: install
	$(BIN)/directive-parser parse corpus --out out

test: install
	$(BIN)/python -m pytest

# Four gold sets: fixtures and two held-out sets written for this project (layouts the seeds lack),
# then the seeds (the held regression set).
eval: install
	@for set in fixtures holdout holdout2; do \
	  echo "== corpus/$$set"; $(BIN)/directive-parser eval --gold corpus/$$set-gold corpus/$$set || exit 1; done
	@echo "== corpus/seeds"
	@$(BIN)/directive-parser eval --gold corpus/gold corpus/seeds

# Speed, memory and refresh figures (bench/results.json), then a batch of hostile inputs (bench/hostile.json).
# Separate, long runs: the 100,000-input fuzz run, $(BIN)/python bench/fuzz.py 100000, and peak memory
# at 100,000 documents, $(BIN)/python bench/scale_memory.py
# compileall first: where PYTHONDONTWRITEBYTECODE is set, every CLI start would recompile the package.
bench: install
	$(BIN)/python -m compileall -q src
	$(BIN)/python bench/run_bench.py
	$(BIN)/python bench/hostile_batch.py

model: install
	$(BIN)/python -m directive_parser.train --out models/bodies

clean:
	rm -rf out .pytest_cache
