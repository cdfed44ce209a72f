"""Who is reading a page, in which language, in which session — and what every page response carries.

:class:`PageContextMiddleware` runs first on every page route: it loads the session from its cookie,
the person it belongs to (an erased or unknown account ends the session), and the reading language
(the person's account language; else the session's choice; else ``Accept-Language``; else English).
Handlers receive all of it as ``web: Web`` and answer with ``web.render(...)`` or ``web.redirect(...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from litestar import Litestar, Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.di import NamedDependency
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.response import Redirect, Template
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import select

from mentoring.db.models import UserAccount
from mentoring.settings import Settings
from mentoring.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, negotiate, translations
from mentoring.web.sessions import SessionManager, SessionRecord

__all__ = [
    "SESSION_COOKIE",
    "LoginRequired",
    "PageContextMiddleware",
    "Web",
    "WebContext",
    "local_path",
    "provide_web",
    "requires_person",
    "web_context_of",
]

SESSION_COOKIE = "mentoring_session"
_SCOPE_KEY = "mentoring_web"

#: Sent with every page: nothing loads from another origin, no page can be framed.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


class LoginRequired(NotAuthorizedException):
    """A page that needs a signed-in person was asked for without one (answered by a redirect)."""


def local_path(target: str | None, default: str = "/home") -> str:
    """``target`` when it is a path on this site, else ``default`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if re.search(r"[\x00-\x1f]", target):
        return default
    return target


def session_manager(app: Litestar) -> SessionManager:
    """The app's session manager (built on first use from the ``sessions`` store)."""
    manager: SessionManager | None = app.state.get("web_sessions")
    if manager is None:
        settings: Settings = app.state["settings"]
        manager = SessionManager(
            app.stores.get("sessions"),
            idle_seconds=settings.session_idle_minutes * 60,
            max_seconds=settings.session_max_hours * 3600,
        )
        app.state["web_sessions"] = manager
    return manager


def session_cookie(settings: Settings, session_id: str | None) -> Cookie:
    """The session cookie carrying ``session_id``, or the one that deletes it (``None``)."""
    return Cookie(
        key=SESSION_COOKIE,
        value=session_id or "",
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=None if session_id else 0,
        expires=None if session_id else 0,
    )


@dataclass
class WebContext:
    """Everything a page handler needs to know about the reader, and the two ways to answer."""

    request: Request[Any, Any, Any]
    settings: Settings
    sessions: SessionManager
    user: UserAccount | None = None
    session_id: str | None = None
    session: SessionRecord | None = None
    language: str = DEFAULT_LANGUAGE
    cookies: list[Cookie] = field(default_factory=list)

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")

    def gettext(self, message: str, **variables: Any) -> str:
        """``message`` in the reader's language, with ``%(name)s`` variables filled in."""
        text = str(translations(self.language).gettext(message))
        return text % variables if variables else text

    def template_context(self, **context: Any) -> dict[str, Any]:
        """What every page template can use, plus ``context``."""
        return {
            "lang": self.language,
            "languages": LANGUAGES,
            "user": self.user,
            "current_path": self.request.url.path
            + (f"?{self.request.url.query}" if self.request.url.query else ""),
            "page_title": None,
            "status": None,
            **context,
        }

    def render(self, template: str, *, status_code: int = 200, **context: Any) -> Template:
        """A page rendered in the reader's language (with any cookie set while handling the request)."""
        return Template(
            template_name=template,
            context=self.template_context(**context),
            status_code=status_code,
            cookies=self.cookies,
        )

    def redirect(self, path: str) -> Redirect:
        """POST-redirect-GET: a 303 to ``path`` (with any cookie set while handling the request)."""
        return Redirect(path=path, status_code=303, cookies=self.cookies)

    async def sign_in(self, user: UserAccount) -> None:
        """Start a new session for ``user`` (ending the browser's previous one) and set its cookie."""
        self.session_id = await self.sessions.start(
            user_id=user.id, user_agent=self.user_agent, replacing=self.session_id
        )
        self.user = user
        self.language = user.language if user.language in LANGUAGES else self.language
        self.cookies.append(session_cookie(self.settings, self.session_id))

    async def sign_out(self) -> None:
        """End this browser's session on the server; the pages keep speaking the person's language
        (a new, anonymous session remembers it)."""
        if self.session_id:
            await self.sessions.end(self.session_id)
        self.session_id = self.session = self.user = None
        self.cookies.append(session_cookie(self.settings, None))
        await self.choose_language(self.language)

    async def sign_out_everywhere(self) -> int:
        """End every session of the signed-in person, this one included."""
        count = await self.sessions.end_all(self.user.id) if self.user else 0
        await self.sign_out()
        return count

    async def choose_language(self, language: str) -> None:
        """Keep an anonymous reader's language choice in a session (started for it if need be)."""
        self.language = language
        if self.session_id and self.session is not None:
            await self.sessions.remember_language(self.session_id, self.session, language)
        else:
            self.session_id = await self.sessions.start(
                user_id=None, user_agent=self.user_agent, language=language
            )
            self.cookies.append(session_cookie(self.settings, self.session_id))


Web: TypeAlias = NamedDependency[WebContext]


def web_context_of(scope: Scope) -> WebContext | None:
    """The page context the middleware left in the scope (none for paths it did not see)."""
    return scope.get(_SCOPE_KEY)  # type: ignore[return-value]


def fallback_language(request: Request[Any, Any, Any]) -> str:
    """The reading language when no page context exists (a 404 for an unknown path)."""
    return negotiate(request.headers.get("accept-language")) or DEFAULT_LANGUAGE


async def provide_web(request: Request[Any, Any, Any]) -> WebContext:
    """The page context of this request (see :class:`PageContextMiddleware`)."""
    context = web_context_of(request.scope)
    if context is None:  # pragma: no cover - the middleware is on every page route
        raise RuntimeError("PageContextMiddleware is not installed on this route")
    return context


def requires_person(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Page routes need a signed-in person unless their handler says ``opt={"anonymous": True}``."""
    if handler.opt.get("anonymous"):
        return
    if connection.scope.get("user") is None:
        raise LoginRequired("Log in to see this page")


async def _load_user(app: Litestar, scope: Scope, user_id: str) -> UserAccount | None:
    alchemy = app.state["alchemy_config"]
    db = alchemy.provide_session(app.state, scope)
    user = await db.scalar(select(UserAccount).where(UserAccount.id == user_id))
    return user if user is not None and user.erased_at is None else None


class PageContextMiddleware(ASGIMiddleware):
    """Load the reader's session, account and language; add the security headers to the answer."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        """Fill the page context, then run the route with headers added to its response."""
        app = Litestar.from_scope(scope)
        request: Request[Any, Any, Any] = Request(scope, receive)
        context = WebContext(request=request, settings=app.state["settings"], sessions=session_manager(app))
        presented = request.cookies.get(SESSION_COOKIE)
        if presented:
            record = await context.sessions.load(presented)
            if record is not None and record.user_id:
                user = await _load_user(app, scope, record.user_id)
                if user is None:
                    await context.sessions.end(presented)
                    record = None
                context.user = user
            if record is None:
                context.cookies.append(session_cookie(context.settings, None))
            else:
                context.session_id, context.session = presented, record
        context.language = (
            (context.user.language if context.user and context.user.language in LANGUAGES else None)
            or (context.session.language if context.session else None)
            or negotiate(request.headers.get("accept-language"))
            or DEFAULT_LANGUAGE
        )
        scope[_SCOPE_KEY] = context  # type: ignore[literal-required]
        scope["user"] = context.user

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                headers["content-language"] = context.language
                headers.add("vary", "Cookie, Accept-Language")
            await send(message)

        await next_app(scope, receive, send_with_headers)
