"""The fit of a participant with a circle: requirements, integer points per factor, candidate pairs.

Requirements (a pair failing one is not a candidate, and the failure is
counted for the explanations): a shared theme (the same slug, or a parent or
child in the taxonomy), a shared language, an accepted format, the same
region for an in-person circle, and at least ``min_schedule_percent`` of the
meeting within the participant's availability.  The points are those of
:class:`~matching.circles.model.CirclePolicy`, integers, so totals are exact.

Examples
--------
>>> from matching.profiles import TimeSlot
>>> from matching.circles.model import Circle, MeetingSlot, Participant
>>> ann = Participant(id="ann", themes=["grief/child"], languages=["en"], formats=["video"],
...                   availability=[TimeSlot(weekday=1, start_minute=1020, end_minute=1200)])
>>> c = Circle(id="c1", theme="grief", slot=MeetingSlot(weekday=1, start_minute=1080))
>>> score, factors = fit(ann, c, CirclePolicy())
>>> score, [(f.factor, f.points) for f in factors]
(79, [('theme', 24), ('schedule', 25), ('format', 10), ('language', 10), ('region', 0), ('support', 10)])
>>> requirement(ann, Circle(id="c2", theme="grief", slot=c.slot, languages=["fr"]), CirclePolicy())
'no_common_language'
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from zoneinfo import ZoneInfo

from matching.circles.model import Circle, CirclePolicy, FactorPoints, MeetingSlot, Participant
from matching.profiles import TimeSlot

__all__ = ["WEEK", "Candidates", "candidates", "fit", "overlap_minutes", "requirement", "slot_interval"]

WEEK = 7 * 1440
_REFERENCE = dt.date(2026, 1, 5)  # a Monday


@lru_cache(maxsize=4096)
def slot_interval(slot: MeetingSlot, start_date: str | None = None) -> tuple[int, int]:
    """The meeting as ``[start, end)`` minutes of the UTC week (``end`` may pass ``WEEK``: it wraps).

    >>> slot_interval(MeetingSlot(weekday=0, start_minute=60, tz="Europe/Paris"))
    (0, 90)
    >>> slot_interval(MeetingSlot(weekday=0, start_minute=30, minutes=60, tz="Europe/Paris"))
    (10050, 10110)
    """
    ref = dt.date.fromisoformat(start_date) if start_date else _REFERENCE
    day = ref + dt.timedelta(days=(slot.weekday - ref.weekday()) % 7)
    local = dt.datetime.combine(day, dt.time(slot.start_minute // 60, slot.start_minute % 60))
    utc = local.replace(tzinfo=ZoneInfo(slot.tz)).astimezone(dt.UTC)
    start = utc.weekday() * 1440 + utc.hour * 60 + utc.minute
    return start, start + slot.minutes


def _windows(availability: Sequence[TimeSlot]) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` minutes of the week (a window ending at 1440 joins the next day)."""
    spans = sorted((s.weekday * 1440 + s.start_minute, s.weekday * 1440 + s.end_minute) for s in availability)
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def overlap_minutes(windows: Sequence[tuple[int, int]], interval: tuple[int, int]) -> int:
    """Minutes of ``interval`` (possibly wrapping past the week's end) inside the merged ``windows``.

    >>> overlap_minutes([(0, 30), (10000, 10080)], (10050, 10110))
    60
    """
    a, b = interval
    parts = [(a, min(b, WEEK))] + ([(0, b - WEEK)] if b > WEEK else [])
    return sum(max(0, min(e, y) - max(s, x)) for s, e in windows for x, y in parts)


def _related(theme: str, other: str) -> bool:
    return theme.startswith(other + "/") or other.startswith(theme + "/")


def _theme_points(p: Participant, c: Circle, policy: CirclePolicy) -> int | None:
    full = policy.points.get("theme", 0)
    if c.theme in p.themes:
        return full
    if any(_related(t, c.theme) for t in p.themes):
        return full * policy.related_theme_share // 100
    return None


def requirement(p: Participant, c: Circle, policy: CirclePolicy, windows: Sequence[tuple[int, int]] | None = None) -> str | None:  # fmt: skip
    """The first requirement the pair fails (a reason code), or ``None`` when it fits."""
    if _theme_points(p, c, policy) is None:
        return "no_shared_theme"
    if not set(p.languages) & set(c.languages):
        return "no_common_language"
    if c.format not in p.formats:
        return "no_common_format"
    if c.format == "in_person" and (c.region is None or c.region != p.region):
        return "different_region_in_person"
    windows = _windows(p.availability) if windows is None else windows
    if overlap_minutes(windows, slot_interval(c.slot, c.start_date)) * 100 < policy.min_schedule_percent * c.slot.minutes:  # fmt: skip
        return "schedule_mismatch"
    return None


def fit(p: Participant, c: Circle, policy: CirclePolicy, windows: Sequence[tuple[int, int]] | None = None) -> tuple[int, list[FactorPoints]]:  # fmt: skip
    """The pair's score (integer points) and its breakdown by factor (call it on a pair that fits)."""
    pts = policy.points
    windows = _windows(p.availability) if windows is None else windows
    theme = _theme_points(p, c, policy) or 0
    share = overlap_minutes(windows, slot_interval(c.slot, c.start_date)) / c.slot.minutes
    fmt_full = pts.get("format", 0)
    wanted = set(p.support_wanted)
    support = len(wanted & set(c.support)) / len(wanted) if wanted else 1.0
    values = {
        "theme": (theme / pts["theme"] if pts.get("theme") else 0.0, theme),
        "schedule": (share, pts.get("schedule", 0) * min(share, 1.0)),
        "format": (
            1.0 if p.formats[0] == c.format else 0.5,
            fmt_full if p.formats[0] == c.format else fmt_full // 2,
        ),
        "language": (1.0, pts.get("language", 0)),
        "region": (
            1.0 if c.format == "in_person" else 0.0,
            pts.get("region", 0) if c.format == "in_person" else 0,
        ),
        "support": (support, pts.get("support", 0) * support),
    }
    factors = [
        FactorPoints(factor=f, value=round(min(v, 1.0), 3), points=int(x)) for f, (v, x) in values.items()
    ]
    return sum(f.points for f in factors), factors


class Candidates:
    """Every fitting pair as parallel lists ``p``, ``c``, ``w`` (indices, points), and why the others failed.

    ``failed[i]`` counts, for participant ``i``, the circles each requirement
    excluded (``no_shared_theme`` included).  Circles are indexed by theme (and
    its ancestors), so only circles sharing a theme are examined.
    """

    def __init__(self, p: list[int], c: list[int], w: list[int], failed: list[Counter[str]]) -> None:
        self.p, self.c, self.w, self.failed = p, c, w, failed

    def __len__(self) -> int:
        return len(self.p)


def candidates(participants: Sequence[Participant], circles: Sequence[Circle], policy: CirclePolicy) -> Candidates:  # fmt: skip
    """All fitting (participant, circle) pairs with their scores, in participant then circle order."""
    by_theme: dict[str, list[int]] = {}
    under: dict[str, list[int]] = {}  # ancestor theme → circles of its descendants
    for k, c in enumerate(circles):
        by_theme.setdefault(c.theme, []).append(k)
        parts = c.theme.split("/")
        for d in range(1, len(parts)):
            under.setdefault("/".join(parts[:d]), []).append(k)
    ps: list[int] = []
    cs: list[int] = []
    ws: list[int] = []
    failed: list[Counter[str]] = []
    for i, p in enumerate(participants):
        seen: set[int] = set()
        for t in p.themes:
            parts = t.split("/")
            for d in range(1, len(parts) + 1):
                seen.update(by_theme.get("/".join(parts[:d]), ()))
            seen.update(under.get(t, ()))
        windows = _windows(p.availability)
        why: Counter[str] = Counter()
        why["no_shared_theme"] = len(circles) - len(seen)
        for k in sorted(seen):
            code = requirement(p, circles[k], policy, windows)
            if code is None:
                ps.append(i)
                cs.append(k)
                ws.append(fit(p, circles[k], policy, windows)[0])
            else:
                why[code] += 1
        failed.append(why)
    return Candidates(ps, cs, ws, failed)
