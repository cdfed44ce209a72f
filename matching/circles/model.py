"""The Structs exchanged with :func:`matching.circles.form` (inputs and results).

Vocabulary, as for pairs (:mod:`matching.profiles`): ids are strings, themes
are taxonomy slugs whose hierarchy is the ``/`` prefix, formats
``"in_person"``, ``"video"``, ``"chat"``, languages ISO 639-1 codes.  A
participant's availability is weekly :class:`~matching.profiles.TimeSlot`
windows in UTC; a circle meets once a week in its own time zone
(:class:`MeetingSlot`), converted to UTC on its ``start_date``.

Scores are integer points (:class:`CirclePolicy`), so every optimum below is
exact in integer arithmetic: no rounding tolerance anywhere.

Examples
--------
>>> Participant(id="ann", themes=["grief"], languages=["fr"]).formats
['video', 'chat', 'in_person']
>>> Circle(id="c1", theme="grief", slot=MeetingSlot(weekday=1, start_minute=1080)).max_size
8
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from matching.profiles import TimeSlot

__all__ = [
    "FACTORS",
    "REASON_CODES",
    "Circle",
    "CirclePolicy",
    "Facilitator",
    "FactorPoints",
    "FormingResult",
    "MeetingSlot",
    "Participant",
    "Placement",
    "Reason",
    "Suggestion",
    "Unplaced",
]

CircleFormat = Literal["in_person", "video", "chat"]
Support = Literal["emotional", "practical", "information", "social"]
Size = Annotated[int, Meta(ge=1, le=100)]
Points = Annotated[int, Meta(ge=0, le=1000)]

FACTORS = ("theme", "schedule", "format", "language", "region", "support")
# why a participant could not be placed in one circle (per circle), or at all
REASON_CODES = (
    "no_shared_theme",
    "no_common_language",
    "no_common_format",
    "different_region_in_person",
    "schedule_mismatch",
    "circle_full",
    "draft_not_opened",
    "lower_total",
)
# why a draft was not opened
DRAFT_REASONS = ("too_few_fit", "facilitator_unavailable", "facilitator_busy", "lower_total")


class MeetingSlot(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A circle's weekly meeting: ``weekday`` 0 (Monday)–6 at ``start_minute`` local time in ``tz``."""

    weekday: Annotated[int, Meta(ge=0, le=6)]
    start_minute: Annotated[int, Meta(ge=0, lt=1440)]
    minutes: Annotated[int, Meta(ge=15, le=240)] = 90
    tz: str = "UTC"


class Participant(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A person waiting for a circle.  ``formats``: acceptable formats, preferred first."""

    id: str
    themes: list[str]
    formats: list[CircleFormat] = msgspec.field(default_factory=lambda: ["video", "chat", "in_person"])
    languages: list[str] = []
    region: str | None = None
    availability: list[TimeSlot] = []
    support_wanted: list[Support] = []


class Circle(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A circle that may take participants.

    ``draft=False``: an existing circle with ``max_size - members`` open seats
    (it is already open: no minimum to reach).  ``draft=True``: a circle a
    coordinator proposes; it opens only with at least ``min_size`` people and
    a facilitator (``facilitator_id``, see :class:`Facilitator`) free at its slot.
    ``start_date`` (ISO date) fixes the UTC offset of the slot (default: the
    zone's standard offset in the first week of 2026).
    """

    id: str
    theme: str
    slot: MeetingSlot
    format: CircleFormat = "video"
    region: str | None = None
    languages: list[str] = msgspec.field(default_factory=lambda: ["en"])
    min_size: Size = 3
    max_size: Size = 8
    members: Annotated[int, Meta(ge=0)] = 0
    draft: bool = False
    facilitator_id: str | None = None
    support: list[Support] = msgspec.field(default_factory=lambda: ["emotional"])
    start_date: str | None = None


class Facilitator(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Someone who can lead drafts: at most ``max_circles`` of them, at times within ``availability`` (UTC)."""

    id: str
    max_circles: Annotated[int, Meta(ge=0)] = 1
    availability: list[TimeSlot] = []


def _default_points() -> dict[str, int]:
    return {"theme": 40, "schedule": 25, "format": 10, "language": 10, "region": 10, "support": 10}


class CirclePolicy(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How fit is scored (integer points per factor) and what is required.

    Attributes
    ----------
    points : dict[str, int]
        Factor → the points of a perfect fit (missing factors: 0).  ``theme``
        earns them in full for the same theme, ``related_theme_share`` percent
        of them for a parent or child theme; ``schedule`` in proportion to the
        share of the meeting the participant is available for; ``format`` in
        full for the preferred format, half for another accepted one;
        ``language`` for a shared language; ``region`` for an in-person circle
        in the participant's region; ``support`` in proportion to the support
        wanted that the circle offers.
    min_schedule_percent : int
        Below this share of the meeting available, a participant does not fit.
    method : {"auto", "milp", "heuristic"}
        Which drafts to open: ``milp`` exact, ``heuristic`` scalable (with a
        proven gap), ``auto`` the MILP up to ``milp_max_pairs`` candidate pairs.
    """

    points: dict[str, Points] = msgspec.field(default_factory=_default_points)
    related_theme_share: Annotated[int, Meta(ge=0, le=100)] = 60
    min_schedule_percent: Annotated[int, Meta(ge=0, le=100)] = 75
    method: Literal["auto", "milp", "heuristic"] = "auto"
    milp_max_pairs: Annotated[int, Meta(ge=0)] = 20_000
    milp_time_limit: Annotated[float, Meta(gt=0)] = 60.0


class FactorPoints(msgspec.Struct, frozen=True):
    """The points one factor earned (``value`` in [0, 1] of the policy's ``max_points``)."""

    factor: str
    value: float
    points: int


class Placement(msgspec.Struct, frozen=True):
    """A participant placed in a circle, the fit's breakdown (summing to ``score``) and why in words."""

    participant_id: str
    circle_id: str
    score: int
    factors: list[FactorPoints]
    reason: str


class Reason(msgspec.Struct, frozen=True):
    """One reason, about one circle (``circle_id``) or all of them (``None``); ``count``: circles concerned."""

    code: str
    circle_id: str | None = None
    count: int = 0
    detail: str = ""


class Unplaced(msgspec.Struct, frozen=True):
    """Why a participant was not placed: reasons and a summary in words."""

    participant_id: str
    reasons: list[Reason]
    summary: str


class Suggestion(msgspec.Struct, frozen=True):
    """A draft not opened that would place ``would_place`` waiting people (``>= min_size`` when ``viable``)."""

    circle_id: str
    would_place: int
    viable: bool
    blocked_by: str | None = None


class FormingResult(msgspec.Struct, frozen=True, kw_only=True):
    """Everything :func:`matching.circles.form` decided.

    ``opened``: drafts to open; ``not_opened``: draft id → reason code
    (``DRAFT_REASONS``).  ``total_score`` is the placement's total fit;
    ``upper_bound`` a proven bound on any forming's total (the MILP optimum
    when ``method == "milp"`` proved it, otherwise an LP/Lagrangian bound),
    and ``gap`` = ``(upper_bound - total_score) / upper_bound``.
    ``certified``: the placement's optimality certificate for the opened set
    held (:func:`matching.circles.certificate.check`).
    """

    placements: list[Placement]
    unplaced: list[Unplaced]
    opened: list[str]
    not_opened: dict[str, str]
    suggestions: list[Suggestion]
    total_score: int
    upper_bound: float
    gap: float
    method: str
    certified: bool
    candidate_pairs: int
