"""Demo data: two programmes, a coordinator, mentors and mentees, and the workflow in every state.

Everything is built through the domain services (sign-up, programmes, profiles, memberships,
requests, proposals, pairings…), the way people would build it through the API, in one
transaction. Seeding is idempotent: people are found by e-mail, programmes by slug, and the
workflow is seeded once, so a second run creates nothing and prints the same logins.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.engine import create_engine, session_scope
from mentoring.db.models import Program, ProgramMembership, UserAccount
from mentoring.demo.people import (
    COORDINATOR_EMAIL,
    DOMAIN,
    MENTEES,
    MENTORS,
    PASSWORDS,
    PROGRAMS,
    DemoMentee,
    DemoMentor,
)
from mentoring.demo.states import SHOWS, seed_states
from mentoring.domain.accounts.services import AccountService
from mentoring.domain.profiles.qualifications import QualificationService
from mentoring.domain.profiles.services import ProfileService
from mentoring.domain.programs.memberships import MembershipService
from mentoring.domain.programs.services import ProgramService
from mentoring.domain.programs.taxonomy import seed_default_taxonomy
from mentoring.settings import Settings

__all__ = ["DemoLogin", "demo_logins", "seed_demo"]


class DemoLogin(NamedTuple):
    """A demo person's login and what their pages show."""

    role: str
    email: str
    password: str
    shows: str


def _login(role: str, local: str) -> DemoLogin:
    return DemoLogin(role, f"{local}@{DOMAIN}", PASSWORDS[role], SHOWS.get(local, ""))


def demo_logins() -> list[DemoLogin]:
    """Every demo person's login, coordinator first."""
    return [
        DemoLogin("coordinator", COORDINATOR_EMAIL, PASSWORDS["coordinator"], SHOWS["coordinator"]),
        *[_login("mentor", f"mentor{i}") for i in range(1, len(MENTORS) + 1)],
        *[_login("mentee", f"mentee{i}") for i in range(1, len(MENTEES) + 1)],
    ]


class _Seeder:
    """Creates what is missing, through the services, in the caller's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.accounts = AccountService(session)

    async def coordinator(self) -> UserAccount:
        existing = await self.accounts.get_by_email(COORDINATOR_EMAIL)
        if existing is not None:
            return existing
        return await self.accounts.create_coordinator(
            email=COORDINATOR_EMAIL, password=PASSWORDS["coordinator"], display_name="Dana (coordinator)"
        )

    async def programs(self, coordinator: UserAccount) -> dict[str, Program]:
        found: dict[str, Program] = {}
        for data in PROGRAMS:
            program = await self.session.scalar(select(Program).where(Program.slug == data.slug))
            found[data.slug] = program or await ProgramService(self.session).create(coordinator, data)
        return found

    async def join(self, user: UserAccount, program: Program, role: str) -> None:
        joined = await self.session.scalar(
            select(ProgramMembership.id).where(
                ProgramMembership.user_id == user.id,
                ProgramMembership.program_id == program.id,
                ProgramMembership.role == role,
            )
        )
        if joined is None:
            await MembershipService(self.session).join(user, program.id, role)

    async def mentor(
        self, email: str, mentor: DemoMentor, programs: dict[str, Program], coordinator: UserAccount
    ) -> UserAccount:
        """The mentor, created with their profile, programmes and verified qualification if missing."""
        if (existing := await self.accounts.get_by_email(email)) is not None:
            return existing
        user = await self.accounts.sign_up(
            email=email, password=PASSWORDS["mentor"], display_name=mentor.name, role="mentor", language="en"
        )
        profiles = ProfileService(self.session)
        await profiles.put_mentor_profile(user.id, mentor.profile)
        await profiles.set_capacity(user.id, mentor.capacity)
        for slug in mentor.programs:
            await self.join(user, programs[slug], "mentor")
        if mentor.qualification is not None:
            qualifications = QualificationService(self.session)
            qualification = await qualifications.add(user.id, mentor.qualification)
            await qualifications.verify(coordinator.id, qualification.id)
        return user

    async def mentee(self, email: str, mentee: DemoMentee, programs: dict[str, Program]) -> UserAccount:
        """The mentee, created with their profile and programmes if missing."""
        if (existing := await self.accounts.get_by_email(email)) is not None:
            return existing
        user = await self.accounts.sign_up(
            email=email,
            password=PASSWORDS["mentee"],
            display_name=mentee.name,
            role="mentee",
            language=mentee.language,
        )
        await ProfileService(self.session).put_mentee_profile(user.id, mentee.profile)
        for slug in mentee.programs:
            await self.join(user, programs[slug], "mentee")
        return user


async def seed_demo(settings: Settings) -> list[DemoLogin]:
    """Seed the demo programmes, people and workflow once; return the demo logins."""
    engine = create_engine(settings, "cli")
    try:
        async with session_scope(engine) as session:
            await seed_default_taxonomy(session)
            seeder = _Seeder(session)
            coordinator = await seeder.coordinator()
            programs = await seeder.programs(coordinator)
            mentors: dict[int, UserAccount] = {}
            for i, mentor in enumerate(MENTORS, start=1):
                mentors[i] = await seeder.mentor(f"mentor{i}@{DOMAIN}", mentor, programs, coordinator)
            mentees: dict[int, UserAccount] = {}
            for i, mentee in enumerate(MENTEES, start=1):
                mentees[i] = await seeder.mentee(f"mentee{i}@{DOMAIN}", mentee, programs)
            await seed_states(session, settings, coordinator, programs, mentors, mentees)
    finally:
        await engine.dispose()
    return demo_logins()
