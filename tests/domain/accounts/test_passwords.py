"""Passwords are stored as argon2id hashes with the production parameters by default."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles

from mentoring.lib import security


async def test_production_profile_hashes_with_rfc9106_low_memory_argon2id() -> None:
    try:
        security.configure_password_hashing()
        stored = await security.hash_password("a long enough password")
        params = profiles.RFC_9106_LOW_MEMORY
        assert stored.startswith(
            f"$argon2id$v=19$m={params.memory_cost},t={params.time_cost},p={params.parallelism}$"
        )
        assert await security.verify_password("a long enough password", stored)
        assert not await security.verify_password("another password!!", stored)
        assert not PasswordHasher().check_needs_rehash(stored)  # argon2-cffi's own default
    finally:
        security.configure_password_hashing("CHEAPEST")


async def test_unknown_email_is_checked_against_a_dummy_hash() -> None:
    assert not await security.verify_password("whatever password", None)
