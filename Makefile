# The newcomer's two commands: `make run` and `make test`. Everything else goes through `uv run`.
SHELL := /bin/bash
# uv from PATH, else the copy `make uv` installs with pip (run as a module: no PATH needed).
UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: run test test-sqlite test-postgres lint typecheck check migration messages bench uv sync clean

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv

sync: uv
	@$(UV) sync --all-groups --quiet

## Start the platform on the embedded default (SQLite, jobs in-process, demo data).
run: sync
	@$(UV) run mentoring serve

## The whole test suite, on SQLite then on PostgreSQL (skipped with a message when it is not there).
test: sync
	@echo "== tests on SQLite"
	@$(UV) run pytest -n 2 --dist loadgroup
	@echo "== tests on PostgreSQL (tests/matching touch no database: they ran above)"
	@MENTORING_TEST_DATABASE=postgres $(UV) run pytest -n 2 --dist loadgroup --ignore=tests/matching

test-sqlite: sync
	@$(UV) run pytest

test-postgres: sync
	@MENTORING_TEST_DATABASE=postgres $(UV) run pytest

lint: sync
	@$(UV) run ruff check .
	@$(UV) run ruff format --check .

typecheck: sync
	@$(UV) run mypy mentoring matching jobs

## The import contracts of .importlinter: layers, no cycle, matching free of the platform.
imports: sync
	@$(UV) run lint-imports

## What CI checks besides the tests: lint, format, types, import contracts.
check: lint typecheck imports

## Regenerate a migration from the models: make migration MESSAGE="what changed"
migration: sync
	@rm -f /tmp/mentoring-migration.db
	@MENTORING_DATABASE_URL=sqlite:////tmp/mentoring-migration.db $(UV) run mentoring db upgrade
	@MENTORING_DATABASE_URL=sqlite:////tmp/mentoring-migration.db $(UV) run mentoring db revision -m "$(MESSAGE)"

## Extract the pages' texts and update the EN/FR catalogues (then translate the new msgids in fr).
LOCALES := mentoring/web/locales
messages: sync
	@$(UV) run pybabel -q extract -F mentoring/web/babel.cfg -k N_ --no-location --no-wrap --sort-output \
		--project mentoring --copyright-holder "Mentoring contributors" -o $(LOCALES)/messages.pot .
	@for lang in en fr; do \
		if [ -f $(LOCALES)/$$lang/LC_MESSAGES/messages.po ]; then \
			$(UV) run pybabel -q update --no-fuzzy-matching --ignore-obsolete --no-wrap -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang; \
		else \
			$(UV) run pybabel -q init -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang; \
		fi; \
	done
	@echo "catalogues updated under $(LOCALES): translate the empty msgstr of fr"

bench: sync
	@$(UV) run --group bench python bench/matching.py

clean:
	rm -rf var .pytest_cache
