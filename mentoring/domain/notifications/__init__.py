"""The notifications domain: people's inbox, the e-mails that echo it, and their wording.

Other domains call it (:func:`~mentoring.domain.notifications.services.notify`); it never calls back.
"""
