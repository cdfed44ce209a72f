"""Explainable, exactly optimal mentee–mentor matching.

Two levels:

* :func:`assign` — the optimal capacitated assignment of mentees to mentors
  from weighted candidate pairs (``max_weight`` or ``max_cardinality``); see
  :mod:`matching.assign` for the formulation and why it is optimal.
* :func:`propose` — from profiles and a programme :class:`Policy` to scored,
  explained proposals and diagnostics for the unmatched; :func:`rank_candidates`
  ranks the mentors for one mentee.  Scoring formulas: :mod:`matching.propose`.

The package is pure (msgspec Structs in, Structs out; no web or ORM import)
and has a command line: ``python -m matching assign|propose``.  Its names
are imported on first use: ``import matching`` alone loads neither numpy nor
numba.

Examples
--------
>>> import matching
>>> matching.assign([("ann", "max", 2.0), ("bob", "max", 1.0)], {"max": 1}).pairs
{'ann': 'max'}
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matching.assign import ArrayAssignment, Assignment, assign, assign_arrays, assign_graph
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
    "ArrayAssignment",
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
    "assign_arrays",
    "assign_graph",
    "propose",
    "rank_candidates",
]

# imported on first use, so that `python -m matching assign` on a small instance loads neither numpy
# nor numba (see matching.assign)
_HOME = {
    **dict.fromkeys(["ArrayAssignment", "Assignment", "assign", "assign_arrays", "assign_graph"], "assign"),
    **dict.fromkeys(["propose", "rank_candidates"], "propose"),
}


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(importlib.import_module("matching." + _HOME.get(name, "profiles")), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'matching' has no attribute {name!r}")


class _Package(types.ModuleType):
    """The package's module type: the functions ``assign`` and ``propose`` keep their names.

    Importing the submodule ``matching.assign`` makes the import system bind
    the package attribute ``assign`` to that submodule; here the name stays
    the function's (bound on first use by ``__getattr__``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in ("assign", "propose"):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
