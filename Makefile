# Kooperacja — the two commands are `make demo` and `make test`; the rest are their parts.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo demo-data serve test test-pg fuzz e2e check format messages translations bench bench-matching bench-placement bench-pages bench-faults bench-imports bench-delivery backup restore bench-load test-scale clean install

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

translations: $(STAMP)
	$(PY) manage.py compile_translations

## Prepare the demo database (SQLite in ./var) without starting a server.
demo-data: $(STAMP) translations
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_territory
	$(PY) manage.py load_catalogue
	$(PY) manage.py load_cooperative_models
	$(PY) manage.py load_demo

## Start the product with a demo region on http://$KOOPERACJA_ADDR, default 127.0.0.1:8000 (server, background worker, periodic jobs; Ctrl-C stops all).
demo: demo-data
	$(PY) manage.py demo_logins
	./scripts/serve.sh

serve: $(STAMP)
	./scripts/serve.sh

## The whole test suite on SQLite (and on PostgreSQL when DATABASE_URL points at it).
test: $(STAMP) translations
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal -q tests

test-pg: $(STAMP) translations
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal -q tests

## The lists' query counts and plans at two generated scales (0.01 and 0.1) on PostgreSQL; not part of `make test`.
test-scale: $(STAMP) translations
	$(PY) tests/scale/check_lists.py --pg-url $(PG_URL)

## API fuzzing with schemathesis (not part of `make test`): every operation with a coordinator's and an
## administrator's token on a throw-away demo database; PostgreSQL with DATABASE_URL=postgres://...
fuzz: $(STAMP) translations
	$(PY) -m pytest -p no:xdist -q -s tests/fuzz/fuzz_api.py

## Browser tests in Chromium (Debian's /usr/bin/chromium) with axe accessibility checks.
e2e: $(STAMP) translations
	$(PY) -m pytest -q -p no:xdist e2e

check: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy src/kooperacja
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: $(STAMP)
	$(PY) manage.py makemessages -l pl -l en --ignore=.venv --ignore=var
	$(PY) manage.py makemessages -d djangojs -l pl -l en --ignore=.venv --ignore=var --ignore=staticfiles

## Benchmarks (long runs, not part of `make test`); figures are recorded in bench/README.md.
bench: bench-matching bench-placement bench-pages bench-imports

bench-matching: $(STAMP)
	$(PY) bench/matching/run.py

bench-placement: $(STAMP) translations
	$(PY) bench/placement/run.py

bench-pages: $(STAMP) translations
	$(PY) bench/pages/run.py

## Faults under load on a throw-away PostgreSQL cluster of its own (port 55432; needs root or the postgres user).
bench-faults: $(STAMP) translations
	$(PY) bench/faults/run.py

## Backup of the configured database (DATABASE_URL; pg_dump -Fc or the SQLite backup API) into var/backups/,
## and its restore into a new, empty database: make restore FILE=var/backups/kooperacja-....dump
backup: $(STAMP)
	$(PY) manage.py backup

restore: $(STAMP)
	test -n "$(FILE)" || (echo "usage: make restore FILE=<backup file>" >&2; exit 2)
	$(PY) manage.py restore "$(FILE)"

## Imports against COPY of the same rows (PostgreSQL with DATABASE_URL=postgres://..., else a temporary SQLite).
bench-imports: $(STAMP) translations
	$(PY) bench/imports/run.py

bench-delivery: $(STAMP) translations
	$(PY) bench/delivery/run.py $(BENCH_DELIVERY_ARGS)

## Every list page and list API endpoint under 16 signed-in clients against gunicorn, each beside a bare list of
## its table. PostgreSQL at $$DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kooperacja_load) holding the
## generated country; options in BENCH_LOAD_ARGS, e.g. BENCH_LOAD_ARGS="--sqlite var/load.sqlite3 --scale 0.1".
bench-load: $(STAMP) translations
	$(PY) bench/load/run.py $(BENCH_LOAD_ARGS)

clean:
	rm -rf var staticfiles
