"""All tables, importable as one namespace: ``from mentoring.db import models as m``.

Each module owns one domain's tables and lists them in its ``__all__``.
"""

from advanced_alchemy.base import orm_registry

from mentoring.db.models.accounts import *  # noqa: F403
from mentoring.db.models.checkins import *  # noqa: F403
from mentoring.db.models.messaging import *  # noqa: F403
from mentoring.db.models.notifications import *  # noqa: F403
from mentoring.db.models.outbox import *  # noqa: F403
from mentoring.db.models.pairings import *  # noqa: F403
from mentoring.db.models.privacy import *  # noqa: F403
from mentoring.db.models.profiles import *  # noqa: F403
from mentoring.db.models.programs import *  # noqa: F403
from mentoring.db.models.web import *  # noqa: F403

metadata = orm_registry.metadata
