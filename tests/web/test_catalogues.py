"""The EN/FR catalogues cover every text of the pages, and say the same thing in both languages."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from mentoring.web.i18n import LANGUAGES, LOCALES_DIR, catalogues, negotiate

ROOT = Path(__file__).parents[2]


def _extracted() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    method_map = [
        ("mentoring/web/**.py", "python"),
        ("mentoring/domain/**.py", "python"),
        ("mentoring/lib/**.py", "python"),
        ("mentoring/server/**.py", "python"),
        ("mentoring/web/templates/**.html", "jinja2"),
    ]
    options = {"mentoring/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message[:2]))  # type: ignore[arg-type]
    return found


def _catalogue(language: str):  # type: ignore[no-untyped-def]
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def test_every_text_of_the_pages_is_translated_in_french() -> None:
    extracted = _extracted()
    assert len(extracted) > 50
    french = _catalogue("fr")
    missing = []
    for message in extracted:
        key = message if isinstance(message, str) else message[0]
        entry = french.get(key)
        translated = entry is not None and entry.string and "fuzzy" not in entry.flags
        if isinstance(translated, tuple | list):
            translated = all(translated)
        if not translated:
            missing.append(key)
    assert not missing, f"run `make messages` and translate in fr/messages.po: {sorted(missing)}"


def test_placeholders_survive_translation() -> None:
    import re

    for message in _catalogue("fr"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[0]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", string)) == wanted, message.id


def test_catalogues_load_at_start_up() -> None:
    loaded = catalogues()
    assert set(loaded) == set(LANGUAGES)
    assert loaded["fr"].gettext("Log in") == "Se connecter"
    assert loaded["en"].gettext("Log in") == "Log in"


def test_accept_language_negotiation() -> None:
    assert negotiate("fr-CA,fr;q=0.9,en;q=0.8") == "fr"
    assert negotiate("de-DE,de;q=0.9,en;q=0.5") == "en"
    assert negotiate("en;q=0.1, fr;q=0.9") == "fr"
    assert negotiate("de") is None
    assert negotiate("fr;q=0") is None
    assert negotiate("") is None
    assert negotiate("garbage;;;,,q=") is None
