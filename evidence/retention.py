"""When a submitter's personal data falls due for erasure (apply_retention acts on the date)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone


def retention_default(*, logged_on: datetime.date | None = None) -> datetime.date:
    """EVIDENCE_RETENTION_YEARS after the report, or after `logged_on` when that is later: evidence
    arriving during implementation work is kept as long after its arrival as the rest was."""
    start = max(settings.EVIDENCE_REPORT_DATE, logged_on or timezone.localdate())
    years = start.year + settings.EVIDENCE_RETENTION_YEARS
    try:
        return start.replace(year=years)
    except ValueError:  # 29 February in a year that has none
        return start.replace(year=years, day=28)


def retention_assign(submitters: Iterable, *, logged_on: datetime.date | None = None) -> None:
    """Give every submitter without a retention date the default one (unsaved objects are fine)."""
    default = retention_default(logged_on=logged_on)
    for submitter in submitters:
        if submitter.retention_until is None:
            submitter.retention_until = default
