"""The default challenge taxonomy, in English and French, and its idempotent seeding.

Entries are slugs; a child's slug is its parent's slug, a slash, and its own part
(``addiction/alcohol``), so matching can tell a shared parent from a shared leaf.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge

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
