"""Messaging between the two members of a pairing: the thread, read receipts, shared contact details."""
