from types import SimpleNamespace

from workbench.highlights import build_blocks


def excerpt(pk, quote, start=None, end=None, page=""):
    return SimpleNamespace(pk=pk, quote=quote, start_offset=start, end_offset=end, page=page)


def test_overlapping_excerpts_split_the_text_into_pieces_each_listing_its_excerpts():
    text = "one two three four"
    a, b = excerpt(1, "one two three", 0, 13), excerpt(2, "three four")
    [block], unplaced = build_blocks(body=text, answers=[], excerpts=[a, b])
    assert [(s.text, s.start, [e.pk for e in s.excerpts]) for s in block.segments] == [
        ("one two ", 0, [1]),
        ("three", 8, [1, 2]),
        (" four", 13, [2]),
    ]
    assert "".join(s.text for s in block.segments) == text and unplaced == []


def test_an_excerpt_whose_text_was_edited_away_is_listed_apart():
    gone = excerpt(3, "no longer here", 0, 14)
    [block], unplaced = build_blocks(body="new text", answers=[], excerpts=[gone])
    assert unplaced == [gone] and [s.text for s in block.segments] == ["new text"]


def test_a_repeated_phrase_is_highlighted_where_its_offsets_say():
    text = "late again. late again."
    [block], _ = build_blocks(body=text, answers=[], excerpts=[excerpt(4, "late again.", 12, 23)])
    assert [(s.start, bool(s.excerpts)) for s in block.segments] == [(0, False), (12, True)]
