# The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run demo test lint test-engines test-sqlite test-postgres browser-deps bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

## install: create .venv with the site and its test tools
install: $(BIN)/.installed

## run: set up an SQLite database with the demo library and serve it on 127.0.0.1:8000
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo_library
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## browser-deps: Debian's chromium (never a downloaded browser) and LibreOffice for .doc
browser-deps:
	@bash .ci/system-packages

## lint: ruff, no dead `# fmt: skip`, the import contracts and mypy (pyproject.toml)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python .ci/dead_fmt_skip.py
	$(BIN)/lint-imports
	$(BIN)/mypy

## test: lint, Django checks, then the whole suite on SQLite and on PostgreSQL when reachable
test: install browser-deps lint
	DJANGO_SETTINGS_MODULE=jpl_site.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=jpl_site.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')-check-deploy-0123456789 \
		DATABASE_URL=$(PG_TEST_URL) DJANGO_SETTINGS_MODULE=jpl_site.settings.production \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory test-engines

## test-engines: the suite on SQLite and on PostgreSQL side by side (each run is mostly one core,
## so together they take about as long as one); every line says which run it came from
test-engines: install
	@if ! $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL not reachable at $(PG_TEST_URL): PostgreSQL run skipped."; \
		exec $(MAKE) --no-print-directory test-sqlite; \
	fi; \
	set -o pipefail; \
	( $(MAKE) --no-print-directory test-sqlite 2>&1 | sed -u 's/^/[sqlite]   /' ) & sqlite=$$!; \
	( $(MAKE) --no-print-directory test-postgres 2>&1 | sed -u 's/^/[postgres] /' ) & postgres=$$!; \
	wait $$sqlite; sqlite_status=$$?; wait $$postgres; postgres_status=$$?; \
	echo "SQLite run exited $$sqlite_status; PostgreSQL run exited $$postgres_status."; \
	[ $$sqlite_status -eq 0 ] && [ $$postgres_status -eq 0 ]

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# Tests marked engine_independent (no database at all, or pages whose look does not depend on
# it) give the same answer on PostgreSQL: they run once, in the SQLite run.
test-postgres: install
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m "not engine_independent" $(PYTEST_ARGS)

## bench: run every benchmark under tests/benchmarks/ and print medians and ratios
bench: install
	$(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) db.sqlite3 media private_media static_collected .pytest_cache
