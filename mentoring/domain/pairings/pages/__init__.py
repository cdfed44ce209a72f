"""The pages of the pairing workflow: proposals to answer, mentorships and their thread."""

from __future__ import annotations

from mentoring.domain.pairings.pages.mentorships import MentorshipPages
from mentoring.domain.pairings.pages.proposals import ProposalPages

__all__ = ["PAGES"]

PAGES = [ProposalPages, MentorshipPages]
