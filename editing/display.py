"""Short list cells: long text cut to a length, the whole text kept in a title attribute (on hover)."""

from django.utils.html import format_html
from django.utils.text import Truncator

TITLE_LENGTH = 60


def truncated(text, length: int = TITLE_LENGTH):
    """`text` cut to `length` characters at most (with an ellipsis), the full text on hover."""
    full = "" if text is None else str(text)
    short = Truncator(full).chars(length)
    if short == full:
        return full
    return format_html('<span class="truncated" title="{}">{}</span>', full, short)
