"""The followups domain."""
