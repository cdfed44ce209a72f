"""Providers of the programs domain's services (one per request, on the request's session)."""

from __future__ import annotations

from litestar.di import Provide

from mentoring.domain.programs.memberships import MembershipService
from mentoring.domain.programs.services import ProgramService
from mentoring.domain.programs.taxonomy import TaxonomyService
from mentoring.lib.deps import provide_service

__all__ = ["PROGRAMS_DEPENDENCIES"]

#: ``programs``, ``memberships`` and ``taxonomy``, for the domain's controllers.
PROGRAMS_DEPENDENCIES: dict[str, Provide] = {
    "programs": provide_service(ProgramService),
    "memberships": provide_service(MembershipService),
    "taxonomy": provide_service(TaxonomyService),
}
