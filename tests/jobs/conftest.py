"""Fixtures of the follow-up tests (see tests/outbox/support.py)."""

from tests.outbox.support import fleet, redis_url, smtp, test_clock

__all__ = ["fleet", "redis_url", "smtp", "test_clock"]
