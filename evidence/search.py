"""Evidence search: PostgreSQL full-text search where available, the admin's icontains elsewhere.

The tsvector column and its GIN index exist only on PostgreSQL (migration
0006_evidence_full_text_search), so everything here checks the connection's vendor first."""

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from evidence.models import EvidenceItem, Submitter

SEARCH_CONFIG = "english"
# A reference or the start of one (OAJ-00…), as typed in the admin's autocomplete boxes.
REFERENCE = re.compile(r"^[A-Za-z]+-\d*$")


def fulltext_available() -> bool:
    return connection.vendor == "postgresql"


def evidence_fulltext_filter(
    queryset: QuerySet, term: str, *, identities: bool = True, confidential_text: bool = True
) -> QuerySet:
    """Items whose title, summary or body match `term` (web-search syntax: words, "phrases", -not,
    or), whose reference starts with `term`, or whose submitter's name or email contains it.

    For users who may not see identities, submitters are not searched; for users who may not read
    confidential text, confidential items match on their title and summary only (their body is part
    of the search vector, so the vector is not used for them)."""
    table = EvidenceItem._meta.db_table
    vector = RawSQL(f"{connection.ops.quote_name(table)}.search_vector", [], output_field=SearchVectorField())
    query = SearchQuery(term, search_type="websearch", config=SEARCH_CONFIG)
    matches = Q(fulltext=query)
    if not confidential_text:
        confidential = Q(confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)
        matches = (matches & ~confidential) | (
            confidential & (Q(title__icontains=term) | Q(summary__icontains=term))
        )
    if identities:
        # Matching submitters are fetched first (one query, trigram indexes): with their ids as
        # literals the planner estimates the match count and picks the GIN index for rare words;
        # with a subquery it cannot, and reads the whole table in date order.
        submitters = list(
            Submitter.objects.filter(Q(name__icontains=term) | Q(email__icontains=term)).values_list(
                "pk", flat=True
            )
        )
        matches |= Q(submitter__in=submitters)
    if REFERENCE.match(term):
        matches |= Q(reference__startswith=term.upper())
    return queryset.alias(fulltext=vector).filter(matches)
