"""Shared fixtures: a fresh real database per run (SQLite or PostgreSQL), the app, and people.

``MENTORING_TEST_DATABASE=postgres`` runs the suite on PostgreSQL (a database created for the run
and dropped after it); the default is a SQLite file.

What is built once per test process, and why that is safe:

* the settings and the app (building a Litestar app and its OpenAPI document costs more than most
  tests): a test gets the same app, with its rate-limit counters emptied, and a fresh database,
  because every table is emptied after each test;
* the database engine (its connection pool), emptied the same way;
* numba's compiled code, in one cache directory every worker and every run share (``var/``).

People are made by the same services the sign-up and log-in routes call, not over HTTP (three
requests each): tests/domain/accounts and tests/test_people.py keep those routes tested.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
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

ROOT = Path(__file__).resolve().parent.parent
# numba reads its cache directory once, when first imported (nothing above imports it): one
# compiled cache for every xdist worker and every run, kept in var/ like the other local state.
assert "numba" not in sys.modules, "tests/conftest.py must set NUMBA_CACHE_DIR before numba loads"
os.environ.setdefault("NUMBA_CACHE_DIR", str(ROOT / "var" / "numba-cache"))

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
    """Settings for a test app: a fixed secret, a generous log-in rate limit, no engine warm-up."""
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        env="test",
        data_dir=data_dir,
        login_rate_limit_per_minute=10_000,
        numba_cache_dir=Path(os.environ["NUMBA_CACHE_DIR"]),
        warm_engine=False,
    ).with_overrides(**overrides)


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at the run's database (one object per test process: settings are frozen)."""
    return make_settings(database_url, tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
async def _shared_engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings)
    yield engine
    await engine.dispose()


async def empty_database(engine: AsyncEngine) -> None:
    """Delete every row of every table, in one round trip.

    On PostgreSQL a DELETE of a few rows is much cheaper than a TRUNCATE (which replaces each
    table's files); on SQLite, with the foreign keys checked, deleting children first is enough.
    """
    tables = list(reversed(metadata.sorted_tables))
    async with engine.begin() as conn:
        if BACKEND == "postgres":
            raw = await conn.get_raw_connection()
            script = "; ".join(f'DELETE FROM "{t.name}"' for t in tables)  # noqa: S608 (our names)
            await raw.driver_connection.execute(script)  # type: ignore[union-attr]
        else:
            for table in tables:
                await conn.execute(table.delete())


@pytest.fixture
async def engine(settings: Settings, _shared_engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """An engine on the run's database, with the default data; every table is emptied after the test."""
    from mentoring.domain.programs.taxonomy import seed_default_taxonomy

    async with session_scope(_shared_engine) as session:  # what seed_defaults does, on this engine
        await seed_default_taxonomy(session)
    yield _shared_engine
    await empty_database(_shared_engine)
    await _shared_engine.dispose()  # a test may have left a connection in a state of its own


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session for arranging or inspecting data directly (committed at the end of the block)."""
    async with session_scope(engine) as session:
        yield session


@pytest.fixture(scope="session")
def _session_app(settings: Settings) -> Litestar:
    from mentoring.app import create_app

    return create_app(settings)


@pytest.fixture
async def app(_session_app: Litestar, engine: AsyncEngine) -> Litestar:
    """The application under test (built once per test process), as a new one would be.

    Its rate-limit counters are emptied, and its connection pool is dropped: each test client runs
    the app in an event loop of its own, and a pooled PostgreSQL connection belongs to the loop
    that opened it (not closed here: it belongs to another loop; the server side goes with it).
    """
    await _session_app.stores.get("rate_limit").delete_all()
    await _session_app.state["alchemy_config"].get_engine().dispose(close=False)
    return _session_app


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
    """Makes people with the services behind sign-up, log-in and who-am-I (coordinators: the CLI's).

    Their tokens are minted as the log-in route mints them, by the app's JWT configuration, so they
    authenticate every request exactly as a logged-in person's do.
    """

    def __init__(self, client: AsyncTestClient[Litestar], engine: AsyncEngine) -> None:
        self.client = client
        self.engine = engine
        self.count = 0

    def _email(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}-{uuid.uuid4().hex[:6]}@example.org"

    async def _login(self, email: str) -> Person:
        """What log-in then who-am-I answer: a token for the account, its id and roles."""
        from mentoring.domain.accounts.services import AccountService

        app = self.client.app
        settings: Settings = app.state["settings"]
        async with session_scope(self.engine) as session:
            accounts = AccountService(session)
            user = await accounts.authenticate(email, PASSWORD)
            roles, _ = await accounts.roles(user)
        token = app.state["jwt_auth"].create_token(
            identifier=str(user.id),
            token_expiration=timedelta(minutes=settings.token_ttl_minutes),
            token_issuer=settings.jwt_issuer,
            token_audience=settings.jwt_audience,
        )
        return Person(id=str(user.id), email=email, token=token, roles=list(roles))

    async def signup(self, role: str, *, language: str = "en", name: str | None = None) -> Person:
        """A new mentee or mentor."""
        from mentoring.domain.accounts.services import AccountService

        email = self._email(role)
        async with session_scope(self.engine) as session:
            await AccountService(session).sign_up(
                email=email,
                password=PASSWORD,
                display_name=name or f"{role.title()} {self.count}",
                role=role,
                language=language,
            )
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
