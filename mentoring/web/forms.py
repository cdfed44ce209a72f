"""Forms without JavaScript: the posted fields, and errors written for people, field by field.

A handler validates what was posted, and on errors renders the same form again (status 400) with
``errors``: the template shows an error summary at the top, each message linked to its field, and
the message again beside the field (``aria-describedby``, ``aria-invalid``). Messages are marked
with :func:`~mentoring.web.i18n.N_` and translated by the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from litestar.params import URLEncodedBody

from mentoring.web.i18n import N_

__all__ = ["FormData", "FormErrors", "check_email", "check_password", "field_text"]

#: A posted HTML form: field name to value (the CSRF token is one of them).
FormData: TypeAlias = URLEncodedBody[dict[str, Any]]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def field_text(form: dict[str, Any], name: str) -> str:
    """The posted text of a field (a repeated field gives its first value)."""
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


@dataclass
class FormErrors:
    """Messages by field, in the order the fields appear on the form."""

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        """Record the first problem of field ``name``."""
        self.fields.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.fields)


def check_email(errors: FormErrors, name: str, value: str) -> None:
    """An e-mail address is required and must look like one."""
    if not value.strip():
        errors.add(name, N_("Enter your e-mail address"))
    elif len(value) > 320 or not _EMAIL.match(value.strip()):
        errors.add(name, N_("Enter an e-mail address in the right format, like name@example.org"))


def check_password(errors: FormErrors, name: str, value: str, *, new: bool) -> None:
    """A password is required; a new one needs 10 to 128 characters."""
    if not value:
        errors.add(name, N_("Enter your password") if not new else N_("Choose a password"))
    elif new and len(value) < 10:
        errors.add(name, N_("Your password must be at least 10 characters long"))
    elif len(value) > 128:
        errors.add(name, N_("Your password must be 128 characters or fewer"))
