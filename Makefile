# Two entry points for a fresh machine with python3, pip and make:
#   make build   set up .venv from requirements.lock, then build dist/ and datapackage.json
#   make test    set up .venv, then lint, type-check and run the test suite
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test validate bench lock clean

$(STAMP): requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

build: $(STAMP)
	$(BIN)/claimpack build
	$(BIN)/claimpack report
	$(BIN)/claimpack docs

validate: $(STAMP)
	$(BIN)/claimpack validate

test: $(STAMP)
	$(BIN)/ruff format --check build tests bench
	$(BIN)/ruff check build tests bench
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/claimpack validate

# Seconds and peak memory of the DuckDB validator against frictionless and the pyarrow read
# floor, at 10k, 100k and 1M statements; then of whole builds of synthetic corpora at the same
# sizes and of a one-article rebuild, checked against the planted disagreements (prints
# figures; asserts nothing about time; exits 1 when a build finds other disagreements).
bench: $(STAMP)
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_build.py

# Re-pin every dependency (run by a maintainer, not by the build).
lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check hatchling -e '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude-editable --all | grep -v '^pip==' > .lock-venv/pins.txt
	.lock-venv/bin/python -m pip install --quiet pip-tools
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements.lock .lock-venv/pins.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV)
