"""The report follows publication decisions and redactions: names in citations and the annex of
contributors, quotes with redacted spans as "[redacted]", withheld items cited without content."""

import pytest

from publication.models import PublicationDecision, Redaction
from recommendations.models import EvidenceLink, Recommendation
from recommendations.report.data import report_data
from recommendations.report.html import build_html
from tests.factories import (
    EvidenceItemFactory,
    EvidenceLinkFactory,
    ExcerptFactory,
    PublicationDecisionFactory,
    RecommendationFactory,
    RedactionFactory,
    SubmitterFactory,
    SurveyAnswerFactory,
)

pytestmark = pytest.mark.django_db
Outcome = PublicationDecision.Outcome


def cite(item, quote=None):
    recommendation = RecommendationFactory(status=Recommendation.Status.AGREED)
    excerpt = ExcerptFactory(item=item, quote=quote) if quote else None
    EvidenceLinkFactory(
        recommendation=recommendation, evidence=item, excerpt=excerpt, stance=EvidenceLink.Stance.SUPPORTS
    )


def report_text() -> str:
    data = report_data()
    parts = [c.text for c in data.citations] + [s.text for s in data.sources] + data.named_contributors
    return "\n".join(parts)


def test_withheld_and_anonymised_decisions_remove_names_from_citations_and_annex():
    full = EvidenceItemFactory(submitter=SubmitterFactory(name="Fiona Full"))
    anonymised = EvidenceItemFactory(submitter=SubmitterFactory(name="Anna Anonymised"))
    withheld = EvidenceItemFactory(
        submitter=SubmitterFactory(name="Will Withheld"), body="Withheld body words."
    )
    PublicationDecisionFactory(item=full)
    PublicationDecisionFactory(item=anonymised, outcome=Outcome.PUBLISH_ANONYMISED)
    PublicationDecisionFactory(item=withheld, outcome=Outcome.WITHHOLD)
    for item in (full, anonymised):
        cite(item)
    cite(withheld, quote="Withheld body words.")
    text = report_text()
    assert "Fiona Full" in text
    assert "Anna Anonymised" not in text and "Will Withheld" not in text
    assert "Withheld body words" not in text
    assert f"{withheld.reference}, withheld written submission (not published)." in text
    data = report_data()
    assert data.named_contributors == ["Fiona Full"] and data.anonymous_contributors == 2


def test_quotes_never_include_redacted_spans():
    item = EvidenceItemFactory(body="The assessor Kim Third refused my claim and laughed.")
    answer_item = EvidenceItemFactory(body="")
    SurveyAnswerFactory(item=answer_item, answer="Ask Tom Rudd at the office about it.")
    RedactionFactory(item=item, quoted_text="Kim Third")
    RedactionFactory(item=answer_item, quoted_text="Tom Rudd")
    cite(item, quote="assessor Kim Third refused")
    cite(answer_item, quote="Tom Rudd at the office")
    html = build_html(report_data())
    text = report_text()
    for rendered in (text, html):
        assert "Kim Third" not in rendered and "Tom Rudd" not in rendered
    assert "assessor [redacted] refused" in text and "[redacted] at the office" in text


def test_quote_of_an_item_whose_redaction_needs_review_is_left_out():
    item = EvidenceItemFactory(body="The assessor Kim Third refused my claim.")
    mark = RedactionFactory(item=item, quoted_text="Kim Third")
    cite(item, quote="refused my claim")
    Redaction.objects.filter(pk=mark.pk).update(needs_review=True)
    text = report_text()
    assert "refused my claim" not in text and "[redacted]" in text
