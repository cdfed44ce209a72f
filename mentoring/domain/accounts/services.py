"""Account rules: unique e-mails, argon2 hashes, uniform log-in failures, roles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar.security.jwt import JWTAuth
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MenteeProfile, MentorProfile, Program, ProgramCoordinator, UserAccount
from mentoring.domain.accounts.schemas import AccessToken, AccountRead, CoordinatorCreate, LogIn, SignUp
from mentoring.lib.errors import ConflictError, ForbiddenError, NotAuthenticatedError, NotFoundError
from mentoring.lib.security import hash_password, verify_password
from mentoring.settings import Settings

__all__ = ["INVALID_CREDENTIALS", "AccountService", "TokenIssuer", "normalise_email"]

INVALID_CREDENTIALS = "Invalid e-mail or password"


def normalise_email(email: str) -> str:
    """E-mails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


class TokenIssuer:
    """Bearer tokens for an account, with the app's issuer, audience and lifetime."""

    def __init__(self, auth: JWTAuth[Any, Any], settings: Settings) -> None:
        self.auth = auth
        self.settings = settings

    def issue(self, user: UserAccount) -> AccessToken:
        """A fresh token for ``user``."""
        ttl = timedelta(minutes=self.settings.token_ttl_minutes)
        token = self.auth.create_token(
            identifier=str(user.id),
            token_expiration=ttl,
            token_issuer=self.settings.jwt_issuer,
            token_audience=self.settings.jwt_audience,
        )
        return AccessToken(access_token=token, expires_at=datetime.now(UTC) + ttl)


class AccountService:
    """Create accounts, check credentials and describe roles.

    Args:
        session: The request's (or the script's) session; the service flushes, never commits.
        tokens: Issues the tokens of :meth:`register` and :meth:`log_in` (HTTP only).
    """

    def __init__(self, session: AsyncSession, tokens: TokenIssuer | None = None) -> None:
        self.session = session
        self.tokens = tokens

    def _token(self, user: UserAccount) -> AccessToken:
        if self.tokens is None:
            raise RuntimeError("AccountService needs a TokenIssuer to hand out tokens")
        return self.tokens.issue(user)

    async def register(self, data: SignUp) -> AccessToken:
        """Sign up (see :meth:`sign_up`) and return a token for the new account."""
        user = await self.sign_up(
            email=data.email,
            password=data.password,
            display_name=data.display_name,
            role=data.role,
            language=data.language,
        )
        return self._token(user)

    async def log_in(self, data: LogIn) -> AccessToken:
        """A token for these credentials (see :meth:`authenticate`)."""
        return self._token(await self.authenticate(data.email, data.password))

    async def describe(self, user: UserAccount) -> AccountRead:
        """An account with its roles and the programmes it coordinates."""
        roles, program_ids = await self.roles(user)
        return AccountRead(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            language=user.language,
            roles=roles,  # type: ignore[arg-type]
            coordinated_program_ids=program_ids,
            created_at=user.created_at,
        )

    async def add_coordinator(self, caller: UserAccount, data: CoordinatorCreate) -> AccountRead:
        """A coordinator creates another one, for programmes the caller coordinates (403 otherwise)."""
        _, mine = await self.roles(caller)
        foreign = [str(p) for p in data.program_ids if p not in mine]
        if foreign:
            raise ForbiddenError(f"You do not coordinate programme(s) {', '.join(foreign)}")
        user = await self.create_coordinator(
            email=data.email,
            password=data.password,
            display_name=data.display_name,
            language=data.language,
            program_ids=data.program_ids,
        )
        return await self.describe(user)

    async def get_by_email(self, email: str) -> UserAccount | None:
        """The live account with this e-mail, if any."""
        return await self.session.scalar(
            select(UserAccount).where(
                UserAccount.email == normalise_email(email), UserAccount.erased_at.is_(None)
            )
        )

    async def _create(self, email: str, password: str, display_name: str, language: str) -> UserAccount:
        email = normalise_email(email)
        if await self.session.scalar(select(UserAccount.id).where(UserAccount.email == email)):
            raise ConflictError("An account with this e-mail already exists")
        user = UserAccount(
            email=email,
            password_hash=await hash_password(password),
            display_name=display_name.strip(),
            language=language,
        )
        self.session.add(user)
        await self.session.flush()
        return user

    async def sign_up(
        self, *, email: str, password: str, display_name: str, role: str, language: str
    ) -> UserAccount:
        """Create a mentee or mentor account with an empty profile of that kind."""
        user = await self._create(email, password, display_name, language)
        self.session.add(
            MentorProfile(user_id=user.id) if role == "mentor" else MenteeProfile(user_id=user.id)
        )
        await self.session.flush()
        return user

    async def create_coordinator(
        self,
        *,
        email: str,
        password: str,
        display_name: str,
        language: str = "en",
        program_ids: Sequence[UUID] = (),
    ) -> UserAccount:
        """Create a coordinator, optionally coordinating the given programmes."""
        user = await self._create(email, password, display_name, language)
        user.is_coordinator = True
        for program_id in program_ids:
            if await self.session.get(Program, program_id) is None:
                raise NotFoundError(f"No programme {program_id}")
            self.session.add(ProgramCoordinator(program_id=program_id, user_id=user.id))
        await self.session.flush()
        return user

    async def authenticate(self, email: str, password: str) -> UserAccount:
        """The account for these credentials; unknown e-mail and wrong password fail alike."""
        user = await self.get_by_email(email)
        if not await verify_password(password, user.password_hash if user else None) or user is None:
            raise NotAuthenticatedError(INVALID_CREDENTIALS)
        return user

    async def set_language(self, user: UserAccount, language: str) -> UserAccount:
        """Change the language the platform speaks to this person (pages, e-mails, notifications)."""
        user.language = language
        await self.session.flush()
        return user

    async def roles(self, user: UserAccount) -> tuple[list[str], list[UUID]]:
        """The caller's roles and the programmes they coordinate."""
        holds_mentee, holds_mentor = (
            await self.session.execute(
                select(
                    exists().where(MenteeProfile.user_id == user.id),
                    exists().where(MentorProfile.user_id == user.id),
                )
            )
        ).one()
        roles = [role for role, held in (("mentee", holds_mentee), ("mentor", holds_mentor)) if held]
        program_ids: list[UUID] = []
        if user.is_coordinator:
            program_ids = list(
                await self.session.scalars(
                    select(ProgramCoordinator.program_id)
                    .where(ProgramCoordinator.user_id == user.id)
                    .order_by(ProgramCoordinator.created_at)
                )
            )
            roles.append("coordinator")
        return roles, program_ids
