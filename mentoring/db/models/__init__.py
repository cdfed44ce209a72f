"""All tables, importable as one namespace: ``from mentoring.db import models as m``."""

from advanced_alchemy.base import orm_registry

from mentoring.db.models.accounts import UserAccount
from mentoring.db.models.privacy import AccessEvent, AuditEvent
from mentoring.db.models.profiles import (
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    Qualification,
)
from mentoring.db.models.programs import Challenge, Program, ProgramCoordinator, ProgramMembership

metadata = orm_registry.metadata

__all__ = [
    "AccessEvent",
    "AuditEvent",
    "Challenge",
    "MenteeChallenge",
    "MenteeProfile",
    "MentorChallenge",
    "MentorProfile",
    "Program",
    "ProgramCoordinator",
    "ProgramMembership",
    "Qualification",
    "UserAccount",
    "metadata",
]
