"""`/healthz` for load balancers: no login, no data, just "can this app server do its job"."""

import logging

from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

_expected: set[tuple[str, str]] | None = None


def expected_migrations() -> set[tuple[str, str]]:
    """The migrations this code ships with, read from disk once per process (they cannot change
    without a restart)."""
    global _expected
    if _expected is None:
        _expected = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    return _expected


def unapplied_migrations() -> set[tuple[str, str]]:
    """One query: the migrations on disk that the database has not recorded as applied."""
    applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    return expected_migrations() - applied


@never_cache
@require_safe
def healthz(request):
    # The body never says more than ok/unavailable: details go to the log, not to the internet.
    try:
        missing = unapplied_migrations()
    except DatabaseError as error:
        logger.error("healthz: database unavailable: %s", error.__class__.__name__)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if missing:
        logger.error("healthz: %d unapplied migration(s), e.g. %s", len(missing), sorted(missing)[0])
        return HttpResponse("migrations pending\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
