"""The outbox: durable follow-ups (something to do later), performed by workers at least once.

It knows no domain. A domain writes a follow-up row in its own transaction with
:func:`~mentoring.outbox.schedule.schedule`; the composition root (:func:`mentoring.app.build_outbox_registry`)
fills an :class:`~mentoring.outbox.registry.OutboxRegistry` with each domain's performers; the
:class:`~mentoring.outbox.engine.FollowUpEngine` (run by the arq worker or the in-process
:mod:`~mentoring.outbox.runner`) claims due rows and performs them through that registry.
"""
