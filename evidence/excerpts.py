"""Finding an excerpt's quote in its item's text, forgiving what copying and pasting changes:
runs of spaces and line breaks, and straight versus curly quote marks. Everything else must match."""

import re

SINGLE_QUOTES = "'‘’‚‛′"
DOUBLE_QUOTES = '"“”„‟″'
_CLASSES = {mark: f"[{re.escape(SINGLE_QUOTES)}]" for mark in SINGLE_QUOTES} | {
    mark: f"[{re.escape(DOUBLE_QUOTES)}]" for mark in DOUBLE_QUOTES
}


def quote_pattern(quote: str) -> re.Pattern | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(
        r"\s+".join("".join(_CLASSES.get(char) or re.escape(char) for char in word) for word in words)
    )


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """(start, end) of the first passage of `text` matching `quote`, or None."""
    pattern = quote_pattern(quote)
    match = pattern.search(text) if pattern and text else None
    return match.span() if match else None
