"""Text from real documents: PDF (printed by Chromium), DOCX (python-docx), ODT (odfpy), TXT."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import services
from evidence.documents import NO_TEXT_NOTE, document_text, missing_text_note, title_from_filename
from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory, docx_bytes, odt_bytes, pdf_bytes


def read(name: str, content: bytes):
    return document_text(SimpleUploadedFile(name, content))


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        read(name, content)
    return " ".join(caught.value.messages)


def test_pdf_text_comes_page_by_page_with_its_punctuation():
    document = read("submission.pdf", pdf_bytes())
    assert document.pages == 2 and document.note == ""
    assert "tendered on price alone" in document.text
    assert "the provider’s target was 6 weeks." in document.text
    assert document.text.index("6 weeks.") < document.text.index("Recommendations")
    assert "(£5.9m withheld in 2022)" in document.text


def test_a_scanned_pdf_gives_the_note_and_no_text():
    document = read("scan.pdf", pdf_bytes("scanned.pdf"))
    assert (document.text, document.pages, document.note) == ("", 1, NO_TEXT_NOTE)


def test_docx_paragraphs_and_tables_in_reading_order():
    content = docx_bytes(["First point.", "Second point."], table=[["Provider", "Weeks"], ["Acme", "14"]])
    document = read("letter.docx", content)
    assert document.text == "First point.\nSecond point.\nProvider\tWeeks\nAcme\t14"


def test_odt_headings_and_paragraphs():
    document = read("note.odt", odt_bytes(["Claimants waited.", "Nobody was told why."], heading="Delays"))
    assert document.text == "Delays\nClaimants waited.\nNobody was told why."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Café £5 “quoted”".encode(), "Café £5 “quoted”"),
        ("\ufeffWith a BOM".encode(), "With a BOM"),
        ("Windows £5 “quoted”".encode("cp1252"), "Windows £5 “quoted”"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text"),
        (b"line one\r\n\r\n\r\n\r\nline two\x07", "line one\r\n\r\n\r\n\r\nline two"),
    ],
)
def test_plain_text_in_the_encodings_people_save(content, expected):
    assert read("notes.txt", content).text == expected


def test_images_and_unread_types_give_a_note():
    assert read("photo.jpg", b"\xff\xd8\xff").note == NO_TEXT_NOTE
    assert read("old.doc", b"\xd0\xcf\x11\xe0").note.startswith("Text is not read from .doc files")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", "“broken.pdf” is damaged or is not really a .pdf"),
        ("truncated.pdf", pdf_bytes()[:2000], "“truncated.pdf” is damaged"),
        ("locked.pdf", pdf_bytes(password="secret"), "“locked.pdf” is protected with a password"),
        ("fake.docx", b"PK\x03\x04 not a zip at all", "“fake.docx” is damaged"),
        ("binary.txt", b"MZ\x90\x00\x03\x00", "“binary.txt” is not a plain-text file"),
    ],
)
def test_damaged_encrypted_and_fake_files_are_refused_with_what_to_do(name, content, message):
    text = refusal(name, content)
    assert message in text
    assert "upload" in text.lower() or "copy" in text


def test_a_zip_that_is_not_a_word_file_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "“renamed.odt” is not really a .odt file" in refusal("renamed.odt", out.getvalue())


def test_caps_on_pages_and_unpacked_size(settings):
    settings.EVIDENCE_DOCUMENT_MAX_PAGES = 1
    assert "has 2 pages; the limit is 1. Split it" in refusal("long.pdf", pdf_bytes())
    settings.EVIDENCE_DOCUMENT_MAX_UNPACKED_BYTES = 1000
    assert "unpacks to" in refusal("big.docx", docx_bytes(["x" * 5000]))


def test_titles_come_from_file_names():
    assert title_from_filename("uploads/Camden_Law-Centre  submission.pdf") == "Camden Law Centre submission"
    assert title_from_filename("__.pdf") == "Untitled document"


@pytest.mark.django_db
def test_logging_an_item_with_a_document_fills_its_body_and_keeps_the_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = EvidenceItemFactory(
        body="", attachment=SimpleUploadedFile("sub.docx", docx_bytes(["Late again."]))
    )
    item.refresh_from_db()
    assert item.body == "Late again."
    assert item.attachment.read().startswith(b"PK")
    assert EvidenceItem.objects.filter(body__icontains="late again").get() == item


@pytest.mark.django_db
def test_a_typed_body_is_kept_and_emptying_it_reads_the_stored_file(settings, tmp_path, secretariat_user):
    settings.MEDIA_ROOT = tmp_path
    item = EvidenceItemFactory(body="Typed.", attachment=SimpleUploadedFile("a.txt", b"From the file."))
    assert item.body == "Typed."
    item.body = ""
    services.evidence_update(item=item, by=secretariat_user)
    item.refresh_from_db()
    assert item.body == "From the file."


@pytest.mark.django_db
def test_the_note_stays_until_someone_writes_a_summary(settings, tmp_path, secretariat_user):
    settings.MEDIA_ROOT = tmp_path
    item = EvidenceItemFactory(
        body="", summary="", attachment=SimpleUploadedFile("s.pdf", pdf_bytes("scanned.pdf"))
    )
    assert missing_text_note(item) == NO_TEXT_NOTE
    item.summary = "Handwritten letter about a reassessment."
    services.evidence_update(item=item, by=secretariat_user)
    assert missing_text_note(item) == ""


@pytest.mark.django_db
def test_the_service_refuses_a_damaged_upload(settings, tmp_path, secretariat_user):
    settings.MEDIA_ROOT = tmp_path
    item = EvidenceItem(
        title="Broken", kind="written_submission", attachment=SimpleUploadedFile("b.pdf", b"%PDF-")
    )
    with pytest.raises(ValidationError):
        services.evidence_log(item=item, by=secretariat_user)
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_a_stored_file_over_a_cap_lowered_since_does_not_block_edits(settings, tmp_path, secretariat_user):
    settings.MEDIA_ROOT = tmp_path
    item = EvidenceItemFactory(body="", summary="", attachment=SimpleUploadedFile("s.pdf", pdf_bytes()))
    item.body = ""
    settings.EVIDENCE_DOCUMENT_MAX_PAGES = 1
    services.evidence_update(item=item, by=secretariat_user)
    item.refresh_from_db()
    assert item.body == "" and missing_text_note(item) == NO_TEXT_NOTE
