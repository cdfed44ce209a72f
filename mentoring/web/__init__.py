"""The web pages' foundation shared by every domain's pages: layout and templates, static CSS,
sessions for people, CSRF on every form, EN/FR catalogues, HTML error pages.

Domains write page controllers (``mentoring/domain/<name>/pages.py``) that take ``web: Web`` and
answer with ``web.render("<domain>/<page>.html", …)``; :mod:`mentoring.app` mounts them all on
:func:`~mentoring.web.routing.pages_router`. Nothing here imports a domain.
"""
