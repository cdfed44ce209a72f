"""Weekly availability: slots in a person's own time zone, checked, and turned into UTC intervals.

A slot is ``{"weekday": 0..6, "start": "HH:MM", "end": "HH:MM"}`` in the person's IANA time zone,
Monday being 0; ``end`` may be ``"24:00"``. Matching compares people in UTC minutes of the week
(0 = Monday 00:00 UTC, 10080 = the next Monday), computed over one fixed reference week so the
result does not depend on the day it is computed (daylight saving time included).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mentoring.lib.errors import BadRequestError

__all__ = [
    "MAX_SLOTS",
    "MINUTES_PER_WEEK",
    "REFERENCE_MONDAY",
    "check_slots",
    "check_timezone",
    "merge_intervals",
    "overlap_minutes",
    "to_utc_intervals",
]

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
#: Most slots one person may declare (six a day, every day).
MAX_SLOTS = 42
#: The Monday of the reference week. Early January: no northern-hemisphere DST change that week,
#: and a fixed date keeps every computation reproducible whatever today is.
REFERENCE_MONDAY = date(2024, 1, 1)

Interval = tuple[int, int]


def check_timezone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``, or a 400 saying it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise BadRequestError(
            f"timezone: unknown time zone {name!r}; use an IANA name such as 'Europe/Paris'"
        ) from exc


def minutes_of_day(value: str) -> int:
    """``"09:30"`` → 570; ``"24:00"`` → 1440."""
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _field(slot: Mapping[str, Any] | Any, name: str) -> Any:
    return slot[name] if isinstance(slot, Mapping) else getattr(slot, name)


def check_slots(slots: Sequence[Mapping[str, Any] | Any]) -> list[dict[str, Any]]:
    """Check slots (each starts before it ends, none overlap) and return them sorted as dicts.

    Raises:
        BadRequestError: too many slots, a slot ending before it starts, or two slots overlapping.
    """
    if len(slots) > MAX_SLOTS:
        raise BadRequestError(f"availability: at most {MAX_SLOTS} slots")
    cleaned = [
        {"weekday": int(_field(s, "weekday")), "start": _field(s, "start"), "end": _field(s, "end")}
        for s in slots
    ]
    cleaned.sort(key=lambda s: (s["weekday"], minutes_of_day(s["start"])))
    previous: dict[str, Any] | None = None
    for slot in cleaned:
        if not 0 <= slot["weekday"] <= 6:
            raise BadRequestError("availability: weekday must be between 0 (Monday) and 6 (Sunday)")
        if minutes_of_day(slot["start"]) >= minutes_of_day(slot["end"]):
            raise BadRequestError(
                f"availability: a slot must start before it ends ({slot['start']}–{slot['end']}"
                f" on weekday {slot['weekday']})"
            )
        if (
            previous is not None
            and previous["weekday"] == slot["weekday"]
            and minutes_of_day(previous["end"]) > minutes_of_day(slot["start"])
        ):
            raise BadRequestError(
                f"availability: slots {previous['start']}–{previous['end']} and "
                f"{slot['start']}–{slot['end']} overlap on weekday {slot['weekday']}"
            )
        previous = slot
    return cleaned


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort intervals and merge those that overlap or touch."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def to_utc_intervals(slots: Sequence[Mapping[str, Any] | Any], timezone: str) -> list[Interval]:
    """A person's weekly slots as sorted, merged UTC minute-of-week intervals.

    Each interval is ``(start, end)`` with ``0 <= start < end <= 10080``; a slot that crosses
    the end of the week in UTC (Monday 08:00 in Tokyo is Sunday 23:00 UTC) is split in two.

    Args:
        slots: ``{"weekday", "start", "end"}`` mappings or objects with those attributes.
        timezone: the IANA time zone the slots are expressed in.

    Example:
        >>> to_utc_intervals([{"weekday": 0, "start": "08:00", "end": "10:00"}], "Asia/Tokyo")
        [(0, 60), (10020, 10080)]
    """
    zone = check_timezone(timezone)
    week_start = datetime.combine(REFERENCE_MONDAY, time(0), tzinfo=UTC)
    pieces: list[Interval] = []
    for slot in slots:
        midnight = datetime.combine(
            REFERENCE_MONDAY + timedelta(days=int(_field(slot, "weekday"))), time(0), tzinfo=zone
        )
        # Aware + timedelta moves the wall clock; astimezone then applies that moment's offset.
        start = (midnight + timedelta(minutes=minutes_of_day(_field(slot, "start")))).astimezone(UTC)
        end = (midnight + timedelta(minutes=minutes_of_day(_field(slot, "end")))).astimezone(UTC)
        length = int((end - start).total_seconds() // 60)
        if length <= 0:
            continue
        offset = int((start - week_start).total_seconds() // 60) % MINUTES_PER_WEEK
        if offset + length <= MINUTES_PER_WEEK:
            pieces.append((offset, offset + length))
        else:
            pieces.append((offset, MINUTES_PER_WEEK))
            pieces.append((0, offset + length - MINUTES_PER_WEEK))
    return merge_intervals(pieces)


def overlap_minutes(first: Sequence[Interval], second: Sequence[Interval]) -> int:
    """How many minutes of the week two sorted, merged interval lists have in common.

    Example:
        >>> overlap_minutes([(0, 60), (120, 180)], [(30, 150)])
        60
    """
    total, i, j = 0, 0, 0
    while i < len(first) and j < len(second):
        low = max(first[i][0], second[j][0])
        high = min(first[i][1], second[j][1])
        total += max(0, high - low)
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return total
