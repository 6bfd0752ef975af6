"""Text of uploaded documents (PDF, DOCX, ODT, TXT), so written submissions are searchable and
excerptable like typed evidence.

Runs inside the request: the size cap (EVIDENCE_ATTACHMENT_MAX_BYTES, the attachment field's
validator), the page cap (EVIDENCE_DOCUMENT_MAX_PAGES) and the unpacked-size cap of Word/ODF files
(EVIDENCE_DOCUMENT_MAX_UNPACKED_BYTES) keep one file to seconds (bench/bench_documents.py)."""

import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

logger = logging.getLogger(__name__)

NO_TEXT_NOTE = "No text found: add a summary or transcript."
EXTRACTABLE = ("pdf", "docx", "odt", "txt")
IMAGES = ("png", "jpg", "jpeg")
# PostgreSQL text cannot hold NUL, and other control characters are noise from broken encodings.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class DocumentText:
    """What a document gave: its text, its page count (PDF only) and a note for the secretariat."""

    text: str
    pages: int | None = None
    note: str = ""


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def document_text(upload, *, max_pages: int | None = None) -> DocumentText:
    """Read the text of an uploaded file. Types that are not read (images, .doc, .rtf) give a note.
    `max_pages` (default EVIDENCE_DOCUMENT_MAX_PAGES) is what is left of a request's page budget.

    Raises ValidationError naming the file and what to do when it is damaged, encrypted, over a cap
    or not what its name says."""
    name = PurePath(upload.name).name
    extension = extension_of(name)
    if extension in IMAGES:
        return DocumentText("", note=NO_TEXT_NOTE)
    if extension not in EXTRACTABLE:
        return DocumentText("", note=unread_type_note(extension))
    upload.seek(0)
    try:
        if extension == "pdf":
            text, pages, empty_pages = _read_pdf(upload, name, max_pages)
        else:
            text, pages, empty_pages = READERS[extension](upload, name)
    except ValidationError:
        raise
    except Exception:  # a parser meeting hostile or broken input may raise anything
        logger.warning("Could not read the text of %s", name, exc_info=True)
        raise _refused(name, f"is damaged or is not really a .{extension} file") from None
    finally:
        upload.seek(0)
    text = BLANK_LINES.sub("\n\n", CONTROL_CHARACTERS.sub("", text)).strip()
    if not text:
        return DocumentText("", pages, NO_TEXT_NOTE)
    if empty_pages:
        listed = ", ".join(map(str, empty_pages[:10])) + (" …" if len(empty_pages) > 10 else "")
        return DocumentText(text, pages, f"No text found on page(s) {listed}: add a transcript of them.")
    return DocumentText(text, pages)


def title_from_filename(name: str) -> str:
    """“Camden_Law-Centre submission.pdf” → “Camden Law Centre submission”."""
    stem = re.sub(r"[\s_-]+", " ", PurePath(name).stem).strip()
    return (stem or "Untitled document")[:300]


def document_for_item(item) -> DocumentText | None:
    """The text to read on saving `item`: always for a new upload (a damaged file is refused even
    when the body was typed), and from the stored file when the body has been left empty."""
    attachment = item.attachment
    if not attachment:
        return None
    if not attachment._committed:
        return document_text(attachment)
    if item.body.strip():
        return None
    try:
        with attachment.open("rb"):
            return document_text(attachment)
    except (FileNotFoundError, ValidationError):
        # A stored file was accepted when it was uploaded; a cap lowered since must not block
        # edits to its item. It keeps its "no text" note instead.
        return None


def missing_text_note(item) -> str:
    """Shown on an item whose attachment gave no text while nobody has written any either."""
    if not item.attachment or item.body.strip() or item.summary.strip():
        return ""
    extension = extension_of(item.attachment.name)
    if extension in EXTRACTABLE or extension in IMAGES:
        return NO_TEXT_NOTE
    return unread_type_note(extension)


def unread_type_note(extension: str) -> str:
    return (
        f"Text is not read from .{extension} files: add a summary or transcript "
        "(or upload the document as PDF, DOCX or ODT)."
    )


def _refused(name: str, problem: str, advice: str = "") -> ValidationError:
    advice = advice or "Open it, save it again (as PDF, DOCX or ODT) and upload the new file."
    return ValidationError(f"“{name}” {problem}. {advice}", code="unreadable_document")


def _read_pdf(upload, name: str, max_pages: int | None):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(upload)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner password alone still lets anyone read the text
        except DependencyError:
            opened = False
        if not opened:
            raise _refused(
                name,
                "is protected with a password",
                "Ask the sender for a copy without a password, or print it to a new PDF.",
            )
    pages = len(reader.pages)
    _check_pages(name, pages, max_pages)
    texts = [page.extract_text() or "" for page in reader.pages]
    empty = [number for number, text in enumerate(texts, start=1) if not text.strip()]
    return "\n\n".join(texts), pages, empty if len(empty) < pages else []


def _check_pages(name: str, pages: int, budget: int | None) -> None:
    limit = settings.EVIDENCE_DOCUMENT_MAX_PAGES
    if pages > limit:
        raise _refused(
            name,
            f"has {pages} pages; the limit is {limit}",
            "Split it into parts and upload each part as its own item.",
        )
    if budget is not None and pages > budget:
        raise _refused(
            name,
            f"has {pages} pages, which takes this upload over {limit} pages in all",
            "Upload it on its own or with fewer other PDFs.",
        )


def _check_zip(upload, name: str, members: set[str]) -> None:
    """Word and ODF files are zip archives: refuse ones that would unpack to a memory-eating size."""
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise _refused(name, "is damaged or is not really a word-processor file") from None
    entries = archive.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    limit = settings.EVIDENCE_DOCUMENT_MAX_UNPACKED_BYTES
    if unpacked > limit:
        raise _refused(
            name,
            f"unpacks to {filesizeformat(unpacked)}; the limit is {filesizeformat(limit)}",
            "Remove large images from it or split it, and upload it again.",
        )
    if not members & {entry.filename for entry in entries}:
        raise _refused(name, f"is not really a .{extension_of(name)} file")
    upload.seek(0)


def _read_docx(upload, name: str):
    import docx
    from docx.table import Table

    _check_zip(upload, name, {"word/document.xml"})
    lines = []
    for block in docx.Document(upload).iter_inner_content():
        if isinstance(block, Table):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines), None, []


def _read_odt(upload, name: str):
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _check_zip(upload, name, {"content.xml"})
    paragraphs = {(TEXTNS, "p"), (TEXTNS, "h")}
    lines = []

    def walk(node):
        for child in node.childNodes:
            if getattr(child, "qname", None) in paragraphs:
                lines.append(teletype.extractText(child))
            else:
                walk(child)

    walk(load(upload).text)
    return "\n".join(lines), None, []


def _read_txt(upload, name: str):
    content = upload.read()
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), None, []
    if b"\x00" in content:
        raise _refused(name, "is not a plain-text file", "Upload it in its own format (PDF, DOCX or ODT).")
    try:
        return content.decode("utf-8-sig"), None, []
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), None, []


READERS = {"docx": _read_docx, "odt": _read_odt, "txt": _read_txt}
