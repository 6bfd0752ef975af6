import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import AccessLogEntry, EvidenceItem
from tests.factories import EvidenceItemFactory, pdf_bytes

PDF = pdf_bytes()


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(confidentiality=EvidenceItem.Confidentiality.PUBLISHABLE):
        return EvidenceItemFactory(
            attachment=SimpleUploadedFile("submission.pdf", PDF), confidentiality=confidentiality
        )

    return make


@pytest.mark.django_db
def test_attachment_links_point_at_the_protected_view(stored):
    item = stored()
    assert item.attachment.url == reverse("attachment", args=[item.attachment.name])
    assert item.attachment.url.startswith("/files/evidence/")


@pytest.mark.django_db
def test_member_downloads_a_publishable_attachment(member_client, stored):
    item = stored()
    response = member_client.get(item.attachment.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="submission')
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in(client, stored):
    response = client.get(stored().attachment.url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_member_cannot_download_a_confidential_attachment(member_client, stored):
    item = stored(EvidenceItem.Confidentiality.CONFIDENTIAL)
    assert member_client.get(item.attachment.url).status_code == 404


@pytest.mark.django_db
def test_secretariat_download_of_confidential_attachment_is_logged(
    secretariat_client, secretariat_user, stored
):
    item = stored(EvidenceItem.Confidentiality.CONFIDENTIAL)
    assert secretariat_client.get(item.attachment.url).status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.what, entry.object_ids) == (
        secretariat_user,
        "download",
        "evidence.evidenceitem",
        [item.pk],
    )


@pytest.mark.django_db
def test_unknown_files_and_path_tricks_are_not_found(secretariat_client, stored):
    stored()
    for name in ["evidence/none.pdf", "../justice_wp/settings.py", "%2e%2e/manage.py"]:
        assert secretariat_client.get(f"/files/{name}").status_code == 404


@pytest.mark.django_db
def test_an_executable_renamed_to_pdf_is_refused(secretariat_client):
    from tests.evidence.test_admin import ADD, add_form

    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    response = secretariat_client.post(ADD, add_form(attachment=upload))
    assert "The file&#x27;s content is not a .pdf file" in response.content.decode()
    assert not EvidenceItem.objects.exists()
