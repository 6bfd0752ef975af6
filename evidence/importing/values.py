"""Cell parsers. Each returns the value or raises ValueError with a message for the user."""

import datetime
import re

from django.utils import timezone

from evidence.importing.columns import normalise

# Day first, as UK survey tools and UK Excel write dates; ISO dates are tried before these.
DAY_FIRST_FORMATS = [
    f"{date} {time}".strip()
    for date in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")
    for time in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "")
]
YES = {"yes", "y", "true", "1", "x", "agree", "i agree", "i consent", "consent", "consented"}
NO = {"no", "n", "false", "0", "disagree", "i do not agree", "i do not consent", "not consented", ""}


def cell_text(value) -> str:
    """Text of a cell exactly as written (answers round-trip unchanged); numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S" if value.time() else "%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def parse_timestamp(value, *, zone=None) -> datetime.datetime:
    """An Excel date cell, an Excel serial number, an ISO timestamp or a UK day-first text date; a
    time without a zone is taken in `zone` (the current time zone unless given: an import passes it
    once rather than have it looked up for each of 20,000 rows)."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        moment = from_excel(value)
    else:
        moment = _parse_text_date(cell_text(value).strip())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    return moment


# A file writes every timestamp the same way: the format that read the last one is tried first (no
# two formats read the same text differently, so the order changes only the time taken).
_last_format = DAY_FIRST_FORMATS[0]


def _parse_text_date(text: str) -> datetime.datetime:
    if not text:
        raise ValueError("The timestamp is empty; every response needs the date it was made.")
    cleaned = re.sub(r"\s+(GMT|UTC)$", "", text, flags=re.IGNORECASE)
    cleaned = re.sub(r"\s+", " ", cleaned)
    if re.match(r"^\d{4}-\d{2}-\d{2}", cleaned):
        try:
            return datetime.datetime.fromisoformat(cleaned)
        except ValueError:
            pass
    global _last_format
    for fmt in [_last_format, *DAY_FIRST_FORMATS]:
        try:
            moment = datetime.datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        _last_format = fmt
        return moment
    raise ValueError(
        f"“{text}” is not a date we can read. Write it day first, e.g. 23/11/2023 14:05 "
        "(or 2023-11-23 14:05)."
    )


def parse_yes_no(value, *, what: str) -> bool:
    key = normalise(cell_text(value))
    if key in YES or key.startswith("yes"):
        return True
    if key in NO or key.startswith("no"):
        return False
    raise ValueError(f"“{cell_text(value)}” is not a yes/no answer for {what}; write Yes or No.")


def parse_experience(value) -> str:
    key = normalise(cell_text(value))
    personal, professional = "personal" in key, "professional" in key
    if not key:
        return ""
    if key == "both" or (personal and professional):
        return "both"
    if personal:
        return "personal"
    if professional:
        return "professional"
    raise ValueError(f"“{cell_text(value)}” is not an experience; write Personal, Professional or Both.")


def split_list(value) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", cell_text(value)) if part.strip()]
