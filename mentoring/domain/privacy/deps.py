"""Providers of the privacy domain: its service, built with the sections the composition root lists."""

from __future__ import annotations

from collections.abc import Sequence

from litestar.di import Provide

from mentoring.domain.privacy.services import PrivacyService
from mentoring.lib.deps import DbSession
from mentoring.lib.privacy import PrivacySection, check_unique_names

__all__ = ["provide_privacy"]


def provide_privacy(sections: Sequence[PrivacySection]) -> Provide:
    """A provider of :class:`PrivacyService` over ``sections`` (for ``privacy`` and ``account_eraser``)."""
    listed = check_unique_names(sections)

    async def provider(db_session: DbSession) -> PrivacyService:
        return PrivacyService(db_session, listed)

    return Provide(provider)
