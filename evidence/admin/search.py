from evidence import privacy
from evidence.search import evidence_fulltext_filter, fulltext_available


class FullTextSearchMixin:
    """Admin search through PostgreSQL full-text search (reference and submitter searches still
    work); on SQLite the admin's own icontains search over `search_fields`."""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term or not fulltext_available():
            return super().get_search_results(request, queryset, search_term)
        return (
            evidence_fulltext_filter(
                queryset,
                term,
                identities=privacy.can_see_identity(request.user),
                confidential_text=privacy.can_see_confidential(request.user),
            ),
            False,
        )
