# The README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format venv venv-dev migrate seed serve backup restore load bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements-dev.txt
	touch $(VENV)/.runtime $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

migrate: venv
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## Set up and serve the app on the SQLite default with demo data and demo users.
run: seed
	@echo "Open http://$(HOST):$(PORT)/ (the dashboard) and log in with one of the demo users above."
	$(PY) manage.py runserver $(HOST):$(PORT)

## Set up and run the test suite (set DATABASE_URL=postgres://... to run it on PostgreSQL).
test: venv-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## ruff, then the import contracts of pyproject.toml (docs/architecture.md).
lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Production profile (README "Deploying"): gunicorn on $(HOST):$(PORT) against DATABASE_URL (PostgreSQL),
## after applying migrations and collecting static files. Needs DJANGO_SECRET_KEY.
serve: export DJANGO_DEBUG ?= 0
serve: export GUNICORN_BIND ?= $(HOST):$(PORT)
serve: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

## Back up the database named by DATABASE_URL to backups/ (or FILE=...).
backup: venv
	$(PY) manage.py backup_db $(if $(FILE),--output $(FILE))

## Replace the database's contents with a backup: make restore FILE=backups/justice-wp-....dump
restore: venv
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/justice-wp-<time>.dump" >&2; exit 2; }
	$(PY) manage.py restore_db $(FILE)

## Load test (bench/load.py): seeds bench data, starts two gunicorn servers on loopback, runs locust
## headless with 50 users for 60 s (round-robin over the servers) and checks every write.
load: venv-dev
	$(PY) bench/load.py $(LOAD_ARGS)

## Run the benchmarks on PostgreSQL and print one table (a dedicated database: its data is replaced).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/justice_wp_bench
bench: venv-dev
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) bench/run.py $(BENCH)
