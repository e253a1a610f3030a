# SafeContact: two commands on a fresh machine, `make run` and `make test`.
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed

.PHONY: run test test-browser check bench seed worker clean-db

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
	@echo "Background worker and server starting on http://127.0.0.1:8000 (Ctrl+C stops both)"
	@trap 'kill 0' INT TERM EXIT; $(MANAGE) db_worker --queue-name '*' & $(MANAGE) runserver 127.0.0.1:8000

worker: $(STAMP)
	$(MANAGE) db_worker --queue-name '*'

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

seed: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --persons $${PERSONS:-400}
