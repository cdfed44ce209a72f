"""Engagement terms as stored on proposals and pairings: a kind column and a JSON body."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec

from mentoring.domain.programs.schemas import FormalTerms, InformalTerms, Terms


def split_terms(terms: FormalTerms | InformalTerms) -> tuple[str, dict[str, Any]]:
    """The ``terms_kind`` and ``terms`` column values for these terms."""
    data = msgspec.to_builtins(terms)
    kind = data.pop("kind")
    return kind, data


def read_terms(kind: str, data: dict[str, Any]) -> FormalTerms | InformalTerms:
    """The terms stored in a ``terms_kind`` and ``terms`` column pair."""
    return msgspec.convert({**(data or {}), "kind": kind}, Terms)


def planned_end(terms: FormalTerms | InformalTerms, start: date) -> date | None:
    """When formal terms end, counted from the start of the trial; informal terms have no planned end."""
    if isinstance(terms, FormalTerms):
        return start + timedelta(weeks=terms.duration_weeks)
    return None


def committed_sessions(terms: FormalTerms | InformalTerms) -> int | None:
    """How many sessions the terms commit to (formal only)."""
    return terms.sessions if isinstance(terms, FormalTerms) else None
