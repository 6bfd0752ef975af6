"""The admin journey: Import survey responses → upload → preview → confirm."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from evidence.models import EvidenceItem, ImportBatch, ImportUpload, Survey
from tests.factories import EvidenceItemFactory, SubmitterFactory

DATA = Path(__file__).parent / "data"
CHANGELIST = reverse("admin:evidence_evidenceitem_changelist")
UPLOAD = reverse("admin:evidence_evidenceitem_import_survey")


@pytest.fixture(autouse=True)
def _reference_data(tender_survey):
    pass


def upload(client, name, content=None):
    survey = Survey.objects.get(slug="tender-contract")
    content = (DATA / name).read_bytes() if content is None else content
    return client.post(UPLOAD, {"survey": survey.pk, "file": SimpleUploadedFile(name, content)})


@pytest.mark.django_db
@pytest.mark.parametrize("client_fixture", ["secretariat_client", "chair_client"])
def test_import_button_upload_preview_confirm(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    assert "Import survey responses" in client.get(CHANGELIST).content.decode()
    response = upload(client, "responses_cp1252.csv")
    stored = ImportUpload.objects.get()
    preview_url = reverse("admin:evidence_evidenceitem_import_survey_preview", args=[stored.pk])
    assert response.status_code == 302 and response.url == preview_url

    preview = client.get(preview_url).content.decode()
    assert "(read as Windows-1252)" in preview
    assert "3 new response(s) to import" in preview
    assert "2 blank row(s) ignored" in preview
    assert "L “Q3. How were the needs of service users reflected when the contract was tendered?”" in preview
    assert "Answer to q3:" in preview
    # Survey-tool bookkeeping columns are offered as questions, but not ticked.
    assert re.search(
        r'N “Start time”</td><td>\s*<label><input type="checkbox" name="new_question" value="13"\s*>', preview
    )
    assert 'value="Import 3 response(s)"' in preview
    assert EvidenceItem.objects.count() == 0

    done = client.post(preview_url, {"confirm": "1"}, follow=True)
    batch = ImportBatch.objects.get()
    assert done.redirect_chain[-1][0] == f"{CHANGELIST}?import_batch__id__exact={batch.pk}"
    assert "Imported 3 response(s) into “Tender &amp; Contract”." in done.content.decode()
    assert [row["reference"] for row in done.context["cl"].result_list.values("reference")] == [
        item.reference for item in batch.items.order_by("-received_on", "-id")
    ]
    assert EvidenceItem.objects.filter(kind=EvidenceItem.Kind.SURVEY_RESPONSE).count() == 3
    assert ImportUpload.objects.count() == 0


@pytest.mark.django_db
def test_preview_lists_every_error_and_offers_no_confirm(secretariat_client):
    upload(secretariat_client, "responses_bad_rows.csv")
    preview_url = reverse(
        "admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk]
    )
    page = secretariat_client.get(preview_url).content.decode()
    assert re.search(r"Nothing will be imported until the 4 error\(s\) below are\s+fixed\.", page)
    assert "new response(s) to import" not in page
    assert "<td>3</td><td>G “Consent to publish”</td>" in page
    assert "<td>4</td><td>D “Email address”</td><td>Enter a valid email address.</td>" in page
    assert 'name="confirm"' not in page
    secretariat_client.post(preview_url, {"confirm": "1"})
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_wrong_type_is_refused_on_the_preview(secretariat_client):
    upload(secretariat_client, "report.csv")
    preview_url = reverse(
        "admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk]
    )
    page = secretariat_client.get(preview_url).content.decode()
    assert "This is a PDF. Upload the survey tool&#x27;s CSV or Excel (.xlsx) export instead." in page
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_too_large_upload_is_refused_by_the_form(secretariat_client, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 1000
    response = upload(secretariat_client, "big.csv", b"Timestamp,q3\n" + b"01/11/2023,x\n" * 100)
    assert response.status_code == 200
    assert "the import limit is 1000\xa0bytes" in response.content.decode()
    assert ImportUpload.objects.count() == 0


@pytest.mark.django_db
def test_members_cannot_import(member_client, secretariat_user):
    assert "Import survey responses" not in member_client.get(CHANGELIST).content.decode()
    assert member_client.get(UPLOAD).status_code == 403
    assert upload(member_client, "responses_utf8.csv").status_code == 403
    stored = ImportUpload.objects.create(
        survey=Survey.objects.get(slug="tender-contract"),
        filename="s.csv",
        content=b"",
        uploaded_by=secretariat_user,
    )
    url = reverse("admin:evidence_evidenceitem_import_survey_preview", args=[stored.pk])
    assert member_client.post(url, {"confirm": "1"}).status_code == 403
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_another_users_upload_cannot_be_confirmed(secretariat_client, chair_user):
    stored = ImportUpload.objects.create(
        survey=Survey.objects.get(slug="tender-contract"),
        filename="s.csv",
        content=(DATA / "responses_utf8.csv").read_bytes(),
        uploaded_by=chair_user,
    )
    url = reverse("admin:evidence_evidenceitem_import_survey_preview", args=[stored.pk])
    assert secretariat_client.post(url, {"confirm": "1"}).status_code == 404
    assert EvidenceItem.objects.count() == 0


def _preview_url() -> str:
    return reverse("admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk])


@pytest.mark.django_db
def test_a_refused_file_is_deleted_once_previewed(secretariat_client):
    """It can never be imported, and it holds respondents' names and emails. (A file with errors is
    kept until cancelled or purged: adding questions can fix it in the same flow.)"""
    upload(secretariat_client, "report.csv")
    page = secretariat_client.get(_preview_url())
    assert "This is a PDF." in page.content.decode()
    assert ImportUpload.objects.count() == 0


@pytest.mark.django_db
def test_a_file_with_errors_can_be_cancelled(secretariat_client):
    upload(secretariat_client, "responses_bad_rows.csv")
    preview_url = _preview_url()
    assert 'name="cancel"' in secretariat_client.get(preview_url).content.decode()
    secretariat_client.post(preview_url, {"cancel": "1"})
    assert ImportUpload.objects.count() == 0


@pytest.mark.django_db
def test_cancelling_the_preview_deletes_the_file(secretariat_client):
    upload(secretariat_client, "responses_utf8.csv")
    preview_url = _preview_url()
    assert 'name="cancel"' in secretariat_client.get(preview_url).content.decode()
    response = secretariat_client.post(preview_url, {"cancel": "1"}, follow=True)
    assert "Import cancelled; the uploaded file was deleted." in response.content.decode()
    assert ImportUpload.objects.count() == 0
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_each_upload_purges_anyones_uploads_older_than_a_day(secretariat_client, chair_user):
    survey = Survey.objects.get(slug="tender-contract")
    old = ImportUpload.objects.create(survey=survey, filename="old.csv", content=b"x", uploaded_by=chair_user)
    ImportUpload.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - datetime.timedelta(hours=25))
    recent = ImportUpload.objects.create(
        survey=survey, filename="new.csv", content=b"x", uploaded_by=chair_user
    )
    upload(secretariat_client, "responses_utf8.csv")
    assert set(ImportUpload.objects.values_list("filename", flat=True)) == {
        recent.filename,
        "responses_utf8.csv",
    }


def _bad_rows(count: int) -> bytes:
    return b"Timestamp,q3\n" + b"".join(
        f"31/02/2023 10:{n % 60:02d},answer {n}\n".encode() for n in range(count)
    )


@pytest.mark.django_db
def test_preview_lists_the_first_hundred_errors_and_counts_the_rest(secretariat_client):
    upload(secretariat_client, "many_bad.csv", _bad_rows(150))
    preview_url = reverse(
        "admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk]
    )
    response = secretariat_client.get(preview_url)
    page = response.content.decode()
    assert re.search(r"Nothing will be imported until the 150 error\(s\) below are\s+fixed\.", page)
    assert page.count("is not a date we can read") == 100
    assert "… and 50 more error(s) not listed." in page
    assert "Import " not in "".join(line for line in page.splitlines() if 'type="submit"' in line)


@pytest.mark.django_db
def test_the_checked_plan_is_cached_so_views_and_confirm_do_not_read_again(secretariat_client, monkeypatch):
    from evidence import importing

    reads = []
    real_read = importing.read_table
    monkeypatch.setattr(importing, "read_table", lambda *a, **k: reads.append(1) or real_read(*a, **k))
    upload(secretariat_client, "responses_utf8.csv")
    stored = ImportUpload.objects.get()
    preview_url = reverse("admin:evidence_evidenceitem_import_survey_preview", args=[stored.pk])
    assert "3 new response(s) to import" in secretariat_client.get(preview_url).content.decode()
    assert "3 new response(s) to import" in secretariat_client.get(preview_url).content.decode()
    secretariat_client.post(preview_url, {"confirm": "1"})
    assert len(reads) == 1
    assert EvidenceItem.objects.count() == 3


@pytest.mark.django_db
def test_a_tampered_plan_cache_is_never_unpickled_and_the_file_is_checked_again(secretariat_client):
    upload(secretariat_client, "responses_utf8.csv")
    stored = ImportUpload.objects.get()
    preview_url = reverse("admin:evidence_evidenceitem_import_survey_preview", args=[stored.pk])
    secretariat_client.get(preview_url)
    cached = bytes(ImportUpload.objects.get().preview_cache)
    ImportUpload.objects.update(preview_cache=cached[:-1] + bytes([cached[-1] ^ 1]))
    assert "3 new response(s) to import" in secretariat_client.get(preview_url).content.decode()
    assert bytes(ImportUpload.objects.get().preview_cache) == cached  # rebuilt from the file, same plan


@pytest.mark.django_db
def test_a_file_over_the_row_cap_is_refused_on_the_preview(secretariat_client, settings):
    settings.EVIDENCE_IMPORT_MAX_ROWS = 100
    upload(secretariat_client, "big.csv", b"Timestamp,q3\n" + b"01/11/2023 10:00,answer\n" * 101)
    preview_url = reverse(
        "admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk]
    )
    page = secretariat_client.get(preview_url).content.decode()
    assert "The file has more than 100 rows (row 102 is over the limit)" in page
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_preview_lists_possible_duplicates_with_links_and_still_imports_them(
    secretariat_client, tender_survey
):
    question = tender_survey.questions.get(code="q3")
    held = EvidenceItemFactory(body=f"{question.text}\nSomething else entirely.")
    ada = SubmitterFactory(email="ada@example.net")
    adas_earlier = EvidenceItemFactory(submitter=ada)
    content = (
        f"Response ID,Timestamp,Email address,{question.text}\n"
        "R-1,23/11/2023 14:05,ADA@example.net,They were not asked.\n"
        "R-2,23/11/2023 15:05,,They were not asked.\n"
        "R-3,23/11/2023 16:05,,Something else entirely.\n"
        "R-4,23/11/2023 17:05,,A fresh account.\n"
    ).encode()
    upload(secretariat_client, "responses.csv", content)

    page = secretariat_client.get(_preview_url()).content.decode()

    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)(?:<a href=\"([^\"]+)\">([^<]+)</a>)?", page)
    assert "3 possible duplicate(s)" in page
    assert [(row, " ".join(reason.split()), link, reference) for row, reason, link, reference in rows] == [
        (
            "2",
            "same submitter email as",
            f"/admin/evidence/evidenceitem/{adas_earlier.pk}/change/",
            adas_earlier.reference,
        ),
        ("3", "same text as row 2 of this file", "", ""),
        ("4", "same text as", f"/admin/evidence/evidenceitem/{held.pk}/change/", held.reference),
    ]
    secretariat_client.post(_preview_url(), {"confirm": "1"})
    assert EvidenceItem.objects.count() == 6
