"""CSV output that spreadsheet programs will not execute (cells escaped by justice_wp.exporting)."""

import csv
import io

from justice_wp.exporting import escape_formula


def csv_text(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([escape_formula(value) for value in row])
    return buffer.getvalue()
