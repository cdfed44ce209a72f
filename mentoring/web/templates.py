"""The Jinja2 environment of the pages: autoescaped, gettext in the reader's language, dates by locale."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from mentoring.web.i18n import translations

__all__ = ["TEMPLATES_DIR", "environment", "template_config"]

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _translations(context: Context) -> Any:
    return translations(context.get("lang") or "en")


@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(_translations(context).gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return str(_translations(context).ngettext(singular, plural, n))


@pass_context
def _when(context: Context, value: float | datetime | None) -> str:
    """A moment in the reader's language ("1 déc. 2026, 22:41"), in UTC."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromtimestamp(value, tz=UTC)
    return format_datetime(moment, format="medium", tzinfo=UTC, locale=context.get("lang") or "en") + " UTC"


def environment() -> Environment:
    """A fresh environment; ``{% trans %}``, ``_()`` and ``ngettext()`` use the context's ``lang``."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["when"] = _when
    return env


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """The app's template configuration (Litestar adds ``request``, ``csrf_input`` and ``csrf_token``)."""
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment()))
