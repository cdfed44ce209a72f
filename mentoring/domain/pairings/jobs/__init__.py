"""The pairings domain's follow-ups: what a request, a proposal, a pairing and a round plan for later.

* :mod:`.plan` — which follow-ups a pairing calls for, from its state and terms (pure);
* :mod:`.planners` — (re)plan them in the caller's transaction; the workflow services call these
  after every change of state (``plan_pairing_followups``, ``plan_proposal_followups``…);
* :mod:`.pairings`, :mod:`.proposals`, :mod:`.rounds` — the performers, which call the workflow
  services (``complete_pairing``, ``expire_proposal``, ``run_round``) directly;
* :mod:`.registration` — ``register(registry)``, called by :func:`mentoring.app.build_outbox_registry`.

The planners import no performer and no service, so services may import them without a cycle.
"""
