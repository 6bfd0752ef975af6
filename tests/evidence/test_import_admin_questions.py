"""The import preview with a file whose columns are not yet questions of the survey: headers beside the
survey's questions, "add ticked columns as questions", then the normal preview with sample responses,
and a file imported before flagged by its fingerprint."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import services
from evidence.models import EvidenceItem, ImportUpload, SurveyAnswer, SurveyQuestion
from tests.evidence.data.generate import NEW_QUESTIONS

DATA = Path(__file__).parent / "data"
UPLOAD = reverse("admin:evidence_evidenceitem_import_survey")


def upload(client, survey, name):
    client.post(UPLOAD, {"survey": survey.pk, "file": SimpleUploadedFile(name, (DATA / name).read_bytes())})
    return reverse("admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk])


@pytest.mark.django_db
def test_unmatched_columns_become_questions_then_the_file_imports(secretariat_client, tender_survey):
    preview_url = upload(secretariat_client, tender_survey, "forms_new_questions.csv")
    page = secretariat_client.get(preview_url).content.decode()
    # Headers beside the survey's questions: which column answers which question, and which none.
    assert "Answer to q1: In what capacity are you responding?" in page
    assert (
        "q2: Which outsourced public service does your experience relate to?</td><td>no column in this file"
        in page
    )
    # The new questions are offered ticked, a survey tool's bookkeeping column unticked.
    assert re.search(r'value="3"\s*checked>', page) and re.search(r'value="4"\s*checked>', page)
    assert re.search(r'value="5"\s*>', page)

    done = secretariat_client.post(
        preview_url, {"create_questions": "1", "new_question": ["3", "4"]}, follow=True
    )
    assert "Added 2 question(s) to “Tender &amp; Contract”: q8, q9." in done.content.decode()
    added = list(
        tender_survey.questions.filter(code__in=["q8", "q9"]).order_by("order").values_list("code", "text")
    )
    assert added == [("q8", NEW_QUESTIONS[0]), ("q9", NEW_QUESTIONS[1])]
    page = done.content.decode()  # the same flow: back on the preview, checked again against them
    assert done.redirect_chain[-1][0] == preview_url
    assert "2 new response(s) to import" in page
    assert f"q9. {NEW_QUESTIONS[1]}</dt><dd>Line one.<br>Line two.</dd>" in page

    secretariat_client.post(preview_url, {"confirm": "1"})
    assert EvidenceItem.objects.count() == 2
    assert set(SurveyAnswer.objects.filter(question__code="q8").values_list("answer", flat=True)) == {
        "Yes, twice.",
        "No.",
    }


@pytest.mark.django_db
def test_a_file_matching_no_question_says_nothing_will_be_imported_and_offers_the_columns(
    secretariat_client, tender_survey
):
    tender_survey.questions.filter(code="q1").delete()
    page = secretariat_client.get(
        upload(secretariat_client, tender_survey, "forms_new_questions.csv")
    ).content
    page = page.decode()
    assert re.search(r"Nothing will be imported until the 1 error\(s\) below are\s+fixed", page)
    assert "No column matches a question of this survey" in page
    assert "Add ticked columns as questions of Tender &amp; Contract" in page
    assert 'name="confirm"' not in page


@pytest.mark.django_db
def test_only_users_who_may_add_questions_are_offered_it(client, tender_survey):
    from tests.factories import UserFactory

    importer = UserFactory(username="importer", role="Secretariat")
    importer.groups.first().permissions.remove(
        *importer.groups.first().permissions.filter(codename="add_surveyquestion")
    )
    client.force_login(importer)
    preview_url = upload(client, tender_survey, "forms_new_questions.csv")
    assert "Add ticked columns" not in client.get(preview_url).content.decode()
    assert client.post(preview_url, {"create_questions": "1", "new_question": ["3"]}).status_code == 403
    assert not SurveyQuestion.objects.filter(survey=tender_survey, code="q8").exists()


@pytest.mark.django_db
def test_preview_shows_the_first_five_responses_with_submitters_as_members_see_them(
    secretariat_client, tender_survey
):
    page = secretariat_client.get(
        upload(secretariat_client, tender_survey, "responses_utf8.csv")
    ).content.decode()
    samples = page[page.index('id="import-samples"') :]
    assert samples.count('class="import-sample"') == 3
    # R-101 consented and is not anonymous: named. R-102 has no submitter; R-103 is Ada again.
    assert "submitter, as members will see it:\n          <strong>Ada Lovelace</strong>" in samples
    assert "ada@example.net" not in samples
    assert "q3. How were the needs of service users reflected when the contract was tendered?</dt>" in samples
    assert "First line.<br>Second line, after a break.<br><br>A new paragraph, with a comma." in samples


@pytest.mark.django_db
def test_an_anonymous_submitter_is_shown_as_members_see_them(secretariat_client, tender_survey):
    content = b"Timestamp,Name,Email,Anonymous,q3\n01/11/2023 10:00,Grace Hopper,grace@example.net,Yes,Hi\n"
    secretariat_client.post(
        UPLOAD, {"survey": tender_survey.pk, "file": SimpleUploadedFile("a.csv", content)}
    )
    preview_url = reverse(
        "admin:evidence_evidenceitem_import_survey_preview", args=[ImportUpload.objects.get().pk]
    )
    page = secretariat_client.get(preview_url).content.decode()
    assert "<strong>Anonymous respondent</strong>" in page
    assert "Grace" not in page[page.index('id="import-samples"') :]


@pytest.mark.django_db
def test_a_file_imported_before_is_flagged_by_its_fingerprint(
    secretariat_client, secretariat_user, tender_survey
):
    content = (DATA / "responses_utf8.csv").read_bytes()
    batch = services.survey_responses_import(
        survey=tender_survey, content=content, filename="first.csv", by=secretariat_user
    ).batch
    page = secretariat_client.get(
        upload(secretariat_client, tender_survey, "responses_utf8.csv")
    ).content.decode()
    assert "This exact file (same SHA-256 fingerprint)\n      was imported before" in page
    assert reverse("admin:evidence_importbatch_change", args=[batch.pk]) in page
    ImportUpload.objects.all().delete()
    page = secretariat_client.get(
        upload(secretariat_client, tender_survey, "responses_cp1252.csv")
    ).content.decode()
    assert "same SHA-256" not in page  # same responses, different bytes: only the per-response check applies
