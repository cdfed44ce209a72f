"""Planning the pairing workflow's follow-ups: what is due when (``plan``) and the rows that say so
(``planners``, called by the services in their own transaction). Performing them is :mod:`..jobs`."""
