"""Cut an item's text into blocks (the body, or each survey answer under its question) and each block
into segments, so that existing excerpts can be highlighted in place.

Segments keep the exact characters of the source and their offset into it: the reader's script turns
a mouse selection back into offsets from them, so no one types offsets."""

from dataclasses import dataclass, field
from itertools import pairwise


@dataclass
class Segment:
    text: str
    start: int
    excerpts: list = field(default_factory=list)


@dataclass
class Block:
    key: str
    text: str
    question: object = None
    segments: list[Segment] = field(default_factory=list)


def _span_in(text: str, excerpt, *, use_offsets: bool) -> tuple[int, int] | None:
    has_offsets = excerpt.start_offset is not None and excerpt.end_offset is not None
    if use_offsets and has_offsets and text[excerpt.start_offset : excerpt.end_offset] == excerpt.quote:
        return excerpt.start_offset, excerpt.end_offset
    position = text.find(excerpt.quote) if excerpt.quote else -1
    return (position, position + len(excerpt.quote)) if position >= 0 else None


def _segments(text: str, spans: list[tuple[int, int, object]]) -> list[Segment]:
    """Split at every span boundary; each piece lists the excerpts covering it (they may overlap)."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = [excerpt for s, e, excerpt in spans if s <= start and end <= e]
        pieces.append(Segment(text=text[start:end], start=start, excerpts=covering))
    return pieces


def build_blocks(*, body: str, answers, excerpts) -> tuple[list[Block], list]:
    """Blocks for the body (if any) and each answer, with excerpts placed; and the excerpts whose
    quote is no longer found in the text (edited since), to list apart rather than lose."""
    blocks = []
    if body:
        blocks.append(Block(key="body", text=body))
    blocks += [Block(key=f"answer-{a.pk}", text=a.answer, question=a.question) for a in answers]
    spans: dict[str, list] = {block.key: [] for block in blocks}
    unplaced = []
    for excerpt in excerpts:
        for block in _candidate_blocks(blocks, excerpt):
            span = _span_in(block.text, excerpt, use_offsets=block.key == "body")
            if span:
                spans[block.key].append((*span, excerpt))
                break
        else:
            unplaced.append(excerpt)
    for block in blocks:
        block.segments = _segments(block.text, spans[block.key])
    return blocks, unplaced


def _candidate_blocks(blocks: list[Block], excerpt) -> list[Block]:
    """The answer named by the excerpt's page (a question code) first, then the others in order."""
    named = [b for b in blocks if b.question is not None and b.question.code == excerpt.page]
    return named + [b for b in blocks if b not in named]


def locate(*, body: str, answers, quote: str) -> tuple[str, int] | None:
    """Where `quote` occurs: ("body", offset) or (question code, offset) of the first answer holding it."""
    if body and quote in body:
        return "body", body.index(quote)
    for answer in answers:
        if quote in answer.answer:
            return answer.question.code, answer.answer.index(quote)
    return None
