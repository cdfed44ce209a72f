"""What each notification says, in the reader's language: gettext catalogues, keyed by kind.

The English texts below are the msgids of the site's catalogues (``mentoring/web/locales``, extracted
by ``make messages``); :func:`render` translates them in the recipient's language.

Messages are generic on purpose: they name no challenge, note or concern, so an e-mail read over
someone's shoulder reveals nothing. They take no parameters: a notification's ids stay with it in the
inbox (and in the e-mail's link to the page concerned), never in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.lib.i18n import N_
from mentoring.web.i18n import LANGUAGES as _PAGE_LANGUAGES
from mentoring.web.i18n import translations

__all__ = ["CATALOGUE", "LANGUAGES", "Message", "email_text", "render"]

LANGUAGES = tuple(_PAGE_LANGUAGES)

#: kind -> (subject, body) in English, the msgids; every kind is worded (a test says so).
CATALOGUE: dict[NotificationKind, tuple[str, str]] = {
    NotificationKind.PAIRING_INTRODUCTION: (
        N_("Your mentoring starts"),
        N_("You have been paired. Open the app to meet and plan your first session."),
    ),
    NotificationKind.PAIRING_FIRST_WEEK: (
        N_("Did you meet this week?"),
        N_("Your first week together is over: tell us whether you managed to meet."),
    ),
    NotificationKind.CHECKIN_DUE: (
        N_("How is your mentoring going?"),
        N_("A short check-in is waiting for you: did you meet, how was it, is anything worrying you?"),
    ),
    NotificationKind.PAIRING_TRIAL_DECISION: (
        N_("Time to decide after the trial"),
        N_("The trial period is over: please confirm whether you want to continue."),
    ),
    NotificationKind.PAIRING_MIDPOINT_REVIEW: (
        N_("Halfway through your mentoring"),
        N_("You are halfway through: take a moment to review your goals together."),
    ),
    NotificationKind.PAIRING_END_REVIEW: (
        N_("Your mentoring ends in a week"),
        N_("Your agreed term ends in a week: review it together and decide what comes next."),
    ),
    NotificationKind.PAIRING_COMPLETED: (
        N_("Your mentoring is complete"),
        N_("Your agreed term has ended. Thank you! You can leave feedback in the app."),
    ),
    NotificationKind.PAIRING_AFTER_CLOSURE: (
        N_("Three months on"),
        N_("It has been three months since your mentoring ended. How are you doing?"),
    ),
    NotificationKind.PAIRING_NUDGE: (
        N_("No meeting logged lately"),
        N_("No meeting has been logged for a while. Reach out to each other, or tell your coordinator."),
    ),
    NotificationKind.COORDINATOR_CHECKIN: (
        N_("A pairing to check on"),
        N_("It is time to check in on one of the pairings you coordinate."),
    ),
    NotificationKind.ALERT_CHECKIN_LOW: (
        N_("A check-in needs your attention"),
        N_("A check-in answer in your programme was low or reported a worry."),
    ),
    NotificationKind.ALERT_CHECKINS_UNANSWERED: (
        N_("Check-ins go unanswered"),
        N_("Someone in a pairing you coordinate has not answered two check-ins in a row."),
    ),
    NotificationKind.ALERT_SESSIONS_BEHIND: (
        N_("A pairing is behind its sessions"),
        N_("A formal pairing you coordinate has logged fewer sessions than planned."),
    ),
    NotificationKind.PROPOSAL_REMINDER: (
        N_("A proposal awaits your answer"),
        N_("A mentoring proposal is waiting for your answer."),
    ),
    NotificationKind.PROPOSAL_EXPIRED: (
        N_("A proposal expired"),
        N_("A mentoring proposal expired without an answer from everyone."),
    ),
    NotificationKind.REQUEST_WAITING: (
        N_("A mentee is waiting"),
        N_("A mentee in your programme has waited longer than the programme's target."),
    ),
    NotificationKind.MENTOR_PAUSE_ENDED: (
        N_("Welcome back"),
        N_("Your pause has ended: you can receive new proposals again."),
    ),
    NotificationKind.ROUND_FINISHED: (
        N_("Matching round finished"),
        N_("A matching round you started has finished: open it to see the outcome."),
    ),
    NotificationKind.ROUND_FAILED: (
        N_("Matching round failed"),
        N_("A matching round you started failed: open it to see why."),
    ),
    NotificationKind.PROPOSAL_OFFERED: (
        N_("A mentoring proposal for you"),
        N_(
            "A coordinator has proposed a mentoring pair that includes you. Open the app to read it and answer."
        ),
    ),
    NotificationKind.PROPOSAL_ANSWERED: (
        N_("A proposal was answered"),
        N_(
            "The other person has answered a mentoring proposal you are part of. Open the app to see where it stands."
        ),
    ),
    NotificationKind.PROPOSAL_DECLINED: (
        N_("A proposal will not go ahead"),
        N_(
            "A mentoring proposal you were part of was declined. Your coordinator will look for another match."
        ),
    ),
    NotificationKind.PROPOSAL_CANCELLED: (
        N_("A proposal was withdrawn"),
        N_("A mentoring proposal you were part of was withdrawn. You have nothing to do."),
    ),
    NotificationKind.PAIRING_STARTED: (
        N_("Your pairing is confirmed"),
        N_("Both of you said yes: your pairing is confirmed. Open the app to read and accept the agreement."),
    ),
    NotificationKind.PAIRING_AGREEMENT_SIGNED: (
        N_("The agreement awaits you"),
        N_("The other person has accepted the confidentiality agreement. Accept it too to begin."),
    ),
    NotificationKind.PAIRING_TRIAL_STARTED: (
        N_("Your trial period begins"),
        N_("You have both accepted the agreement: your trial period begins. Plan your first session."),
    ),
    NotificationKind.PAIRING_TRIAL_CONFIRMED: (
        N_("The other person wants to continue"),
        N_(
            "The other person has confirmed they want to continue after the trial. Open the app to give your answer."
        ),
    ),
    NotificationKind.PAIRING_ACTIVE: (
        N_("Your mentoring continues"),
        N_("You have both chosen to continue after the trial: your mentoring is now under way."),
    ),
    NotificationKind.PAIRING_PAUSED: (
        N_("Your pairing is paused"),
        N_("Your coordinator has paused your pairing. They will tell you when it resumes."),
    ),
    NotificationKind.PAIRING_RESUMED: (
        N_("Your pairing resumes"),
        N_("Your coordinator has resumed your pairing. You can meet again."),
    ),
    NotificationKind.PAIRING_TERMS_CHANGED: (
        N_("Your terms have changed"),
        N_("The terms of your pairing have changed. Open the app to read them."),
    ),
    NotificationKind.PAIRING_ENDED: (
        N_("Your pairing has ended"),
        N_("Your pairing has ended. Thank you for the time you gave it."),
    ),
    NotificationKind.PAIRING_EXIT_FEEDBACK: (
        N_("Tell us how it went"),
        N_("Your pairing has ended: a short, confidential feedback form is waiting for you in the app."),
    ),
    NotificationKind.AMENDMENT_PROPOSED: (
        N_("A change of terms is proposed"),
        N_("The other person proposes a change to the terms of your pairing. Open the app to answer."),
    ),
    NotificationKind.AMENDMENT_ACCEPTED: (
        N_("Your change of terms was accepted"),
        N_("The other person accepted the change of terms you proposed."),
    ),
    NotificationKind.AMENDMENT_DECLINED: (
        N_("Your change of terms was declined"),
        N_("The other person declined the change of terms you proposed."),
    ),
    NotificationKind.CONCERN_RAISED: (
        N_("A concern was raised"),
        N_("Someone in a pairing you coordinate has raised a concern. Open the app to handle it."),
    ),
    NotificationKind.CONCERN_RESOLVED: (
        N_("Your concern was handled"),
        N_("A coordinator has handled the concern you raised. Thank you for telling us."),
    ),
    NotificationKind.MESSAGE_RECEIVED: (
        N_("You have a new message"),
        N_("The other member of your mentorship wrote to you. Open your mentorship page to read it."),
    ),
}
_GENERIC = (N_("You have a new notification"), N_("Something new is waiting for you in the app."))
_OPEN_LINK = N_("Open Mentoring: %(url)s")
_WHY = N_("You receive this e-mail because you take part in a mentoring programme.")


@dataclass(frozen=True)
class Message:
    """A notification rendered in one language."""

    subject: str
    body: str


def render(kind: str, language: str) -> Message:
    """The subject and body of a notification in ``language`` (English when not translated).

    ``kind`` is a stored notification's kind: a :class:`NotificationKind` value; one the catalogue
    does not know (a row written by an older version) gets a generic text. The texts take no
    parameters: what a notification is about stays in the app, never in an e-mail.
    """
    try:
        subject, body = CATALOGUE[NotificationKind(kind)]
    except ValueError:
        subject, body = _GENERIC
    gettext = translations(language).gettext
    return Message(subject=gettext(subject), body=gettext(body))


def email_text(kind: str, language: str, public_url: str, path: str = "/") -> Message:
    """The e-mail version: the message and a link to the page concerned (``path`` on ``public_url``)."""
    message = render(kind, language)
    gettext = translations(language).gettext
    url = public_url.rstrip("/") + "/" + path.lstrip("/")
    footer = f"{gettext(_OPEN_LINK) % {'url': url}}\n\n{gettext(_WHY)}"
    return Message(subject=message.subject, body=f"{message.body}\n\n{footer}\n")
