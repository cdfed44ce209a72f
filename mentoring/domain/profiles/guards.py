"""Route guards of the profiles domain: whose profile a coordinator may read is the services' job."""

from __future__ import annotations

from mentoring.domain.accounts.guards import requires_coordinator

__all__ = ["requires_coordinator"]
