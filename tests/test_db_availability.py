"""Which errors mean "the database is away", and the pool settings read from the environment."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from mentoring.db.availability import is_unavailable, lost_connection
from mentoring.db.budget import pool_limits
from mentoring.settings import SettingsError, load_settings


class AdminShutdownError(Exception):
    sqlstate = "57P01"


def test_connection_errors_are_unavailability_and_statement_errors_are_not() -> None:
    assert is_unavailable(ConnectionRefusedError(111, "Connect call failed"))
    assert is_unavailable(TimeoutError())
    assert is_unavailable(OperationalError("SELECT 1", {}, AdminShutdownError("terminating")))
    assert is_unavailable(InterfaceError("SELECT 1", {}, Exception("connection is closed")))
    assert not is_unavailable(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not is_unavailable(ValueError("bad"))


def test_a_bare_oserror_is_not_the_database_losing_its_connection() -> None:
    """An SMTP server refusing is the effect failing (retried with back-off), not an outage."""
    assert not lost_connection(ConnectionRefusedError(111, "SMTP refused"))
    assert lost_connection(InterfaceError("SELECT 1", {}, Exception("connection is closed")))
    assert lost_connection(OperationalError("SELECT 1", {}, AdminShutdownError("terminating")))


def test_pool_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("MENTORING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MENTORING_DB_POOL_SIZE", "7")
    monkeypatch.setenv("MENTORING_DB_MAX_OVERFLOW", "3")
    monkeypatch.setenv("MENTORING_JOBS_CONCURRENCY", "2")
    monkeypatch.setenv("MENTORING_DB_CONNECT_TIMEOUT", "2.5")
    settings = load_settings()
    assert pool_limits(settings, "api") == (7, 3)
    assert pool_limits(settings, "worker") == (2, 1)
    assert settings.db.connect_timeout == 2.5
    monkeypatch.setenv("MENTORING_DB_COMMAND_TIMEOUT", "soon")
    with pytest.raises(SettingsError, match="MENTORING_DB_COMMAND_TIMEOUT"):
        load_settings()
