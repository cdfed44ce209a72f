"""Programmes, their coordinators and members, and the challenge taxonomy."""
