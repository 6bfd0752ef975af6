"""Decisions (the chair-override rule) and redactions (marking, re-anchoring, review), all audited."""

import pytest
from django.core.exceptions import ValidationError

from evidence import services as evidence_services
from evidence.models import EvidenceItem
from publication import services
from publication.models import PublicationDecision, Redaction, RedactionReason
from tests.factories import (
    EvidenceItemFactory,
    PublicationDecisionFactory,
    RedactionFactory,
    SubmitterFactory,
    SurveyAnswerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Outcome = PublicationDecision.Outcome
Confidentiality = EvidenceItem.Confidentiality


@pytest.fixture
def secretariat():
    return UserFactory(username="sec", role="Secretariat")


@pytest.fixture
def chair():
    return UserFactory(username="chair", role="Chair")


def decide(item, outcome, by, reason="Because."):
    decision = PublicationDecision.objects.filter(item=item).first() or PublicationDecision(item=item)
    decision.outcome, decision.reason = outcome, reason
    return services.decision_record(decision=decision, by=by)


@pytest.mark.parametrize(
    ("confidentiality", "anonymity", "allowed"),
    [
        (
            Confidentiality.PUBLISHABLE,
            False,
            {Outcome.PUBLISH_FULL, Outcome.PUBLISH_ANONYMISED, Outcome.WITHHOLD},
        ),
        (Confidentiality.PUBLISHABLE, True, {Outcome.PUBLISH_ANONYMISED, Outcome.WITHHOLD}),
        (Confidentiality.ANONYMISED, False, {Outcome.PUBLISH_ANONYMISED, Outcome.WITHHOLD}),
        (Confidentiality.CONFIDENTIAL, False, {Outcome.WITHHOLD}),
    ],
)
def test_secretariat_decides_equal_or_less_exposure_only(secretariat, confidentiality, anonymity, allowed):
    item = EvidenceItemFactory(
        confidentiality=confidentiality, submitter=SubmitterFactory(anonymity_requested=anonymity)
    )
    for outcome in Outcome:
        if outcome in allowed:
            decision = decide(item, outcome, secretariat)
            assert not decision.overrides_request
        else:
            with pytest.raises(ValidationError, match="needs the Chair"):
                decide(item, outcome, secretariat)
    assert PublicationDecision.objects.filter(item=item).count() == 1


def test_chair_overrides_with_a_reason_and_it_is_recorded(chair):
    item = EvidenceItemFactory(confidentiality=Confidentiality.CONFIDENTIAL)
    with pytest.raises(ValidationError, match="Say why"):
        decide(item, Outcome.PUBLISH_ANONYMISED, chair, reason="  ")
    decision = decide(
        item, Outcome.PUBLISH_ANONYMISED, chair, reason="Public interest; submitter agreed by phone."
    )
    assert decision.overrides_request and decision.decided_by == chair
    record = decision.history.latest()
    assert record.history_user == chair and "override" in record.history_change_reason


def test_decision_history_has_one_row_per_change(secretariat):
    decision = decide(EvidenceItemFactory(), Outcome.PUBLISH_FULL, secretariat)
    decision.outcome, decision.reason = Outcome.WITHHOLD, "Defamatory throughout."
    services.decision_record(decision=decision, by=secretariat)
    assert [h.outcome for h in decision.history.order_by("history_id")] == [
        Outcome.PUBLISH_FULL,
        Outcome.WITHHOLD,
    ]
    item_id = decision.item_id
    services.decision_delete(decision=decision, by=secretariat)
    assert PublicationDecision.history.filter(item_id=item_id).count() == 3


def test_redaction_located_in_body_then_answers_and_other_needs_a_note():
    item = EvidenceItemFactory(body="The officer, Jane Doe, refused.")
    answer = SurveyAnswerFactory(item=item, answer="My neighbour Tom Rudd helped.")
    body_mark = RedactionFactory(item=item, quoted_text="Jane Doe")
    assert (body_mark.answer, body_mark.start, body_mark.end) == (None, 13, 21)
    answer_mark = RedactionFactory(item=item, quoted_text="Tom Rudd")
    assert answer_mark.answer == answer
    other = RedactionReason.objects.get(name="Other")
    with pytest.raises(ValidationError, match="needs a note"):
        RedactionFactory(item=item, quoted_text="refused", reason=other)
    with pytest.raises(ValidationError, match="not in"):
        RedactionFactory(item=item, quoted_text="Nobody")
    assert Redaction.history.filter(item_id=item.pk).count() == 2


def test_edit_that_moves_the_text_reanchors_and_one_that_removes_it_flags_review():
    item = EvidenceItemFactory(body="Jane Doe refused.")
    mark = RedactionFactory(item=item, quoted_text="Jane Doe")
    item.body = "Yesterday, Jane Doe refused."
    evidence_services.evidence_update(item=item, by=None)
    mark.refresh_from_db()
    assert (mark.start, mark.end, mark.needs_review) == (11, 19, False)
    assert mark.history.latest().history_change_reason == "text moved: re-anchored"
    item.body = "Somebody refused."
    evidence_services.evidence_update(item=item, by=None)
    mark.refresh_from_db()
    assert mark.needs_review
    # Marking it again (the service) resolves the review.
    mark.quoted_text = "Somebody"
    services.redaction_save(redaction=mark, by=None)
    assert not Redaction.objects.get(pk=mark.pk).needs_review


def test_answer_edit_reanchors_its_redactions():
    item = EvidenceItemFactory(body="")
    answer = SurveyAnswerFactory(item=item, answer="Ask Tom Rudd.")
    mark = RedactionFactory(item=item, quoted_text="Tom Rudd")
    answer.answer = "Tom Rudd is gone."
    answer.save()
    mark.refresh_from_db()
    assert (mark.start, mark.end) == (0, 8)
    answer.answer = "Nobody."
    answer.save()
    mark.refresh_from_db()
    assert mark.needs_review


def test_ambiguous_moved_text_is_flagged():
    item = EvidenceItemFactory(body="Jane said no.")
    mark = RedactionFactory(item=item, quoted_text="Jane", occurrence=1)
    assert PublicationDecisionFactory  # (factories import check)
    item.body = "Before: nothing. Later: nothing."
    evidence_services.evidence_update(item=item, by=None)
    mark.refresh_from_db()
    assert mark.needs_review
