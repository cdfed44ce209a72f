"""mentoring: an open-source mentorship pairing platform."""

__version__ = "0.1.0"
