"""Requests, matching rounds, proposals and pairings (the pairing workflow)."""

from __future__ import annotations

__all__: list[str] = []
