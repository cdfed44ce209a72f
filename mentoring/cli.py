"""The ``mentoring`` command: serve, worker, db, create-coordinator, demo, clock."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import click
from rich.console import Console

from mentoring.settings import SettingsError, apply_numba_cache_dir, get_settings

console = Console(stderr=True)


def _settings() -> Any:
    try:
        settings = get_settings()
    except SettingsError as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        sys.exit(2)
    # Every command may import the matching engine: numba must know where its cache is first.
    apply_numba_cache_dir(settings)
    return settings


@click.group()
def main() -> None:
    """Mentoring: pair people with mentors who lived through the same challenge."""


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply the migrations up to REVISION (default: head) and the default data."""
    from mentoring.bootstrap import prepare_database

    settings = _settings()
    asyncio.run(prepare_database(settings, revision=revision))
    console.print(f"Database at revision {revision}: {settings.database_url.split('@')[-1]}")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Take the schema back to REVISION."""
    from mentoring.db.migrate import downgrade

    downgrade(_settings(), revision)


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option("--autogenerate/--empty", default=True, help="Diff the models against the database.")
def db_revision(message: str, autogenerate: bool) -> None:
    """Write a new migration (developers)."""
    from alembic import command

    from mentoring.db.migrate import alembic_config

    command.revision(alembic_config(_settings()), message=message, autogenerate=autogenerate)


def _report_budget(settings: Any, api_processes: int | None = None) -> bool:
    """Print the connection budget (PostgreSQL only); whether it fits."""
    from mentoring.db.budget import check_budget

    result = asyncio.run(check_budget(settings, api_processes=api_processes))
    if result is None:
        return True
    colour = "green" if result.fits else "red"
    verdict = "fits" if result.fits else "does NOT fit"
    console.print(f"[{colour}]Connection budget {verdict}:[/{colour}] {result.describe()}")
    return result.fits


@db.command("budget")
def db_budget() -> None:
    """Show the PostgreSQL connections the deployment may open against what the server allows."""
    sys.exit(0 if _report_budget(_settings()) else 1)


@main.command("create-coordinator")
@click.argument("email")
@click.option("--name", default=None, help="Display name (default: the e-mail's local part).")
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, envvar="MENTORING_NEW_PASSWORD"
)
@click.option("--program", "programs", multiple=True, help="Slug of a programme to coordinate (repeatable).")
def create_coordinator(email: str, name: str | None, password: str, programs: tuple[str, ...]) -> None:
    """Create a coordinator account."""
    from mentoring.bootstrap import create_coordinator_account
    from mentoring.lib.errors import DomainError

    try:
        user_id = asyncio.run(create_coordinator_account(_settings(), email, password, name, programs))
    except DomainError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        sys.exit(1)
    console.print(f"Coordinator {email} created ({user_id})")


@main.command()
def demo() -> None:
    """Seed the demo programme, mentors, mentees and coordinator (idempotent)."""
    from mentoring.bootstrap import prepare_database
    from mentoring.demo import seed_demo

    settings = _settings()
    asyncio.run(prepare_database(settings))
    logins = asyncio.run(seed_demo(settings))
    _print_logins(logins)


def _print_logins(logins: list[Any], url: str = "http://127.0.0.1:8000/") -> None:
    """The site's address, then each demo login with what that person's pages show."""
    if not logins:
        return
    console.print(f"[bold]Demo logins[/bold] (log in at {url}login; e-mail, password: what it shows):")
    for login in logins:
        console.print(
            f"  {login.email:<30} {login.password:<18} {login.shows}", highlight=False, soft_wrap=True
        )


@main.command()
@click.option(
    "--host", default=lambda: os.environ.get("MENTORING_HOST", "127.0.0.1"), show_default="127.0.0.1"
)
@click.option(
    "--port", default=lambda: int(os.environ.get("MENTORING_PORT", "8000")), type=int, show_default="8000"
)
@click.option(
    "--workers",
    default=lambda: int(os.environ.get("MENTORING_API_PROCESSES", "1")),
    type=int,
    show_default="MENTORING_API_PROCESSES or 1",
    help="API processes (production: several).",
)
@click.option("--migrate/--no-migrate", default=None, help="Apply migrations first (default: on SQLite).")
@click.option("--demo/--no-demo", "with_demo", default=None, help="Seed demo data (default: on SQLite).")
def serve(host: str, port: int, workers: int, migrate: bool | None, with_demo: bool | None) -> None:
    """Start the site and the API (and, with no Redis configured, the background jobs in-process)."""
    import uvicorn

    from mentoring.bootstrap import prepare_database

    settings = _settings()
    url = f"http://{host}:{port}/"
    console.print(f"[bold green]Mentoring[/bold green] — the site: {url}  (API docs: {url}api/docs)")
    _report_budget(settings, api_processes=workers)
    if migrate if migrate is not None else settings.is_sqlite:
        asyncio.run(prepare_database(settings))
    if with_demo if with_demo is not None else settings.is_sqlite:
        from mentoring.demo import seed_demo

        _print_logins(asyncio.run(seed_demo(settings)), url)
    uvicorn.run(
        "mentoring.asgi:app",
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=True,
    )


@main.group()
def clock() -> None:
    """Move the platform's time forward, for demos (development only).

    A running `mentoring serve` (and its in-process follow-ups, or the workers) sees the new time
    within a few seconds, without a restart: reminders, expiries and check-ins become due.
    """


def _clock_file() -> Any:
    """The clock file of a development set-up; a clear refusal anywhere else."""
    settings = _settings()
    if settings.env == "production":
        console.print("[red]The clock cannot be moved in production[/red] (MENTORING_ENV=production).")
        sys.exit(2)
    if settings.clock_file is None:
        console.print(
            "[red]No clock file:[/red] set MENTORING_CLOCK_FILE (the servers and workers must share it)."
        )
        sys.exit(2)
    return settings.clock_file


def _show_clock(path: Any) -> None:
    from mentoring.lib.clock import FileOffsetClock

    moved = FileOffsetClock(path)
    console.print(
        f"Platform time: {moved.now():%Y-%m-%d %H:%M} UTC (ahead of the real time by {moved.offset()})"
    )


@clock.command("advance")
@click.argument("duration")
def clock_advance(duration: str) -> None:
    """Move the clock forward by DURATION: 7d, 2h, 30m, or a sum such as 1d12h."""
    from mentoring.lib.clock import parse_duration, read_offset_file, write_offset_file

    path = _clock_file()
    try:
        step = parse_duration(duration)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        sys.exit(2)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_offset_file(path, read_offset_file(path) + step)
    _show_clock(path)


@clock.command("show")
def clock_show() -> None:
    """Print the platform's time and how far it is ahead of the real time."""
    _show_clock(_clock_file())


@clock.command("reset")
def clock_reset() -> None:
    """Put the clock back to the real time."""
    from datetime import timedelta

    from mentoring.lib.clock import write_offset_file

    path = _clock_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_offset_file(path, timedelta(0))
    _show_clock(path)


@main.command()
@click.option("--burst", is_flag=True, help="Process what is due, then exit.")
def worker(burst: bool) -> None:
    """Run the arq worker that performs follow-ups (needs MENTORING_REDIS_URL)."""
    from jobs.worker import run_worker

    settings = _settings()
    if settings.redis_url is None:
        console.print(
            "[red]MENTORING_REDIS_URL is not set:[/red] without Redis, `mentoring serve` runs jobs in-process."
        )
        sys.exit(2)
    run_worker(settings, burst=burst)


if __name__ == "__main__":  # pragma: no cover
    main()
