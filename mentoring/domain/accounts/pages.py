"""The account pages: landing, log-in, sign-up, log-out, sessions, the signed-in home, the language.

They share :class:`AccountService` with the API (never its handlers). Every form posts back to its
own URL and redirects after success (POST-redirect-GET); on errors the form is shown again with an
error summary linked to the fields.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from mentoring.domain.accounts.schemas import SignUp
from mentoring.domain.accounts.services import AccountService
from mentoring.lib.deps import DbSession, provide_service
from mentoring.lib.errors import ConflictError, NotAuthenticatedError
from mentoring.web.context import Web, local_path
from mentoring.web.forms import FormData, FormErrors, check_email, check_password, field_text
from mentoring.web.i18n import LANGUAGES, N_

__all__ = ["PAGES"]

ROLES = {"mentee": N_("Find a mentor"), "mentor": N_("Become a mentor")}
NextPage = Annotated[str | None, QueryParameter(name="next", description="Where to go after logging in")]
Flag = Annotated[bool, QueryParameter(description="Show the confirmation of what just happened")]


class PublicPages(Controller):
    """Pages anyone can read: what the platform is, log-in, sign-up, the language switch."""

    path = "/"
    opt = {"anonymous": True}
    dependencies = {"accounts": provide_service(AccountService)}

    @get("/", name="landing")
    async def landing(self, web: Web, signed_out: Flag = False, ended: Flag = False) -> Template:
        """What the platform is, and the way in."""
        status = (
            N_("You have logged out.")
            if signed_out
            else N_("You have logged out on every device.")
            if ended
            else None
        )
        return web.render("accounts/landing.html", status=status)

    @get("/login", name="login")
    async def login_form(self, web: Web, next_page: NextPage = None) -> Template | Redirect:
        """The log-in form (a signed-in person goes straight on)."""
        if web.user is not None:
            return web.redirect(local_path(next_page))
        return web.render("accounts/login.html", form={"email": ""}, errors=FormErrors(), next=next_page)

    @post("/login", name="login_submit")
    async def log_in(
        self, web: Web, accounts: NamedDependency[AccountService], data: FormData
    ) -> Template | Redirect:
        """Check the credentials; the same message for an unknown e-mail and a wrong password."""
        email, password = field_text(data, "email"), field_text(data, "password")
        next_page = field_text(data, "next") or None
        errors = FormErrors()
        check_email(errors, "email", email)
        check_password(errors, "password", password, new=False)
        if not errors:
            try:
                user = await accounts.authenticate(email, password)
            except NotAuthenticatedError:
                errors.add("email", N_("The e-mail address or the password is not right"))
            else:
                await web.sign_in(user)
                return web.redirect(local_path(next_page))
        return web.render(
            "accounts/login.html",
            status_code=400,
            form={"email": email},
            errors=errors,
            next=next_page,
        )

    @get("/signup", name="signup")
    async def signup_form(self, web: Web) -> Template | Redirect:
        """The sign-up form."""
        if web.user is not None:
            return web.redirect("/home")
        form = {"email": "", "display_name": "", "role": "", "language": web.language}
        return web.render("accounts/signup.html", form=form, errors=FormErrors(), roles=ROLES)

    @post("/signup", name="signup_submit")
    async def sign_up(
        self, web: Web, accounts: NamedDependency[AccountService], db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        """Create a mentee or mentor account (as POST /api/auth/signup does) and sign the person in."""
        form = {
            name: field_text(data, name).strip() for name in ("email", "display_name", "role", "language")
        }
        password = field_text(data, "password")
        errors = FormErrors()  # checked in the order of the form, so the summary reads top to bottom
        if form["role"] not in ROLES:
            errors.add("role", N_("Choose whether you are looking for a mentor or want to be one"))
        if not form["display_name"]:
            errors.add("display_name", N_("Enter the name other people will see"))
        elif len(form["display_name"]) > 120:
            errors.add("display_name", N_("Your name must be 120 characters or fewer"))
        check_email(errors, "email", form["email"])
        check_password(errors, "password", password, new=True)
        if form["language"] not in LANGUAGES:
            errors.add("language", N_("Choose the language the platform writes to you in"))
        if not errors:
            # The same validated body the API takes: nothing reaches the service that it would refuse.
            request = msgspec.convert({**form, "password": password}, SignUp)
            try:
                user = await accounts.sign_up(
                    email=request.email,
                    password=request.password,
                    display_name=request.display_name,
                    role=request.role,
                    language=request.language,
                )
            except ConflictError:
                errors.add("email", N_("An account with this e-mail address already exists: log in instead"))
            else:
                # The session store writes through its own connection: commit the account first, so a
                # session never names an account that could still roll back (and SQLite's write lock
                # is released before the store writes).
                await db_session.commit()
                await web.sign_in(user)
                return web.redirect("/home")
        return web.render("accounts/signup.html", status_code=400, form=form, errors=errors, roles=ROLES)

    @post("/language", name="language")
    async def choose_language(
        self, web: Web, accounts: NamedDependency[AccountService], data: FormData
    ) -> Redirect:
        """Switch the pages' language: a signed-in person's account language, else this browser's."""
        language = field_text(data, "language")
        target = local_path(field_text(data, "next"), default="/")
        if language in LANGUAGES:
            if web.user is not None:
                await accounts.set_language(web.user, language)
                web.language = language
            else:
                await web.choose_language(language)
        return web.redirect(target)


class PersonPages(Controller):
    """Pages of a signed-in person (anyone else is sent to the log-in page first)."""

    path = "/"

    @get("/home", name="home")
    async def home(self, web: Web) -> Template:
        """The signed-in home: a greeting, for now (the mentee and mentor pages come next)."""
        return web.render("accounts/home.html")

    @post("/logout", name="logout")
    async def log_out(self, web: Web) -> Redirect:
        """End this browser's session on the server."""
        await web.sign_out()
        return web.redirect("/?signed_out=true")

    @get("/account/sessions", name="sessions")
    async def sessions(self, web: Web) -> Template:
        """The person's active sessions, this one first."""
        assert web.user is not None
        active = await web.sessions.active(web.user.id, web.session_id)
        return web.render("accounts/sessions.html", sessions=active)

    @post("/account/sessions/end-all", name="sessions_end_all")
    async def end_all_sessions(self, web: Web) -> Redirect:
        """Log out everywhere: every session of this person ends, this one included."""
        await web.sign_out_everywhere()
        return web.redirect("/?ended=true")


PAGES = [PublicPages, PersonPages]
