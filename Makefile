SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv comes from PATH, or is installed into .tools/ on first use.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)

# A Python >= 3.12: python3.13, python3.12, or one that pyenv installed.
# With none, uv downloads one.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PYTHON := $(shell for p in python3.13 python3.12 \
	$$(ls -d $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { $$p -c 'import sys; print(sys.executable)'; break; }; done)

VENV := .venv/.synced
RUN := $(UV) run --no-sync
MANAGE := $(RUN) python manage.py

.PHONY: help run test lint format check demo bench clean

help:
	@echo "make run     set up, migrate, load the demo data and serve http://127.0.0.1:8000"
	@echo "make test    lint, system checks, migrations check and the whole test suite"
	@echo "make format  format the code with ruff"
	@echo "make demo    regenerate fixtures/demo.json"
	@echo "make bench   generate N synthetic listings (N=100000) and benchmark the site under load"

$(CURDIR)/.tools/bin/uv:
	@echo "Installing uv into .tools/"
	python3 -m pip install --quiet --disable-pip-version-check --target .tools uv \
	|| { python3 -m venv .tools/venv && .tools/venv/bin/pip install --quiet uv \
	     && mkdir -p .tools/bin && ln -sf ../venv/bin/uv .tools/bin/uv; }

$(VENV): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked $(if $(PYTHON),--python $(PYTHON))
	@touch $@

run: $(VENV)
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_demo --if-empty
	DJANGO_DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)
	$(RUN) ruff check .
	$(RUN) ruff format --check .

check: $(VENV)
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

test: lint check
	$(RUN) pytest

format: $(VENV)
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

demo: $(VENV)
	$(MANAGE) generate_demo

# A fresh bench.sqlite3 each time, unless DATABASE_URL names another database.
# BENCH_ARGS go to bench_search, for example BENCH_ARGS="--duration 30 --json bench.json".
N ?= 100000
BENCH_ARGS ?=
BENCH_DB = $${DATABASE_URL:-sqlite:///$(CURDIR)/bench.sqlite3}
bench: $(VENV)
	@[ -n "$$DATABASE_URL" ] || rm -f bench.sqlite3
	DATABASE_URL=$(BENCH_DB) $(MANAGE) migrate --no-input -v0
	DATABASE_URL=$(BENCH_DB) $(MANAGE) createcachetable
	DATABASE_URL=$(BENCH_DB) $(MANAGE) generate_listings $(N)
	DATABASE_URL=$(BENCH_DB) $(MANAGE) bench_search $(BENCH_ARGS)

clean:
	rm -rf .venv .tools staticfiles bench.sqlite3
