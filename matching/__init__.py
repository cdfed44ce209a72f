"""Explainable, exactly optimal mentee–mentor matching.

Two levels:

* :func:`assign` — the optimal capacitated assignment of mentees to mentors
  from weighted candidate pairs (``max_weight`` or ``max_cardinality``); see
  :mod:`matching.assign` for the formulation and why it is optimal.
* :func:`propose` — from profiles and a programme :class:`Policy` to scored,
  explained proposals and diagnostics for the unmatched; :func:`rank_candidates`
  ranks the mentors for one mentee.  Scoring formulas: :mod:`matching.propose`.

The package is pure (msgspec Structs in, Structs out; no web or ORM import)
and has a command line: ``python -m matching assign|propose``.

Examples
--------
>>> import matching
>>> matching.assign([("ann", "max", 2.0), ("bob", "max", 1.0)], {"max": 1}).pairs
{'ann': 'max'}
"""

from matching.assign import Assignment, assign, assign_graph
from matching.profiles import (
    FACTORS,
    REASON_CODES,
    Candidate,
    FactorContribution,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    Policy,
    Proposal,
    ProposalResult,
    TimeSlot,
    Unmatched,
)
from matching.propose import propose, rank_candidates

__all__ = [
    "FACTORS",
    "REASON_CODES",
    "Assignment",
    "Candidate",
    "FactorContribution",
    "MenteeProfile",
    "MentorChallenge",
    "MentorProfile",
    "Policy",
    "Proposal",
    "ProposalResult",
    "TimeSlot",
    "Unmatched",
    "assign",
    "assign_graph",
    "propose",
    "rank_candidates",
]
