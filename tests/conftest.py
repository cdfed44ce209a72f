"""Shared fixtures: a fresh real database per run (SQLite or PostgreSQL), the app, and people.

``MENTORING_TEST_DATABASE=postgres`` runs the suite on PostgreSQL (a database created for the run
and dropped after it); the default is a SQLite file.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from mentoring.db.engine import create_engine, session_scope
from mentoring.db.models import metadata
from mentoring.lib.security import configure_password_hashing
from mentoring.settings import Settings
from tests.services import POSTGRES_URL, require_postgres

BACKEND = os.environ.get("MENTORING_TEST_DATABASE", "sqlite").lower()
PASSWORD = "correct horse battery staple"

# Hundreds of sign-ups per run: hash with argon2's cheapest parameters here (the production
# profile is checked in tests/domain/accounts/test_passwords.py).
configure_password_hashing("CHEAPEST")


def pytest_report_header() -> str:
    return f"mentoring test database: {BACKEND}"


@pytest.fixture(scope="session")
def backend() -> str:
    """``sqlite`` or ``postgres``."""
    return BACKEND


async def _admin(sql: str) -> None:
    engine = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A fresh database for this run, migrated to head."""
    if BACKEND == "postgres":
        require_postgres()
        name = f"mentoring_test_{uuid.uuid4().hex[:12]}"
        await _admin(f'CREATE DATABASE "{name}"')
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    # The schema comes from the models here; tests/test_migrations.py proves the migrations agree.
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()
    yield url
    if BACKEND == "postgres":
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_settings(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test app: a fixed secret, a generous log-in rate limit."""
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        env="test",
        data_dir=data_dir,
        login_rate_limit_per_minute=10_000,
    ).with_overrides(**overrides)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings pointing at the run's database."""
    return make_settings(database_url, tmp_path)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """An engine on the run's database; every table is emptied after the test."""
    from mentoring.bootstrap import seed_defaults

    engine = create_engine(settings)
    await seed_defaults(settings)
    yield engine
    async with engine.begin() as conn:
        if BACKEND == "postgres":
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                await conn.execute(table.delete())
    await engine.dispose()


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session for arranging or inspecting data directly (committed at the end of the block)."""
    async with session_scope(engine) as session:
        yield session


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine) -> Litestar:
    """The application under test."""
    from mentoring.app import create_app

    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """An HTTP client talking to the app in-process (lifespan included)."""
    async with AsyncTestClient(app=app) as client:
        yield client


@dataclass
class Person:
    """Someone who signed up, with the headers that authenticate them."""

    id: str
    email: str
    token: str
    roles: list[str] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class People:
    """Makes people through the public API (coordinators through the CLI's service)."""

    def __init__(self, client: AsyncTestClient[Litestar], engine: AsyncEngine) -> None:
        self.client = client
        self.engine = engine
        self.count = 0

    def _email(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}-{uuid.uuid4().hex[:6]}@example.org"

    async def _login(self, email: str) -> Person:
        response = await self.client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        token = response.json()["access_token"]
        me = await self.client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        return Person(id=me.json()["id"], email=email, token=token, roles=me.json()["roles"])

    async def signup(self, role: str, *, language: str = "en", name: str | None = None) -> Person:
        """A new mentee or mentor."""
        email = self._email(role)
        response = await self.client.post(
            "/api/auth/signup",
            json={
                "email": email,
                "password": PASSWORD,
                "display_name": name or f"{role.title()} {self.count}",
                "role": role,
                "language": language,
            },
        )
        assert response.status_code == 201, response.text
        return await self._login(email)

    async def mentee(self, **kwargs: Any) -> Person:
        """A new mentee."""
        return await self.signup("mentee", **kwargs)

    async def mentor(self, **kwargs: Any) -> Person:
        """A new mentor."""
        return await self.signup("mentor", **kwargs)

    async def coordinator(self, program_ids: list[str] | None = None) -> Person:
        """A new coordinator, created the way the CLI creates one."""
        from mentoring.domain.accounts.services import AccountService

        email = self._email("coordinator")
        async with session_scope(self.engine) as session:
            await AccountService(session).create_coordinator(
                email=email,
                password=PASSWORD,
                display_name="Coordinator",
                program_ids=[uuid.UUID(p) for p in program_ids or []],
            )
        return await self._login(email)


@pytest.fixture
def people(client: AsyncTestClient[Litestar], engine: AsyncEngine) -> People:
    """Factory of people through the public API."""
    return People(client, engine)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests build their own settings: ambient MENTORING_* variables must not leak in."""
    for name in list(os.environ):
        if name.startswith("MENTORING_") and not name.startswith("MENTORING_TEST_"):
            monkeypatch.delenv(name)
    yield
