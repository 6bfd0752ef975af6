"""The life of an uploaded survey export (ImportUpload) between preview and confirm.

An upload holds the respondents' names, emails and phone numbers as the survey tool wrote them, so
it lives only as long as the import needs it: deleted once imported, refused or cancelled, purged
after IMPORT_UPLOAD_MAX_AGE (on every upload and by `manage.py purge_import_uploads`), and deleted
by an erasure when it names the person."""

import datetime
import html
import io
import zipfile

from django.db import transaction
from django.utils import timezone

from evidence.models import ImportUpload

IMPORT_UPLOAD_MAX_AGE = datetime.timedelta(hours=24)


@transaction.atomic
def import_upload_discard(*, upload: ImportUpload) -> None:
    """Forget an upload that will not be imported (refused, has errors, or cancelled)."""
    ImportUpload.objects.filter(pk=upload.pk).delete()


@transaction.atomic
def import_uploads_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete every upload older than IMPORT_UPLOAD_MAX_AGE, whoever made it. Returns how many."""
    cutoff = (now or timezone.now()) - IMPORT_UPLOAD_MAX_AGE
    deleted, _ = ImportUpload.objects.filter(uploaded_at__lt=cutoff).delete()
    return deleted


def upload_text(content: bytes) -> str:
    """The text of an uploaded file however the survey tool stored it (an .xlsx is a zip of XML;
    CSVs come as UTF-8, UTF-16 or Windows-1252), for searching only."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [archive.read(info) for info in archive.infolist() if info.filename.endswith(".xml")]
        return html.unescape("\n".join(part.decode("utf-8", "ignore") for part in parts))
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return content.decode("utf-16", "ignore")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", "ignore")


@transaction.atomic
def import_uploads_erase(*, strings: list[str]) -> int:
    """Delete the pending uploads mentioning any of `strings` (a person's name, email or phone)."""
    wanted = [value.casefold() for value in strings]
    doomed = [
        upload.pk
        for upload in ImportUpload.objects.only("pk", "content").iterator()
        if any(value in upload_text(bytes(upload.content)).casefold() for value in wanted)
    ]
    ImportUpload.objects.filter(pk__in=doomed).delete()
    return len(doomed)
