# Trygg: `make run` serves the demo, `make test` runs every test. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install browser migrate demo lint messages clean bench

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

# Debian's Chromium for the browser tests; never a downloaded browser.
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get install -y --no-install-recommends chromium || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; }; }

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The web server and one background worker (e-mail, police feed, reminders; imports on a loop of their own) together; Ctrl-C stops both.
run: demo
	DEBUG=1 $(PY) manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on two workers (pytest-xdist, one per core), each on a test database made anew; the tests
# of a group (conftest.py) stay on one worker.
TEST_WORKERS ?= 2
test: install browser
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup --create-db

lint: install
	$(VENV)/bin/ruff check .

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles

# Benchmarks in their own environment (esda only there).
.venv-bench/.installed: requirements.txt bench/requirements.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet -r bench/requirements.txt
	touch $@

# A benchmark exits 1 when it misses a target; the leading - lets the others run all the same.
bench: .venv-bench/.installed
	-DEBUG=0 .venv-bench/bin/python bench/load.py
	-.venv-bench/bin/python bench/situation_report.py
	-.venv-bench/bin/python bench/knox.py
	-.venv-bench/bin/python bench/gistar_permutation.py
	-.venv-bench/bin/python bench/police_import.py
	-.venv-bench/bin/python bench/csv_import.py
	-.venv-bench/bin/python bench/weekly_figures.py
	-.venv-bench/bin/python bench/two_nodes.py
	-.venv-bench/bin/python bench/presence_gap.py
