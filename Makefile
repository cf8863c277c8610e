# Shortlist: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install lint format bench check-deploy screenshots clean help

help:
	@echo "make run           set up and run Shortlist locally (SQLite, filesystem broker, demo data)"
	@echo "make test          install and run the whole test suite (PostgreSQL and Redis when reachable)"
	@echo "make lint          ruff check and format check"
	@echo "make bench         performance benchmarks (PostgreSQL), figures in var/bench.json"
	@echo "make check-deploy  Django's deployment checklist against the production settings"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Shortlist needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	PORT=$(PORT) $(PY) scripts/run_local.py

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m bench $(BENCH_ARGS)

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="check-deploy-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	ALLOWED_HOSTS=shortlist.example.org DATABASE_URL=postgres://shortlist@localhost/shortlist \
	REDIS_URL=redis://localhost:6379/0 SITE_URL=https://shortlist.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
