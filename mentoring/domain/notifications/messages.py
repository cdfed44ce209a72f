"""What each notification says, in English and French.

Messages are generic on purpose: they name no challenge, note or concern, so an e-mail read over
someone's shoulder reveals nothing. They take no parameters: a notification's ids stay with it in the
inbox, never in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.domain.notifications.kinds import NotificationKind

__all__ = ["CATALOGUE", "LANGUAGES", "Message", "email_text", "render"]

LANGUAGES = ("en", "fr")

#: kind -> language -> (subject, body); every kind has both languages (a test says so).
CATALOGUE: dict[NotificationKind, dict[str, tuple[str, str]]] = {
    NotificationKind.PAIRING_INTRODUCTION: {
        "en": (
            "Your mentoring starts",
            "You have been paired. Open the app to meet and plan your first session.",
        ),
        "fr": (
            "Votre accompagnement commence",
            "Votre binôme est formé. Ouvrez l'application pour vous présenter et planifier la première rencontre.",
        ),
    },
    NotificationKind.PAIRING_FIRST_WEEK: {
        "en": (
            "Did you meet this week?",
            "Your first week together is over: tell us whether you managed to meet.",
        ),
        "fr": (
            "Vous êtes-vous rencontrés cette semaine ?",
            "Votre première semaine est passée : dites-nous si vous avez pu vous rencontrer.",
        ),
    },
    NotificationKind.CHECKIN_DUE: {
        "en": (
            "How is your mentoring going?",
            "A short check-in is waiting for you: did you meet, how was it, is anything worrying you?",
        ),
        "fr": (
            "Comment se passe votre accompagnement ?",
            "Un court point d'étape vous attend : vous êtes-vous vus, comment cela s'est-il passé, quelque chose vous inquiète-t-il ?",
        ),
    },
    NotificationKind.PAIRING_TRIAL_DECISION: {
        "en": (
            "Time to decide after the trial",
            "The trial period is over: please confirm whether you want to continue.",
        ),
        "fr": (
            "Fin de la période d'essai",
            "La période d'essai est terminée : confirmez si vous souhaitez continuer.",
        ),
    },
    NotificationKind.PAIRING_MIDPOINT_REVIEW: {
        "en": (
            "Halfway through your mentoring",
            "You are halfway through: take a moment to review your goals together.",
        ),
        "fr": (
            "À mi-parcours",
            "Vous êtes à mi-parcours : prenez un moment pour faire le point sur vos objectifs.",
        ),
    },
    NotificationKind.PAIRING_END_REVIEW: {
        "en": (
            "Your mentoring ends in a week",
            "Your agreed term ends in a week: review it together and decide what comes next.",
        ),
        "fr": (
            "Votre accompagnement se termine dans une semaine",
            "La période convenue se termine dans une semaine : faites le bilan ensemble et décidez de la suite.",
        ),
    },
    NotificationKind.PAIRING_COMPLETED: {
        "en": (
            "Your mentoring is complete",
            "Your agreed term has ended. Thank you! You can leave feedback in the app.",
        ),
        "fr": (
            "Votre accompagnement est terminé",
            "La période convenue est terminée. Merci ! Vous pouvez laisser un avis dans l'application.",
        ),
    },
    NotificationKind.PAIRING_AFTER_CLOSURE: {
        "en": ("Three months on", "It has been three months since your mentoring ended. How are you doing?"),
        "fr": (
            "Trois mois après",
            "Votre accompagnement s'est terminé il y a trois mois. Comment allez-vous ?",
        ),
    },
    NotificationKind.PAIRING_NUDGE: {
        "en": (
            "No meeting logged lately",
            "No meeting has been logged for a while. Reach out to each other, or tell your coordinator.",
        ),
        "fr": (
            "Aucune rencontre enregistrée récemment",
            "Aucune rencontre n'a été enregistrée depuis un moment. Reprenez contact, ou parlez-en à votre coordinateur.",
        ),
    },
    NotificationKind.COORDINATOR_CHECKIN: {
        "en": ("A pairing to check on", "It is time to check in on one of the pairings you coordinate."),
        "fr": (
            "Un binôme à suivre",
            "C'est le moment de prendre des nouvelles d'un binôme que vous coordonnez.",
        ),
    },
    NotificationKind.ALERT_CHECKIN_LOW: {
        "en": (
            "A check-in needs your attention",
            "A check-in answer in your programme was low or reported a worry.",
        ),
        "fr": (
            "Un point d'étape demande votre attention",
            "Une réponse à un point d'étape de votre programme est basse ou signale une inquiétude.",
        ),
    },
    NotificationKind.ALERT_CHECKINS_UNANSWERED: {
        "en": (
            "Check-ins go unanswered",
            "Someone in a pairing you coordinate has not answered two check-ins in a row.",
        ),
        "fr": (
            "Points d'étape sans réponse",
            "Une personne d'un binôme que vous coordonnez n'a pas répondu à deux points d'étape de suite.",
        ),
    },
    NotificationKind.ALERT_SESSIONS_BEHIND: {
        "en": (
            "A pairing is behind its sessions",
            "A formal pairing you coordinate has logged fewer sessions than planned.",
        ),
        "fr": (
            "Un binôme a pris du retard",
            "Un binôme formel que vous coordonnez a enregistré moins de rencontres que prévu.",
        ),
    },
    NotificationKind.PROPOSAL_REMINDER: {
        "en": ("A proposal awaits your answer", "A mentoring proposal is waiting for your answer."),
        "fr": (
            "Une proposition attend votre réponse",
            "Une proposition d'accompagnement attend votre réponse.",
        ),
    },
    NotificationKind.PROPOSAL_EXPIRED: {
        "en": ("A proposal expired", "A mentoring proposal expired without an answer from everyone."),
        "fr": (
            "Une proposition a expiré",
            "Une proposition d'accompagnement a expiré faute de réponse de chacun.",
        ),
    },
    NotificationKind.REQUEST_WAITING: {
        "en": (
            "A mentee is waiting",
            "A mentee in your programme has waited longer than the programme's target.",
        ),
        "fr": (
            "Une personne attend",
            "Une personne de votre programme attend depuis plus longtemps que l'objectif du programme.",
        ),
    },
    NotificationKind.MENTOR_PAUSE_ENDED: {
        "en": ("Welcome back", "Your pause has ended: you can receive new proposals again."),
        "fr": ("Bon retour", "Votre pause est terminée : vous pouvez de nouveau recevoir des propositions."),
    },
    NotificationKind.ROUND_FINISHED: {
        "en": (
            "Matching round finished",
            "A matching round you started has finished: open it to see the outcome.",
        ),
        "fr": (
            "Tour d'appariement terminé",
            "Un tour d'appariement que vous avez lancé est terminé : ouvrez-le pour voir le résultat.",
        ),
    },
    NotificationKind.ROUND_FAILED: {
        "en": ("Matching round failed", "A matching round you started failed: open it to see why."),
        "fr": (
            "Échec du tour d'appariement",
            "Un tour d'appariement que vous avez lancé a échoué : ouvrez-le pour voir pourquoi.",
        ),
    },
    NotificationKind.PROPOSAL_OFFERED: {
        "en": (
            "A mentoring proposal for you",
            "A coordinator has proposed a mentoring pair that includes you. Open the app to read it and answer.",
        ),
        "fr": (
            "Une proposition d'accompagnement pour vous",
            "Un coordinateur vous propose un binôme d'accompagnement. Ouvrez l'application pour la lire et répondre.",
        ),
    },
    NotificationKind.PROPOSAL_ANSWERED: {
        "en": (
            "A proposal was answered",
            "The other person has answered a mentoring proposal you are part of. Open the app to see where it stands.",
        ),
        "fr": (
            "Réponse à une proposition",
            "L'autre personne a répondu à une proposition d'accompagnement qui vous concerne. Ouvrez l'application pour voir où elle en est.",
        ),
    },
    NotificationKind.PROPOSAL_DECLINED: {
        "en": (
            "A proposal will not go ahead",
            "A mentoring proposal you were part of was declined. Your coordinator will look for another match.",
        ),
        "fr": (
            "Une proposition n'aboutira pas",
            "Une proposition d'accompagnement qui vous concernait a été déclinée. Votre coordinateur cherchera une autre solution.",
        ),
    },
    NotificationKind.PROPOSAL_CANCELLED: {
        "en": (
            "A proposal was withdrawn",
            "A mentoring proposal you were part of was withdrawn. You have nothing to do.",
        ),
        "fr": (
            "Une proposition a été retirée",
            "Une proposition d'accompagnement qui vous concernait a été retirée. Vous n'avez rien à faire.",
        ),
    },
    NotificationKind.PAIRING_STARTED: {
        "en": (
            "Your pairing is confirmed",
            "Both of you said yes: your pairing is confirmed. Open the app to read and accept the agreement.",
        ),
        "fr": (
            "Votre binôme est confirmé",
            "Vous avez tous deux accepté : votre binôme est confirmé. Ouvrez l'application pour lire et accepter l'accord.",
        ),
    },
    NotificationKind.PAIRING_AGREEMENT_SIGNED: {
        "en": (
            "The agreement awaits you",
            "The other person has accepted the confidentiality agreement. Accept it too to begin.",
        ),
        "fr": (
            "L'accord vous attend",
            "L'autre personne a accepté l'accord de confidentialité. Acceptez-le à votre tour pour commencer.",
        ),
    },
    NotificationKind.PAIRING_TRIAL_STARTED: {
        "en": (
            "Your trial period begins",
            "You have both accepted the agreement: your trial period begins. Plan your first session.",
        ),
        "fr": (
            "Votre période d'essai commence",
            "Vous avez tous deux accepté l'accord : la période d'essai commence. Planifiez votre première rencontre.",
        ),
    },
    NotificationKind.PAIRING_TRIAL_CONFIRMED: {
        "en": (
            "The other person wants to continue",
            "The other person has confirmed they want to continue after the trial. Open the app to give your answer.",
        ),
        "fr": (
            "L'autre personne souhaite continuer",
            "L'autre personne a confirmé vouloir continuer après l'essai. Ouvrez l'application pour donner votre réponse.",
        ),
    },
    NotificationKind.PAIRING_ACTIVE: {
        "en": (
            "Your mentoring continues",
            "You have both chosen to continue after the trial: your mentoring is now under way.",
        ),
        "fr": (
            "Votre accompagnement continue",
            "Vous avez tous deux choisi de continuer après l'essai : votre accompagnement est lancé.",
        ),
    },
    NotificationKind.PAIRING_PAUSED: {
        "en": (
            "Your pairing is paused",
            "Your coordinator has paused your pairing. They will tell you when it resumes.",
        ),
        "fr": (
            "Votre binôme est en pause",
            "Votre coordinateur a mis votre binôme en pause. Il vous préviendra de sa reprise.",
        ),
    },
    NotificationKind.PAIRING_RESUMED: {
        "en": ("Your pairing resumes", "Your coordinator has resumed your pairing. You can meet again."),
        "fr": (
            "Votre binôme reprend",
            "Votre coordinateur a relancé votre binôme. Vous pouvez de nouveau vous rencontrer.",
        ),
    },
    NotificationKind.PAIRING_TERMS_CHANGED: {
        "en": (
            "Your terms have changed",
            "The terms of your pairing have changed. Open the app to read them.",
        ),
        "fr": (
            "Vos modalités ont changé",
            "Les modalités de votre binôme ont changé. Ouvrez l'application pour les consulter.",
        ),
    },
    NotificationKind.PAIRING_ENDED: {
        "en": ("Your pairing has ended", "Your pairing has ended. Thank you for the time you gave it."),
        "fr": (
            "Votre binôme a pris fin",
            "Votre binôme a pris fin. Merci pour le temps que vous y avez consacré.",
        ),
    },
    NotificationKind.PAIRING_EXIT_FEEDBACK: {
        "en": (
            "Tell us how it went",
            "Your pairing has ended: a short, confidential feedback form is waiting for you in the app.",
        ),
        "fr": (
            "Dites-nous comment cela s'est passé",
            "Votre binôme a pris fin : un court questionnaire confidentiel vous attend dans l'application.",
        ),
    },
    NotificationKind.AMENDMENT_PROPOSED: {
        "en": (
            "A change of terms is proposed",
            "The other person proposes a change to the terms of your pairing. Open the app to answer.",
        ),
        "fr": (
            "Un changement de modalités est proposé",
            "L'autre personne propose de modifier les modalités de votre binôme. Ouvrez l'application pour répondre.",
        ),
    },
    NotificationKind.AMENDMENT_ACCEPTED: {
        "en": (
            "Your change of terms was accepted",
            "The other person accepted the change of terms you proposed.",
        ),
        "fr": (
            "Votre changement de modalités est accepté",
            "L'autre personne a accepté le changement de modalités que vous avez proposé.",
        ),
    },
    NotificationKind.AMENDMENT_DECLINED: {
        "en": (
            "Your change of terms was declined",
            "The other person declined the change of terms you proposed.",
        ),
        "fr": (
            "Votre changement de modalités est refusé",
            "L'autre personne a refusé le changement de modalités que vous avez proposé.",
        ),
    },
    NotificationKind.CONCERN_RAISED: {
        "en": (
            "A concern was raised",
            "Someone in a pairing you coordinate has raised a concern. Open the app to handle it.",
        ),
        "fr": (
            "Un signalement a été fait",
            "Une personne d'un binôme que vous coordonnez a fait un signalement. Ouvrez l'application pour le traiter.",
        ),
    },
    NotificationKind.CONCERN_RESOLVED: {
        "en": (
            "Your concern was handled",
            "A coordinator has handled the concern you raised. Thank you for telling us.",
        ),
        "fr": (
            "Votre signalement a été traité",
            "Un coordinateur a traité votre signalement. Merci de nous avoir prévenus.",
        ),
    },
    NotificationKind.MESSAGE_RECEIVED: {
        "en": (
            "You have a new message",
            "The other member of your mentorship wrote to you. Open your mentorship page to read it.",
        ),
        "fr": (
            "Vous avez un nouveau message",
            "L'autre membre de votre binôme vous a écrit. Ouvrez la page de votre accompagnement pour le lire.",
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


def render(kind: str, language: str) -> Message:
    """The subject and body of a notification in ``language`` (English when not translated).

    ``kind`` is a stored notification's kind: a :class:`NotificationKind` value; one the catalogue
    does not know (a row written by an older version) gets a generic text. The texts take no
    parameters: what a notification is about stays in the app, never in an e-mail.
    """
    language = language if language in LANGUAGES else "en"
    try:
        subject, body = CATALOGUE[NotificationKind(kind)][language]
    except ValueError:
        subject, body = _GENERIC[language]
    return Message(subject=subject, body=body)


def email_text(kind: str, language: str, public_url: str) -> Message:
    """The e-mail version: the message and a link to the app."""
    message = render(kind, language)
    footer = _FOOTER.get(language, _FOOTER["en"]).format(url=public_url)
    return Message(subject=message.subject, body=f"{message.body}\n\n{footer}\n")
