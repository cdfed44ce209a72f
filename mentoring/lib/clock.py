"""The one place the platform asks what time it is, so tests and jobs can control it.

Two controls, both adding an offset to the real time (so time still passes):

* :func:`travel` / :func:`reset` shift this process's clock (tests in-process);
* ``MENTORING_CLOCK_FILE`` names a file holding an offset in seconds, re-read on every call, so a
  test can move the clock of a worker process it started (and a demo can fast-forward).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

_offset = timedelta(0)


def _file_offset() -> timedelta:
    path = os.environ.get("MENTORING_CLOCK_FILE")
    if not path:
        return timedelta(0)
    try:
        return timedelta(seconds=float(Path(path).read_text().strip() or 0))
    except (OSError, ValueError):
        return timedelta(0)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (shifted by any offset set for tests or demos)."""
    return datetime.now(UTC) + _offset + _file_offset()


def travel(delta: timedelta) -> None:
    """Move this process's clock forward (or back) by ``delta``."""
    global _offset
    _offset += delta


def reset() -> None:
    """Forget any offset set with :func:`travel`."""
    global _offset
    _offset = timedelta(0)


def write_offset_file(path: Path, offset: timedelta) -> None:
    """Set the offset that processes started with ``MENTORING_CLOCK_FILE=path`` read."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(str(offset.total_seconds()))
    tmp.replace(path)
