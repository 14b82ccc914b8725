# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.dev-installed-stamp
HOST ?= 127.0.0.1:8000
WEB_CONCURRENCY ?= 3

.PHONY: run serve test install install-dev migrate load lint format check export clean

# The site needs only its runtime dependencies; the tests add the dev tools
# (pytest, Playwright, ruff, import-linter) on top. The project runs from this
# folder, so only its dependencies are installed (read from pyproject.toml):
# building the project itself as a package would cost seconds and give nothing.
#
# uv installs them: it resolves in milliseconds and links each file from its
# cache, where pip resolves for seconds and writes every file anew (on the
# machines we measure, creating a file costs 0.4 ms and a hard link 0.02 ms;
# Django alone is 4,500 files). The uv on PATH is used, or else the machine's
# pip puts one in the venv. Both uv and pip compile the bytecode at install,
# so no later start compiles it. If uv is missing or fails (uv reads
# UV_INDEX_URL, not pip.conf), pip installs instead; `make UV= install` asks
# for pip. The venv is made without its own pip (ensurepip alone takes
# seconds): the machine's pip installs into it with --python (pip 22.3+);
# where that pip is missing or older, the venv gets its own pip after all.
PIP_FLAGS := install --quiet --disable-pip-version-check
ifeq ($(origin UV),undefined)
UV := $(shell command -v uv 2>/dev/null || echo $(BIN)/uv)
endif
define pip_install
$(PYTHON) -m pip --python $(BIN)/python $(PIP_FLAGS) -r $(1) 2>/dev/null || \
	{ $(BIN)/python -m ensurepip --default-pip >/dev/null && $(BIN)/python -m pip $(PIP_FLAGS) -r $(1); }
endef
define install_requirements
if [ "$(UV)" = "$(BIN)/uv" ] && [ ! -x "$(BIN)/uv" ]; then \
	$(PYTHON) -m pip --python $(BIN)/python $(PIP_FLAGS) "uv>=0.5" 2>/dev/null || true; fi; \
if [ -n "$(UV)" ] && command -v "$(UV)" >/dev/null; then \
	echo "uv installs $(1)"; \
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python -r $(1) || \
	{ echo "uv could not install $(1); pip installs it instead"; $(pip_install); }; \
else echo "pip installs $(1)"; $(pip_install); fi
endef
REQUIREMENTS := $(BIN)/python -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["optional-dependencies"][sys.argv[1]] if len(sys.argv) > 1 else p["dependencies"]))'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CollabKB needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv --without-pip $(VENV)
	$(REQUIREMENTS) > $(VENV)/requirements.txt
	@$(call install_requirements,$(VENV)/requirements.txt)
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(REQUIREMENTS) dev > $(VENV)/requirements-dev.txt
	@$(call install_requirements,$(VENV)/requirements-dev.txt)
	@touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

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

test: install-dev $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
