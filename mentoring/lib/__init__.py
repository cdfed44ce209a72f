"""Cross-domain helpers: errors, security, database sessions, time."""
