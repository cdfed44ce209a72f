"""The ``mentoring`` command line, run as a real subprocess on a temporary SQLite database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


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


def test_create_coordinator_then_log_in(migrated: Path) -> None:
    created = run(
        migrated, "create-coordinator", "Ada@Example.org", "--name", "Ada", "--password", "a long password 1"
    )
    assert created.returncode == 0, created.stderr
    assert "Coordinator Ada@Example.org created" in created.stderr
    again = run(migrated, "create-coordinator", "ada@example.org", "--password", "a long password 1")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    login = subprocess.run(
        [
            sys.executable,
            "-c",
            "import asyncio, os\n"
            "from litestar.testing import AsyncTestClient\n"
            "from mentoring.app import create_app\n"
            "async def main():\n"
            "    async with AsyncTestClient(app=create_app()) as c:\n"
            "        r = await c.post('/api/auth/login', json={'email': 'ada@example.org', 'password': 'a long password 1'})\n"
            "        me = await c.get('/api/me', headers={'Authorization': 'Bearer ' + r.json()['access_token']})\n"
            "        print(me.json()['roles'])\n"
            "asyncio.run(main())\n",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")},
            "MENTORING_DATABASE_URL": f"sqlite:///{migrated / 'cli.db'}",
            "MENTORING_DATA_DIR": str(migrated / "var"),
            "MENTORING_JOBS_IN_PROCESS": "false",
        },
    )
    assert login.returncode == 0, login.stderr
    assert login.stdout.strip() == "['coordinator']"


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
