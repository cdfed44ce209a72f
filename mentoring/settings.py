"""Typed settings, read once from the environment.

Every knob is a ``MENTORING_*`` environment variable; with none set the platform runs
embedded: a SQLite file under ``./var`` and jobs in-process.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any


class SettingsError(RuntimeError):
    """The environment describes a configuration the platform refuses to start with."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"MENTORING_{name}")
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise SettingsError(f"MENTORING_{name} must be an integer, got {value!r}") from exc


def _env_float(name: str, default: float) -> float:
    value = _env(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError as exc:
        raise SettingsError(f"MENTORING_{name} must be a number, got {value!r}") from exc
    if number <= 0:
        raise SettingsError(f"MENTORING_{name} must be positive, got {value!r}")
    return number


def normalise_database_url(url: str) -> str:
    """Give a plain ``postgresql://`` or ``sqlite:///`` URL its async driver."""
    for plain, driver in (
        ("postgres://", "postgresql+asyncpg://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("sqlite:///", "sqlite+aiosqlite:///"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


@dataclass(frozen=True)
class SMTPSettings:
    """Outgoing e-mail; ``host=None`` means e-mails are not sent (the in-app inbox still is)."""

    host: str | None = None
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "Mentoring <no-reply@mentoring.local>"
    use_tls: bool = False
    start_tls: bool = False


@dataclass(frozen=True)
class JobSettings:
    """Background follow-ups: how often to look for due ones, how many at once, how hard to retry."""

    poll_seconds: int = 5
    batch_size: int = 100
    lease_seconds: int = 300
    max_attempts: int = 5
    backoff_seconds: int = 60
    concurrency: int = 4
    # A follow-up cut short because the database went away is retried this long after it is back
    # (without spending one of its ``max_attempts``: the effect did not fail, the database did).
    outage_retry_seconds: int = 5
    queue_name: str = "mentoring:jobs"
    # Run the follow-ups inside the API process when no Redis is configured (`mentoring serve`).
    in_process: bool = False


@dataclass(frozen=True)
class DatabaseSettings:
    """Connections to PostgreSQL: pool sizes, timeouts, and the deployment they must fit in.

    Each process opens at most ``pool_size + max_overflow`` connections (an API process) or
    ``jobs.concurrency + 1`` (a worker); :mod:`mentoring.db.budget` adds them up for
    ``api_processes`` API processes and ``worker_processes`` workers and checks the total leaves
    ``headroom`` free below the server's ``max_connections``.
    """

    pool_size: int = 10
    max_overflow: int = 5
    # Seconds a request waits for a pooled connection, for a new connection, for one statement.
    pool_timeout: float = 10.0
    connect_timeout: float = 5.0
    command_timeout: float = 60.0
    # A full round-trip ping (BEGIN; ; ROLLBACK) on every checkout; off by default, a free local
    # check discards connections the server closed (see mentoring.db.engine and bench/preping.py).
    pre_ping: bool = False
    # The deployment: how many processes of each kind share the server, and what it allows.
    api_processes: int = 1
    worker_processes: int = 1
    max_connections: int = 100
    headroom: int = 10


@dataclass(frozen=True)
class Settings:
    """Everything the platform reads from its environment."""

    database_url: str
    secret_key: str
    env: str = "development"
    debug: bool = False
    redis_url: str | None = None
    data_dir: Path = field(default_factory=lambda: Path("var"))
    token_ttl_minutes: int = 60 * 12
    jwt_audience: str = "mentoring-api"
    jwt_issuer: str = "mentoring"
    login_rate_limit_per_minute: int = 10
    max_body_bytes: int = 64 * 1024
    public_url: str = "http://127.0.0.1:8000"
    smtp: SMTPSettings = field(default_factory=SMTPSettings)
    jobs: JobSettings = field(default_factory=JobSettings)
    db: DatabaseSettings = field(default_factory=DatabaseSettings)
    echo_sql: bool = False
    # Development and tests only: a file holding a clock offset in seconds (see mentoring.lib.clock).
    clock_file: Path | None = None
    # numba's compiled-code cache (``None``: ``<data_dir>/numba-cache``); the code tree may be read-only.
    numba_cache_dir: Path | None = None
    # Compile the matching engine in the background at start-up, so the first round does not wait.
    warm_engine: bool = True
    # Web pages: a session ends after this long without a request, and this long after log-in anyway.
    session_idle_minutes: int = 120
    session_max_hours: int = 24 * 7

    @property
    def secure_cookies(self) -> bool:
        """Cookies are ``Secure`` everywhere but on a developer's plain-HTTP machine (and tests)."""
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite file."""
        return self.database_url.startswith("sqlite")

    @property
    def numba_cache_path(self) -> Path:
        """Where numba keeps its compiled code for this process (absolute)."""
        return (self.numba_cache_dir or self.data_dir / "numba-cache").absolute()

    @property
    def embedded_jobs(self) -> bool:
        """Jobs run in-process when no Redis is configured."""
        return self.redis_url is None

    def with_overrides(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed (tests and the CLI use it)."""
        return replace(self, **changes)


def _secret_key(env: str, debug: bool, data_dir: Path) -> str:
    key = _env("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise SettingsError("MENTORING_SECRET_KEY must be at least 32 characters long")
        return key
    if env == "production" and not debug:
        raise SettingsError(
            "MENTORING_SECRET_KEY is not set: a production run needs a secret key of at least 32 "
            "characters (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    # Development: keep a generated key beside the SQLite file so tokens survive a restart.
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _clock_file(env: str, data_dir: Path) -> Path | None:
    """The development clock's offset file: ``MENTORING_CLOCK_FILE``, else one beside the data in
    development (so ``mentoring clock advance`` moves a running ``mentoring serve``); none otherwise."""
    path = _env("CLOCK_FILE")
    if not path:
        return data_dir / "clock-offset" if env == "development" else None
    if env == "production":
        raise SettingsError("MENTORING_CLOCK_FILE moves the clock: it is refused in production")
    return Path(path)


def load_settings() -> Settings:
    """Read the settings from the environment (uncached: see :func:`get_settings`)."""
    env = (_env("ENV", "development") or "development").lower()
    if env not in {"development", "production", "test"}:
        raise SettingsError(f"MENTORING_ENV must be development, production or test, got {env!r}")
    debug = _env_bool("DEBUG", False)
    data_dir = Path(_env("DATA_DIR", "var") or "var")
    default_db = f"sqlite+aiosqlite:///{data_dir / 'mentoring.db'}"
    return Settings(
        database_url=normalise_database_url(_env("DATABASE_URL", default_db) or default_db),
        secret_key=_secret_key(env, debug, data_dir),
        env=env,
        debug=debug,
        redis_url=_env("REDIS_URL"),
        data_dir=data_dir,
        token_ttl_minutes=_env_int("TOKEN_TTL_MINUTES", 60 * 12),
        login_rate_limit_per_minute=_env_int("LOGIN_RATE_LIMIT", 10),
        public_url=_env("PUBLIC_URL", "http://127.0.0.1:8000") or "http://127.0.0.1:8000",
        db=DatabaseSettings(
            pool_size=max(1, _env_int("DB_POOL_SIZE", DatabaseSettings.pool_size)),
            max_overflow=max(0, _env_int("DB_MAX_OVERFLOW", DatabaseSettings.max_overflow)),
            pool_timeout=_env_float("DB_POOL_TIMEOUT", DatabaseSettings.pool_timeout),
            connect_timeout=_env_float("DB_CONNECT_TIMEOUT", DatabaseSettings.connect_timeout),
            command_timeout=_env_float("DB_COMMAND_TIMEOUT", DatabaseSettings.command_timeout),
            pre_ping=_env_bool("DB_PRE_PING", False),
            api_processes=max(1, _env_int("API_PROCESSES", 1)),
            worker_processes=max(0, _env_int("WORKER_PROCESSES", 1)),
            max_connections=max(1, _env_int("DB_MAX_CONNECTIONS", DatabaseSettings.max_connections)),
            headroom=max(0, _env_int("DB_HEADROOM", DatabaseSettings.headroom)),
        ),
        echo_sql=_env_bool("ECHO_SQL", False),
        clock_file=_clock_file(env, data_dir),
        numba_cache_dir=Path(cache_dir)
        if (cache_dir := _env("NUMBA_CACHE_DIR") or os.environ.get("NUMBA_CACHE_DIR"))
        else None,
        warm_engine=_env_bool("WARM_ENGINE", env != "test"),
        session_idle_minutes=max(1, _env_int("SESSION_IDLE_MINUTES", 120)),
        session_max_hours=max(1, _env_int("SESSION_MAX_HOURS", 24 * 7)),
        smtp=SMTPSettings(
            host=_env("SMTP_HOST"),
            port=_env_int("SMTP_PORT", 587),
            username=_env("SMTP_USERNAME"),
            password=_env("SMTP_PASSWORD"),
            sender=_env("SMTP_SENDER", SMTPSettings.sender) or SMTPSettings.sender,
            use_tls=_env_bool("SMTP_TLS", False),
            start_tls=_env_bool("SMTP_STARTTLS", False),
        ),
        jobs=JobSettings(
            poll_seconds=max(1, _env_int("JOBS_POLL_SECONDS", 5)),
            batch_size=max(1, _env_int("JOBS_BATCH_SIZE", 100)),
            lease_seconds=max(1, _env_int("JOBS_LEASE_SECONDS", 300)),
            max_attempts=max(1, _env_int("JOBS_MAX_ATTEMPTS", 5)),
            backoff_seconds=max(1, _env_int("JOBS_BACKOFF_SECONDS", 60)),
            concurrency=max(1, _env_int("JOBS_CONCURRENCY", 4)),
            outage_retry_seconds=max(0, _env_int("JOBS_OUTAGE_RETRY_SECONDS", 5)),
            queue_name=_env("JOBS_QUEUE", JobSettings.queue_name) or JobSettings.queue_name,
            in_process=_env_bool("JOBS_IN_PROCESS", True),
        ),
    )


def apply_numba_cache_dir(settings: Settings) -> Path:
    """Point numba's cache at the settings' directory; call it before :mod:`matching` is imported.

    numba reads ``NUMBA_CACHE_DIR`` once, when it is first imported; its default (``__pycache__``
    beside the code) is not writable in a read-only install.
    """
    path = settings.numba_cache_path
    os.environ["NUMBA_CACHE_DIR"] = str(path)
    with contextlib.suppress(OSError):  # unwritable: numba compiles in memory, the engine still runs
        path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
