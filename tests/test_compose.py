"""The Docker deployment files: docker-compose.yml is a valid Compose file wired in the right order.

There is no Docker engine in CI, so these tests check the files themselves: the Compose
specification's JSON schema, then the structure the stack relies on (healthchecks, start order,
production settings, a secret that must be supplied).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The parsed Compose file (YAML anchors and merge keys resolved)."""
    return yaml.safe_load(COMPOSE_FILE.read_text())


def _command(service: dict[str, Any]) -> list[str]:
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else [str(part) for part in command]


def _joined(test: list[str] | str) -> str:
    return test if isinstance(test, str) else " ".join(test)


def test_compose_file_matches_the_compose_specification() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE_FILE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_of_the_stack_is_present(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"postgres", "redis", "migrator", "api", "worker"}


def test_postgres_is_healthchecked_with_pg_isready_and_keeps_its_data_in_a_volume(
    compose: dict[str, Any],
) -> None:
    postgres = compose["services"]["postgres"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_redis_is_healthchecked_with_a_ping(compose: dict[str, Any]) -> None:
    assert _joined(compose["services"]["redis"]["healthcheck"]["test"]) == "CMD redis-cli ping"


def test_migrator_runs_the_migrations_once_postgres_is_healthy(compose: dict[str, Any]) -> None:
    migrator = compose["services"]["migrator"]
    assert _command(migrator) == ["db", "upgrade"]
    assert migrator["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert migrator["restart"] == "no"


@pytest.mark.parametrize("name", ["api", "worker"])
def test_api_and_worker_wait_for_the_migration_and_a_healthy_redis(
    compose: dict[str, Any], name: str
) -> None:
    assert compose["services"][name]["depends_on"] == {
        "migrator": {"condition": "service_completed_successfully"},
        "redis": {"condition": "service_healthy"},
    }


def test_api_serves_with_four_workers_without_migrating_or_seeding(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    command = _command(api)
    assert command[0] == "serve"
    assert command[command.index("--host") + 1] == "0.0.0.0"  # noqa: S104 (inside the container)
    assert command[command.index("--workers") + 1] == "4"
    assert {"--no-migrate", "--no-demo"} <= set(command)
    assert "8000:8000" in api["ports"]
    assert "/api/health" in _joined(api["healthcheck"]["test"])


def test_worker_runs_the_job_worker(compose: dict[str, Any]) -> None:
    assert _command(compose["services"]["worker"]) == ["worker"]


@pytest.mark.parametrize("name", ["migrator", "api", "worker"])
def test_app_services_run_in_production_against_postgres_and_redis(
    compose: dict[str, Any], name: str
) -> None:
    environment = compose["services"][name]["environment"]
    assert environment["MENTORING_ENV"] == "production"
    assert environment["MENTORING_DATABASE_URL"].startswith("postgresql://")
    assert environment["MENTORING_DATABASE_URL"].endswith("@postgres:5432/mentoring")
    assert environment["MENTORING_REDIS_URL"] == "redis://redis:6379/0"


def test_secret_key_must_be_supplied_with_a_clear_message(compose: dict[str, Any]) -> None:
    secret = compose["services"]["api"]["environment"]["MENTORING_SECRET_KEY"]
    match = re.fullmatch(r"\$\{MENTORING_SECRET_KEY:\?(?P<message>.+)\}", secret)
    assert match is not None, "compose must refuse to start without MENTORING_SECRET_KEY"
    assert "32 characters" in match["message"]


def test_image_runs_as_a_non_root_user_with_the_locked_dependencies() -> None:
    dockerfile = DOCKERFILE.read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    assert "uv sync --frozen --no-dev" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}
    assert re.search(r'^ENTRYPOINT \["mentoring"\]', dockerfile, re.MULTILINE)


@pytest.mark.parametrize("name", ["migrator", "api", "worker"])
def test_app_services_run_read_only_as_a_non_root_user_with_a_writable_data_volume(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    assert service["read_only"] is True
    assert str(service["user"]).split(":")[0] not in {"root", "0"}
    data_volume = next(v for v in service["volumes"] if v.split(":")[1] == "/app/var")
    assert data_volume.split(":")[0] in compose["volumes"]
    assert "/tmp" in service["tmpfs"]


def test_image_keeps_the_code_read_only_and_the_numba_cache_in_the_data_directory() -> None:
    dockerfile = DOCKERFILE.read_text()
    # Only the data directory is handed to the runtime user; the code stays root's.
    chowned = re.findall(r"chown -R \S+ (\S+)", dockerfile)
    assert chowned == ["/app/var"]
    assert "MENTORING_DATA_DIR=/app/var" in dockerfile
    assert "MENTORING_NUMBA_CACHE_DIR=/app/var/numba-cache" in dockerfile
    # The matching engine is compiled at build time, by the runtime user, into that cache.
    user_at = dockerfile.index("\nUSER mentoring")
    warm = re.search(r"^RUN NUMBA_CACHE_DIR=/app/var/numba-cache python -c .*warm", dockerfile, re.M | re.S)
    assert warm is not None
    assert warm.start() > user_at


def test_the_connection_budget_of_the_compose_defaults_fits_postgres(compose: dict[str, Any]) -> None:
    from mentoring.db.budget import budget
    from mentoring.settings import DatabaseSettings, JobSettings, Settings

    environment = compose["services"]["api"]["environment"]
    api_command = _command(compose["services"]["api"])

    def default(name: str) -> int:
        value = str(environment[name])
        match = re.fullmatch(r"\$\{\w+:-(\d+)\}", value)
        return int(match[1] if match else value)

    assert default("MENTORING_API_PROCESSES") == int(api_command[api_command.index("--workers") + 1])
    postgres_command = _command(compose["services"]["postgres"])
    max_connections = int(postgres_command[postgres_command.index("-c") + 1].split("=")[1])
    assert default("MENTORING_DB_MAX_CONNECTIONS") == max_connections
    settings = Settings(
        database_url="postgresql+asyncpg://mentoring@postgres:5432/mentoring",
        secret_key="x" * 32,
        redis_url=environment["MENTORING_REDIS_URL"],
        db=DatabaseSettings(
            pool_size=default("MENTORING_DB_POOL_SIZE"),
            max_overflow=default("MENTORING_DB_MAX_OVERFLOW"),
            api_processes=default("MENTORING_API_PROCESSES"),
            worker_processes=default("MENTORING_WORKER_PROCESSES"),
            max_connections=max_connections,
        ),
        jobs=JobSettings(concurrency=default("MENTORING_JOBS_CONCURRENCY")),
    )
    planned = budget(settings)
    assert planned.total == 4 * 15 + 1 * 5 + 2
    assert planned.fits, planned.describe()
    assert planned.available - planned.total >= 2 * planned.headroom, "compose keeps generous headroom"
