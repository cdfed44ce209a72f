"""The gettext marker shared by every layer: texts marked here are extracted into the catalogues.

Code below the web layer (services, errors, notifications) marks the texts a person reads with
:func:`N_`; whoever shows them (a page, the API's error handler, an e-mail) translates them in the
reader's language with :func:`mentoring.web.i18n.translations`.
"""

from __future__ import annotations

__all__ = ["N_"]


def N_(message: str) -> str:  # the gettext convention for "extract now, translate later"
    """Mark ``message`` for extraction; whoever shows it translates it."""
    return message
