"""Taxonomy rules: anyone reads it, in English and French; coordinators add and relabel entries."""

from __future__ import annotations

from uuid import UUID

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge, UserAccount
from mentoring.domain.programs.schemas import ChallengeCreate, ChallengeUpdate, Labels, TaxonomyEntry
from mentoring.domain.programs.taxonomy import parent_slug
from mentoring.lib.audit import record_audit
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError


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


class TaxonomyService:
    """Read the challenge taxonomy as a flat list or a tree; add and relabel entries."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def entries(self, lang: str | None, tree: bool) -> list[TaxonomyEntry]:
        """Every entry by slug (parents before their children), or the roots with their children."""
        # Sorted here, not in SQL: collations differ, and a parent must come before its children.
        challenges = sorted(await self.session.scalars(select(Challenge)), key=lambda c: c.slug)
        flat = [_entry(c, lang) for c in challenges]
        if not tree:
            return flat
        by_slug: dict[str, list[TaxonomyEntry]] = {}
        roots: list[TaxonomyEntry] = []
        for entry in flat:
            entry.children = by_slug[entry.slug] = []
            siblings = by_slug.get(entry.parent) if entry.parent else None
            (roots if siblings is None else siblings).append(entry)
        return roots

    async def create(self, user: UserAccount, data: ChallengeCreate) -> TaxonomyEntry:
        """Add a root, or a child under an existing root; a slug already taken is a 409, a missing parent a 404."""
        _require_coordinator(user)
        if await self.session.scalar(select(Challenge.id).where(Challenge.slug == data.slug)) is not None:
            raise ConflictError(f"The taxonomy already has {data.slug!r}")
        parent = parent_slug(data.slug)
        parent_id = None
        if parent is not None:
            parent_id = await self.session.scalar(select(Challenge.id).where(Challenge.slug == parent))
            if parent_id is None:
                raise NotFoundError(f"No parent challenge {parent!r}: add it before {data.slug!r}")
        challenge = Challenge(
            slug=data.slug,
            label_en=data.label_en.strip(),
            label_fr=data.label_fr.strip(),
            parent_id=parent_id,
            created_by_id=user.id,
        )
        self.session.add(challenge)
        await self.session.flush()
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
        challenge = await self.session.get(Challenge, challenge_id)
        if challenge is None:
            raise NotFoundError(f"No taxonomy entry {challenge_id}")
        changed = []
        for name, value in msgspec.structs.asdict(data).items():
            if value is not msgspec.UNSET and getattr(challenge, name) != value.strip():
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
