"""Follow-ups the background jobs perform, and the notifications people receive."""

from __future__ import annotations

__all__: list[str] = []
