"""What each notification says, in English and French.

Messages are generic on purpose: they name no challenge, note or concern, so an e-mail read over
someone's shoulder reveals nothing. Parameters are ids and small values only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["LANGUAGES", "Message", "render"]

LANGUAGES = ("en", "fr")

# kind -> language -> (subject, body)
_CATALOGUE: dict[str, dict[str, tuple[str, str]]] = {
    "pairing.introduction": {
        "en": (
            "Your mentoring starts",
            "You have been paired. Open the app to meet and plan your first session.",
        ),
        "fr": (
            "Votre accompagnement commence",
            "Votre binôme est formé. Ouvrez l'application pour vous présenter et planifier la première rencontre.",
        ),
    },
    "pairing.first_week": {
        "en": (
            "Did you meet this week?",
            "Your first week together is over: tell us whether you managed to meet.",
        ),
        "fr": (
            "Vous êtes-vous rencontrés cette semaine ?",
            "Votre première semaine est passée : dites-nous si vous avez pu vous rencontrer.",
        ),
    },
    "checkin.due": {
        "en": (
            "How is your mentoring going?",
            "A short check-in is waiting for you: did you meet, how was it, is anything worrying you?",
        ),
        "fr": (
            "Comment se passe votre accompagnement ?",
            "Un court point d'étape vous attend : vous êtes-vous vus, comment cela s'est-il passé, quelque chose vous inquiète-t-il ?",
        ),
    },
    "pairing.trial_decision": {
        "en": (
            "Time to decide after the trial",
            "The trial period is over: please confirm whether you want to continue.",
        ),
        "fr": (
            "Fin de la période d'essai",
            "La période d'essai est terminée : confirmez si vous souhaitez continuer.",
        ),
    },
    "pairing.midpoint_review": {
        "en": (
            "Halfway through your mentoring",
            "You are halfway through: take a moment to review your goals together.",
        ),
        "fr": (
            "À mi-parcours",
            "Vous êtes à mi-parcours : prenez un moment pour faire le point sur vos objectifs.",
        ),
    },
    "pairing.end_review": {
        "en": (
            "Your mentoring ends in a week",
            "Your agreed term ends in a week: review it together and decide what comes next.",
        ),
        "fr": (
            "Votre accompagnement se termine dans une semaine",
            "La période convenue se termine dans une semaine : faites le bilan ensemble et décidez de la suite.",
        ),
    },
    "pairing.completed": {
        "en": (
            "Your mentoring is complete",
            "Your agreed term has ended. Thank you! You can leave feedback in the app.",
        ),
        "fr": (
            "Votre accompagnement est terminé",
            "La période convenue est terminée. Merci ! Vous pouvez laisser un avis dans l'application.",
        ),
    },
    "pairing.after_closure": {
        "en": ("Three months on", "It has been three months since your mentoring ended. How are you doing?"),
        "fr": (
            "Trois mois après",
            "Votre accompagnement s'est terminé il y a trois mois. Comment allez-vous ?",
        ),
    },
    "pairing.nudge": {
        "en": (
            "No meeting logged lately",
            "No meeting has been logged for a while. Reach out to each other, or tell your coordinator.",
        ),
        "fr": (
            "Aucune rencontre enregistrée récemment",
            "Aucune rencontre n'a été enregistrée depuis un moment. Reprenez contact, ou parlez-en à votre coordinateur.",
        ),
    },
    "coordinator.checkin": {
        "en": ("A pairing to check on", "It is time to check in on one of the pairings you coordinate."),
        "fr": (
            "Un binôme à suivre",
            "C'est le moment de prendre des nouvelles d'un binôme que vous coordonnez.",
        ),
    },
    "alert.checkin_low": {
        "en": (
            "A check-in needs your attention",
            "A check-in answer in your programme was low or reported a worry.",
        ),
        "fr": (
            "Un point d'étape demande votre attention",
            "Une réponse à un point d'étape de votre programme est basse ou signale une inquiétude.",
        ),
    },
    "alert.checkins_unanswered": {
        "en": (
            "Check-ins go unanswered",
            "Someone in a pairing you coordinate has not answered two check-ins in a row.",
        ),
        "fr": (
            "Points d'étape sans réponse",
            "Une personne d'un binôme que vous coordonnez n'a pas répondu à deux points d'étape de suite.",
        ),
    },
    "alert.sessions_behind": {
        "en": (
            "A pairing is behind its sessions",
            "A formal pairing you coordinate has logged fewer sessions than planned.",
        ),
        "fr": (
            "Un binôme a pris du retard",
            "Un binôme formel que vous coordonnez a enregistré moins de rencontres que prévu.",
        ),
    },
    "proposal.reminder": {
        "en": ("A proposal awaits your answer", "A mentoring proposal is waiting for your answer."),
        "fr": (
            "Une proposition attend votre réponse",
            "Une proposition d'accompagnement attend votre réponse.",
        ),
    },
    "proposal.expired": {
        "en": ("A proposal expired", "A mentoring proposal expired without an answer from everyone."),
        "fr": (
            "Une proposition a expiré",
            "Une proposition d'accompagnement a expiré faute de réponse de chacun.",
        ),
    },
    "request.waiting": {
        "en": (
            "A mentee is waiting",
            "A mentee in your programme has waited longer than the programme's target.",
        ),
        "fr": (
            "Une personne attend",
            "Une personne de votre programme attend depuis plus longtemps que l'objectif du programme.",
        ),
    },
    "mentor.pause_ended": {
        "en": ("Welcome back", "Your pause has ended: you can receive new proposals again."),
        "fr": ("Bon retour", "Votre pause est terminée : vous pouvez de nouveau recevoir des propositions."),
    },
    "round.finished": {
        "en": (
            "Matching round finished",
            "A matching round you started has finished: open it to see the outcome.",
        ),
        "fr": (
            "Tour d'appariement terminé",
            "Un tour d'appariement que vous avez lancé est terminé : ouvrez-le pour voir le résultat.",
        ),
    },
    "round.failed": {
        "en": ("Matching round failed", "A matching round you started failed: open it to see why."),
        "fr": (
            "Échec du tour d'appariement",
            "Un tour d'appariement que vous avez lancé a échoué : ouvrez-le pour voir pourquoi.",
        ),
    },
}
_GENERIC = {
    "en": ("You have a new notification", "Something new is waiting for you in the app."),
    "fr": ("Vous avez une nouvelle notification", "Du nouveau vous attend dans l'application."),
}
_FOOTER = {
    "en": "Open Mentoring: {url}\n\nYou receive this e-mail because you take part in a mentoring programme.",
    "fr": "Ouvrir Mentoring : {url}\n\nVous recevez ce courriel parce que vous participez à un programme d'accompagnement.",
}


@dataclass(frozen=True)
class Message:
    """A notification rendered in one language."""

    subject: str
    body: str


def known_kinds() -> list[str]:
    """The notification kinds with their own wording (others get a generic one)."""
    return sorted(_CATALOGUE)


def render(kind: str, language: str, params: dict[str, Any] | None = None) -> Message:
    """The subject and body of a notification in ``language`` (English when not translated)."""
    del params  # ids only: not shown in the text
    language = language if language in LANGUAGES else "en"
    subject, body = _CATALOGUE.get(kind, _GENERIC)[language]
    return Message(subject=subject, body=body)


def email_text(kind: str, language: str, public_url: str) -> Message:
    """The e-mail version: the message and a link to the app."""
    message = render(kind, language)
    footer = _FOOTER.get(language, _FOOTER["en"]).format(url=public_url)
    return Message(subject=message.subject, body=f"{message.body}\n\n{footer}\n")
