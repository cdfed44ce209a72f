"""Base Structs and reusable constrained types for every API boundary.

Inputs forbid unknown fields, so nobody can set ``role``, ``verified`` or ``status`` by sneaking a
field into a body; every string and list is bounded.

Anchored patterns end in ``(?!\\n)$``: msgspec checks them with Python's ``re.search``, where ``$``
also matches before a final newline, while JSON Schema's ECMAScript ``$`` does not; the lookahead
makes both refuse ``"abc\\n"``. Digits are ``[0-9]`` (Python's ``\\d`` matches any Unicode digit).
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies: unknown fields are rejected with a 400."""


class Patch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    """Base of partial updates: fields default to ``msgspec.UNSET`` and only those sent change."""


class Output(msgspec.Struct, kw_only=True):
    """Base of response bodies."""


Email = Annotated[
    str,
    Meta(
        min_length=3,
        max_length=320,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+(?!\n)$",
        description="An e-mail address",
        examples=["ada@example.org"],
    ),
]
Password = Annotated[str, Meta(min_length=10, max_length=128, description="At least 10 characters")]
Name = Annotated[str, Meta(min_length=1, max_length=120, pattern=r"\S")]
Title = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
ShortText = Annotated[str, Meta(max_length=2000)]
LongText = Annotated[str, Meta(max_length=20000)]
Slug = Annotated[str, Meta(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*(?!\n)$")]
ChallengeSlug = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=120,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*(?!\n)$",
        description="A taxonomy entry, parent and child separated by '/': addiction/alcohol",
    ),
]
Language = Literal["en", "fr"]
LanguageCode = Annotated[
    str,
    Meta(min_length=2, max_length=3, pattern=r"^[a-z]{2,3}(?!\n)$", description="ISO 639 code: en, fr, ar…"),
]
Region = Annotated[str, Meta(min_length=1, max_length=80, pattern=r"\S")]
Format = Literal["in_person", "video", "phone", "chat"]
Support = Literal["emotional", "practical"]
Engagement = Literal["formal", "informal", "either"]
MentorKind = Literal["peer", "professional"]
WantedMentorKind = Literal["peer", "professional", "any"]
Frequency = Literal["weekly", "biweekly", "monthly"]
TimeZone = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_+\-/]+(?!\n)$")]
