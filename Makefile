# Baken. `make help` lists the targets. Two set-up commands: `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PG_URL := postgresql://postgres@127.0.0.1:5432/test
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: help run install assets messages translations migrate load worker test test-sqlite test-postgres test-browser lint format bench clean browser-deps

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

baken/core/static/vendor/.installed: node_modules/.installed
	mkdir -p baken/core/static/vendor/utrecht baken/core/static/vendor/htmx
	cp node_modules/@utrecht/component-library-css/dist/index.css baken/core/static/vendor/utrecht/index.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md baken/core/static/vendor/utrecht/ 2>/dev/null || true
	cp node_modules/htmx.org/dist/htmx.min.js baken/core/static/vendor/htmx/htmx.min.js
	touch $@

assets: baken/core/static/vendor/.installed ## Install front-end assets (NL Design System CSS, htmx) with npm

messages: install ## Compile translations (locale/ and each app's locale/)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

translations: install ## List the public strings each shipped language still lacks (docs/adr/0140)
	$(MANAGE) translation_status --verbose-list

migrate: install
	$(MANAGE) migrate --noinput -v 0

load: migrate ## Load the directory dataset (idempotent)
	$(MANAGE) load_directory

run: install assets messages load ## Install, migrate, load the directory and serve on 127.0.0.1:$(PORT) (SQLite)
	@echo "Baken runs on http://127.0.0.1:$(PORT)/"
	@echo "No staff user exists by default. Create one with: $(PY) manage.py createsuperuser"
	@echo "(staff log in at /medewerkers/inloggen/ and set up a two-step code on first login)"
	$(VENV)/bin/uvicorn config.asgi:application --host 127.0.0.1 --port $(PORT) --no-access-log

worker: install ## Run the background task worker (daily retention, reminders, notifications)
	$(MANAGE) purge_expired --schedule
	$(MANAGE) db_worker --interval 5

browser-deps: ## Install Debian's Chromium for the browser tests (needs root)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium'"; exit 1; fi; }

lint: install ## ruff (lint + format check), mypy, and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy baken config
	$(MANAGE) makemigrations --check --dry-run -v 1

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test-sqlite: install assets messages
	$(VENV)/bin/pytest -p no:cacheprovider -m "not browser" -n 2 -q

test-postgres: install assets messages
	@if [ -n "$$DATABASE_URL" ]; then url="$$DATABASE_URL"; else url="$(PG_URL)"; fi; \
	if $(PY) -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$$url" 2>/dev/null; then \
	  echo "== PostgreSQL: $$url"; DATABASE_URL="$$url" $(VENV)/bin/pytest -p no:cacheprovider -m "not browser" -n 2 -q; \
	else \
	  if [ -n "$$CI" ]; then echo "PostgreSQL is NOT reachable at $$url, and CI must test on it."; exit 1; fi; \
	  echo "== PostgreSQL is NOT reachable at $$url: the PostgreSQL run is SKIPPED."; \
	fi

test-browser: install assets messages browser-deps ## Browser journeys in Chromium with axe-core
	$(VENV)/bin/pytest -p no:cacheprovider -m browser -n 2 -q

test: lint test-sqlite test-postgres test-browser ## The whole suite: lint, SQLite, PostgreSQL, browser

bench: install assets messages load ## Run the benchmarks (DRILL=1 adds the PostgreSQL restart and cluster drills); results go in docs/benchmarks.md
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules baken/core/static/vendor var
