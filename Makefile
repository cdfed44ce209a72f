# The newcomer's two commands: `make run` and `make test`. Everything else goes through `uv run`.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)

.PHONY: run test test-sqlite test-postgres lint typecheck migration bench uv sync clean

uv:
	@command -v uv >/dev/null 2>&1 || test -x "$(UV)" || python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv

sync: uv
	@$(UV) sync --all-groups --quiet

## Start the platform on the embedded default (SQLite, jobs in-process, demo data).
run: sync
	@$(UV) run mentoring serve

## The whole test suite, on SQLite then on PostgreSQL (skipped with a message when it is not there).
test: sync
	@$(UV) run pytest -n 2 --dist loadgroup
	@MENTORING_TEST_DATABASE=postgres $(UV) run pytest -n 2 --dist loadgroup -m "not sqlite_only"

test-sqlite: sync
	@$(UV) run pytest

test-postgres: sync
	@MENTORING_TEST_DATABASE=postgres $(UV) run pytest

lint: sync
	@$(UV) run ruff check .
	@$(UV) run ruff format --check .

typecheck: sync
	@$(UV) run mypy mentoring matching jobs

## Regenerate a migration from the models: make migration MESSAGE="what changed"
migration: sync
	@rm -f /tmp/mentoring-migration.db
	@MENTORING_DATABASE_URL=sqlite:////tmp/mentoring-migration.db $(UV) run mentoring db upgrade
	@MENTORING_DATABASE_URL=sqlite:////tmp/mentoring-migration.db $(UV) run mentoring db revision -m "$(MESSAGE)"

bench: sync
	@$(UV) run --group bench python bench/matching.py

clean:
	rm -rf var .pytest_cache
