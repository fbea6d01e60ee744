# Two entry points for a fresh machine with python3, pip and make:
#   make build   set up .venv from requirements.lock, then build dist/ and datapackage.json
#   make test    set up .venv, then lint, type-check and run the test suite
#   make release build the release zip and the claimpack wheel into dist/releases/
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp names the interpreter, so a .venv made by another Python is made again.
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
STAMP := $(VENV)/.installed-$(PYTHON_VERSION)

.PHONY: build test validate bench release lock clean clients

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0) if sys.version_info >= (3, 11) else sys.exit("claimpack needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	@if [ -d $(VENV) ] && [ ! -f $(VENV)/.installed-$(PYTHON_VERSION) ]; then echo "making $(VENV) again for Python $(PYTHON_VERSION)"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The editable install leaves claimpack's own modules uncompiled, and with PYTHONDONTWRITEBYTECODE
# set every command would compile them again (0.1 s a run): they are compiled here, again after
# any of them changes (a pull, an edit), not only when the environment is made.
COMPILED := $(VENV)/.compiled
$(COMPILED): $(STAMP) $(shell find build/claimpack -name '*.py')
	$(BIN)/python -m compileall -q build/claimpack
	touch $@

# The other Frictionless clients tests/test_compatibility.py reads the package with, each from a
# committed lock: the legacy Python `datapackage` in a virtualenv of its own (its botocore needs
# python-dateutil<3, requirements.lock has 4), datapackage-js with `npm ci` where npm is
# installed (Debian: nodejs npm; .ci/run installs them). Without npm its tests are skipped with
# the reason, and fail in CI.
COMPAT := tests/compat
LEGACY_VENV := .venv-datapackage
LEGACY_STAMP := $(LEGACY_VENV)/.installed-$(PYTHON_VERSION)
NODE_STAMP := $(COMPAT)/node_modules/.installed

$(LEGACY_STAMP): $(COMPAT)/requirements-datapackage.lock
	rm -rf $(LEGACY_VENV)
	$(PYTHON) -m venv $(LEGACY_VENV)
	$(LEGACY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $<
	touch $@

$(NODE_STAMP): $(COMPAT)/package.json $(COMPAT)/package-lock.json
	npm ci --prefix $(COMPAT) --no-audit --no-fund --loglevel=error
	touch $@

clients: $(LEGACY_STAMP)
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: the datapackage-js tests will be skipped (Debian: nodejs npm)"; fi

build: $(COMPILED)
	$(BIN)/claimpack build
	$(BIN)/claimpack report
	$(BIN)/claimpack docs

validate: $(COMPILED)
	$(BIN)/claimpack validate

test: $(COMPILED) clients
	$(BIN)/ruff format --check build tests bench
	$(BIN)/ruff check build tests bench
	$(BIN)/mypy
	$(BIN)/pytest
	$(BIN)/claimpack validate --fresh  # the test command checks, never recalls the build's report

# The release zip (tables, descriptors, docs, report, SHA256SUMS) and the claimpack wheel and
# sdist, reproducibly (fixed timestamps), next to each other in dist/releases/.
release: $(COMPILED)
	$(BIN)/claimpack release
	SOURCE_DATE_EPOCH=$$($(BIN)/python -c 'import json, datetime as d; print(int(d.datetime.fromisoformat(json.load(open("datapackage.json"))["created"].replace("Z", "+00:00")).timestamp()))') \
	  $(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation --wheel-dir dist/releases .

# Seconds and peak memory of the DuckDB validator against frictionless and the pyarrow read
# floor, at 10k, 100k and 1M statements; then of whole builds of synthetic corpora at the same
# sizes and of a one-article rebuild, checked against the planted disagreements (prints
# figures; asserts nothing about time; exits 1 when a build finds other disagreements).
bench: $(COMPILED)
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_build.py

# Re-pin every dependency (run by a maintainer, not by the build).
lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check hatchling -e '.[test,spark]'
	.lock-venv/bin/python -m pip freeze --exclude-editable --all | grep -v '^pip==' > .lock-venv/pins.txt
	.lock-venv/bin/python -m pip install --quiet pip-tools
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements.lock .lock-venv/pins.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(LEGACY_VENV) $(COMPAT)/node_modules
