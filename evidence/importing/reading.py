"""Turn an uploaded survey export (CSV or XLSX bytes) into a header and numbered rows.

Rows are numbered as a spreadsheet numbers them: the header is row 1, the first response row 2.
A CSV cell spanning several lines is still one row. Caps are checked before any parsing."""

import contextlib
import csv
import datetime
import io
import re
import threading
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat

FORMATS = ("csv", "xlsx")
Cell = str | datetime.datetime | datetime.date | int | float | bool | None


class ImportRefused(Exception):
    """The file as a whole cannot be imported (type, size, encoding, header)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def read_table(content: bytes, *, filename: str = "", file_format: str | None = None) -> Table:
    limit = settings.EVIDENCE_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ImportRefused(
            f"The file is {filesizeformat(len(content))}; the import limit is {filesizeformat(limit)}. "
            "Split it into smaller files."
        )
    file_format = file_format or detect_format(content, filename)
    if file_format == "xlsx":
        return _read_xlsx(content)
    if file_format == "csv":
        return _read_csv(content)
    raise ImportRefused(f"Unknown format “{file_format}”: use csv or xlsx.")


def detect_format(content: bytes, filename: str) -> str:
    """Trust the bytes, not the name: a renamed PDF is refused whatever it is called."""
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            "This is an old Excel (.xls) or Word file. Save it as .xlsx or CSV (UTF-8) and upload that."
        )
    if content.startswith(b"%PDF"):
        raise ImportRefused("This is a PDF. Upload the survey tool's CSV or Excel (.xlsx) export instead.")
    return "csv"


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "UTF-16"
    if b"\x00" in content:
        raise ImportRefused("This is not a CSV or Excel (.xlsx) file. Upload the survey tool's export.")
    try:
        text = content.decode("utf-8-sig")
        return text, "UTF-8 with BOM" if content.startswith(b"\xef\xbb\xbf") else "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"The file's text encoding is not recognised (byte {error.start + 1}). "
            "Save it as “CSV UTF-8” and try again."
        ) from None


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _choose_delimiter(text: str) -> str:
    """The delimiter is the candidate appearing most often outside quotes in the header line (comma on
    a tie or none): RFC 4180 reading with no guessing from the data rows, whose free text is full of
    commas, semicolons and quote marks."""
    counts, quoted = dict.fromkeys(DELIMITERS, 0), False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


@contextlib.contextmanager
def _field_size_limit(limit: int):
    """The csv module's field limit is module-global: raise it only while our reader runs, under a lock
    so two imports in threads do not restore each other's value, and put the old value back after."""
    with _FIELD_LIMIT_LOCK:
        previous = csv.field_size_limit(limit)
        try:
            yield
        finally:
            csv.field_size_limit(previous)


_FIELD_LIMIT_LOCK = threading.Lock()


def _read_csv(content: bytes) -> Table:
    text, encoding = _decode(content)
    delimiter = _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=csv.excel, delimiter=delimiter, strict=True)
    # A very long answer is one field; the module's default 128 KiB field limit would reject it.
    with _field_size_limit(max(len(text), 1)):
        try:
            header = next(reader, None)
            if header is None:
                raise ImportRefused("The file is empty: the first row must name the columns.")
            table = Table(
                headers=[h.strip() for h in header], encoding=encoding, delimiter=DELIMITERS[delimiter]
            )
            table.rows = _capped(enumerate(reader, start=2))
        except csv.Error as error:
            raise ImportRefused(
                f"The CSV cannot be read at line {reader.line_num}: {error}. Check that every quote mark "
                'opening a cell is closed (a quote mark inside a cell is written twice: "").'
            ) from None
    return table


def _capped(numbered_rows) -> list:
    """Rows up to the cap; the file is refused as soon as one more row is read (never read to the end)."""
    cap = settings.EVIDENCE_IMPORT_MAX_ROWS
    rows = []
    for number, cells in numbered_rows:
        if len(rows) == cap:
            raise ImportRefused(
                f"The file has more than {cap:,} rows (row {number:,} is over the limit). Split it into "
                f"files of at most {cap:,} responses and import them one after another."
            )
        rows.append((number, list(cells)))
    return rows


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportRefused("The Excel file is damaged or not really an .xlsx file.") from None
    entries = archive.infolist()
    if len(entries) > settings.EVIDENCE_IMPORT_XLSX_MAX_ENTRIES:
        raise ImportRefused(
            f"The Excel file holds {len(entries)} parts; at most "
            f"{settings.EVIDENCE_IMPORT_XLSX_MAX_ENTRIES} are accepted. Save it again as a plain .xlsx."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > settings.EVIDENCE_IMPORT_XLSX_MAX_UNCOMPRESSED:
        raise ImportRefused(
            f"The Excel file unpacks to {filesizeformat(unpacked)}; the limit is "
            f"{filesizeformat(settings.EVIDENCE_IMPORT_XLSX_MAX_UNCOMPRESSED)}. Split it into smaller files."
        )
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise ImportRefused("This is not an Excel workbook (.xlsx). Upload a CSV or .xlsx export.")
    _check_row_count(archive)


ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _check_row_count(archive: zipfile.ZipFile) -> None:
    """Count the <row> elements of the worksheets' raw XML, stopping once past the cap. A small file can
    unpack to half a million rows, and openpyxl parses every sheet lacking a <dimension> in full just to
    open the workbook (read-only or not); counting tags first costs a hundredth of that."""
    cap = settings.EVIDENCE_IMPORT_MAX_ROWS
    count = 0
    for entry in archive.infolist():
        if not (entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")):
            continue
        with archive.open(entry) as source:
            tail = b""
            while count <= cap + 1 and (chunk := source.read(1 << 20)):
                data = tail + chunk
                cut = data.rfind(b"<")
                cut = len(data) if cut == -1 or len(data) - cut > 64 else cut
                count += len(ROW_TAG.findall(data, 0, cut))
                tail = data[cut:]
            count += len(ROW_TAG.findall(tail))
    if count > cap + 1:
        raise ImportRefused(
            f"The workbook has more than {cap:,} rows under its header; at most {cap:,} are accepted. "
            "Split it into smaller files."
        )


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    _check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise ImportRefused(f"The Excel file cannot be read: {error}.") from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportRefused("The first sheet is empty: its first row must name the columns.")
        table = Table(headers=["" if h is None else str(h).strip() for h in header], encoding="Excel")
        table.rows = _capped(enumerate(rows, start=2))
    finally:
        workbook.close()
    return table
