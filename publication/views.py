"""The public evidence pages (no login): the list, one item, and the list as CSV. They show only what
publication.selectors gives them (PublicEntry: published, redacted text; names only where allowed)."""

import csv
import io
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from justice_wp.exporting import escape_formula
from publication import selectors

PER_PAGE = 25
MAX_QUERY = 200
CACHE_SECONDS = 300


def _public(request, response: HttpResponse) -> HttpResponse:
    """Cacheable by browsers and shared caches for a few minutes: the pages are the same for everyone.
    A request carrying a session (a logged-in colleague) is answered `private`: the session middleware
    may refresh its cookie on the response, which a shared cache must never store."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    else:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
    return response


def _filters(request) -> tuple[str, int | None]:
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    theme = request.GET.get("theme", "")
    return query, int(theme) if theme.isdigit() and len(theme) < 10 else None


@require_safe
def published_list(request):
    query, theme_id = _filters(request)
    entries = selectors.public_entries(query=query, theme_id=theme_id)
    themes = list(selectors.public_themes())
    if not entries:
        # Nothing matched: the terms are not in any published text, so the page does not repeat them
        # (a search for a withheld name must not be echoed, or cached, as if it meant something).
        query, theme_id = "", None
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    if query:
        for entry in page.object_list:
            entry.match = entry.snippet(query)
    params = urlencode({key: value for key, value in (("q", query), ("theme", theme_id)) if value})
    return _public(
        request,
        render(
            request,
            "publication/published_list.html",
            {
                "page": page,
                "query": query,
                "theme_id": theme_id,
                "themes": themes,
                "count": len(entries),
                "filtered": bool(request.GET.get("q") or request.GET.get("theme")),
                "params": params,
            },
        ),
    )


@require_safe
def published_detail(request, reference: str):
    entry = selectors.public_entry_by_reference(reference)
    if entry is None:
        raise Http404("No published evidence with this reference.")
    return _public(request, render(request, "publication/published_detail.html", {"entry": entry}))


CSV_COLUMNS = ["Reference", "Submitter", "Organisation", "Kind", "Received on"]


@require_safe
def published_csv(request):
    query, theme_id = _filters(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in selectors.public_entries(query=query, theme_id=theme_id):
        row = [
            entry.reference,
            entry.submitter,
            entry.organisation,
            entry.kind,
            entry.received_on.isoformat(),
        ]
        writer.writerow([escape_formula(value) for value in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="published-evidence.csv"'
    return _public(request, response)
