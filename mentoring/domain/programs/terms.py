"""A programme's default engagement terms: reading them from the row, and versioning the agreement."""

from __future__ import annotations

import math
from typing import Any

import msgspec

from mentoring.db.models import Program
from mentoring.domain.programs.schemas import (
    FormalTerms,
    FormalTermsInput,
    InformalTerms,
    Terms,
    TermsInput,
)
from mentoring.lib.errors import BadRequestError

__all__ = ["check_terms", "next_terms", "program_default_terms", "store_terms"]


_SLOTS_PER_WEEK = {"weekly": 1.0, "biweekly": 0.5, "monthly": 0.25}


def program_default_terms(program: Program) -> FormalTerms | InformalTerms:
    """The programme's default engagement terms, which each new pairing copies.

    A row created without terms (by a script, or before it was flushed) reads as informal terms.
    """
    kind = program.terms_kind or "informal"
    raw: dict[str, Any] = {**(program.terms or {}), "kind": kind}
    return msgspec.convert(raw, Terms)


def store_terms(program: Program, terms: FormalTerms | InformalTerms) -> None:
    """Write the terms into the programme's ``terms`` JSON and ``terms_kind`` columns."""
    data = msgspec.to_builtins(terms)
    program.terms_kind = data.pop("kind")
    program.terms = data


def check_terms(terms: TermsInput) -> None:
    """Rules a schema cannot say: a formal engagement's sessions must fit in its duration (else 400)."""
    if isinstance(terms, FormalTermsInput):
        most = math.ceil(terms.duration_weeks * _SLOTS_PER_WEEK[terms.frequency])
        if terms.sessions > most:
            raise BadRequestError(
                f"terms.sessions: {terms.sessions} {terms.frequency} sessions do not fit in "
                f"{terms.duration_weeks} weeks (at most {most})"
            )


def next_terms(new: TermsInput, current: FormalTerms | InformalTerms | None) -> FormalTerms | InformalTerms:
    """The terms to store: the agreement's version goes up by one whenever its text changes."""
    check_terms(new)
    if current is None:
        version = 1
    elif new.confidentiality_text != current.confidentiality_text:
        version = current.confidentiality_version + 1
    else:
        version = current.confidentiality_version
    fields = msgspec.structs.asdict(new)
    if isinstance(new, FormalTermsInput):
        return FormalTerms(**fields, confidentiality_version=version)
    return InformalTerms(**fields, confidentiality_version=version)
