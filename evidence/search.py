"""Evidence search: PostgreSQL full-text search where available, the admin's icontains elsewhere.

The tsvector column and its GIN index exist only on PostgreSQL (migration
0006_evidence_full_text_search), so everything here checks the connection's vendor first."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from evidence.models import EvidenceItem, Submitter

SEARCH_CONFIG = "english"
# Matches counted up to this many; beyond it the list says "1,000+" and shows the newest first, since
# counting and ranking every match of a common word is what made search slow at 100k items.
COUNT_CAP = 1000
# Snippets are cut from the start of the body: a 100-page document would cost more than the page.
HEADLINE_TEXT = 20_000
_START, _STOP = "\x02", "\x03"
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
    vector, query = _vector(), search_query(term)
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


def search_query(term: str) -> SearchQuery:
    return SearchQuery(term, search_type="websearch", config=SEARCH_CONFIG)


def _vector() -> RawSQL:
    table = connection.ops.quote_name(EvidenceItem._meta.db_table)
    return RawSQL(f"{table}.search_vector", [], output_field=SearchVectorField())


def capped_count(queryset: QuerySet) -> tuple[int, bool]:
    """How many rows match, counted up to COUNT_CAP: (count, whether there are more)."""
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    return min(count, COUNT_CAP), count > COUNT_CAP


def ranked(queryset: QuerySet, term: str, *, confidential_text: bool = True) -> QuerySet:
    """`queryset` (matches of `term`) with the alias `search_rank` to order by (ts_rank_cd, cover
    density), computed only if ordered by. For
    users who may not read confidential text, confidential items rank 0: their body must not move them."""
    rank = SearchRank(_vector(), search_query(term), cover_density=True)
    if not confidential_text:
        rank = Case(
            When(confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL, then=Value(0.0)),
            default=rank,
            output_field=FloatField(),
        )
    return queryset.alias(search_rank=rank)


def headlines(item_ids, term: str, *, confidential_text: bool = True) -> dict[int, SafeString]:
    """Highlighted snippets (ts_headline) of the given items only, the shown page's, as safe HTML with
    the matched words in <mark>. Confidential items show only title and summary to those who may not
    read their text."""
    public_text = Concat("title", Value(" — "), "summary", output_field=TextField())
    full_text = Concat(public_text, Value(" — "), Substr("body", 1, HEADLINE_TEXT), output_field=TextField())
    text = full_text
    if not confidential_text:
        text = Case(
            When(confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL, then=public_text),
            default=full_text,
        )
    snippets = (
        EvidenceItem.objects.filter(pk__in=list(item_ids))
        .annotate(
            snippet=SearchHeadline(
                text,
                search_query(term),
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=25,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "snippet")
    )
    return {pk: _marked(snippet) for pk, snippet in snippets}


def _marked(snippet: str) -> SafeString:
    return mark_safe(escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>"))
