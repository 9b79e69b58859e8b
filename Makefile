# Two commands do everything on a fresh clone: `make generate` and `make test`.
# Each sets up what it needs the first time (.venv for Python, npm ci for Prism).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: generate regen check test lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

generate: $(STAMP)  ## regenerate every vendor under specs/ into generated/
	$(PY) -m generator generate

regen: generate

check: $(STAMP)  ## fail when generated/ is not exactly what specs/ produce
	$(PY) -m generator check

# Two workers, one per core; a file's tests stay on one worker, so a file's session-wide
# fixtures (the hostile corpus run, the built packages) are made once.
test: $(STAMP) $(NODE_STAMP)  ## the whole suite: readers, golden record, mypy/black on generated/, Prism e2e
	$(PY) -m pytest -n 2 --dist loadfile

typecheck: $(STAMP)
	$(PY) -m mypy generator

# The peers (openapi-python-client, datamodel-code-generator, ...) live in their own venv so
# their pins never touch the generator's; not part of `make test`, CI does not run it.
BENCH_VENV := .bench-venv
BENCH_STAMP := $(BENCH_VENV)/.installed-stamp

$(BENCH_STAMP): tests/bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r tests/bench/requirements.txt
	touch $(BENCH_STAMP)

# The peers run from byte-compiled site-packages (pip compiles what it installs); the generator
# is an editable install, so it is compiled here too, or every timed run would compile it
# again (PYTHONDONTWRITEBYTECODE is often set).
bench: $(STAMP) $(BENCH_STAMP)  ## time ours against OPC and DCG; writes tests/bench/RESULTS.md
	$(PY) -m compileall -q generator
	$(PY) tests/bench/run_bench.py

clean:
	rm -rf $(VENV) node_modules
