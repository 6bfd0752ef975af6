"""CSV output that spreadsheet programs will not execute."""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value) -> str:
    """Prefix text a spreadsheet would treat as a formula with a quote (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([value if isinstance(value, int) else escape_formula(value) for value in row])
    return buffer.getvalue()
