"""Erasure from file names: an attachment named after the person ("Letter from P Quillfeather.pdf")
is moved in storage to a name made of the item's reference, and every row naming the old file
follows it: the item, its history and the access-log paths of its downloads."""

import posixpath

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from evidence.models import AccessLogEntry, EvidenceItem


def _names_person(name: str, words: list[str]) -> bool:
    base = posixpath.basename(name).casefold()
    return any(word.casefold() in base for word in words)


def _move(old: str, stem: str) -> str:
    target = posixpath.join(posixpath.dirname(old), stem + posixpath.splitext(old)[1].lower())
    if not default_storage.exists(old):  # already gone from storage: rename the reference only
        return default_storage.get_available_name(target)
    with default_storage.open(old, "rb") as handle:
        new = default_storage.save(target, File(handle))
    # The old file goes only once the new name is committed, so a failed erasure loses no file.
    transaction.on_commit(lambda: default_storage.delete(old))
    return new


def attachments_rename(*, item_ids, words: list[str], by) -> dict[str, str]:
    """Rename every attachment (current or in history) of `item_ids` whose file name contains one of
    `words`. Returns {old name: new name}. Runs inside the erasure's transaction."""
    live = {item.pk: item for item in EvidenceItem.objects.filter(pk__in=item_ids).exclude(attachment="")}
    past = EvidenceItem.history.filter(id__in=item_ids).exclude(attachment="").values_list("id", "attachment")
    names = {(pk, item.attachment.name) for pk, item in live.items()} | set(past)
    renamed: dict[str, str] = {}
    for item_id, name in sorted(names):
        if name not in renamed and _names_person(name, words):
            stem = live[item_id].reference if item_id in live else f"item-{item_id}"
            renamed[name] = _move(name, stem)
    for item in live.values():
        if item.attachment.name in renamed:
            item.attachment.name = renamed[item.attachment.name]
            item._history_user = by
            item._change_reason = "personal data erased"
            item.save(update_fields=["attachment"])
    for old, new in renamed.items():
        EvidenceItem.history.filter(id__in=item_ids, attachment=old).update(attachment=new)
        for entry in AccessLogEntry.objects.filter(path__contains=old):
            AccessLogEntry.objects.filter(pk=entry.pk).update(path=entry.path.replace(old, new))
    return renamed
