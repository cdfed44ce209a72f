"""Route guards of the pairings domain.

A guard only checks the caller's role; which programme, request or pairing a coordinator or a party
may act on is the services' job (so a page and an API route beside it see the same thing).
"""

from __future__ import annotations

from mentoring.domain.accounts.guards import requires_coordinator

__all__ = ["requires_coordinator"]
