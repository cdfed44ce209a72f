"""The pairings domain."""
