"""Profile request and response bodies.

``capacity``, ``active_mentees``, ``paused_until`` and verification fields are not part of the
profile bodies: each has its own route (or none, for ``active_mentees``), so sending them in a
profile body is an unknown field and a 400.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from mentoring.domain.profiles.availability import MAX_SLOTS
from mentoring.lib.schema import (
    ChallengeSlug,
    Engagement,
    Format,
    Frequency,
    Input,
    LanguageCode,
    MentorKind,
    Output,
    Patch,
    Support,
    TimeZone,
    WantedMentorKind,
)

Weekday = Annotated[int, Meta(ge=0, le=6, description="0 = Monday … 6 = Sunday")]
StartTime = Annotated[str, Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9](?!\n)$", examples=["09:00"])]
EndTime = Annotated[
    str,
    Meta(
        pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)(?!\n)$",
        examples=["12:30"],
        description="24:00 allowed",
    ),
]
Priority = Literal[
    "shared_experience",
    "support",
    "availability",
    "engagement",
    "mentor_kind",
    "region",
    "recency",
    "language",
    "in_person",
]
# PostgreSQL text and jsonb cannot hold NUL characters: refuse them with a 400, not a 500.
_NO_NUL = r"^[^\x00]*$"
_NO_NUL_NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"
YearsAgo = Annotated[float, Meta(ge=0, le=100)]
Bio = Annotated[str, Meta(max_length=4000, pattern=_NO_NUL)]
Goals = Annotated[str, Meta(max_length=2000, pattern=_NO_NUL)]
DocumentRef = Annotated[str, Meta(max_length=200, pattern=_NO_NUL)]
Title = Annotated[str, Meta(min_length=1, max_length=200, pattern=_NO_NUL_NOT_BLANK)]
Region = Annotated[str, Meta(min_length=1, max_length=80, pattern=_NO_NUL_NOT_BLANK)]
SessionMinutes = Annotated[int, Meta(ge=30, le=120)]
Capacity = Annotated[int, Meta(ge=0, le=50, description="How many mentees at once")]

Challenges = Annotated[list[ChallengeSlug], Meta(max_length=20)]
Supports = Annotated[list[Support], Meta(max_length=2)]
Formats = Annotated[list[Format], Meta(max_length=4)]
Languages = Annotated[list[LanguageCode], Meta(max_length=10)]
Priorities = Annotated[
    list[Priority], Meta(max_length=9, description="Most important first; repeats are dropped")
]


class Slot(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A weekly time slot in the person's time zone: start before end, slots never overlap."""

    weekday: Weekday
    start: StartTime
    end: EndTime


Slots = Annotated[list[Slot], Meta(max_length=MAX_SLOTS)]


class MentorChallengeIn(Input):
    """A challenge the mentor overcame, and optionally how long ago."""

    slug: ChallengeSlug
    years_ago: YearsAgo | None = None


MentorChallenges = Annotated[list[MentorChallengeIn], Meta(max_length=20)]


class MentorProfileInput(Input):
    """A whole mentor profile (PUT creates or replaces it; omitted fields take their default)."""

    kind: MentorKind = "peer"
    challenges: MentorChallenges = []
    support_offered: Supports = []
    formats: Formats = []
    region: Region | None = None
    languages: Languages = []
    timezone: TimeZone = "UTC"
    availability: Slots = []
    engagement: Engagement = "either"
    bio: Bio = ""


class MentorProfilePatch(Patch):
    """Change some fields of the mentor profile; those not sent stay as they are."""

    kind: MentorKind | UnsetType = UNSET
    challenges: MentorChallenges | UnsetType = UNSET
    support_offered: Supports | UnsetType = UNSET
    formats: Formats | UnsetType = UNSET
    region: Region | UnsetType | None = UNSET
    languages: Languages | UnsetType = UNSET
    timezone: TimeZone | UnsetType = UNSET
    availability: Slots | UnsetType = UNSET
    engagement: Engagement | UnsetType = UNSET
    bio: Bio | UnsetType = UNSET


class CapacityInput(Input):
    """How many mentees the mentor takes at once (never below how many they have now)."""

    capacity: Capacity


class PauseInput(Input):
    """Take no new mentees until this date (mentoring resumes on it)."""

    until: date


class QualificationInput(Input):
    """A professional qualification; a coordinator of the mentor's programme verifies it."""

    title: Title
    issuer: Title
    document_ref: DocumentRef = ""


class QualificationPatch(Patch):
    """Change a qualification; any change to a verified one withdraws its verification."""

    title: Title | UnsetType = UNSET
    issuer: Title | UnsetType = UNSET
    document_ref: DocumentRef | UnsetType = UNSET


class MenteeProfileInput(Input):
    """A whole mentee profile (PUT creates or replaces it; omitted fields take their default)."""

    challenges: Challenges = []
    support_wanted: Supports = []
    priorities: Priorities = []
    formats: Formats = []
    region: Region | None = None
    languages: Languages = []
    timezone: TimeZone = "UTC"
    availability: Slots = []
    frequency: Frequency = "weekly"
    session_minutes: SessionMinutes = 60
    engagement: Engagement = "either"
    mentor_kind: WantedMentorKind = "any"
    goals: Goals = ""


class MenteeProfilePatch(Patch):
    """Change some fields of the mentee profile; those not sent stay as they are."""

    challenges: Challenges | UnsetType = UNSET
    support_wanted: Supports | UnsetType = UNSET
    priorities: Priorities | UnsetType = UNSET
    formats: Formats | UnsetType = UNSET
    region: Region | UnsetType | None = UNSET
    languages: Languages | UnsetType = UNSET
    timezone: TimeZone | UnsetType = UNSET
    availability: Slots | UnsetType = UNSET
    frequency: Frequency | UnsetType = UNSET
    session_minutes: SessionMinutes | UnsetType = UNSET
    engagement: Engagement | UnsetType = UNSET
    mentor_kind: WantedMentorKind | UnsetType = UNSET
    goals: Goals | UnsetType = UNSET


class MentorChallengeRead(Output):
    """A challenge the mentor overcame."""

    slug: str
    years_ago: float | None = None


class QualificationRead(Output):
    """A qualification and whether (and by whom) it was verified."""

    id: UUID
    title: str
    issuer: str
    document_ref: str
    verified_at: datetime | None = None
    verified_by_id: UUID | None = None


class MentorProfileRead(Output):
    """A mentor profile, as its owner or a coordinator of their programme sees it."""

    user_id: UUID
    kind: str
    challenges: list[MentorChallengeRead]
    support_offered: list[str]
    formats: list[str]
    region: str | None
    languages: list[str]
    capacity: int
    active_mentees: int
    timezone: str
    availability: list[Slot]
    paused_until: date | None
    engagement: str
    bio: str
    qualifications: list[QualificationRead]
    updated_at: datetime


class MenteeProfileRead(Output):
    """A mentee profile, as its owner or a coordinator of their programme sees it."""

    user_id: UUID
    challenges: list[str]
    support_wanted: list[str]
    priorities: list[str]
    formats: list[str]
    region: str | None
    languages: list[str]
    timezone: str
    availability: list[Slot]
    frequency: str
    session_minutes: int
    engagement: str
    mentor_kind: str
    goals: str
    updated_at: datetime


class MenteeMatchingRead(Output):
    """What a mentee shares with a mentor a proposal or pairing links them to: no contact details."""

    user_id: UUID
    challenges: list[str]
    support_wanted: list[str]
    formats: list[str]
    languages: list[str]
    region: str | None
    timezone: str
    availability: list[Slot]
    goals: str
