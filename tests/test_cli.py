"""The ``mentoring`` command line, run as a real subprocess on a temporary SQLite database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from mentoring.app import create_app
from tests.conftest import make_settings


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")}
    base.update(
        MENTORING_DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}",
        MENTORING_DATA_DIR=str(tmp_path / "var"),
        COLUMNS="200",
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "mentoring", *args], capture_output=True, text=True, env=base, timeout=120
    )


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    upgraded = run(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    return tmp_path


async def test_create_coordinator_then_log_in(migrated: Path) -> None:
    created = run(
        migrated, "create-coordinator", "Ada@Example.org", "--name", "Ada", "--password", "a long password 1"
    )
    assert created.returncode == 0, created.stderr
    assert "Coordinator Ada@Example.org created" in created.stderr
    again = run(migrated, "create-coordinator", "ada@example.org", "--password", "a long password 1")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    # The account works over HTTP (in this process: a second interpreter would import everything).
    app = create_app(make_settings(f"sqlite+aiosqlite:///{migrated / 'cli.db'}", migrated / "var"))
    async with AsyncTestClient(app=app) as client:
        login = await client.post(
            "/api/auth/login", json={"email": "ada@example.org", "password": "a long password 1"}
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        me = await client.get("/api/me", headers=headers)
    assert me.json()["roles"] == ["coordinator"]


def test_create_coordinator_for_an_unknown_programme_is_refused(migrated: Path) -> None:
    result = run(
        migrated,
        "create-coordinator",
        "bob@example.org",
        "--password",
        "a long password 1",
        "--program",
        "nope",
    )
    assert result.returncode == 1
    assert "No programme with slug 'nope'" in result.stderr


def test_production_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade", MENTORING_ENV="production")
    assert result.returncode == 2
    assert "MENTORING_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade", MENTORING_SECRET_KEY="too-short")
    assert result.returncode == 2
    assert "at least 32 characters" in result.stderr


def test_worker_without_redis_says_how_to_run_jobs(tmp_path: Path) -> None:
    result = run(tmp_path, "worker")
    assert result.returncode == 2
    assert "MENTORING_REDIS_URL is not set" in result.stderr
