# The two commands of the README: `make report` and `make test`.
# Setup is idempotent: the venv is (re)synced only when pyproject.toml or uv.lock changed.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.synced
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
YEAR ?= latest

.PHONY: setup report test check lint types bench demo clean-cache

$(STAMP): pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(UV) sync --frozen --compile-bytecode
	@touch $(STAMP)

setup: $(STAMP)

report: setup
	GX_ANALYTICS_ENABLED=False $(BIN)/valorisatiemonitor build --year $(YEAR)

test: setup check
	GX_ANALYTICS_ENABLED=False $(BIN)/pytest

check: lint types

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

types: setup
	$(BIN)/mypy

bench: setup
	GX_ANALYTICS_ENABLED=False $(BIN)/python benchmarks/build_bench.py

demo: setup
	$(BIN)/valorisatiemonitor demo --seed 2026 --years 2010-2025 --out data/raw

clean-cache:
	rm -rf report/.cache
