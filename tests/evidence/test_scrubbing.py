import pytest

from evidence.models import EvidenceItem, Excerpt, SurveyAnswer
from evidence.scrubbing import scrub_target_register, scrub_targets
from publication.models import PublicationDecision, Redaction
from recommendations.models import EvidenceLink


def test_items_are_scrubbed_first_and_other_apps_register_their_text():
    """Items first: an excerpt's offsets are found again in the scrubbed body."""
    assert [(t.model, t.fields) for t in scrub_targets()] == [
        (EvidenceItem, ("title", "summary", "body", "status_reason")),
        (Excerpt, ("quote", "note")),
        (SurveyAnswer, ("answer",)),
        (EvidenceLink, ("note",)),
        (Redaction, ("quoted_text", "note")),
        (PublicationDecision, ("reason",)),
    ]


def test_a_model_registered_twice_is_refused():
    with pytest.raises(ValueError, match=r"recommendations\.EvidenceLink is already registered"):
        scrub_target_register(model=EvidenceLink, fields=("note",), item_lookup="evidence_id")
