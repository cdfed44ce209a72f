"""Provider of the messaging service, for the controllers' and pages' ``dependencies``."""

from __future__ import annotations

from mentoring.domain.messaging.services import MessagingService
from mentoring.lib.deps import provide_service

__all__ = ["provide_messaging"]

provide_messaging = provide_service(MessagingService)
