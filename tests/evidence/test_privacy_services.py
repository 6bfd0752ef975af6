import datetime
import io

import openpyxl
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from evidence.models import (
    AccessLogEntry,
    ErasureRecord,
    ErasureReview,
    EvidenceItem,
    Excerpt,
    ImportUpload,
    Submitter,
    SurveyAnswer,
)
from evidence.privacy_services import ERASED, erasures_reapply, retention_apply, submitter_erase
from tests.factories import SubmitterFactory, SurveyFactory, SurveyQuestionFactory
from tests.privacy_checks import files_named, tables_containing

NAME, EMAIL = "Perpetua Quillfeather", "perpetua.q@private.example"


@pytest.fixture
def quoted(confidential_world, secretariat_user):
    """The world, plus the submitter's name and email quoted in the text of their own evidence,
    a survey answer, an admin log entry and an evidence-link note."""
    world = confidential_world
    item = world.item
    item.body += f" Written by {NAME} ({EMAIL})."
    item.summary = f"Testimony from {NAME}."
    item.save()
    question = SurveyQuestionFactory()
    SurveyAnswer.objects.create(item=item, question=question, answer=f"My name is {NAME}.")
    world.link.note = f"Ask {NAME} before quoting."
    world.link.save()
    excerpt = Excerpt.objects.create(item=item, quote=f"Written by {NAME}")
    LogEntry.objects.log_actions(
        user_id=secretariat_user.pk,
        queryset=[world.submitter],
        action_flag=CHANGE,
        change_message="[]",
    )
    world.quoted_excerpt = excerpt
    return world


@pytest.mark.django_db
def test_after_erasure_no_table_holds_the_name_or_email(
    quoted, secretariat_user, django_capture_on_commit_callbacks
):
    assert set(tables_containing(NAME, EMAIL)) >= {
        "evidence_submitter",
        "evidence_historicalsubmitter",
        "evidence_evidenceitem",
        "evidence_historicalevidenceitem",
        "django_admin_log",
    }
    with django_capture_on_commit_callbacks(execute=True):
        submitter_erase(submitter=quoted.submitter, by=secretariat_user)
    assert tables_containing(NAME, EMAIL, "07700 900461") == {}


@pytest.mark.django_db
def test_erasure_keeps_the_evidence_anonymised(quoted, secretariat_user):
    submitter_erase(submitter=quoted.submitter, by=secretariat_user)
    submitter = Submitter.objects.get(pk=quoted.submitter.pk)
    assert (submitter.name, submitter.email, submitter.phone, submitter.notes) == ("", "", "", "")
    assert submitter.erased_at is not None
    assert str(submitter) == f"Erased submitter #{submitter.pk}"
    item = EvidenceItem.objects.get(pk=quoted.item.pk)
    assert item.submitter_id == submitter.pk
    assert item.body.endswith(f"Written by {ERASED} ({ERASED}).")
    assert "Up to 18 different contact officers" in item.body
    excerpt = Excerpt.objects.get(pk=quoted.quoted_excerpt.pk)
    assert excerpt.quote == f"Written by {ERASED}"
    assert item.body[excerpt.start_offset : excerpt.end_offset] == excerpt.quote  # offsets follow the scrub
    assert item.history.first().history_change_reason == "personal data erased"
    record = ErasureRecord.objects.get()
    assert (record.submitter_id, record.erased_by, record.reason) == (
        submitter.pk,
        secretariat_user,
        "request",
    )


@pytest.mark.django_db
def test_erase_submitter_command_reports_and_is_idempotent(quoted, capsys):
    call_command("erase_submitter", str(quoted.submitter.pk))
    assert f"Submitter #{quoted.submitter.pk} erased; 3 evidence item(s) kept" in capsys.readouterr().out
    call_command("erase_submitter", str(quoted.submitter.pk))
    assert "was already erased" in capsys.readouterr().out
    assert ErasureRecord.objects.count() == 1


@pytest.mark.django_db
def test_erase_submitter_command_names_a_missing_id():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No submitter has id 999"):
        call_command("erase_submitter", "999")


@pytest.mark.django_db
def test_retention_erases_only_submitters_past_their_date(capsys):
    today = datetime.date.today()
    past = SubmitterFactory(retention_until=today - datetime.timedelta(days=1))
    due_today = SubmitterFactory(retention_until=today)
    undated = SubmitterFactory()
    call_command("apply_retention", "--dry-run")
    assert f"would be erased: #{past.pk}." in capsys.readouterr().out
    assert Submitter.objects.get(pk=past.pk).erased_at is None
    call_command("apply_retention")
    assert f"1 submitter(s) erased: #{past.pk}." in capsys.readouterr().out
    assert Submitter.objects.get(pk=past.pk).name == ""
    assert Submitter.objects.get(pk=due_today.pk).name == due_today.name
    assert Submitter.objects.get(pk=undated.pk).name == undated.name
    assert ErasureRecord.objects.get().reason == ErasureRecord.Reason.RETENTION
    assert retention_apply() == []  # nothing left to do


@pytest.mark.django_db
def test_reapply_erasures_after_a_restore_from_an_older_backup(
    quoted, secretariat_user, django_capture_on_commit_callbacks, capsys
):
    """The backup predates the erasure: restoring brings the data back and loses the database
    ledger, but the ledger file remembers the id."""
    pk = quoted.submitter.pk
    backup = {
        "submitter": Submitter.objects.filter(pk=pk).values().get(),
        "history": list(Submitter.history.filter(id=pk).values()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        submitter_erase(submitter=quoted.submitter, by=secretariat_user)
    # "Restore": the personal data and its history come back; the ledger table is the old one.
    Submitter.objects.filter(pk=pk).update(**{k: v for k, v in backup["submitter"].items() if k != "id"})
    Submitter.history.filter(id=pk).delete()
    Submitter.history.bulk_create([Submitter.history.model(**row) for row in backup["history"]])
    ErasureRecord.objects.all().delete()
    assert tables_containing(NAME)

    call_command("reapply_erasures")
    assert f"1 erasure(s) re-applied: #{pk}." in capsys.readouterr().out
    assert "evidence_submitter" not in tables_containing(NAME, EMAIL)
    assert "evidence_historicalsubmitter" not in tables_containing(NAME, EMAIL)
    assert ErasureRecord.objects.get().submitter_id == pk

    assert erasures_reapply() == []  # idempotent: nothing present to erase again


@pytest.mark.django_db
def test_secretariat_erases_from_the_admin_after_confirming(secretariat_client, confidential_world):
    url = reverse("admin:evidence_submitter_changelist")
    selected = {"action": "erase_selected", "_selected_action": [confidential_world.submitter.pk]}
    confirmation = secretariat_client.post(url, selected)
    assert "Erase their personal data" in confirmation.content.decode()
    assert Submitter.objects.get(pk=confidential_world.submitter.pk).name == NAME

    response = secretariat_client.post(url, selected | {"apply": "1"}, follow=True)
    assert "1 submitter(s) erased" in response.content.decode()
    assert Submitter.objects.get(pk=confidential_world.submitter.pk).name == ""


@pytest.mark.django_db
def test_retention_admin_action_skips_submitters_not_yet_due(secretariat_client):
    due = SubmitterFactory(retention_until=datetime.date(2024, 1, 1))
    keep = SubmitterFactory(retention_until=datetime.date.today() + datetime.timedelta(days=30))
    response = secretariat_client.post(
        reverse("admin:evidence_submitter_changelist"),
        {"action": "erase_past_retention", "_selected_action": [due.pk, keep.pk]},
        follow=True,
    )
    assert (
        "1 submitter(s) past their retention date erased; 1 not yet due or erased."
        in response.content.decode()
    )
    assert Submitter.objects.get(pk=due.pk).erased_at is not None
    assert Submitter.objects.get(pk=keep.pk).erased_at is None


SURNAME, PHONE = "Quillfeather", "07700 900461"


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def traces(quoted, secretariat_user, settings, tmp_path):
    """Everywhere the person lingered after the first erasure: pending uploads (an Excel file and a
    UTF-16 CSV, neither readable as UTF-8 text), an attachment named after them (downloaded, so the
    access log holds its path), and notes naming them by surname alone."""
    settings.MEDIA_ROOT = tmp_path / "media"
    survey = SurveyFactory()
    header = ["Timestamp", "Name", "Email", "Phone", "Q1"]
    answers = ["01/11/2023", NAME, EMAIL, PHONE, "The assessor never called back."]
    for filename, content in [
        ("responses.xlsx", _xlsx([header, answers])),
        ("responses.csv", "\n".join(",".join(row) for row in [header, answers]).encode("utf-16")),
    ]:
        ImportUpload.objects.create(
            survey=survey, filename=filename, content=content, uploaded_by=secretariat_user
        )
    unrelated = ImportUpload.objects.create(
        survey=survey,
        filename="other.csv",
        content=b"Timestamp,Name\n01/11/2023,Someone Else\n",
        uploaded_by=secretariat_user,
    )
    item = quoted.item
    item.attachment = SimpleUploadedFile(f"Letter from P {SURNAME}.pdf", b"%PDF-1.4 letter")
    item._change_reason = f"Attachment from {SURNAME} added"  # a history note naming them by surname
    item.save()
    excerpt = quoted.quoted_excerpt
    excerpt.note = f"{SURNAME} confirmed this by phone."
    excerpt.save()
    AccessLogEntry.objects.create(
        user=secretariat_user,
        action="download",
        what="evidence.evidenceitem",
        object_ids=[item.pk],
        path=f"/files/{item.attachment.name}",
    )
    quoted.unrelated_upload = unrelated
    return quoted


def _erase(world, user, capture):
    with capture(execute=True):
        submitter_erase(submitter=world.submitter, by=user)


@pytest.mark.django_db
def test_erasure_leaves_no_trace_in_uploads_file_names_or_history(
    traces, secretariat_user, django_capture_on_commit_callbacks
):
    assert set(tables_containing(NAME, EMAIL, PHONE)) >= {"evidence_importupload"}
    assert files_named(SURNAME)
    _erase(traces, secretariat_user, django_capture_on_commit_callbacks)
    assert tables_containing(NAME, EMAIL, PHONE) == {}
    assert files_named(SURNAME) == []
    assert not EvidenceItem.objects.filter(attachment__icontains=SURNAME).exists()
    assert not EvidenceItem.history.filter(attachment__icontains=SURNAME).exists()
    assert not AccessLogEntry.objects.filter(path__icontains=SURNAME).exists()


@pytest.mark.django_db
def test_erasure_deletes_only_the_uploads_naming_the_person(
    traces, secretariat_user, django_capture_on_commit_callbacks
):
    _erase(traces, secretariat_user, django_capture_on_commit_callbacks)
    assert list(ImportUpload.objects.all()) == [traces.unrelated_upload]


@pytest.mark.django_db
def test_erasure_renames_the_attachment_and_keeps_its_content(
    traces, secretariat_user, django_capture_on_commit_callbacks
):
    old_name = traces.item.attachment.name
    _erase(traces, secretariat_user, django_capture_on_commit_callbacks)
    item = EvidenceItem.objects.get(pk=traces.item.pk)
    assert item.attachment.name == f"{old_name.rsplit('/', 1)[0]}/{item.reference}.pdf"
    assert item.attachment.read() == b"%PDF-1.4 letter"
    assert not default_storage.exists(old_name)
    assert set(item.history.exclude(attachment="").values_list("attachment", flat=True)) == {
        item.attachment.name
    }
    assert AccessLogEntry.objects.get(action="download").path == f"/files/{item.attachment.name}"


@pytest.mark.django_db
def test_notes_naming_the_person_by_surname_alone_are_flagged_not_rewritten(
    traces, secretariat_user, django_capture_on_commit_callbacks
):
    _erase(traces, secretariat_user, django_capture_on_commit_callbacks)
    excerpt = Excerpt.objects.get(pk=traces.quoted_excerpt.pk)
    assert excerpt.note == f"{SURNAME} confirmed this by phone."  # a guess could spoil ordinary words
    flagged = {
        (review.content_type.model, review.object_id, review.field, review.history_id is not None)
        for review in ErasureReview.objects.filter(submitter_id=traces.submitter.pk)
    }
    assert ("excerpt", excerpt.pk, "note", False) in flagged
    assert ("evidenceitem", traces.item.pk, "history_change_reason", True) in flagged
    assert ("evidenceitem", traces.item.pk, "attachment", False) in flagged  # its content is not read
    assert all("Quillfeather" not in str(review) for review in ErasureReview.objects.all())
