# The two commands of the README: `make demo` and `make test`. Both do all the set-up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCAL_PG ?= postgresql://postgres@127.0.0.1:5432/postgres

.PHONY: setup demo test test-embedded test-local-pg lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	@bash .ci/install-chromium $(PY)

demo: setup
	$(VENV)/bin/dbolt demo

# Against the embedded PostgreSQL 18, then against a PostgreSQL on 127.0.0.1:5432 when one answers.
test: setup
	$(MAKE) --no-print-directory test-embedded
	@if $(PY) -c 'import asyncio, asyncpg, sys; asyncio.run(asyncpg.connect("$(LOCAL_PG)", timeout=3))' 2>/dev/null; then \
		$(MAKE) --no-print-directory test-local-pg; \
	else echo "no PostgreSQL answers at 127.0.0.1:5432: tested against the embedded one only"; fi

test-embedded:
	@echo "== tests against the embedded PostgreSQL"
	env -u DBOLT_TEST_DATABASE_URL -u DBOLT_DATABASE_URL $(VENV)/bin/pytest -q

test-local-pg:
	@echo "== tests against $(LOCAL_PG)"
	env -u DBOLT_DATABASE_URL DBOLT_TEST_DATABASE_URL=$(LOCAL_PG) $(VENV)/bin/pytest -q

lint:
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache
