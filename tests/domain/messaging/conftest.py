"""The pairing workflow's fixtures (a programme, its coordinator, helpers that pair people)."""

from tests.domain.pairings.conftest import Workflow, flow  # noqa: F401  (fixtures shared with pairings)
