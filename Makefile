# SafeContact: two commands on a fresh machine, `make run` and `make test`.
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: run test test-browser check bench seed worker clean-db backup restore drill load

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet . --group dev
	touch $(STAMP)

# Install, migrate, seed demo data when the database is empty, then serve with a worker beside it.
run: $(STAMP)
	mkdir -p var/staticfiles
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty --persons 400
	$(MANAGE) demo_logins
	$(MANAGE) schedule_sweep
	$(MANAGE) schedule_webhooks
	@echo "Background worker and server starting on http://127.0.0.1:8000 (Ctrl+C stops both)"
	@trap 'kill 0' INT TERM EXIT; $(MANAGE) db_worker --queue-name '*' & $(MANAGE) runserver 127.0.0.1:8000

worker: $(STAMP)
	$(MANAGE) db_worker --queue-name '*'

# A timestamped folder under var/backups/: the database, the evidence files and a manifest.
backup: $(STAMP)
	$(MANAGE) backup_data

# make restore FROM=var/backups/safecontact-<stamp> [FORCE=1]: only into an empty database
# unless FORCE=1; checks every table's row count and every evidence file's sha256 afterwards.
restore: $(STAMP)
	@test -n "$(FROM)" || { echo "Say which backup: make restore FROM=var/backups/safecontact-<stamp>"; exit 2; }
	$(MANAGE) restore_data "$(FROM)" $(if $(FORCE),--force)

# The whole suite, browser tests included (Debian's chromium at /usr/bin/chromium).
test: $(STAMP)
	$(PY) -m pytest -q

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) tools/check_access.py
	$(MANAGE) makemigrations --check --dry-run

bench: $(STAMP)
	$(PY) bench/pages.py

# Stops PostgreSQL for ~10 s under a running server, then starts it again (always).
drill: $(STAMP)
	$(PY) bench/db_outage_drill.py

# Stepped locust load against gunicorn on the benchmark database (bench/load.py); locust
# lives in its own venv so gevent never enters the app's.
load: $(STAMP)
	test -x .venv-load/bin/locust || { $(PYTHON) -m venv .venv-load && .venv-load/bin/pip install --quiet "locust>=2.40"; }
	$(PY) bench/load.py

seed: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --persons $${PERSONS:-400}
