"""Accounts: sign-up, log-in, who am I, coordinators."""
