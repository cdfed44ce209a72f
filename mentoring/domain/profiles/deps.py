"""Providers of the profiles domain's services (one per request, on the request's session)."""

from __future__ import annotations

from litestar.di import Provide

from mentoring.domain.profiles.qualifications import QualificationService
from mentoring.domain.profiles.services import ProfileService
from mentoring.domain.profiles.viewing import ProfileViewService
from mentoring.lib.deps import provide_service

__all__ = ["PROFILES_DEPENDENCIES"]

#: ``profiles`` (one's own), ``qualifications`` and ``viewing`` (other people's profiles).
PROFILES_DEPENDENCIES: dict[str, Provide] = {
    "profiles": provide_service(ProfileService),
    "qualifications": provide_service(QualificationService),
    "viewing": provide_service(ProfileViewService),
}
