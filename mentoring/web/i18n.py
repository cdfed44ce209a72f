"""Languages of the web pages: gettext catalogues read from the ``.po`` files, and who reads which.

The catalogues live in ``mentoring/web/locales/<lang>/LC_MESSAGES/messages.po`` (``make messages``
extracts the strings from the templates and the page code and updates them with pybabel). They are
compiled in memory at start-up, so no ``.mo`` file is committed or built by hand.

Python code marks the texts it hands to templates with :func:`N_` (extracted, not translated); the
template translates them with ``_()`` in the reader's language.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from mentoring.lib.i18n import N_

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALES_DIR",
    "N_",
    "catalogues",
    "negotiate",
    "translations",
]

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "en"
#: Each language the pages speak, named in itself (as the language switch shows it).
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}


def _compile(language: str) -> Translations:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


@cache
def catalogues() -> dict[str, Translations]:
    """Every language's translations, compiled once per process from its ``.po`` file."""
    return {language: _compile(language) for language in LANGUAGES}


def translations(language: str) -> Translations:
    """The translations of ``language`` (the default language's for an unknown one)."""
    all_ = catalogues()
    return all_.get(language, all_[DEFAULT_LANGUAGE])


def _preferences(accept_language: str) -> list[str]:
    """The tags of an ``Accept-Language`` header, most wanted first (``q=0`` means "not this")."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(accept_language: str | None) -> str | None:
    """The page language a browser's ``Accept-Language`` asks for, if the pages speak it."""
    if not accept_language:
        return None
    try:
        locale = Locale.negotiate(_preferences(accept_language), list(LANGUAGES), sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    if locale is None:
        # "fr-CA" alone: fall back on its language.
        for tag in _preferences(accept_language):
            if (language := tag.split("-")[0].lower()) in LANGUAGES:
                return language
        return None
    return locale.language if locale.language in LANGUAGES else None
