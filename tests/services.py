"""Reach the real PostgreSQL and Redis the tests need, or explain how to start them.

On a laptop without them the tests that need them skip with instructions; with ``CI=true`` a
missing service is a failure, never a skip.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest

POSTGRES_URL = os.environ.get(
    "MENTORING_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("MENTORING_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


def in_ci() -> bool:
    """Whether this run is CI's, where every service must be there."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def reachable(url: str, default_port: int) -> bool:
    """Whether something listens at the URL's host and port."""
    parsed = urlparse(url.replace("+asyncpg", ""))
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def require(name: str, url: str, default_port: int, how: str, env_var: str) -> None:
    """Skip (or, in CI, fail) when the service is not reachable."""
    if reachable(url, default_port):
        return
    message = (
        f"{name} is not reachable at {url}. Start it with `{how}`, or point {env_var} at one; "
        "these tests are skipped until then."
    )
    if in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def require_postgres() -> None:
    """Make sure PostgreSQL is there."""
    require("PostgreSQL", POSTGRES_URL, 5432, START_POSTGRES, "MENTORING_TEST_POSTGRES_URL")


def require_redis() -> None:
    """Make sure Redis is there."""
    require("Redis", REDIS_URL, 6379, START_REDIS, "MENTORING_TEST_REDIS_URL")
