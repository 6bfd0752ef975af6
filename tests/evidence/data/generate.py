"""Writes the survey-export fixtures in this folder. Run once: python tests/evidence/data/generate.py

Questions are the "Tender & Contract" survey's (evidence/codebook.py). Kept as a script so the
fixtures can be regenerated and reviewed; the files themselves are committed."""

import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
Q = [
    "In what capacity are you responding?",
    "Which outsourced public service does your experience relate to?",
    "How were the needs of service users reflected when the contract was tendered?",
]
HEADER = [
    "Response ID",
    "Timestamp",
    "Name",
    "Email address",
    "Organisation",
    "Experience",
    "Consent to publish",
    "Anonymous",
    "Themes",
    Q[0],
    "  which OUTSOURCED public service does your experience relate to ",  # case/space-insensitive
    "Q3. " + Q[2],
    "q7",
    "Start time",
]
ROWS = [
    [
        "R-101",
        "23/11/2023 14:05:10",
        "Ada Lovelace",
        "ada@example.net",
        "Camden Law Centre",
        "Professional",
        "Yes",
        "No",
        "Tendering & procurement; vulnerable-users",
        "Solicitor",
        "Work capability assessments",
        "The £5.9m contract ignored “service users”’ needs — nobody asked them.",
        "Publish the contract.",
        "23/11/2023 13:50",
    ],
    [
        "R-102",
        "24/11/2023 09:00",
        "",
        "",
        "",
        "Personal",
        "No",
        "Yes",
        "",
        "Service user",
        "Probation",
        "First line.\nSecond line, after a break.\n\nA new paragraph, with a comma.",
        "",
        "",
    ],
    [
        "R-103",
        "05/12/2023 18:30",
        "Ada Lovelace",
        "ADA@example.net",
        "Camden Law Centre",
        "Both",
        "yes",
        "no",
        "local-government",
        "Adviser",
        "Child protection",
        "Councils did not consult anyone.",
        "",
        "",
    ],
]


NEW_QUESTIONS = [
    "Did you ask for a mandatory reconsideration?",
    "What would have made the decision easier to understand?",
]
QUOTED_MULTILINE = '""Fit"" they said.\nAppealed.'


def write_csv(
    name: str, encoding: str, header=HEADER, rows=ROWS, trailing: str = ",,,,\r\n\r\n", delimiter: str = ","
) -> None:
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    (HERE / name).write_bytes((buffer.getvalue() + trailing).encode(encoding))


def sparse_xlsx(rows: int) -> bytes:
    """A hand-made workbook of `rows` one-cell rows and no <dimension>: tiny zipped, huge unpacked."""
    import io
    import zipfile

    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    package = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {main} xmlns:r="{office}"><sheets>'
        '<sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f"<worksheet {main}><sheetData>"
        f"<row>{cell.format('Timestamp')}{cell.format('q1')}</row>"
        + f"<row>{cell.format('x')}</row>" * rows
        + "</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def main() -> None:
    write_csv("responses_utf8.csv", "utf-8")
    write_csv("responses_utf8_bom.csv", "utf-8-sig")
    write_csv("responses_cp1252.csv", "cp1252")
    # No response id column: ids derived from timestamp + respondent.
    write_csv(
        "responses_no_id.csv",
        "utf-8",
        header=HEADER[1:],
        rows=[row[1:] for row in ROWS],
        trailing="",
    )
    bad = [list(row) for row in ROWS]
    bad[0][8] = "Tendering & procurement; Procurment"
    write_csv("responses_unknown_theme.csv", "utf-8", rows=bad)
    bad = [list(row) for row in ROWS]
    bad[0][1] = "11/23/2023 14:05"  # US month-first
    bad[1][6] = "Maybe"
    bad[2][3] = "ada-at-example.net"
    bad[2][1] = "01/01/2099"
    write_csv("responses_bad_rows.csv", "utf-8", rows=bad)
    # RFC 4180: a multi-line answer opening with a quoted word ("" inside a quoted cell) is one row.
    # csv.Sniffer guessed doublequote=False from exactly this file and split the cell into rows.
    (HERE / "responses_quoted_multiline.csv").write_bytes(
        (
            f"Timestamp,{Q[2]}\n"
            f'20/11/2023 10:00,"{QUOTED_MULTILINE}"\n'
            "21/11/2023 11:30,Plain answer.\n"
            "22/11/2023 12:45,Another plain answer.\n"
        ).encode()
    )
    # Excel in European locales: ";" between cells, Windows-1252, commas inside answers unquoted-safe.
    write_csv("responses_semicolon.csv", "cp1252", delimiter=";", trailing="")
    # Excel's "Unicode text": UTF-16 with BOM, tab-separated.
    write_csv("responses_tab_utf16.txt", "utf-16", delimiter="\t", trailing="")
    # A Google Forms export whose survey has gained questions the database does not have yet.
    write_csv(
        "forms_new_questions.csv",
        "utf-8",
        header=["Timestamp", "Email address", Q[0], *NEW_QUESTIONS, "Start time"],
        rows=[
            [
                "2023/11/20 10:04:05 am GMT",
                "",
                "Claimant",
                "Yes, twice.",
                "Nobody explained the decision.",
                "x",
            ],
            ["2023/11/21 2:30:00 pm GMT", "", "Adviser", "No.", "Line one.\nLine two.", "x"],
        ],
        trailing="",
    )
    # Issue 13's preview-scale finding: a small xlsx unpacking to 491k rows.
    (HERE / "rows_491k.xlsx").write_bytes(sparse_xlsx(491_000))
    (HERE / "report.csv").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Timestamp", "Email", "Consent to publish", Q[0], Q[2]])
    sheet.append([datetime.datetime(2023, 11, 30, 16, 45), "grace@example.net", True, "Academic", "£5.9m"])
    sheet.append([datetime.datetime(2023, 12, 6, 8, 0), "", "No", "Carer", "Nobody listened."])
    sheet.append(["02/12/2023 10:15", "", "", "Volunteer", "Text date, day first."])
    sheet.append([None, None, None, None, None])
    workbook.save(HERE / "responses_dates.xlsx")


if __name__ == "__main__":
    main()
