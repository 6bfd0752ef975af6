"""Span logic of redactions, on plain strings (no database): finding a span, finding it again after
the text was edited, and writing the text with "[redacted]" in place of the spans."""

from collections.abc import Iterable

from evidence import excerpts

PLACEHOLDER = "[redacted]"


def find_span(text: str, quoted: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Where the `occurrence`-th exact copy of `quoted` is in `text`; for the first occurrence, also
    a copy differing only in spaces, line breaks or quote marks (as excerpts are found)."""
    if not quoted:
        return None
    at = -1
    for _ in range(max(occurrence, 1)):
        at = text.find(quoted, at + 1)
        if at < 0:
            break
    if at >= 0:
        return at, at + len(quoted)
    if occurrence <= 1:
        return excerpts.locate(quoted, text)
    return None


def reanchor(text: str, start: int, end: int, quoted: str, occurrence: int = 1) -> tuple[int, int] | None:
    """The span after `text` was edited: unchanged if it still holds `quoted`; else where `quoted` now
    is, if it is there exactly once (or as the same occurrence); None when it cannot be told."""
    if text[start:end] == quoted and end > start:
        return start, end
    count = text.count(quoted) if quoted else 0
    if count == 1:
        at = text.find(quoted)
        return at, at + len(quoted)
    if count > 1:
        return find_span(text, quoted, occurrence)
    return None


def anchored(text: str, spans: Iterable[tuple[int, int, str]]) -> bool:
    """Do all `spans` (start, end, quoted text) still cover exactly their quoted text?"""
    return all(end > start and text[start:end] == quoted for start, end, quoted in spans)


def redact(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span (overlapping ones merged) replaced by the placeholder."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end, len(text))
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, at = [], 0
    for start, end in merged:
        parts += [text[at:start], PLACEHOLDER]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def redact_passage(
    source: str, passage: str, spans: Iterable[tuple[int, int]], offset: int | None = None
) -> str:
    """`passage` (a quote taken from `source`, starting at `offset` when known) with the parts of it
    under `spans` (offsets into `source`) replaced. A passage no longer found in the source while
    spans exist is replaced whole: it cannot be told what it holds."""
    spans = list(spans)
    if not spans:
        return passage
    if offset is None or source[offset : offset + len(passage)] != passage:
        offset = source.find(passage)
        if offset < 0:
            return PLACEHOLDER
    end = offset + len(passage)
    inside = [(max(s, offset) - offset, min(e, end) - offset) for s, e in spans if s < end and e > offset]
    return redact(passage, inside)


def mask_words(text: str, words: Iterable[str]) -> str:
    """`text` with every case-insensitive occurrence of each word (a name, an email) replaced."""
    lowered = text.casefold()
    spans = []
    for word in words:
        word = (word or "").strip().casefold()
        if len(word) < 3:
            continue
        at = lowered.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = lowered.find(word, at + 1)
    return redact(text, spans) if spans else text
