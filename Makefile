# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.dev-installed-stamp
HOST ?= 127.0.0.1:8000
WEB_CONCURRENCY ?= 3

.PHONY: run serve test test-fast install install-dev lock migrate load lint format check export clean

# The site needs only its runtime dependencies; the tests add the dev tools
# (pytest, Playwright, ruff, import-linter). uv installs exactly what uv.lock
# pins (`uv sync --frozen`); the project runs from this folder, so it is not
# installed as a package itself. After changing the dependencies in
# pyproject.toml, run `uv lock` (or `make lock`) and commit uv.lock.
#
# The uv on PATH is used; where there is none, make gets one once, into
# UV_HOME (a folder of the user's cache, shared by every clone), with the
# machine's pip.
UV_HOME ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/collabkb-uv
ifeq ($(origin UV),undefined)
UV := $(shell command -v uv 2>/dev/null || echo $(UV_HOME)/bin/uv)
endif
SYNC = $(UV) sync --frozen --no-install-project --compile-bytecode --quiet --python $(PYTHON)

$(UV):
	@echo "uv is not on PATH: installing it once into $(UV_HOME) with pip"
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(UV_HOME) "uv>=0.5"

$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CollabKB needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(SYNC)
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(SYNC) --extra dev
	@touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

lock:
	$(UV) lock

# axe-core, which the browser tests inject for their accessibility checks.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will be skipped (install Node.js and npm to run them)"; fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Migrates and loads in one process: a Django start costs about half a second.
load: install
	$(BIN)/python manage.py load_content --migrate --if-empty

run: load
	@echo ""
	@echo "CollabKB is starting at http://$(HOST)/"
	@echo "To create the first admin account (for /admin/), run in another terminal:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo ""
	$(BIN)/python manage.py runserver --skip-checks $(HOST)

# Production-like: gunicorn with WEB_CONCURRENCY workers (see docs/deployment.md).
serve: load
	$(BIN)/python manage.py collectstatic --noinput -v0
	WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST)

# The tests run on a worker process per core (pytest-xdist); `make test
# WORKERS=0` runs them in this process. --dist load hands each worker the tests
# in collection order, where pytest-django puts the transactional tests last:
# they empty the database (the rows the migrations made too), so on each
# worker they run after the others, as in one process. (--dist loadfile gave
# a worker whole files, the transactional tests of one before the others of
# the next.) With REDIS_URL they run in one process (tests/conftest.py).
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist load

test: install-dev $(AXE)
	$(PYTEST) $(PYTEST_ARGS)

# The suite without the browser tests and those marked slow (processes, servers, crawls).
test-fast: install-dev
	$(PYTEST) -m "not browser and not slow" $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# The curator's loop: edit in the admin, then write the fixture for review.
export: install
	$(BIN)/python manage.py export_kb --output fixtures/collabkb.json

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
