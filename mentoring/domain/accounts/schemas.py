"""Account request and response bodies (the erasure confirmation of ``DELETE /api/me`` included)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from mentoring.lib.schema import Email, Input, Language, Name, Output, Password


class SignUp(Input):
    """Create an account as a mentee or a mentor (the other profile can be added later)."""

    email: Email
    password: Password
    display_name: Name
    role: Literal["mentee", "mentor"]
    language: Language = "en"


class LogIn(Input):
    """E-mail and password."""

    email: Email
    password: Password


class AccessToken(Output):
    """A bearer token to send as ``Authorization: Bearer <token>``."""

    access_token: str
    expires_at: datetime
    token_type: Literal["bearer"] = "bearer"


class CoordinatorCreate(Input):
    """A coordinator creates another coordinator (who then coordinates the given programmes)."""

    email: Email
    password: Password
    display_name: Name
    language: Language = "en"
    program_ids: list[UUID] = []


class AccountRead(Output):
    """Who the caller is and which roles they hold."""

    id: UUID
    email: str
    display_name: str
    language: str
    roles: list[Literal["mentee", "mentor", "coordinator"]]
    coordinated_program_ids: list[UUID]
    created_at: datetime


class ErasureConfirmation(Input):
    """The caller's current password, to confirm that they are the one erasing the account."""

    password: Password
