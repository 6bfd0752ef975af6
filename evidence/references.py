"""Evidence references (OAJ-0001, …): reserved from a one-row counter, never reused."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from evidence.models import ReferenceCounter

REFERENCE_COUNTER = "evidence"


def reference_format(number: int) -> str:
    return f"{settings.EVIDENCE_REFERENCE_PREFIX}-{number:04d}"


@transaction.atomic
def references_allocate(*, count: int = 1) -> list[str]:
    """Reserve `count` consecutive references. The UPDATE row-locks the counter, so two
    transactions logging at the same moment queue behind each other and never share a number."""
    updated = ReferenceCounter.objects.filter(name=REFERENCE_COUNTER).update(value=F("value") + count)
    if not updated:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(name=REFERENCE_COUNTER, value=count)
        except IntegrityError:
            ReferenceCounter.objects.filter(name=REFERENCE_COUNTER).update(value=F("value") + count)
    last = ReferenceCounter.objects.values_list("value", flat=True).get(name=REFERENCE_COUNTER)
    return [reference_format(n) for n in range(last - count + 1, last + 1)]
