"""Accepting a suggestion from the reader page: one click, recorded with who accepted it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect

from workbench import services, suggestions
from workbench.views import item_for, reader_url


def accept(request, model_admin, object_id):
    """Only what is suggested for the item right now can be accepted (ids posted are checked
    against a fresh set of suggestions, whose reason is the one recorded)."""
    item = item_for(request, model_admin, object_id)
    themes, recommendations = suggestions.suggestions_for(item, request.user)
    offered = {f"theme-{s.target.pk}": s for s in themes} | {
        f"recommendation-{s.target.pk}": s for s in recommendations
    }
    suggestion = offered.get(request.POST.get("suggestion", ""))
    if suggestion is None:
        messages.warning(request, "That suggestion is no longer offered for this item: nothing was changed.")
        return HttpResponseRedirect(reader_url(item.pk, {}) + "#suggestions")
    is_theme = request.POST["suggestion"].startswith("theme-")
    try:
        services.suggestion_accept(
            item=item,
            by=request.user,
            reason=suggestion.reason,
            theme=suggestion.target if is_theme else None,
            recommendation=None if is_theme else suggestion.target,
        )
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from None
    done = "theme added" if is_theme else "tagged as supporting"
    messages.success(
        request, f"{item.reference}: {suggestion.target} {done} (suggested {suggestion.reason})."
    )
    return HttpResponseRedirect(reader_url(item.pk, {}) + "#suggestions")
