# The two set-up commands of the README:
#   make demo  - install, then run the portal with demo data on SQLite at http://127.0.0.1:8000
#                (another port: make demo PORT=8001)
#   make test  - install, then run the whole test suite on PostgreSQL and Redis, then the
#                non-browser tests again on the embedded SQLite (make test-sqlite alone)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kpi_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/14
PORT ?= 8000
# The demo's "today" (core.clock): its September 2016 sample is the month in progress.
DEMO_TODAY ?= 2016-10-10

.PHONY: demo test test-sqlite install install-dev assets lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python assets
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python assets
	$(BIN)/pip install -q -e '.[dev]'

assets:
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

# The demo serves with DEBUG on (it is off unless set): static files straight from their source
# folders, and Django's error pages with their details. Its "today" is PORTAL_TODAY, a day of
# October 2016, so its September 2016 return reads as the month in progress.
demo: install
	$(BIN)/python manage.py migrate --no-input
	PORTAL_TODAY=$${PORTAL_TODAY:-$(DEMO_TODAY)} $(BIN)/python manage.py load_demo
	PORTAL_TODAY=$${PORTAL_TODAY:-$(DEMO_TODAY)} DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The embedded default (no DATABASE_URL: SQLite, as make demo and every newcomer run it), where
# value writes take another path than PostgreSQL's COPY; tests marked postgresql are skipped.
SQLITE_TESTS = env -u DATABASE_URL TEST_REDIS_URL=$${TEST_REDIS_URL:-$(TEST_REDIS_URL)} \
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

test: install-dev
	scripts/ensure-services
	scripts/ensure-browser
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} TEST_REDIS_URL=$${TEST_REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(SQLITE_TESTS)

test-sqlite: install-dev
	scripts/ensure-services
	$(SQLITE_TESTS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
