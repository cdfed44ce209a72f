"""The demo's programmes and people: a coordinator, mentors and mentees with varied profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mentoring.domain.profiles.schemas import (
    MenteeProfileInput,
    MentorChallengeIn,
    MentorProfileInput,
    QualificationInput,
    Slot,
)
from mentoring.domain.programs.schemas import FormalTermsInput, InformalTermsInput, ProgramCreate

DOMAIN = "demo.mentoring"
COORDINATOR_EMAIL = f"coordinator@{DOMAIN}"
PASSWORDS = {"coordinator": "coordinator-demo", "mentor": "mentor-demo-pass", "mentee": "mentee-demo-pass"}
JOB_LOSS, ADDICTION = "job-loss-peer-support", "addiction-recovery"

PROGRAMS = (
    ProgramCreate(
        name="Peer support after job loss",
        slug=JOB_LOSS,
        description="Six conversations over three months with someone who lost a job and found their feet.",
        themes=["job-loss", "mental-health/burnout", "mental-health/anxiety"],
        terms=FormalTermsInput(
            frequency="biweekly",
            session_minutes=60,
            duration_weeks=12,
            sessions=6,
            goals=["Rebuild a routine", "Prepare a job search plan"],
            confidentiality_text="What we say stays between us, unless someone's safety is at risk.",
        ),
        waiting_target_days=10,
    ),
    ProgramCreate(
        name="Recovery from addiction",
        slug=ADDICTION,
        description="Informal, flexible support from people in long-term recovery and from counsellors.",
        themes=["addiction"],
        terms=InformalTermsInput(
            confidentiality_text="Nothing shared here leaves the conversation without your consent."
        ),
        trial_sessions=2,
    ),
)


def _slots(*spec: tuple[int, str, str]) -> list[Slot]:
    return [Slot(weekday=day, start=start, end=end) for day, start, end in spec]


EVENINGS = _slots((0, "18:00", "21:00"), (2, "18:00", "21:00"), (3, "19:00", "21:00"))
MORNINGS = _slots((1, "09:00", "12:00"), (3, "09:00", "12:00"), (5, "10:00", "12:00"))
WEEKENDS = _slots((5, "10:00", "17:00"), (6, "14:00", "18:00"))
DAYTIME = _slots((0, "10:00", "16:00"), (2, "10:00", "16:00"), (4, "10:00", "16:00"))


@dataclass(frozen=True)
class DemoMentor:
    """A demo mentor: their profile, capacity, programmes and (professionals) a qualification."""

    name: str
    profile: MentorProfileInput
    capacity: int
    programs: tuple[str, ...]
    qualification: QualificationInput | None = None


@dataclass(frozen=True)
class DemoMentee:
    """A demo mentee: their profile and programmes."""

    name: str
    profile: MenteeProfileInput
    programs: tuple[str, ...]
    language: str = field(default="en")


def _mentor(kind: str, challenges: dict[str, float], **kwargs: Any) -> MentorProfileInput:
    return MentorProfileInput(
        kind=kind,  # type: ignore[arg-type]
        challenges=[MentorChallengeIn(slug=slug, years_ago=years) for slug, years in challenges.items()],
        **kwargs,
    )


MENTORS = (
    DemoMentor("Amira", _mentor("peer", {"job-loss/redundancy": 4, "mental-health/anxiety": 4},
        support_offered=["emotional", "practical"], formats=["video", "phone"], region="Île-de-France",
        languages=["fr", "en"], timezone="Europe/Paris", availability=EVENINGS, engagement="formal",
        bio="Made redundant after 15 years in retail; now a hiring manager."), 2, (JOB_LOSS,)),
    DemoMentor("Ben", _mentor("peer", {"addiction/alcohol": 9},
        support_offered=["emotional"], formats=["in_person", "chat"], region="London",
        languages=["en"], timezone="Europe/London", availability=WEEKENDS, engagement="informal",
        bio="Nine years sober, runs a Sunday walking group."), 3, (ADDICTION,)),
    DemoMentor("Chloé", _mentor("professional", {"addiction": 12, "addiction/drugs": 12},
        support_offered=["emotional", "practical"], formats=["video", "in_person"], region="Québec",
        languages=["fr", "en"], timezone="America/Toronto", availability=DAYTIME, engagement="either",
        bio="Addiction counsellor in a community health centre."), 3, (ADDICTION,),
        QualificationInput(title="Certified addiction counsellor", issuer="Ordre des travailleurs sociaux")),
    DemoMentor("Dev", _mentor("peer", {"job-loss/long-term-unemployment": 3, "mental-health/depression": 3},
        support_offered=["emotional"], formats=["phone", "chat"], region="Manchester",
        languages=["en"], timezone="Europe/London", availability=EVENINGS, engagement="formal",
        bio="Two years out of work before retraining as a developer."), 1, (JOB_LOSS,)),
    DemoMentor("Élise", _mentor("professional", {"mental-health/burnout": 8, "job-loss/career-change": 6},
        support_offered=["practical"], formats=["video"], region="Brussels",
        languages=["fr"], timezone="Europe/Brussels", availability=MORNINGS, engagement="formal",
        bio="Career coach specialised in burnout recovery."), 2, (JOB_LOSS,),
        QualificationInput(title="Certified career coach", issuer="ICF")),
    DemoMentor("Farid", _mentor("peer", {"addiction/gambling": 5, "job-loss/redundancy": 7},
        support_offered=["emotional", "practical"], formats=["in_person", "phone"], region="Île-de-France",
        languages=["fr", "en"], timezone="Europe/Paris", availability=WEEKENDS, engagement="either",
        bio="Stopped gambling after losing my job; helps others with debt plans."), 2, (ADDICTION, JOB_LOSS)),
    DemoMentor("Grace", _mentor("peer", {"addiction/drugs": 6, "mental-health/trauma": 6},
        support_offered=["emotional"], formats=["video", "chat"], region="Dublin",
        languages=["en"], timezone="Europe/Dublin", availability=EVENINGS, engagement="informal",
        bio="Six years clean; volunteers at a harm-reduction service."), 1, (ADDICTION,)),
    DemoMentor("Hugo", _mentor("professional", {"job-loss": 10},
        support_offered=["practical"], formats=["video", "phone"], region="Lyon",
        languages=["fr", "en"], timezone="Europe/Paris", availability=DAYTIME, engagement="formal",
        bio="Outplacement consultant."), 3, (JOB_LOSS,),
        QualificationInput(title="Outplacement consultant", issuer="AFPA")),
)  # fmt: skip


def _mentee(challenges: list[str], **kwargs: Any) -> MenteeProfileInput:
    return MenteeProfileInput(challenges=challenges, **kwargs)


MENTEES = (
    DemoMentee("Inès", _mentee(["job-loss/redundancy", "mental-health/anxiety"], support_wanted=["emotional",
        "practical"], priorities=["shared_experience", "language", "availability"], formats=["video"],
        region="Île-de-France", languages=["fr"], timezone="Europe/Paris", availability=EVENINGS,
        frequency="biweekly", engagement="formal", mentor_kind="peer",
        goals="Get back my confidence for interviews"), (JOB_LOSS,), "fr"),
    DemoMentee("Jack", _mentee(["addiction/alcohol"], support_wanted=["emotional"], priorities=["shared_experience",
        "in_person", "region"], formats=["in_person"], region="London", languages=["en"],
        timezone="Europe/London", availability=WEEKENDS, frequency="weekly", engagement="informal",
        mentor_kind="peer", goals="Stay sober through the holidays"), (ADDICTION,)),
    DemoMentee("Karim", _mentee(["addiction/gambling"], support_wanted=["practical", "emotional"],
        priorities=["shared_experience", "support"], formats=["phone", "in_person"], region="Île-de-France",
        languages=["fr", "en"], timezone="Europe/Paris", availability=WEEKENDS, frequency="weekly",
        engagement="either", goals="Make a plan to repay my debts"), (ADDICTION,), "fr"),
    DemoMentee("Lena", _mentee(["mental-health/burnout", "job-loss/career-change"], support_wanted=["practical"],
        priorities=["mentor_kind", "availability"], formats=["video"], region="Brussels", languages=["fr", "en"],
        timezone="Europe/Brussels", availability=MORNINGS, frequency="biweekly", engagement="formal",
        mentor_kind="professional", goals="Decide on a new career path"), (JOB_LOSS,)),
    DemoMentee("Marc", _mentee(["job-loss/long-term-unemployment"], support_wanted=["emotional"],
        priorities=["shared_experience", "recency"], formats=["phone", "chat"], region="Manchester",
        languages=["en"], timezone="Europe/London", availability=EVENINGS, frequency="weekly",
        engagement="formal", mentor_kind="peer", goals="Keep a daily routine"), (JOB_LOSS,)),
    DemoMentee("Nadia", _mentee(["addiction/drugs", "mental-health/trauma"], support_wanted=["emotional"],
        priorities=["shared_experience", "engagement"], formats=["chat", "video"], region="Dublin",
        languages=["en"], timezone="Europe/Dublin", availability=EVENINGS, frequency="weekly",
        engagement="informal", mentor_kind="peer", goals="Feel less alone in recovery"), (ADDICTION,)),
    DemoMentee("Olivier", _mentee(["addiction/drugs"], support_wanted=["practical", "emotional"],
        priorities=["mentor_kind", "language"], formats=["video", "in_person"], region="Québec",
        languages=["fr"], timezone="America/Toronto", availability=DAYTIME, frequency="biweekly",
        engagement="either", mentor_kind="professional", goals="Find treatment options near me"),
        (ADDICTION,), "fr"),
    DemoMentee("Priya", _mentee(["job-loss/redundancy"], support_wanted=["practical"], priorities=["support",
        "availability"], formats=["video", "phone"], region="Lyon", languages=["en", "fr"],
        timezone="Europe/Paris", availability=DAYTIME, frequency="monthly", engagement="formal",
        goals="Negotiate my severance and update my CV"), (JOB_LOSS,)),
    DemoMentee("Quentin", _mentee(["addiction/alcohol", "job-loss/redundancy"], support_wanted=["emotional"],
        priorities=["shared_experience", "region", "in_person"], formats=["in_person"], region="Île-de-France",
        languages=["fr"], timezone="Europe/Paris", availability=WEEKENDS, frequency="weekly",
        engagement="either", goals="Stop drinking since I lost my job"), (ADDICTION, JOB_LOSS), "fr"),
    DemoMentee("Rosa", _mentee(["mental-health/depression", "job-loss/long-term-unemployment"],
        support_wanted=["emotional", "practical"], priorities=["availability", "shared_experience"],
        formats=["phone"], region="London", languages=["en"], timezone="Europe/London", availability=EVENINGS,
        frequency="weekly", engagement="formal", goals="Apply for one job a week"), (JOB_LOSS,)),
    DemoMentee("Sami", _mentee(["addiction/smoking"], support_wanted=["emotional"], priorities=["engagement"],
        formats=["chat"], languages=["en", "fr"], timezone="Europe/Paris", availability=EVENINGS,
        frequency="biweekly", engagement="informal", goals="Quit for good before my daughter is born"),
        (ADDICTION,)),
    DemoMentee("Tess", _mentee(["mental-health/anxiety", "job-loss/career-change"], support_wanted=["emotional"],
        priorities=["language", "recency", "shared_experience"], formats=["video", "chat"], region="Montréal",
        languages=["en", "fr"], timezone="America/Toronto", availability=DAYTIME, frequency="biweekly",
        engagement="formal", mentor_kind="any", goals="Handle anxiety in a new job"), (JOB_LOSS,)),
    # Three mentees a round cannot match yet, each for a different reason (the recruiting gaps).
    DemoMentee("Ugo", _mentee(["job-loss/redundancy"], support_wanted=["practical"], priorities=["language"],
        formats=["video"], region="Milano", languages=["it"], timezone="Europe/Rome", availability=EVENINGS,
        frequency="biweekly", engagement="formal", goals="Find work again in my field"), (JOB_LOSS,)),
    DemoMentee("Vera", _mentee(["job-loss/long-term-unemployment"], support_wanted=["emotional"],
        priorities=["in_person", "region"], formats=["in_person"], region="Marseille", languages=["fr"],
        timezone="Europe/Paris", availability=DAYTIME, frequency="weekly", engagement="formal",
        goals="Meet someone near me who went through it"), (JOB_LOSS,), "fr"),
    DemoMentee("Wen", _mentee(["addiction/drugs"], support_wanted=["emotional"], priorities=["shared_experience"],
        formats=["video"], region="Dublin", languages=["en"], timezone="Europe/Dublin", availability=EVENINGS,
        frequency="weekly", engagement="informal", mentor_kind="peer", goals="Stay clean after rehab"),
        (ADDICTION,)),
)  # fmt: skip
