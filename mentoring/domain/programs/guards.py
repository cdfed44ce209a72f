"""Route guards of the programs domain: which programme a coordinator may act in is the services' job."""

from __future__ import annotations

from mentoring.domain.accounts.guards import requires_coordinator

__all__ = ["requires_coordinator"]
