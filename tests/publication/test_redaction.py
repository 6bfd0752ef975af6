"""The span logic on plain strings."""

from publication import redaction


def test_redact_replaces_spans_and_merges_overlaps():
    text = "Alice Smith said the contractor lied to Bob."
    assert redaction.redact(text, [(0, 11), (40, 43)]) == "[redacted] said the contractor lied to [redacted]."
    assert redaction.redact(text, [(0, 5), (3, 11)]) == "[redacted] said the contractor lied to Bob."
    assert redaction.redact(text, []) == text


def test_find_span_takes_the_nth_occurrence_and_forgives_whitespace_for_the_first():
    text = "Bob met Bob.\nBob  left."
    assert redaction.find_span(text, "Bob", 2) == (8, 11)
    assert redaction.find_span(text, "Bob", 4) is None
    assert redaction.find_span("a  b c", "a b") == (0, 4)


def test_reanchor_follows_moved_text_or_gives_up():
    assert redaction.reanchor("xx SECRET yy", 3, 9, "SECRET") == (3, 9)
    assert redaction.reanchor("new text first. xx SECRET yy", 3, 9, "SECRET") == (19, 25)
    assert redaction.reanchor("the secret is gone", 3, 9, "SECRET") is None


def test_anchored_checks_every_span():
    assert redaction.anchored("abc", [(0, 1, "a")])
    assert not redaction.anchored("abc", [(0, 1, "b")])
    assert not redaction.anchored("abc", [(1, 1, "")])


def test_redact_passage_clips_spans_to_the_quote():
    source = "One two three four five"
    assert redaction.redact_passage(source, "two three four", [(8, 13)], 4) == "two [redacted] four"
    assert redaction.redact_passage(source, "two three", [(0, 7)]) == "[redacted] three"
    assert redaction.redact_passage(source, "not here", [(0, 3)]) == "[redacted]"
    assert redaction.redact_passage(source, "not here", []) == "not here"


def test_mask_words_is_case_insensitive_and_ignores_tiny_words():
    assert redaction.mask_words("Mail JANE@x.org or jane@X.org", ["jane@x.org", "a"]) == (
        "Mail [redacted] or [redacted]"
    )
