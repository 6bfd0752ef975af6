"""Admin search through PostgreSQL full-text search (reference and submitter searches still work): the
matches counted up to a cap ("1,000+"), ranked by relevance when there are fewer, and each shown row
with its highlighted snippet. On SQLite, the admin's own icontains search over `search_fields`."""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.core.paginator import Paginator
from django.utils.formats import number_format

from evidence import privacy
from evidence.admin.policy import PolicyChangeList
from evidence.search import capped_count, evidence_fulltext_filter, fulltext_available, headlines, ranked

SEARCH_VAR = "q"


@dataclass
class SearchState:
    term: str
    count: int
    capped: bool

    @property
    def label(self) -> str:
        return f"{number_format(self.count, force_grouping=True)}{'+' if self.capped else ''}"


class KnownCountPaginator(Paginator):
    """The count was taken (capped) with the search: not counted again."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count


class SearchChangeList(PolicyChangeList):
    """Counts a full-text search's matches (capped) once its filters are applied, and orders them by
    relevance unless there are more than the cap or a column was chosen to sort by."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        term = getattr(request, "evidence_search_term", None)
        if term is None:
            return queryset
        count, capped = capped_count(queryset)
        request.evidence_search = SearchState(term=term, count=count, capped=capped)
        if capped or ORDER_VAR in self.params:
            return queryset
        return queryset.order_by("-search_rank", *queryset.query.order_by)

    def get_results(self, request):
        super().get_results(request)
        search = getattr(request, "evidence_search", None)
        if search is None:
            return
        self.search = search
        self.result_list = list(self.result_list)
        snippets = headlines(
            [item.pk for item in self.result_list],
            search.term,
            confidential_text=privacy.can_see_confidential(request.user),
        )
        for item in self.result_list:
            item.search_snippet = snippets.get(item.pk, "")


class FullTextSearchMixin:
    def _full_text(self, request) -> bool:
        return fulltext_available() and bool(request.GET.get(SEARCH_VAR, "").strip())

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term or not fulltext_available():
            return super().get_search_results(request, queryset, search_term)
        confidential_text = privacy.can_see_confidential(request.user)
        matches = evidence_fulltext_filter(
            queryset,
            term,
            identities=privacy.can_see_identity(request.user),
            confidential_text=confidential_text,
        )
        request.evidence_search_term = term
        return ranked(matches, term, confidential_text=confidential_text), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        search = getattr(request, "evidence_search", None)
        if search is None:
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        return KnownCountPaginator(queryset, per_page, count=search.count, orphans=orphans)

    def get_changelist(self, request, **kwargs):
        return SearchChangeList

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not self._full_text(request):
            return columns
        return [*columns[:2], "search_match", *columns[2:]]

    @admin.display(description="Match")
    def search_match(self, item):
        return getattr(item, "search_snippet", "")
