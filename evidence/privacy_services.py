"""Right to erasure and retention: personal data removed, evidence kept anonymised, ids recorded.

Erasing a submitter blanks their personal fields, scrubs every historical version of them, replaces
their name, email and phone wherever they appear in the text of their own evidence (items, excerpts,
survey answers, evidence-link notes, and all those rows' history, change notes and admin log
entries), deletes pending import uploads naming them, renames attachments named after them
(evidence.erasure_files), flags what cannot be cleaned without guessing for review
(evidence.erasure_review), and records the erasure in a ledger of ids (`ErasureRecord`, also appended
to ERASURE_LEDGER_FILE) so that `reapply_erasures` can repeat it after a restore from backup."""

import datetime
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from editing.services import audited_save
from evidence.erasure_files import attachments_rename
from evidence.erasure_review import CHANGE_REASON, attachments_flag, name_words_flag, rows_mentioning
from evidence.models import ErasureRecord, EvidenceItem, Excerpt, Submitter
from evidence.scrubbing import erasure_hooks, scrub_targets
from evidence.uploads import import_uploads_erase

ERASED = "[erased]"
PERSONAL_FIELDS = {"name": "", "email": "", "phone": "", "notes": "", "organisation": None}
# Shorter strings would match inside ordinary words.
MIN_SCRUB_LENGTH = 3


def _personal_strings(submitter: Submitter) -> list[str]:
    """Every name, email and phone this submitter has had, current and historical."""
    values = set()
    for row in Submitter.history.filter(id=submitter.pk).values("name", "email", "phone"):
        values.update(row.values())
    values.update([submitter.name, submitter.email, submitter.phone])
    return sorted(
        (v.strip() for v in values if v and len(v.strip()) >= MIN_SCRUB_LENGTH), key=len, reverse=True
    )


def _name_words(submitter: Submitter) -> list[str]:
    """The words of every name (and email user name) this submitter has had, e.g. a surname."""
    words = set()
    for row in Submitter.history.filter(id=submitter.pk).values("name", "email"):
        words.update(re.findall(r"[^\W\d_]+", f"{row['name']} {row['email'].partition('@')[0]}"))
    words.update(re.findall(r"[^\W\d_]+", f"{submitter.name} {submitter.email.partition('@')[0]}"))
    return sorted(word for word in words if len(word) >= MIN_SCRUB_LENGTH)


def _item_ids(submitter: Submitter) -> set[int]:
    """This submitter's evidence, including items they were once linked to."""
    item_ids = set(EvidenceItem.objects.filter(submitter=submitter).values_list("pk", flat=True))
    return item_ids | set(EvidenceItem.history.filter(submitter_id=submitter.pk).values_list("id", flat=True))


def _text_targets(item_ids: set[int]):
    """(model, text fields, filter valid on the model and its history) for the text of the items."""
    return [(target.model, list(target.fields), target.condition(item_ids)) for target in scrub_targets()]


def _replace(pattern: re.Pattern, obj, fields: list[str]) -> list[str]:
    changed = []
    for field in fields:
        value = getattr(obj, field)
        new = pattern.sub(ERASED, value) if value else value
        if new != value:
            setattr(obj, field, new)
            changed.append(field)
    return changed


def _scrub_rows(targets, strings: list[str], by) -> int:
    pattern = re.compile("|".join(re.escape(s) for s in strings), re.IGNORECASE)
    changed_rows = 0
    for model, fields, condition in targets:
        live = rows_mentioning(model.objects.filter(condition), fields, strings) if fields else []
        for obj in live:
            changed = _replace(pattern, obj, fields)
            if isinstance(obj, Excerpt) and "quote" in changed:
                _relocate(obj)
                changed += ["start_offset", "end_offset"]
            # Version bumped: a page opened before the erasure cannot save the old text back.
            audited_save(obj, by=by, reason="personal data erased", update_fields=changed, clean=False)
            changed_rows += 1
        history = getattr(model, "history", None)
        if history is not None:
            for row in rows_mentioning(history.filter(condition), [*fields, CHANGE_REASON], strings):
                changed = _replace(pattern, row, [*fields, CHANGE_REASON])
                history.filter(history_id=row.history_id).update(**{f: getattr(row, f) for f in changed})
        _scrub_log_entries(model, model.objects.filter(condition).values_list("pk", flat=True), pattern)
    return changed_rows


def _relocate(excerpt: Excerpt) -> None:
    """Offsets point into the body, which the scrub may have shortened: find the quote again."""
    body = excerpt.item.body
    start = body.find(excerpt.quote) if excerpt.quote else -1
    excerpt.start_offset, excerpt.end_offset = (
        (start, start + len(excerpt.quote)) if start >= 0 else (None, None)
    )


def _scrub_log_entries(model, ids, pattern: re.Pattern) -> None:
    content_type = ContentType.objects.get_for_model(model)
    for entry in LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in ids]):
        scrubbed = pattern.sub(ERASED, entry.object_repr)
        if scrubbed != entry.object_repr:
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=scrubbed)


def _ledger_append(record: ErasureRecord) -> None:
    path = Path(settings.ERASURE_LEDGER_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "submitter_id": record.submitter_id,
        "reason": record.reason,
        "erased_at": record.erased_at.isoformat(),
    }
    with path.open("a", encoding="utf-8") as ledger:
        ledger.write(json.dumps(entry) + "\n")


def ledger_file_entries() -> list[dict]:
    path = Path(settings.ERASURE_LEDGER_FILE)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as ledger:
        return [json.loads(line) for line in ledger if line.strip()]


def _erase_in_place(submitter: Submitter, by) -> None:
    strings, words, item_ids = _personal_strings(submitter), _name_words(submitter), _item_ids(submitter)
    # The submitter's own history: only its change notes hold free text.
    targets = [*_text_targets(item_ids), (Submitter, [], Q(id=submitter.pk))]
    if strings:
        _scrub_rows(targets, strings, by)
        import_uploads_erase(strings=strings)
    attachments_rename(item_ids=item_ids, words=words + strings, by=by)
    name_words_flag(submitter_id=submitter.pk, words=words, targets=targets)
    attachments_flag(submitter_id=submitter.pk, item_ids=item_ids)
    for hook in erasure_hooks():  # other apps' copies of the personal data (evidence.scrubbing)
        hook(submitter=submitter, by=by)
    for field, blank in PERSONAL_FIELDS.items():
        setattr(submitter, field, blank)
    submitter.erased_at = submitter.erased_at or timezone.now()
    audited_save(submitter, by=by, reason="personal data erased", clean=False)
    Submitter.history.filter(id=submitter.pk).update(**PERSONAL_FIELDS)
    content_type = ContentType.objects.get_for_model(Submitter)
    LogEntry.objects.filter(content_type=content_type, object_id=str(submitter.pk)).update(
        object_repr=f"Erased submitter #{submitter.pk}"
    )


@transaction.atomic
def submitter_erase(*, submitter: Submitter, by, reason: str = ErasureRecord.Reason.REQUEST) -> ErasureRecord:
    """Remove `submitter`'s personal data everywhere we hold it; keep their evidence, anonymised."""
    submitter = Submitter.objects.select_for_update().get(pk=submitter.pk)
    by = by if by is not None and by.is_authenticated else None
    _erase_in_place(submitter, by)
    record, created = ErasureRecord.objects.get_or_create(
        submitter_id=submitter.pk,
        defaults={"reason": reason, "erased_by": by, "erased_at": submitter.erased_at},
    )
    if created:
        transaction.on_commit(lambda: _ledger_append(record))
    return record


def retention_due(*, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return Submitter.objects.filter(retention_until__lt=today, erased_at__isnull=True).order_by("pk")


def retention_apply(*, dry_run: bool = False, today: datetime.date | None = None, by=None) -> list[int]:
    """Erase every submitter whose retention date has passed. Returns their ids (also when dry)."""
    due = list(retention_due(today=today))
    if not dry_run:
        for submitter in due:
            submitter_erase(submitter=submitter, by=by, reason=ErasureRecord.Reason.RETENTION)
    return [submitter.pk for submitter in due]


def _has_personal_data(submitter: Submitter) -> bool:
    if submitter.erased_at is None or any(getattr(submitter, f) for f in PERSONAL_FIELDS):
        return True
    personal = (
        Q(name__gt="") | Q(email__gt="") | Q(phone__gt="") | Q(notes__gt="") | Q(organisation__isnull=False)
    )
    return Submitter.history.filter(personal, id=submitter.pk).exists()


@transaction.atomic
def erasures_reapply(*, by=None) -> list[int]:
    """Re-erase every submitter in the ledger (database and file) whose personal data is present
    again, e.g. after restoring a backup. Safe to run any number of times."""
    ledger = {record.submitter_id: record for record in ErasureRecord.objects.all()}
    for entry in ledger_file_entries():
        if entry["submitter_id"] not in ledger:
            ledger[entry["submitter_id"]] = ErasureRecord.objects.create(
                submitter_id=entry["submitter_id"],
                reason=entry.get("reason", ErasureRecord.Reason.REQUEST),
                erased_at=datetime.datetime.fromisoformat(entry["erased_at"]),
            )
    reapplied = []
    for submitter in Submitter.objects.select_for_update().filter(pk__in=ledger).order_by("pk"):
        if _has_personal_data(submitter):
            _erase_in_place(submitter, by)
            ErasureRecord.objects.filter(submitter_id=submitter.pk).update(reapplied_at=timezone.now())
            reapplied.append(submitter.pk)
    return reapplied
