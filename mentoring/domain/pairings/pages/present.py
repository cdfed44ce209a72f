"""Words for what the pairing pages show: labels instead of slugs, reasons from the stored factors.

A proposal keeps the engine's factor values (``[{"factor", "value", "weight", "contribution"}]``);
the page says in the reader's language what mattered: "A very good fit", "You share the experience
of job loss", "You both speak French", "You are available at the same times" — never a raw score.
Messages are gettext ids with ``%(name)s`` variables, translated by the template.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import get_day_names

from mentoring.web.i18n import N_

__all__ = [
    "CONCERN_KINDS",
    "DECLINE_REASONS",
    "END_REASONS",
    "FORMATS",
    "FREQUENCIES",
    "Phrase",
    "fit_words",
    "language_names",
    "overlap_slots",
    "reasons",
]

Phrase = tuple[str, dict[str, Any]]

FORMATS = {"in_person": N_("in person"), "video": N_("video call"), "phone": N_("phone"), "chat": N_("chat")}
FREQUENCIES = {"weekly": N_("every week"), "biweekly": N_("every two weeks"), "monthly": N_("every month")}
SUPPORT = {"emotional": N_("emotional support"), "practical": N_("practical support")}
MENTOR_KINDS = {"peer": N_("a peer who lived through it"), "professional": N_("a professional")}
DECLINE_REASONS = {
    "not_a_good_fit": N_("It does not seem a good fit"),
    "no_time": N_("I do not have the time now"),
    "availability": N_("Our availability does not match"),
    "language": N_("We do not share a language well enough"),
    "personal": N_("Personal reasons"),
    "other": N_("Another reason"),
}
END_REASONS = {
    "goals_reached": N_("The goals are reached"),
    "no_longer_needed": N_("The support is no longer needed"),
    "not_a_good_fit": N_("It is not a good fit"),
    "availability": N_("Our availability does not match"),
    "no_contact": N_("We lost contact"),
    "moved_on": N_("I have moved on"),
    "other": N_("Another reason"),
}
CONCERN_KINDS = {
    "safety": N_("Safety: someone may be at risk"),
    "no_show": N_("Missed meetings"),
    "conduct": N_("Behaviour"),
    "other": N_("Something else"),
}
STATES = {
    "awaiting_agreement": N_("Waiting for both signatures"),
    "trial": N_("Trial"),
    "active": N_("Under way"),
    "paused": N_("Paused"),
    "ended": N_("Ended"),
    "pending_review": N_("In review"),
    "offered": N_("Waiting for answers"),
    "accepted": N_("Accepted"),
    "rejected": N_("Rejected"),
    "declined": N_("Declined"),
    "expired": N_("Expired"),
    "cancelled": N_("Cancelled"),
}
_LANGUAGES = {
    "en": {
        "en": "English",
        "fr": "French",
        "es": "Spanish",
        "de": "German",
        "pt": "Portuguese",
        "it": "Italian",
        "ar": "Arabic",
    },
    "fr": {
        "en": "anglais",
        "fr": "français",
        "es": "espagnol",
        "de": "allemand",
        "pt": "portugais",
        "it": "italien",
        "ar": "arabe",
    },
}


def language_names(codes: Iterable[str], reader: str) -> list[str]:
    """Language codes as names in the reader's language (an unknown code stays as it is)."""
    names = _LANGUAGES.get(reader, _LANGUAGES["en"])
    return [names.get(code, code) for code in codes]


def fit_words(score: float) -> str:
    """How good a fit the score makes, in words."""
    if score >= 0.8:
        return N_("A very good fit")
    if score >= 0.6:
        return N_("A good fit")
    return N_("A possible fit")


def _factor_values(factors: Sequence[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    return {
        str(f.get("factor")): (float(f.get("value") or 0.0), float(f.get("contribution") or 0.0))
        for f in factors
    }


def reasons(
    factors: Sequence[dict[str, Any]],
    *,
    shared_experience: list[str],
    shared_languages: list[str],
    overlap_hours: float,
) -> list[Phrase]:
    """The factors that mattered, most weighty first, as translatable phrases.

    ``shared_experience`` are challenge labels in the reader's language, ``shared_languages``
    language names in it; the factor values say whether support, region, engagement matched.
    """
    values = _factor_values(factors)
    scored: list[tuple[float, Phrase]] = []

    def weight(name: str) -> float:
        return values.get(name, (0.0, 0.0))[1]

    if shared_experience:
        what = ", ".join(label[:1].lower() + label[1:] for label in shared_experience)
        scored.append(
            (weight("challenges") + 1, (N_("You share the experience of %(what)s"), {"what": what}))
        )
    if shared_languages:
        scored.append((0.5, (N_("You both speak %(languages)s"), {"languages": ", ".join(shared_languages)})))
    if overlap_hours > 0:
        hours = f"{overlap_hours:g}"
        scored.append(
            (
                weight("availability"),
                (N_("You are available at the same times (%(hours)s hours a week)"), {"hours": hours}),
            )
        )
    for name, phrase in (
        ("support", N_("The mentor offers the kind of support wanted")),
        ("region", N_("You live in the same region")),
        ("engagement", N_("You want the same kind of relationship")),
        ("mentor_kind", N_("The mentor is the kind of mentor wanted")),
    ):
        value, contribution = values.get(name, (0.0, 0.0))
        if value >= 0.99 and contribution > 0:
            scored.append((contribution, (phrase, {})))
    scored.sort(key=lambda item: -item[0])
    return [phrase for _, phrase in scored] or [(N_("You are compatible on every requirement"), {})]


@dataclass(frozen=True)
class LocalSlot:
    """A weekly time both are free, in the reader's time zone."""

    day: str
    start: str
    end: str


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            start, end = max(s1, s2), min(e1, e2)
            if start < end:
                out.append((start, end))
    return sorted(out)


def overlap_minutes(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Minutes a week both UTC interval lists share."""
    return sum(end - start for start, end in _intersect(a, b))


def overlap_slots(
    a: list[tuple[int, int]], b: list[tuple[int, int]], timezone: str, reader: str
) -> list[LocalSlot]:
    """The weekly times both are free (UTC minute-of-week intervals), in ``timezone``, day by day."""
    try:
        zone = ZoneInfo(timezone)
    except Exception:  # an unknown zone reads as UTC
        zone = ZoneInfo("UTC")
    offset = zone.utcoffset(datetime.now(UTC).replace(tzinfo=None)) or None
    shift = int(offset.total_seconds() // 60) if offset else 0
    days = get_day_names("wide", locale=reader)
    slots = []
    for start, end in _intersect(a, b):
        start, end = start + shift, end + shift
        while start < end:
            day = (start // 1440) % 7
            base = start - (start % 1440)  # midnight of that local day
            stop = min(end, base + 1440)
            slots.append(
                LocalSlot(
                    day=str(days[day]),
                    start=f"{(start % 1440) // 60:02d}:{start % 60:02d}",
                    end="24:00" if stop - base == 1440 else f"{((stop - base) // 60):02d}:{stop % 60:02d}",
                )
            )
            start = stop
    return slots
