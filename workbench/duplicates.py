"""Possible duplicates: items with the same text, nearly the same text, or the same submitter email.

Same text is compared by hash (MD5 of the body; an expression index on PostgreSQL). Nearly the same
is PostgreSQL's trigram similarity (`pg_trgm`, GIN index on the body) above
`settings.DUPLICATE_SIMILARITY`; SQLite has no trigram search, so there only exact copies are found.
Text matches are offered only between items whose text the user may read, and the same-email match
only to users who may see who submitted (a member must not learn that two anonymous items share a
person). Pairs the secretariat judged "not a duplicate" are not offered again.

Trigram search over long texts reads the index entries of every common trigram, so at national scale
(100k items) it takes seconds: pages run it within `settings.DUPLICATE_SEARCH_MS` and say when it was
cut short; the reader's "check nearly the same text" link (and deciding a pair) runs it in full."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.db import OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import MD5
from psycopg.errors import QueryCanceled

from evidence import privacy
from evidence.models import EvidenceItem
from workbench.models import DuplicatePair

CANDIDATES = 5
CONFIDENTIAL = EvidenceItem.Confidentiality.CONFIDENTIAL


@dataclass
class Candidate:
    item: EvidenceItem
    reason: str
    decision: DuplicatePair | None = None


class Candidates(list):
    """Candidates, and whether the nearly-the-same-text search ran out of time (`near_unchecked`)."""

    near_unchecked = False


def _readable(user, queryset: QuerySet) -> QuerySet:
    return queryset if privacy.can_see_confidential(user) else queryset.exclude(confidentiality=CONFIDENTIAL)


def _same_text(item) -> QuerySet:
    digest = hashlib.md5(item.body.encode(), usedforsecurity=False).hexdigest()
    return EvidenceItem.objects.alias(body_hash=MD5("body")).filter(body_hash=digest)


def _similar_text(item, *, budget_ms: int | None) -> list[tuple[int, float]] | None:
    """`body % …` narrows through the trigram index, with pg_trgm's threshold raised to
    `DUPLICATE_SIMILARITY` for this query; None if it ran longer than `budget_ms` (None: no limit)."""
    similar = (
        EvidenceItem.objects.filter(body__trigram_similar=item.body)
        .exclude(pk=item.pk)
        .annotate(similarity=TrigramSimilarity("body", item.body))
        .filter(similarity__gte=settings.DUPLICATE_SIMILARITY)
        .order_by("-similarity")
        .values_list("pk", "similarity")[:CANDIDATES]
    )
    limits = {"pg_trgm.similarity_threshold": str(settings.DUPLICATE_SIMILARITY)}
    if budget_ms is not None:
        limits["statement_timeout"] = f"{budget_ms}ms"
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(limits)),
                    [part for setting in limits.items() for part in setting],
                )
            found = list(similar)
            # Rolling the read-only savepoint back undoes the settings, which would otherwise last as
            # long as an enclosing transaction.
            transaction.set_rollback(True)
        return found
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return None  # statement_timeout cancelled it; the savepoint undid the settings


def duplicates_of(item: EvidenceItem, user, *, full: bool = False) -> Candidates:
    """Possible duplicates of `item` that `user` may be shown, with why, and any decision taken. The
    nearly-the-same-text search is limited to `settings.DUPLICATE_SEARCH_MS` unless `full`."""
    reasons: dict[int, str] = {}
    result = Candidates()
    if item.body.strip() and privacy.can_see_body(user, item):
        for pk in _same_text(item).exclude(pk=item.pk).values_list("pk", flat=True)[:CANDIDATES]:
            reasons[pk] = "same text"
        if connection.vendor == "postgresql":
            similar = _similar_text(item, budget_ms=None if full else settings.DUPLICATE_SEARCH_MS)
            result.near_unchecked = similar is None
            for pk, similarity in similar or []:
                reasons.setdefault(pk, f"nearly the same text ({similarity:.0%} alike)")
    # Submitter emails are unique (case-insensitively), so the same email is the same submitter.
    email = item.submitter.email.strip() if item.submitter_id else ""
    if email and privacy.can_see_identity(user, item.submitter):
        same_email = EvidenceItem.objects.filter(submitter_id=item.submitter_id).exclude(pk=item.pk)
        for pk in same_email.values_list("pk", flat=True)[:CANDIDATES]:
            reasons[pk] = f"{reasons[pk]}; same submitter email" if pk in reasons else "same submitter email"
    if not reasons:
        return result
    decisions = {
        pair.other(item.pk): pair for pair in DuplicatePair.objects.filter(_pairs_of(item.pk, reasons))
    }
    items = _readable(user, EvidenceItem.objects.filter(pk__in=reasons))
    candidates = [
        Candidate(other, reasons[other.pk], decisions.get(other.pk)) for other in items.order_by("pk")
    ]
    result.extend(
        c for c in candidates if not c.decision or c.decision.verdict == DuplicatePair.Verdict.DUPLICATE
    )
    return result


def _pairs_of(item_id: int, others) -> Q:
    return Q(first_id=item_id, second_id__in=list(others)) | Q(second_id=item_id, first_id__in=list(others))


def with_possible_duplicates(queryset: QuerySet, user) -> QuerySet:
    """For the evidence list: items another item has the same text as (or, for users who may see
    identities, the same submitter email), the pair not yet decided."""
    decided = DuplicatePair.objects.filter(
        Q(first=OuterRef(OuterRef("pk")), second=OuterRef("pk"))
        | Q(second=OuterRef(OuterRef("pk")), first=OuterRef("pk"))
    )
    others = (
        EvidenceItem.objects.alias(body_hash=MD5("body")).exclude(pk=OuterRef("pk")).filter(~Exists(decided))
    )
    condition = Exists(_readable(user, others).filter(body_hash=OuterRef("body_hash"))) & ~Q(body="")
    if not privacy.can_see_confidential(user):
        condition &= ~Q(confidentiality=CONFIDENTIAL)
    if privacy.can_see_identity(user):
        condition |= Exists(others.filter(submitter_id=OuterRef("submitter_id"))) & ~Q(submitter__email="")
    return queryset.alias(body_hash=MD5("body")).filter(condition)
