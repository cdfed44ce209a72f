"""The page a notification is about: the link its inbox item and its e-mail point to."""

from __future__ import annotations

from typing import Any
from uuid import UUID

__all__ = ["INBOX_PATH", "page_path"]

#: The signed-in home stands for the inbox page until that page exists (issue 9).
INBOX_PATH = "/home"

#: A parameter naming the object concerned -> the page showing it (pairings are "mentorships").
_PAGES = (("pairing_id", "/mentorships/{}"), ("proposal_id", "/proposals/{}"))


def page_path(params: dict[str, Any] | None) -> str:
    """The site-relative path of the page a notification with ``params`` is about (the inbox if none).

    Only a well-formed id makes a link: the parameters are the platform's own, but a path is never
    built from anything else.
    """
    for name, template in _PAGES:
        value = (params or {}).get(name)
        if not value:
            continue
        try:
            return template.format(UUID(str(value)))
        except ValueError:
            continue
    return INBOX_PATH
