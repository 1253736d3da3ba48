# The two commands of the README: `make report` and `make test`.
# Setup is idempotent: the venv is (re)synced only when pyproject.toml or uv.lock changed.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synced
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
YEAR ?= latest

.PHONY: setup report test quick check lint types pairs-check workflows pairs lab preview bench demo demo-data clean-cache

$(STAMP): pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(UV) sync --frozen --compile-bytecode
	@touch $(STAMP)

setup: $(STAMP)

report: setup
	GX_ANALYTICS_ENABLED=False $(BIN)/valorisatiemonitor build --year $(YEAR)

test: setup check
	GX_ANALYTICS_ENABLED=False $(BIN)/pytest

check: lint types pairs-check workflows

# While editing: ruff, the notebook pairs, and the unit tests of the files changed since the
# last commit (analysis.authoring.quick); `make test` before a commit runs everything.
quick: lint pairs-check
	GX_ANALYTICS_ENABLED=False $(BIN)/python -m analysis.authoring.quick

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

types: setup
	$(BIN)/mypy

# Each notebook and its percent script (jupytext, notebooks/jupytext.toml) must agree.
pairs-check: setup
	$(BIN)/python -m analysis.authoring.notebook_pairs check

# The GitHub workflows (.github/workflows/), offline: the workflow JSON schema (vendored by
# check-jsonschema) and zizmor's security audits (unpinned actions, template injection,
# excessive permissions, credentials left in the checkout, ...).
workflows: setup
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet .github/workflows/

# Rewrite the scripts from the notebooks (after editing or merging a notebook without lab).
pairs: setup
	$(BIN)/python -m analysis.authoring.notebook_pairs write

# JupyterLab at the project root with notebooks/ open; the `edit` extra is installed when
# missing. Saves write the notebook without outputs and its paired script. (Jupyter refuses
# to run as root without --allow-root; the project's machines run as root.)
lab: setup
	@$(BIN)/python -c "import jupyterlab, jupytext" 2>/dev/null || $(UV) sync --frozen --compile-bytecode --extra edit
	$(BIN)/python -m analysis.authoring.notebook_pairs lab
	GX_ANALYTICS_ENABLED=False $(BIN)/jupyter lab \
		--ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks \
		--ContentsManager.pre_save_hook=analysis.authoring.lab.strip_outputs \
		$(if $(filter 0,$(shell id -u)),--allow-root)

# Live preview of the site: rebuilds on every save and reloads the page in the browser.
preview: setup
	GX_ANALYTICS_ENABLED=False $(BIN)/valorisatiemonitor preview --year $(YEAR)

bench: setup
	GX_ANALYTICS_ENABLED=False $(BIN)/python benchmarks/build_bench.py

# The demonstration edition (proefeditie): the full monitor on fictitious institutions,
# into report/demonstratie/<year>/.
demo: setup
	GX_ANALYTICS_ENABLED=False $(BIN)/valorisatiemonitor build --demonstratie --year $(YEAR)

# Regenerate the demonstration data in data/demo (a test checks they are this output).
demo-data: setup
	$(BIN)/valorisatiemonitor demo --seed 2026 --years 2010-2025 --out data/demo

clean-cache:
	rm -rf report/.cache
