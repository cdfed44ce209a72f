"""Password hashing with argon2 (run off the event loop: it is deliberately slow)."""

from __future__ import annotations

from functools import lru_cache

import anyio.to_thread
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"
_profile = DEFAULT_PROFILE


def configure_password_hashing(profile: str = DEFAULT_PROFILE) -> None:
    """Choose the argon2 parameter profile for new hashes (tests use ``CHEAPEST``).

    Existing hashes carry their own parameters, so verification works across profiles.
    """
    global _profile
    if not hasattr(profiles, profile):
        raise ValueError(f"Unknown argon2 profile {profile!r}")
    _profile = profile
    _hasher.cache_clear()
    _dummy_hash.cache_clear()


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(getattr(profiles, _profile))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("not-a-real-password-only-for-timing")


async def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return await anyio.to_thread.run_sync(_hasher().hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no hash (unknown e-mail) spend the same time and answer False."""
    target = password_hash or _dummy_hash()

    def _verify() -> bool:
        try:
            return _hasher().verify(target, password)
        except (VerificationError, InvalidHashError):
            return False

    ok = await anyio.to_thread.run_sync(_verify)
    return ok and password_hash is not None
