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

test: $(STAMP) $(NODE_STAMP)  ## the whole suite: readers, golden record, mypy/black on generated/, Prism e2e
	$(PY) -m pytest

typecheck: $(STAMP)
	$(PY) -m mypy generator

clean:
	rm -rf $(VENV) node_modules
