"""The privacy domain."""
