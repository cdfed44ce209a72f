"""Imports every module that registers follow-up performers (see :mod:`.registry`)."""

from mentoring.domain.followups import (  # noqa: F401
    notifications,
    pairings,
    proposals,
    reminders,
    rounds,
    system,
)
