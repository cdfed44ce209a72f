"""Server-side sessions for people using the pages (programs keep their bearer tokens on /api).

The browser holds only an opaque random id in an HttpOnly, SameSite=Lax cookie (``Secure`` outside
development). The store — Redis when ``MENTORING_REDIS_URL`` is set, else the ``web_session`` table
— keeps, under a hash of that id (a copy of the store gives no usable cookie):

- ``s:<hash>``: the session (who, since when, last seen, the browser, an anonymous language choice),
  expiring after the idle timeout and never later than the absolute one;
- ``u:<user id>``: the index of that person's sessions, so a person can list them and end them all.

A session is valid only while it is in its person's index: "log out everywhere" empties the index
and deletes every session, and even a request that was in flight at that moment cannot bring one
back. Logging in always starts a new id (no session fixation).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from uuid import UUID

import msgspec
from litestar.stores.base import Store

__all__ = ["ActiveSession", "SessionManager", "SessionRecord", "describe_user_agent"]

#: A session is written back at most this often just to record that it is still in use.
TOUCH_EVERY_SECONDS = 60
#: How often a process clears expired sessions out of a store that keeps them (the database table).
PURGE_EVERY_SECONDS = 3600


class SessionRecord(msgspec.Struct, kw_only=True):
    """What the store keeps about one session."""

    user_id: str | None = None
    created_at: float
    last_seen_at: float
    user_agent: str = ""
    language: str | None = None


@dataclass(frozen=True)
class ActiveSession:
    """One of a person's sessions, as the sessions page lists it."""

    key: str
    record: SessionRecord
    current: bool

    @property
    def browser(self) -> str | None:
        return describe_user_agent(self.record.user_agent)[0]

    @property
    def system(self) -> str | None:
        return describe_user_agent(self.record.user_agent)[1]


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_user_agent(user_agent: str) -> tuple[str | None, str | None]:
    """The browser and the system a ``User-Agent`` names ("Firefox", "Android"), as far as they are known."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), None)
    system = next((name for token, name in _SYSTEMS if token in user_agent), None)
    return browser, system


def _key(session_id: str) -> str:
    return "s:" + hashlib.sha256(session_id.encode()).hexdigest()


def _index_key(user_id: str | UUID) -> str:
    return f"u:{user_id}"


class SessionManager:
    """Start, load, end and list page sessions in a Litestar store."""

    def __init__(self, store: Store, *, idle_seconds: int, max_seconds: int) -> None:
        self.store = store
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self._purged_at = 0.0

    async def _purge_expired(self, now: float) -> None:
        """At most once an hour, let a store that keeps expired keys (the table) delete them."""
        delete_expired = getattr(self.store, "delete_expired", None)
        if delete_expired is not None and now - self._purged_at >= PURGE_EVERY_SECONDS:
            self._purged_at = now
            await delete_expired()

    def _ttl(self, record: SessionRecord, now: float) -> int:
        return max(1, int(min(self.idle_seconds, record.created_at + self.max_seconds - now)))

    async def _write(self, session_id: str, record: SessionRecord, now: float) -> None:
        await self.store.set(_key(session_id), msgspec.json.encode(record), expires_in=self._ttl(record, now))

    async def _read(self, key: str) -> SessionRecord | None:
        raw = await self.store.get(key)
        if raw is None:
            return None
        try:
            return msgspec.json.decode(raw, type=SessionRecord)
        except msgspec.DecodeError:
            return None

    async def _index(self, user_id: str) -> list[str]:
        raw = await self.store.get(_index_key(user_id))
        if raw is None:
            return []
        try:
            return msgspec.json.decode(raw, type=list[str])
        except msgspec.DecodeError:
            return []

    async def _save_index(self, user_id: str, keys: list[str]) -> None:
        if keys:
            await self.store.set(
                _index_key(user_id), msgspec.json.encode(keys), expires_in=self.max_seconds + 60
            )
        else:
            await self.store.delete(_index_key(user_id))

    async def start(
        self,
        *,
        user_id: UUID | None,
        user_agent: str,
        language: str | None = None,
        replacing: str | None = None,
    ) -> str:
        """Open a session with a fresh id (ending ``replacing``, the one the browser had) and return the id."""
        if replacing:
            await self.end(replacing)
        now = time.time()
        await self._purge_expired(now)
        session_id = secrets.token_urlsafe(32)
        record = SessionRecord(
            user_id=str(user_id) if user_id else None,
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:300],
            language=language,
        )
        await self._write(session_id, record, now)
        if record.user_id:
            live = [k for k in await self._index(record.user_id) if await self.store.exists(k)]
            await self._save_index(record.user_id, [*live, _key(session_id)])
        return session_id

    async def load(self, session_id: str) -> SessionRecord | None:
        """The live session with this id: in the store, within both timeouts, still in its person's index."""
        key = _key(session_id)
        record = await self._read(key)
        if record is None:
            return None
        now = time.time()
        if now >= record.created_at + self.max_seconds or now >= record.last_seen_at + self.idle_seconds:
            await self.store.delete(key)
            return None
        if record.user_id and key not in await self._index(record.user_id):
            await self.store.delete(key)
            return None
        if now - record.last_seen_at >= TOUCH_EVERY_SECONDS:
            record.last_seen_at = now
            await self._write(session_id, record, now)
        return record

    async def remember_language(self, session_id: str, record: SessionRecord, language: str) -> None:
        """Keep an anonymous visitor's language choice in their session."""
        record.language = language
        await self._write(session_id, record, time.time())

    async def end(self, session_id: str) -> None:
        """End one session: it is gone from the store and from its person's index."""
        key = _key(session_id)
        record = await self._read(key)
        await self.store.delete(key)
        if record is not None and record.user_id:
            await self._save_index(record.user_id, [k for k in await self._index(record.user_id) if k != key])

    async def end_all(self, user_id: UUID | str) -> int:
        """End every session of a person ("log out everywhere"); returns how many there were."""
        keys = await self._index(str(user_id))
        await self.store.delete(_index_key(user_id))
        for key in keys:
            await self.store.delete(key)
        return len(keys)

    async def active(self, user_id: UUID | str, current_session_id: str | None) -> list[ActiveSession]:
        """A person's live sessions, most recently used first (their index is pruned on the way)."""
        current = _key(current_session_id) if current_session_id else None
        keys = await self._index(str(user_id))
        found: list[ActiveSession] = []
        for key in keys:
            record = await self._read(key)
            if record is not None:
                found.append(ActiveSession(key=key, record=record, current=key == current))
        if len(found) != len(keys):
            await self._save_index(str(user_id), [s.key for s in found])
        return sorted(found, key=lambda s: (not s.current, -s.record.last_seen_at))
