"""The one place the platform asks what time it is: :func:`utcnow` asks the process's clock.

The clock is an object installed once, at start-up, by the composition root — never looked up in
the environment or a file by :func:`utcnow` itself:

* :class:`SystemClock` (the default): the real time. Production always runs on it.
* :class:`OffsetClock`: the real time plus an offset that :meth:`OffsetClock.travel` moves, so time
  still passes. Tests install one for their process (``clock.install(OffsetClock())``).
* :class:`FileOffsetClock`: the real time plus an offset in seconds kept in a file, re-read when the
  file changes. It is the **development clock**: :func:`configure` installs it when the settings name
  a file (``Settings.clock_file``, from ``MENTORING_CLOCK_FILE``, else ``var/clock-offset`` in
  development; never in production). Tests use it to move the time of the worker processes they
  start, and ``mentoring clock advance 7d`` moves a *running* server, its in-process follow-up
  runner and its workers by writing the same file (:func:`write_offset_file`). A file, rather than an offset
  row in the database, because every process of a development machine can read it cheaply from the
  synchronous :func:`utcnow`, with no query and no session.

:func:`configure` is called by :func:`mentoring.app.create_app` and the arq worker at start-up.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from mentoring.settings import Settings, SettingsError

__all__ = [
    "Clock",
    "FileOffsetClock",
    "OffsetClock",
    "SystemClock",
    "configure",
    "current",
    "install",
    "parse_duration",
    "read_offset_file",
    "utcnow",
    "write_offset_file",
]


class Clock(Protocol):
    """Something that tells the time (timezone-aware, UTC)."""

    def now(self) -> datetime:
        """The current time."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        return datetime.now(UTC)


class OffsetClock:
    """The real time shifted by an offset that moves (time still passes)."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        """The real time plus the offset."""
        return datetime.now(UTC) + self.offset

    def travel(self, delta: timedelta) -> None:
        """Move the clock forward (or back) by ``delta``."""
        self.offset += delta


class FileOffsetClock:
    """The real time plus an offset in seconds read from ``path`` (re-read whenever the file changes).

    A development clock: a missing or unreadable file means no offset.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._offset = timedelta(0)

    def _read(self) -> timedelta:
        try:
            stat = os.stat(self.path)
        except OSError:
            return timedelta(0)
        stamp = (stat.st_mtime_ns, stat.st_ino)
        if stamp != self._stamp:
            try:
                self._offset = timedelta(seconds=float(self.path.read_text().strip() or 0))
            except (OSError, ValueError):
                return timedelta(0)
            self._stamp = stamp
        return self._offset

    def offset(self) -> timedelta:
        """The file's offset now (none while the file is missing or unreadable)."""
        return self._read()

    def now(self) -> datetime:
        """The real time plus the file's offset."""
        return datetime.now(UTC) + self._read()


_clock: Clock = SystemClock()


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC, as the installed clock tells it."""
    return _clock.now()


def current() -> Clock:
    """The installed clock."""
    return _clock


def install(clock: Clock) -> Clock:
    """Make ``clock`` the process's clock; returns the one it replaces (to put it back)."""
    global _clock
    previous, _clock = _clock, clock
    return previous


def configure(settings: Settings) -> None:
    """Install the clock the settings ask for: the development clock when they name a clock file.

    Without a clock file the installed clock is left alone (the system clock, unless a test
    installed its own).
    """
    if settings.clock_file is not None:
        if settings.env == "production":
            raise SettingsError("MENTORING_CLOCK_FILE moves the clock: it is refused in production")
        install(FileOffsetClock(settings.clock_file))


def write_offset_file(path: Path, offset: timedelta) -> None:
    """Set the offset a :class:`FileOffsetClock` on ``path`` reads (atomically)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(offset.total_seconds()))
    tmp.replace(path)


def read_offset_file(path: Path) -> timedelta:
    """The offset a :class:`FileOffsetClock` on ``path`` reads now (none for a missing file)."""
    return FileOffsetClock(path).offset()


_DURATION = re.compile(r"(\d+)([dhm])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_duration(text: str) -> timedelta:
    """``7d``, ``2h``, ``30m`` or a sum of them (``1d12h``) as a duration; ``ValueError`` otherwise."""
    compact = text.strip().lower().replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        raise ValueError(f"{text!r} is not a duration like 7d, 2h, 30m or 1d12h")
    total = timedelta(0)
    for amount, unit in _DURATION.findall(compact):
        total += timedelta(**{_UNITS[unit]: int(amount)})
    return total
