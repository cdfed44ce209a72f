"""Explanations: why this circle for this person, why someone was not placed, why a draft stayed closed.

Examples
--------
>>> from matching.circles.model import FactorPoints
>>> placement_reason("grief", [FactorPoints("theme", 1.0, 40), FactorPoints("schedule", 1.0, 25)])
'theme grief (40 points); schedule 100% (25 points)'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from matching.circles.model import Circle, FactorPoints, Reason, Suggestion, Unplaced

__all__ = ["draft_reason", "placement_reason", "suggestions", "unplaced"]

_WORDS = {
    "no_shared_theme": "share none of their themes",
    "no_common_language": "are in no language they speak",
    "no_common_format": "are in a format they did not choose",
    "different_region_in_person": "meet in person in another region",
    "schedule_mismatch": "meet when they are not available",
    "circle_full": "are full with people who fit them better",
    "draft_not_opened": "are drafts not opened",
}


def placement_reason(theme: str, factors: Sequence[FactorPoints]) -> str:
    """The factors that earned points, in words."""
    parts = []
    for f in factors:
        if f.points <= 0:
            continue
        label = f"theme {theme}" if f.factor == "theme" else f"{f.factor} {round(f.value * 100)}%"
        parts.append(f"{label} ({f.points} points)")
    return "; ".join(parts)


def draft_reason(fits: int, circle: Circle, openable: bool, busy: bool) -> str:
    """Why a draft stayed closed: ``too_few_fit``, ``facilitator_unavailable``, ``facilitator_busy`` or ``lower_total``."""
    if fits < circle.min_size:
        return "too_few_fit"
    if not openable:
        return "facilitator_unavailable"
    return "facilitator_busy" if busy else "lower_total"


def unplaced(pid: str, failed: Counter[str], full: list[str], closed: list[tuple[str, str, int, int]]) -> Unplaced:  # fmt: skip
    """Why ``pid`` has no circle.

    ``failed`` counts the circles each requirement excluded; ``full`` the open
    circles they fit that were filled by better fits; ``closed`` the drafts
    they fit that were not opened, as ``(draft id, reason, people who fit it,
    its minimum)``.
    """
    reasons = [Reason(code=code, count=n) for code, n in sorted(failed.items()) if n > 0]
    reasons += [Reason(code="circle_full", circle_id=c, count=1) for c in full]
    reasons += [Reason(code="draft_not_opened", circle_id=d, count=1,
                       detail=f"{why}: {fits} fit it, it needs {need}" if why == "too_few_fit" else why)
                for d, why, fits, need in closed]  # fmt: skip
    if full or closed:
        bits = []
        if full:
            bits.append(f"{len(full)} circle(s) they fit are full with people who fit them better")
        for d, why, fits, need in closed:
            if why == "too_few_fit":
                bits.append(f"draft {d} was not opened: only {fits} people fit it, it needs {need}")
            else:
                bits.append(f"draft {d} was not opened ({why.replace('_', ' ')})")
        summary = "; ".join(bits)
    else:
        top = [f"{n} {_WORDS.get(code, code)}" for code, n in failed.most_common() if n > 0]
        summary = "no circle fits: " + ("; ".join(top) if top else "there are no circles")
    return Unplaced(participant_id=pid, reasons=reasons, summary=summary)


def suggestions(drafts: Sequence[Circle], waiting_fit: Sequence[int], why: Sequence[str], limit: int = 5) -> list[Suggestion]:  # fmt: skip
    """Drafts not opened, by how many waiting people each would place (``min(fit, max_size)``), most first."""
    out = [
        Suggestion(
            circle_id=d.id,
            would_place=min(n, d.max_size),
            viable=min(n, d.max_size) >= d.min_size,
            blocked_by=r if r.startswith("facilitator") else None,
        )
        for d, n, r in zip(drafts, waiting_fit, why)
        if n > 0
    ]
    out.sort(key=lambda s: (-s.would_place, s.circle_id))
    return out[:limit]
