"""The challenge taxonomy: the default entries (English and French), their seeding, and the rules.

Entries are slugs; a child's slug is its parent's slug, a slash, and its own part
(``addiction/alcohol``), so matching can tell a shared parent from a shared leaf. Anyone reads the
taxonomy; coordinators add and relabel entries.
"""

from __future__ import annotations

from uuid import UUID

from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import schema_dump
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge, UserAccount
from mentoring.domain.programs.schemas import ChallengeCreate, ChallengeUpdate, Labels, TaxonomyEntry
from mentoring.lib.audit import record_audit
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError
from mentoring.lib.pagination import OffsetPagination, paginate

__all__ = [
    "DEFAULT_TAXONOMY",
    "ChallengeRepository",
    "TaxonomyService",
    "parent_slug",
    "seed_default_taxonomy",
]

#: (slug, English label, French label), parents before children.
DEFAULT_TAXONOMY: tuple[tuple[str, str, str], ...] = (
    ("mental-health", "Mental health", "Santé mentale"),
    ("mental-health/anxiety", "Anxiety", "Anxiété"),
    ("mental-health/depression", "Depression", "Dépression"),
    ("mental-health/burnout", "Burnout", "Épuisement professionnel"),
    ("mental-health/bipolar", "Bipolar disorder", "Trouble bipolaire"),
    ("mental-health/eating-disorder", "Eating disorder", "Trouble alimentaire"),
    ("mental-health/trauma", "Trauma and PTSD", "Traumatisme et TSPT"),
    ("addiction", "Addiction", "Addiction"),
    ("addiction/alcohol", "Alcohol", "Alcool"),
    ("addiction/drugs", "Drugs", "Drogues"),
    ("addiction/gambling", "Gambling", "Jeux d'argent"),
    ("addiction/smoking", "Smoking", "Tabac"),
    ("parenting", "Parenting", "Parentalité"),
    ("parenting/single-parent", "Single parenthood", "Famille monoparentale"),
    ("parenting/new-parent", "New parent", "Nouveau parent"),
    ("parenting/disabled-child", "Child with a disability", "Enfant en situation de handicap"),
    ("parenting/teenager", "Parenting a teenager", "Parent d'adolescent"),
    ("grief", "Grief", "Deuil"),
    ("grief/partner", "Loss of a partner", "Perte d'un conjoint"),
    ("grief/child", "Loss of a child", "Perte d'un enfant"),
    ("grief/parent", "Loss of a parent", "Perte d'un parent"),
    ("grief/suicide", "Bereavement by suicide", "Deuil après un suicide"),
    ("chronic-illness", "Chronic illness", "Maladie chronique"),
    ("chronic-illness/cancer", "Cancer", "Cancer"),
    ("chronic-illness/diabetes", "Diabetes", "Diabète"),
    ("chronic-illness/chronic-pain", "Chronic pain", "Douleur chronique"),
    ("chronic-illness/long-covid", "Long COVID", "COVID long"),
    ("job-loss", "Job loss", "Perte d'emploi"),
    ("job-loss/redundancy", "Redundancy", "Licenciement économique"),
    ("job-loss/career-change", "Career change", "Reconversion"),
    ("job-loss/long-term-unemployment", "Long-term unemployment", "Chômage de longue durée"),
    ("migration", "Migration", "Migration"),
    ("migration/refugee", "Refugee", "Réfugié"),
    ("migration/new-country", "Settling in a new country", "Installation dans un nouveau pays"),
    ("migration/language-barrier", "Language barrier", "Barrière de la langue"),
    ("caring", "Caring for a relative", "Aidant d'un proche"),
    ("caring/dementia", "Relative with dementia", "Proche atteint de démence"),
    ("caring/disability", "Relative with a disability", "Proche en situation de handicap"),
    ("caring/end-of-life", "End-of-life care", "Accompagnement de fin de vie"),
    ("relationships", "Relationships", "Relations"),
    ("relationships/divorce", "Divorce or separation", "Divorce ou séparation"),
    ("relationships/domestic-abuse", "Domestic abuse", "Violences conjugales"),
    ("housing", "Housing", "Logement"),
    ("housing/homelessness", "Homelessness", "Sans-abrisme"),
    ("justice", "Justice", "Justice"),
    ("justice/prison-release", "Leaving prison", "Sortie de prison"),
)


def parent_slug(slug: str) -> str | None:
    """``addiction/alcohol`` → ``addiction``; a root has no parent."""
    return slug.rsplit("/", 1)[0] if "/" in slug else None


async def seed_default_taxonomy(session: AsyncSession) -> int:
    """Insert the default entries that are missing (by slug); return how many were added."""
    existing = {
        slug: cid for slug, cid in (await session.execute(select(Challenge.slug, Challenge.id))).all()
    }
    added = 0
    for slug, label_en, label_fr in DEFAULT_TAXONOMY:
        if slug in existing:
            continue
        parent = parent_slug(slug)
        challenge = Challenge(
            slug=slug,
            label_en=label_en,
            label_fr=label_fr,
            parent_id=existing.get(parent) if parent else None,
        )
        session.add(challenge)
        await session.flush()
        existing[slug] = challenge.id
        added += 1
    return added


def _entry(challenge: Challenge, lang: str | None) -> TaxonomyEntry:
    return TaxonomyEntry(
        id=challenge.id,
        slug=challenge.slug,
        parent=parent_slug(challenge.slug),
        label=challenge.label_fr if lang == "fr" else challenge.label_en,
        labels=None if lang else Labels(en=challenge.label_en, fr=challenge.label_fr),
    )


def _require_coordinator(user: UserAccount) -> None:
    if not user.is_coordinator:
        raise ForbiddenError("Only coordinators may change the taxonomy")


class ChallengeRepository(SQLAlchemyAsyncRepository[Challenge]):
    """Taxonomy entries."""

    model_type = Challenge
    count_with_window_function = False  # a page past the end still says the total


class TaxonomyService:
    """Read the challenge taxonomy as a flat list or a tree; add and relabel entries."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.challenges = ChallengeRepository(session=session)

    def _by_slug(self, *where: ColumnElement[bool]) -> Select[tuple[Challenge]]:
        """Entries by slug, compared byte by byte (parents before their children on every database)."""
        slug = (
            Challenge.slug.collate("C") if self.session.bind.dialect.name == "postgresql" else Challenge.slug
        )
        return select(Challenge).where(*where).order_by(slug)

    async def entries(
        self, lang: str | None, tree: bool, page: LimitOffset
    ) -> OffsetPagination[TaxonomyEntry]:
        """A page of the entries by slug (parents before their children), or of the roots with their
        children (``tree``)."""
        if not tree:
            challenges, total = await self.challenges.get_many_and_count(page, statement=self._by_slug())
            return paginate([_entry(c, lang) for c in challenges], total, page)
        roots, total = await self.challenges.get_many_and_count(
            page, statement=self._by_slug(Challenge.parent_id.is_(None))
        )
        entries = [_entry(c, lang) for c in roots]
        children: dict[str, list[TaxonomyEntry]] = {}
        for entry in entries:
            entry.children = children[entry.slug] = []
        for child in await self.session.scalars(
            self._by_slug(Challenge.parent_id.in_([c.id for c in roots]))
        ):
            entry = _entry(child, lang)
            entry.children = []
            children[parent_slug(child.slug) or ""].append(entry)
        return paginate(entries, total, page)

    async def create(self, user: UserAccount, data: ChallengeCreate) -> TaxonomyEntry:
        """Add a root, or a child under an existing root; a slug already taken is a 409, a missing parent a 404."""
        _require_coordinator(user)
        if await self.challenges.exists(slug=data.slug):
            raise ConflictError(f"The taxonomy already has {data.slug!r}")
        parent = parent_slug(data.slug)
        parent_id = None
        if parent is not None:
            found = await self.challenges.get_one_or_none(slug=parent)
            if found is None:
                raise NotFoundError(f"No parent challenge {parent!r}: add it before {data.slug!r}")
            parent_id = found.id
        challenge = await self.challenges.add(
            Challenge(
                slug=data.slug,
                label_en=data.label_en.strip(),
                label_fr=data.label_fr.strip(),
                parent_id=parent_id,
                created_by_id=user.id,
            )
        )
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="challenge",
            entity_id=challenge.id,
            action="challenge.created",
        )
        await self.session.flush()
        return _entry(challenge, None)

    async def relabel(self, user: UserAccount, challenge_id: UUID, data: ChallengeUpdate) -> TaxonomyEntry:
        """Change an entry's labels (its slug stays: profiles and programmes refer to it)."""
        _require_coordinator(user)
        challenge = await self.challenges.get(
            challenge_id, error_messages={"not_found": f"No taxonomy entry {challenge_id}"}
        )
        changed = []
        for name, value in schema_dump(data).items():
            if getattr(challenge, name) != value.strip():
                setattr(challenge, name, value.strip())
                changed.append(name)
        if changed:
            await record_audit(
                self.session,
                actor_id=user.id,
                entity="challenge",
                entity_id=challenge.id,
                action="challenge.relabelled",
                fields=changed,
            )
            await self.session.flush()
        return _entry(challenge, None)
