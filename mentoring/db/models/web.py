"""Server-side sessions of people using the web pages (when no Redis is configured)."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar.store import StoreModelMixin

__all__ = ["WebSessionRecord"]


class WebSessionRecord(StoreModelMixin):
    """One key of the page-session store: a session, or the index of one person's sessions.

    The table is advanced-alchemy's Litestar store (key, namespace, value, expires_at); with
    ``MENTORING_REDIS_URL`` set the same keys live in Redis instead and this table stays empty.
    """

    __tablename__ = "web_session"
