"""The pairing workflow's services, one module per part of it (requests, proposals, pairings…)."""
