"""Who may see whose identity, and the record of who looked.

One rule for every page and export: identity and contact details of submitters, and the full text of
confidential evidence, are visible only to users holding `evidence.view_submitter` (the secretariat
and the chair). Everyone else sees `Submitter.public_name`, which is "Anonymous respondent" unless the
submitter consented to be named, did not ask for anonymity and is not flagged vulnerable."""

from collections.abc import Iterable

from evidence.models import AccessLogEntry, EvidenceItem, Submitter

IDENTITY_PERMISSION = "evidence.view_submitter"
ANONYMOUS_LABEL = "Anonymous respondent"
CONFIDENTIAL_EXCERPT = "confidential excerpt (not shown)"


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


def submitter_label(user, submitter: Submitter | None) -> str:
    """How to name `submitter` to `user` (lists, forms, exports, the report)."""
    if submitter is None:
        return "—"
    if can_see_identity(user, submitter):
        return str(submitter)
    return submitter.public_name


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
