"""Documents through the admin: attaching one to an item, and "Upload documents" (one item each)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.documents import NO_TEXT_NOTE
from evidence.models import EvidenceItem
from tests.evidence.test_admin import ADD, CHANGELIST, add_form
from tests.factories import EvidenceItemFactory, ThemeFactory, docx_bytes, odt_bytes, pdf_bytes

UPLOAD = reverse("admin:evidence_evidenceitem_upload_documents")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload_form(*files, **overrides):
    return {
        "files": list(files),
        "kind": EvidenceItem.Kind.WRITTEN_SUBMISSION,
        "received_on": "30/11/2023",
        "confidentiality": EvidenceItem.Confidentiality.ANONYMISED,
        **overrides,
    }


@pytest.mark.django_db
def test_attaching_a_pdf_makes_its_text_searchable_and_quotable(secretariat_client):
    pdf = SimpleUploadedFile("submission.pdf", pdf_bytes())
    response = secretariat_client.post(ADD, add_form(body="", attachment=pdf), follow=True)
    item = EvidenceItem.objects.get()
    assert "tendered on price alone" in item.body
    assert item.attachment.name.endswith(".pdf")
    found = secretariat_client.get(CHANGELIST, {"q": "price alone"})
    assert list(found.context["cl"].result_list) == [item]
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_scanned_pdf_saves_with_the_note_and_the_transcript_filter(secretariat_client):
    scan = SimpleUploadedFile("letter.pdf", pdf_bytes("scanned.pdf"))
    response = secretariat_client.post(ADD, add_form(body="", summary="", attachment=scan), follow=True)
    item = EvidenceItem.objects.get()
    assert f"{item.reference}: {NO_TEXT_NOTE}" in [str(m) for m in response.context["messages"]]
    page = secretariat_client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk]))
    assert NO_TEXT_NOTE in page.content.decode()
    EvidenceItemFactory()  # has a body
    listed = secretariat_client.get(CHANGELIST, {"text": "missing"}).context["cl"].result_list
    assert list(listed) == [item]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 nothing else", "“broken.pdf” is damaged"),
        ("locked.pdf", pdf_bytes(password="pw"), "“locked.pdf” is protected with a password"),
        ("fake.docx", b"MZ\x90\x00", "The file&#x27;s content is not a .docx file"),
    ],
)
def test_a_bad_file_is_an_error_on_the_form_and_nothing_is_saved(secretariat_client, name, content, message):
    response = secretariat_client.post(ADD, add_form(attachment=SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_a_typed_body_is_kept_and_the_user_is_told(secretariat_client):
    docx = SimpleUploadedFile("s.docx", docx_bytes(["From the document."]))
    response = secretariat_client.post(ADD, add_form(body="Typed by hand.", attachment=docx), follow=True)
    assert EvidenceItem.objects.get().body == "Typed by hand."
    assert "the text you typed was kept" in response.content.decode()


@pytest.mark.django_db
def test_several_documents_become_one_item_each_and_land_on_them(secretariat_client, secretariat_user):
    theme = ThemeFactory()
    files = [
        SimpleUploadedFile("Camden_Law_Centre.pdf", pdf_bytes()),
        SimpleUploadedFile("Shelter response.docx", docx_bytes(["Reassessments took months."])),
        SimpleUploadedFile("union-note.odt", odt_bytes(["Staff were not trained."])),
        SimpleUploadedFile("scan.pdf", pdf_bytes("scanned.pdf")),
    ]
    response = secretariat_client.post(UPLOAD, upload_form(*files, themes=[theme.pk]))
    items = EvidenceItem.objects.order_by("reference")
    assert [i.title for i in items] == ["Camden Law Centre", "Shelter response", "union note", "scan"]
    assert [bool(i.body) for i in items] == [True, True, True, False]
    assert items[1].body == "Reassessments took months."
    assert {i.created_by for i in items} == {secretariat_user}
    assert all(list(i.themes.all()) == [theme] for i in items)
    assert all(i.history.get(history_type="+").history_change_reason == "logged" for i in items)
    assert response["Location"] == f"{CHANGELIST}?id__in={','.join(str(i.pk) for i in items)}"
    landed = secretariat_client.get(response["Location"])
    assert len(landed.context["cl"].result_list) == 4
    messages = [str(m) for m in landed.context["messages"]]
    assert f"Logged 4 document(s) as evidence: {', '.join(i.reference for i in items)}." in messages
    assert f"{items[3].reference}: {NO_TEXT_NOTE}" in messages


@pytest.mark.django_db
def test_one_bad_file_means_nothing_is_logged_and_every_bad_file_is_named(secretariat_client):
    files = [
        SimpleUploadedFile("good.txt", b"Fine."),
        SimpleUploadedFile("bad.pdf", b"%PDF-1.4 broken"),
        SimpleUploadedFile("tool.exe", b"MZ"),
    ]
    page = secretariat_client.post(UPLOAD, upload_form(*files)).content.decode()
    assert "bad.pdf: “bad.pdf” is damaged" in page
    assert "tool.exe: File extension “exe” is not allowed." in page
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_too_many_files_or_none_are_refused(secretariat_client, settings):
    settings.EVIDENCE_DOCUMENT_MAX_FILES = 1
    files = [SimpleUploadedFile("a.txt", b"a"), SimpleUploadedFile("b.txt", b"b")]
    assert (
        "2 files chosen; upload at most 1 at a time."
        in secretariat_client.post(UPLOAD, upload_form(*files)).content.decode()
    )
    assert "This field is required." in secretariat_client.post(UPLOAD, upload_form()).content.decode()
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_the_upload_page_and_its_button_are_for_those_who_log_evidence(secretariat_client):
    assert UPLOAD in secretariat_client.get(CHANGELIST).content.decode()
    page = secretariat_client.get(UPLOAD)
    assert page.status_code == 200 and 'name="files" multiple' in page.content.decode()


@pytest.mark.django_db
def test_members_can_neither_see_nor_use_the_upload(member_client):
    assert UPLOAD not in member_client.get(CHANGELIST).content.decode()
    assert member_client.get(UPLOAD).status_code == 403
    assert member_client.post(UPLOAD, upload_form(SimpleUploadedFile("a.txt", b"a"))).status_code == 403
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_logged_out_visitors_are_sent_to_log_in(client):
    response = client.post(UPLOAD, upload_form(SimpleUploadedFile("a.txt", b"a")))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_members_see_neither_the_note_nor_the_transcript_filter(member_client):
    item = EvidenceItemFactory(
        body="", summary="", attachment=SimpleUploadedFile("s.pdf", pdf_bytes("scanned.pdf"))
    )
    page = member_client.get(reverse("admin:evidence_evidenceitem_change", args=[item.pk])).content.decode()
    assert NO_TEXT_NOTE not in page
    assert "Attachment without text" not in member_client.get(CHANGELIST).content.decode()
    assert len(member_client.get(CHANGELIST, {"text": "missing"}).context["cl"].result_list) == 1


@pytest.mark.django_db
def test_one_upload_reads_at_most_the_page_cap_in_all(secretariat_client, settings):
    settings.EVIDENCE_DOCUMENT_MAX_PAGES = 3
    files = [SimpleUploadedFile("one.pdf", pdf_bytes()), SimpleUploadedFile("two.pdf", pdf_bytes())]
    page = secretariat_client.post(UPLOAD, upload_form(*files)).content.decode()
    assert "two.pdf: “two.pdf” has 2 pages, which takes this upload over 3 pages in all." in page
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_a_future_date_is_an_error_on_the_form(secretariat_client):
    files = [SimpleUploadedFile("a.txt", b"Text.")]
    page = secretariat_client.post(UPLOAD, upload_form(*files, received_on="01/01/2099")).content.decode()
    assert "The received date cannot be in the future." in page
    assert not EvidenceItem.objects.exists()
