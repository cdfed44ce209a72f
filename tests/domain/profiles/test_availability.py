"""Availability slots to UTC minutes of the week: time zones, wrap-around, DST."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from mentoring.domain.profiles.availability import MINUTES_PER_WEEK, overlap_minutes, to_utc_intervals

MONDAY_9_TO_10 = [{"weekday": 0, "start": "09:00", "end": "10:00"}]


def test_utc_slot_is_its_own_minutes() -> None:
    assert to_utc_intervals(MONDAY_9_TO_10, "UTC") == [(540, 600)]


def test_zone_offset_shifts_the_slot() -> None:
    # Paris is UTC+1 in the (January) reference week, New York UTC-5, whatever today's date is.
    assert to_utc_intervals(MONDAY_9_TO_10, "Europe/Paris") == [(480, 540)]
    assert to_utc_intervals(MONDAY_9_TO_10, "America/New_York") == [(840, 900)]
    assert to_utc_intervals(MONDAY_9_TO_10, "Australia/Sydney") == [
        (MINUTES_PER_WEEK - 60 * 2, MINUTES_PER_WEEK - 60)
    ]


def test_slot_crossing_the_end_of_the_week_is_split() -> None:
    # Monday 08:00-10:00 in Tokyo (UTC+9) is Sunday 23:00 to Monday 01:00 UTC.
    slots = [{"weekday": 0, "start": "08:00", "end": "10:00"}]
    assert to_utc_intervals(slots, "Asia/Tokyo") == [(0, 60), (MINUTES_PER_WEEK - 60, MINUTES_PER_WEEK)]
    # Sunday 23:00-24:00 in Honolulu (UTC-10) is Monday 09:00-10:00 UTC.
    late = [{"weekday": 6, "start": "23:00", "end": "24:00"}]
    assert to_utc_intervals(late, "Pacific/Honolulu") == [(540, 600)]


def test_adjacent_slots_merge_and_output_is_sorted() -> None:
    slots = [
        {"weekday": 2, "start": "10:00", "end": "11:00"},
        {"weekday": 0, "start": "09:00", "end": "10:00"},
        {"weekday": 2, "start": "09:00", "end": "10:00"},
    ]
    day = 24 * 60
    assert to_utc_intervals(slots, "UTC") == [(540, 600), (2 * day + 540, 2 * day + 660)]


def test_overlap_between_people_in_different_zones() -> None:
    paris = to_utc_intervals([{"weekday": 0, "start": "19:00", "end": "21:00"}], "Europe/Paris")
    london = to_utc_intervals([{"weekday": 0, "start": "19:00", "end": "21:00"}], "Europe/London")
    assert overlap_minutes(paris, london) == 60


slot = st.builds(
    lambda weekday, start, length: {
        "weekday": weekday,
        "start": f"{start // 60:02d}:{start % 60:02d}",
        "end": f"{(start + length) // 60:02d}:{(start + length) % 60:02d}",
    },
    st.integers(0, 6),
    st.integers(0, 23 * 60),
    st.integers(1, 60),
)
zone = st.sampled_from(
    ["UTC", "Europe/Paris", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Asia/Tokyo"]
)


@given(slots=st.lists(slot, max_size=6), tz=zone)
def test_intervals_are_within_the_week_disjoint_and_keep_total_length(slots: list[dict], tz: str) -> None:
    intervals = to_utc_intervals(slots, tz)
    assert all(0 <= a < b <= MINUTES_PER_WEEK for a, b in intervals)
    assert all(b1 < a2 for (_, b1), (a2, _) in itertools.pairwise(intervals))
    # Converting to UTC shifts, never stretches: the covered minutes are those of UTC's own view
    # of the same slots shifted, so their total equals the UTC total.
    assert sum(b - a for a, b in intervals) == sum(b - a for a, b in to_utc_intervals(slots, "UTC"))
