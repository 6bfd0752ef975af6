"""Decisions about possible duplicates, posted from the reader page (secretariat and chair)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404

from evidence.models import EvidenceItem
from workbench import duplicates, services
from workbench.models import DuplicatePair
from workbench.views import item_for, reader_url


def _other(request, item, field: str) -> EvidenceItem:
    """The other item of the pair: only one the user was offered as a possible duplicate."""
    pk = request.POST.get(field, "")
    other = get_object_or_404(EvidenceItem, pk=pk) if pk.isdigit() else None
    offered = {candidate.item.pk for candidate in duplicates.duplicates_of(item, request.user, full=True)}
    if other is None or other.pk not in offered:
        raise PermissionDenied
    return other


def decide(request, model_admin, object_id):
    item = item_for(request, model_admin, object_id)
    if not model_admin.has_change_permission(request, item):
        raise PermissionDenied
    other = _other(request, item, "other")
    verdict = request.POST.get("verdict", "")
    if verdict not in DuplicatePair.Verdict.values:
        raise PermissionDenied
    services.duplicate_decide(item=item, other=other, verdict=verdict, by=request.user)
    label = DuplicatePair.Verdict(verdict).label.lower()
    messages.success(request, f"{item.reference} and {other.reference}: marked {label}.")
    return HttpResponseRedirect(reader_url(item.pk, {}) + "#duplicates")


def exclude(request, model_admin, object_id):
    item = item_for(request, model_admin, object_id)
    if not model_admin.has_change_permission(request, item):
        raise PermissionDenied
    original = _other(request, item, "original")
    try:
        services.duplicate_exclude(item=item, original=original, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{item.reference} excluded as a duplicate of {original.reference}.")
    return HttpResponseRedirect(reader_url(item.pk, {}) + "#duplicates")
