"""Support circles: forming small peer groups, exactly.

* :func:`form` — from waiting :class:`Participant` s, existing :class:`Circle` s
  with open seats and draft circles a coordinator proposes (with their
  :class:`Facilitator` s) to the drafts to open, the placements (exactly
  optimal for those drafts, proved by a certificate), and explanations.
* :mod:`matching.circles.fit` — the fit score and its factors;
  :mod:`matching.circles.place` — the exact placement with minima and
  maxima (a flow with lower bounds); :mod:`matching.circles.certificate` —
  its independent check; :mod:`matching.circles.opening` — which drafts to
  open (MILP, the scalable method, the bounds).

Examples
--------
>>> from matching.circles import Circle, MeetingSlot, Participant, form
>>> from matching.profiles import TimeSlot
>>> ann = Participant(id="ann", themes=["grief"], languages=["en"],
...                   availability=[TimeSlot(weekday=2, start_minute=1000, end_minute=1300)])
>>> r = form([ann], [Circle(id="c", theme="grief", slot=MeetingSlot(weekday=2, start_minute=1080))])
>>> [(p.participant_id, p.circle_id, p.score) for p in r.placements]
[('ann', 'c', 95)]
"""

from __future__ import annotations

from matching.circles.form import form
from matching.circles.model import (
    FACTORS,
    REASON_CODES,
    Circle,
    CirclePolicy,
    Facilitator,
    FactorPoints,
    FormingResult,
    MeetingSlot,
    Participant,
    Placement,
    Reason,
    Suggestion,
    Unplaced,
)

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
    "form",
]
