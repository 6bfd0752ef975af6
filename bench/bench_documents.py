"""Reading documents' text (evidence/documents.py), which runs inside the upload request.

PDF pages come from bench/data/submission-8-pages.pdf (a written submission printed by Chromium,
about 3,900 characters a page, every word positioned separately as word processors' PDFs do),
repeated to the length measured. DOCX and ODT files carry the same amount of text per "page".
The end-to-end row posts the admin's "Upload documents" form, inside a transaction rolled back."""

import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from bench.common import client_for
from devdata.bench import text as benchtext
from evidence.documents import document_text

SOURCE = Path(__file__).parent / "data" / "submission-8-pages.pdf"
PARAGRAPHS_PER_PAGE = 6  # of about 650 characters: a PDF page's worth
REPEAT = 3


def pdf_of(pages: int) -> bytes:
    from pypdf import PdfReader, PdfWriter

    source = PdfReader(SOURCE)
    writer = PdfWriter()
    for number in range(pages):
        writer.add_page(source.pages[number % len(source.pages)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _paragraphs(pages: int) -> list[str]:
    rng = random.Random(15)
    return [benchtext.paragraphs(rng, 6) for _ in range(pages * PARAGRAPHS_PER_PAGE)]


def docx_of(pages: int) -> bytes:
    import docx

    document = docx.Document()
    for text in _paragraphs(pages):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_of(pages: int) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for text in _paragraphs(pages):
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _seconds(call) -> float:
    durations = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        call()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def _read(name: str, content: bytes) -> float:
    return _seconds(lambda: document_text(SimpleUploadedFile(name, content)))


def _row(what: str, pages: int, seconds: float) -> tuple[str, str, str]:
    return (
        f"Document text, {what}",
        f"pages/s (median of {REPEAT})",
        f"{pages / seconds:.1f} pages/s ({seconds * 1000:.0f} ms for {pages} pages)",
    )


def _upload(files: int, pages: int) -> float:
    """The admin form with `files` PDFs of `pages` pages each, as the secretariat; nothing is kept."""
    client = client_for("Secretariat")
    content = pdf_of(pages)
    url = reverse("admin:evidence_evidenceitem_upload_documents")

    def post():
        data = {
            "files": [SimpleUploadedFile(f"doc-{n}.pdf", content) for n in range(files)],
            "kind": "written_submission",
            "received_on": "30/11/2023",
            "confidentiality": "anonymised",
        }
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
        if response.status_code != 302:
            raise RuntimeError(f"The upload was refused ({response.status_code}).")

    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=["*"]):
        return _seconds(post)


def run() -> list[tuple[str, str, str]]:
    rows = [
        _row("PDF, 30 pages", 30, _read("a.pdf", pdf_of(30))),
        _row("PDF, 100 pages (the cap)", 100, _read("a.pdf", pdf_of(100))),
        _row("DOCX, 30 pages' worth", 30, _read("a.docx", docx_of(30))),
        _row("ODT, 30 pages' worth", 30, _read("a.odt", odt_of(30))),
    ]
    seconds = _upload(files=5, pages=20)
    rows.append(
        (
            "Upload documents (admin), 5 PDFs × 20 pages",
            f"request time (median of {REPEAT})",
            f"{seconds * 1000:.0f} ms ({100 / seconds:.1f} pages/s, items logged and rolled back)",
        )
    )
    return rows
