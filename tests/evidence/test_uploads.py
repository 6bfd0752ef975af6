import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from evidence.models import ImportUpload
from evidence.uploads import import_uploads_erase, upload_text
from tests.factories import SurveyFactory

NAME = "Zoë O'Brien & Sons"


def _xlsx(value: str) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        f"Name\n{NAME}\n".encode(),
        f"Name\n{NAME}\n".encode("utf-8-sig"),
        f"Name\n{NAME}\n".encode("utf-16"),
        f"Name\n{NAME}\n".encode("cp1252"),
        _xlsx(NAME),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "cp1252", "xlsx"],
)
def test_upload_text_reads_every_format_the_import_accepts(content):
    assert NAME in upload_text(content)


@pytest.mark.django_db
def test_erasure_deletes_uploads_naming_the_person_whatever_their_encoding(secretariat_user):
    survey = SurveyFactory()
    for filename, content in [
        ("a.xlsx", _xlsx(NAME)),
        ("b.csv", NAME.upper().encode("utf-16")),
        ("c.csv", b"x"),
    ]:
        ImportUpload.objects.create(
            survey=survey, filename=filename, content=content, uploaded_by=secretariat_user
        )
    assert import_uploads_erase(strings=[NAME]) == 2
    assert list(ImportUpload.objects.values_list("filename", flat=True)) == ["c.csv"]


@pytest.mark.django_db
def test_purge_command_deletes_uploads_older_than_a_day(secretariat_user, capsys):
    survey = SurveyFactory()
    old, fresh = (
        ImportUpload.objects.create(survey=survey, filename=name, content=b"x", uploaded_by=secretariat_user)
        for name in ("old.csv", "fresh.csv")
    )
    ImportUpload.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    call_command("purge_import_uploads")
    assert "1 abandoned upload(s) deleted." in capsys.readouterr().out
    assert list(ImportUpload.objects.all()) == [fresh]
