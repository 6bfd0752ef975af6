"""The privacy policy: who may see, filter, search, sort and export what, and the record of who looked.

One rule for every page and export: identity and contact details of submitters, and the full text of
confidential evidence, are visible only to users holding `evidence.view_submitter` (the secretariat
and the chair). Everyone else ("members" below) sees a submitter named only where the submitter
consented, did not ask for anonymity, is not flagged vulnerable and (on an item) the item is
publishable; never an email address, phone or notes.

Members may filter a list only by the lookups its own list filters offer (and the few an admin declares
as `link_lookups` for links from other pages), never by a path reaching personal data or confidential
text, and may sort and search only by fields outside those paths. The admin asks `lookup_allowed`,
`searchable_fields` and `path_visible` (evidence/admin/policy.py); views never decide this themselves."""

from collections.abc import Iterable

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from evidence.models import AccessLogEntry, EvidenceItem, Excerpt, Submitter, SurveyAnswer

IDENTITY_PERMISSION = "evidence.view_submitter"
ANONYMOUS_LABEL = "Anonymous respondent"
CONFIDENTIAL_EXCERPT = "Hidden: confidential excerpt"
# Fields holding confidential text (of confidential items): members never filter, search or sort by them.
CONFIDENTIAL_TEXT: dict[type, tuple[str, ...]] = {
    EvidenceItem: ("body", "attachment"),
    SurveyAnswer: ("answer",),
    Excerpt: ("quote",),
}
# The lookups Django's field list filters put in the address (choices, booleans, dates, relations).
FILTER_LOOKUPS = ("exact", "isnull", "gte", "lt", "isempty")
DATE_HIERARCHY_LOOKUPS = ("year", "month", "day")


def can_see_identity(user, submitter: Submitter | None = None) -> bool:
    """May `user` see who `submitter` is (name, email, phone, notes)? The rule does not depend on the
    submitter today; it takes one so callers ask the question about the person they are showing."""
    return bool(user and user.is_active and user.has_perm(IDENTITY_PERMISSION))


def can_see_confidential(user) -> bool:
    """May `user` read the body, answers and attachment of evidence marked confidential?"""
    return can_see_identity(user)


def can_see_body(user, item: EvidenceItem | None) -> bool:
    """May `user` read this item's body, answers and attachment? (None: a new item, nothing to hide.)"""
    return (
        item is None
        or item.confidentiality != EvidenceItem.Confidentiality.CONFIDENTIAL
        or can_see_confidential(user)
    )


def identity_shown(user, submitter: Submitter | None, item: EvidenceItem | None = None) -> bool:
    """May `user` learn who `submitter` is (their name, not their contact details), shown on `item`?
    Members: only if the submitter consented, did not ask for anonymity and is not vulnerable, and the
    item (when there is one) is publishable, not "publish anonymised" or confidential."""
    if submitter is None or submitter.erased_at:
        return False
    if can_see_identity(user, submitter):
        return True
    return not submitter.identity_protected and (
        item is None or item.confidentiality == EvidenceItem.Confidentiality.PUBLISHABLE
    )


def submitter_label(user, submitter: Submitter | None, item: EvidenceItem | None = None) -> str:
    """How to name `submitter` to `user` (lists, forms, exports), on `item` when given."""
    if submitter is None:
        return "—"
    if can_see_identity(user, submitter):
        return str(submitter)
    return submitter.public_name if identity_shown(user, submitter, item) else ANONYMOUS_LABEL


def excerpt_label(user, excerpt) -> str:
    """How to show `excerpt` to `user`: a quote from confidential evidence is its body, so users who
    may not read the body see only which item it comes from. (user=None: the public label.)"""
    if excerpt is None:
        return "—"
    if can_see_body(user, excerpt.item):
        return str(excerpt)
    return f"{excerpt.item.reference}: {CONFIDENTIAL_EXCERPT}"


def readable_excerpts(user, queryset):
    """`queryset` of excerpts narrowed to those whose evidence `user` may read."""
    if can_see_confidential(user):
        return queryset
    return queryset.exclude(item__confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)


def protected_path(model, path: str) -> bool:
    """Does the lookup `path` from `model` (e.g. "evidence__submitter__name__icontains") reach personal
    data or confidential text: a submitter (or any of their fields), or a confidential text field?"""
    for part in path.split(LOOKUP_SEP):
        if model is Submitter:
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a lookup or transform: the path of fields ended before it
        if part in CONFIDENTIAL_TEXT.get(model, ()) or field.related_model is Submitter:
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return model is Submitter


def offered_lookups(model, list_filter, date_hierarchy: str | None, link_lookups=()) -> set[str]:
    """The address parameters a changelist's own filters (and declared links into it) produce."""
    offered = set(link_lookups)
    if date_hierarchy:
        offered |= {f"{date_hierarchy}__{part}" for part in DATE_HIERARCHY_LOOKUPS}
    for entry in list_filter:
        if isinstance(entry, type) and issubclass(entry, SimpleListFilter):
            offered.add(entry.parameter_name)
            continue
        path = entry[0] if isinstance(entry, list | tuple) else entry
        offered |= {f"{path}__{lookup}" for lookup in FILTER_LOOKUPS}
        field = get_fields_from_path(model, path)[-1]
        if field.is_relation:
            target = getattr(field, "target_field", None) or field.related_model._meta.pk
            offered.add(f"{path}__{target.name}__exact")
    return offered


def lookup_allowed(user, model, lookup: str, offered: set[str]) -> bool:
    """May `user` filter `model`'s list by `lookup`? Members: only by `offered` lookups (see
    `offered_lookups`) that do not reach personal data or confidential text. Others: any."""
    if can_see_identity(user):
        return True
    return lookup in offered and not protected_path(model, lookup)


def searchable_fields(user, model, search_fields) -> list[str]:
    """`search_fields` without those reaching personal data or confidential text, for members."""
    if can_see_identity(user):
        return list(search_fields)
    return [field for field in search_fields if not protected_path(model, field.lstrip("^=@"))]


def path_visible(user, model, path: str) -> bool:
    """May `user` sort `model`'s list by `path`, or see a list filter on it? (Sorting by a hidden value
    reveals its order; a filter lists its values.)"""
    return can_see_identity(user) or not protected_path(model, path.lstrip("-"))


def hidden_fields(user, model, evidence: EvidenceItem | None = None) -> set[str]:
    """`model`'s fields whose values `user` may not see (history diffs): identity always, confidential
    text unless `evidence` (the item the object belongs to) is one `user` may read."""
    if can_see_identity(user):
        return set()
    readable = set(CONFIDENTIAL_TEXT.get(model, ())) if evidence and can_see_body(user, evidence) else set()
    return {
        field.name
        for field in model._meta.get_fields()
        if protected_path(model, field.name) and field.name not in readable
    }


def is_confidential_submitter(submitter: Submitter | None) -> bool:
    return submitter is not None and submitter.identity_protected and not submitter.erased_at


def access_log_record(
    *, user, action: str, what: str, object_ids: Iterable = (), request=None, path: str = ""
) -> AccessLogEntry | None:
    """Record that `user` viewed/exported/downloaded confidential data. Only ids are stored; the
    path is stored without its query string (a search term could be a person's name). Without a
    request (a management command), `path` says where it happened."""
    ids = sorted({int(pk) for pk in object_ids})
    if not ids:
        return None
    return AccessLogEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        what=what,
        object_ids=ids,
        path=(request.path if request is not None else path)[:300],
    )
