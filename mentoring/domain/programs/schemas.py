"""Programme, membership, coordinator and taxonomy request and response bodies.

A programme's default engagement terms are a tagged union on ``kind``: :class:`FormalTerms` (a
set frequency, length, duration, number of sessions, goals and a confidentiality agreement) or
:class:`InformalTerms` (flexible). Inputs (``*TermsInput``) never carry the confidentiality
version: the platform increments it whenever the agreement's text changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from mentoring.lib.schema import (
    ChallengeSlug,
    Frequency,
    Input,
    Output,
    Patch,
    Region,
    ShortText,
    Slug,
    Title,
)

MembershipRole = Literal["mentee", "mentor"]
Goal = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
Goals = Annotated[list[Goal], Meta(max_length=20, description="Short goals, at most 20")]
AgreementText = Annotated[str, Meta(min_length=1, max_length=10000, pattern=r"\S")]
Description = Annotated[str, Meta(max_length=5000)]
SessionMinutes = Annotated[int, Meta(ge=60, le=90, description="Length of a session, 60 to 90 minutes")]
DurationWeeks = Annotated[int, Meta(ge=1, le=104, description="Length of the engagement in weeks")]
SessionCount = Annotated[int, Meta(ge=1, le=104, description="Number of sessions")]
TrialSessions = Annotated[int, Meta(ge=1, le=2, description="Trial sessions before committing: 1 or 2")]
DeadlineDays = Annotated[int, Meta(ge=1, le=60, description="Days a mentor has to answer a proposal")]
WaitingDays = Annotated[int, Meta(ge=1, le=365, description="Target days a mentee waits for a mentor")]
Themes = Annotated[list[ChallengeSlug], Meta(max_length=50, description="Taxonomy slugs")]
Regions = Annotated[list[Region], Meta(max_length=100, description="Regions served; empty: anywhere")]
TaxonomySlug = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=120,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?(?!\n)$",
        description="A new root (grief) or a child of an existing root (grief/sibling)",
    ),
]
Label = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]


class _Terms(msgspec.Struct, tag_field="kind", forbid_unknown_fields=True, kw_only=True):
    """Base of engagement terms: tagged on ``kind``."""


class FormalTermsInput(_Terms, tag="formal"):
    """Formal engagement: a fixed rhythm, length, number of sessions and a confidentiality agreement."""

    frequency: Frequency
    session_minutes: SessionMinutes
    duration_weeks: DurationWeeks
    sessions: SessionCount
    confidentiality_text: AgreementText
    goals: Goals = []


class InformalTermsInput(_Terms, tag="informal"):
    """Informal engagement: flexible rhythm; a confidentiality agreement is optional."""

    confidentiality_text: AgreementText | None = None
    goals: Goals = []


class FormalTerms(FormalTermsInput, tag="formal"):
    """Formal terms as stored and shown, with the agreement's version."""

    confidentiality_version: int = 1


class InformalTerms(InformalTermsInput, tag="informal"):
    """Informal terms as stored and shown, with the agreement's version."""

    confidentiality_version: int = 1


TermsInput = FormalTermsInput | InformalTermsInput
Terms = FormalTerms | InformalTerms


class ProgramCreate(Input):
    """A coordinator creates a programme (and becomes its coordinator)."""

    name: Title
    slug: Slug
    description: Description = ""
    themes: Themes = []
    mentors_must_be_professional: bool = False
    region_scope: Regions = []
    trial_sessions: TrialSessions = 1
    proposal_deadline_days: DeadlineDays = 7
    waiting_target_days: WaitingDays = 14
    contact_after_closure: ShortText = ""
    terms: TermsInput = msgspec.field(default_factory=InformalTermsInput)


class ProgramUpdate(Patch):
    """Change some of a programme's settings; ``terms`` replaces the default terms as a whole."""

    name: Title | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    themes: Themes | UnsetType = UNSET
    mentors_must_be_professional: bool | UnsetType = UNSET
    region_scope: Regions | UnsetType = UNSET
    trial_sessions: TrialSessions | UnsetType = UNSET
    proposal_deadline_days: DeadlineDays | UnsetType = UNSET
    waiting_target_days: WaitingDays | UnsetType = UNSET
    contact_after_closure: ShortText | UnsetType = UNSET
    terms: TermsInput | UnsetType = UNSET


class ProgramRead(Output):
    """A programme as anyone signed in sees it in the catalogue."""

    id: UUID
    slug: str
    name: str
    description: str
    themes: list[str]
    mentors_must_be_professional: bool
    region_scope: list[str]
    trial_sessions: int
    proposal_deadline_days: int
    waiting_target_days: int
    contact_after_closure: str
    terms: Terms
    created_at: datetime
    updated_at: datetime


class MembershipCreate(Input):
    """Join a programme as a mentee or a mentor (the caller must hold that profile)."""

    role: MembershipRole


class MembershipRead(Output):
    """One of the caller's memberships."""

    id: UUID
    program_id: UUID
    program_slug: str
    program_name: str
    role: MembershipRole
    joined_at: datetime


class MemberRead(Output):
    """A member of a programme, as its coordinators see them (no profile, no challenges)."""

    user_id: UUID
    display_name: str
    role: MembershipRole
    joined_at: datetime


class CoordinatorAdd(Input):
    """Add an existing coordinator account to a programme."""

    user_id: UUID


class CoordinatorRead(Output):
    """A coordinator of a programme."""

    user_id: UUID
    display_name: str
    since: datetime


class Labels(Output):
    """A taxonomy entry's label in each language."""

    en: str
    fr: str


class TaxonomyEntry(Output, omit_defaults=True):
    """An entry of the challenge taxonomy.

    ``label`` is in the requested language (English by default); ``labels`` holds both unless a
    language was requested; ``children`` is there only in the tree view.
    """

    id: UUID
    slug: str
    parent: str | None
    label: str
    labels: Labels | None = None
    children: list[TaxonomyEntry] | None = None


class ChallengeCreate(Input):
    """A new taxonomy entry: a root, or ``parent/child`` under an existing root."""

    slug: TaxonomySlug
    label_en: Label
    label_fr: Label


class ChallengeUpdate(Patch):
    """Fix a taxonomy entry's labels (its slug never changes: profiles and programmes refer to it)."""

    label_en: Label | UnsetType = UNSET
    label_fr: Label | UnsetType = UNSET
