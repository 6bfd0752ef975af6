"""THE rule of what is public (published_items) and what a public entry holds."""

import pytest

from evidence.models import ErasureReview, EvidenceItem, Submitter
from publication import selectors
from publication.models import PublicationDecision, Redaction
from tests.factories import (
    EvidenceItemFactory,
    OrganisationFactory,
    PublicationDecisionFactory,
    RedactionFactory,
    SubmitterFactory,
    SurveyAnswerFactory,
)

pytestmark = pytest.mark.django_db
Outcome = PublicationDecision.Outcome
Confidentiality = EvidenceItem.Confidentiality


def public_refs():
    return set(selectors.published_items().values_list("reference", flat=True))


def test_only_items_decided_for_publication_are_public(publish):
    full = publish()
    anonymised = publish(outcome=Outcome.PUBLISH_ANONYMISED)
    withheld = publish(outcome=Outcome.WITHHOLD)
    undecided = EvidenceItemFactory()
    excluded = publish(status=EvidenceItem.Status.EXCLUDED)
    assert public_refs() == {full.reference, anonymised.reference}
    assert {withheld.reference, undecided.reference, excluded.reference}.isdisjoint(public_refs())


def test_a_decision_beyond_the_request_counts_only_with_the_recorded_override(publish):
    confidential = publish(outcome=Outcome.PUBLISH_ANONYMISED, confidentiality=Confidentiality.CONFIDENTIAL)
    assert confidential.publication_decision.overrides_request
    assert confidential.reference in public_refs()
    # The item became confidential after an ordinary decision: no longer public.
    later = publish(outcome=Outcome.PUBLISH_ANONYMISED)
    EvidenceItem.objects.filter(pk=later.pk).update(confidentiality=Confidentiality.CONFIDENTIAL)
    assert later.reference not in public_refs()
    # Anonymity asked for after a "publish in full": no longer public either.
    asked = publish()
    asked.submitter.anonymity_requested = True
    asked.submitter.save()
    assert asked.reference not in public_refs()


def test_redaction_needing_review_or_open_erasure_review_hides_the_item(publish):
    item = publish(body="Jane Doe refused.")
    mark = RedactionFactory(item=item, quoted_text="Jane Doe")
    assert item.reference in public_refs()
    Redaction.objects.filter(pk=mark.pk).update(needs_review=True)
    assert item.reference not in public_refs()
    other = publish()
    ErasureReview.objects.create(
        submitter_id=other.submitter_id,
        content_type_id=1,
        object_id=other.pk,
        field="body",
        reason="name_word",
    )
    assert other.reference not in public_refs()


def test_entry_redacts_spans_and_names_only_where_allowed(publish):
    organisation = OrganisationFactory(name="Named Org")
    named = publish(
        submitter=SubmitterFactory(name="Pat Named", organisation=organisation), body="Pat Named wrote this."
    )
    anonymised = publish(
        outcome=Outcome.PUBLISH_ANONYMISED,
        submitter=SubmitterFactory(name="Sam Hidden", email="sam@x.org", organisation=organisation),
        body="I am Sam Hidden (sam@x.org) and my carer Kim Third helped.",
    )
    RedactionFactory(item=anonymised, quoted_text="Kim Third")
    vulnerable = publish(submitter=SubmitterFactory(name="Val Vulnerable", vulnerable=True))
    entries = {entry.reference: entry for entry in selectors.public_entries()}
    assert (entries[named.reference].submitter, entries[named.reference].organisation) == (
        "Pat Named",
        "Named Org",
    )
    assert entries[named.reference].body == "Pat Named wrote this."
    hidden = entries[anonymised.reference]
    assert (hidden.submitter, hidden.organisation) == ("Anonymous", "")
    assert hidden.body == "I am [redacted] ([redacted]) and my carer [redacted] helped."
    assert entries[vulnerable.reference].submitter == "Anonymous"


def test_entry_fails_safe_when_a_span_no_longer_matches(publish):
    item = publish(body="Jane Doe refused.")
    RedactionFactory(item=item, quoted_text="Jane Doe")
    # The text changed behind the services' back (no signal): the entry is not shown at all.
    EvidenceItem.objects.filter(pk=item.pk).update(body="Someone else refused.")
    assert selectors.public_entry_by_reference(item.reference) is None
    assert item.reference not in {entry.reference for entry in selectors.public_entries()}


def test_search_matches_published_text_only(publish):
    item = publish(body="The assessor Kim Third was rude about the appeal.")
    SurveyAnswerFactory(item=item, answer="Answer about tribunals.")
    RedactionFactory(item=item, quoted_text="Kim Third")
    assert [e.reference for e in selectors.public_entries(query="appeal")] == [item.reference]
    assert [e.reference for e in selectors.public_entries(query="TRIBUNALS")] == [item.reference]
    assert selectors.public_entries(query="Kim") == []
    assert selectors.public_entries(query=item.submitter.name) == []


def test_report_contributors_follow_decisions():
    named = SubmitterFactory(name="Named Person")
    withheld = SubmitterFactory(name="Withheld Person")
    anonymised = SubmitterFactory(name="Anonymised Person")
    undecided = SubmitterFactory(name="Undecided Person")
    PublicationDecisionFactory(item=EvidenceItemFactory(submitter=named))
    PublicationDecisionFactory(item=EvidenceItemFactory(submitter=withheld), outcome=Outcome.WITHHOLD)
    PublicationDecisionFactory(
        item=EvidenceItemFactory(submitter=anonymised), outcome=Outcome.PUBLISH_ANONYMISED
    )
    EvidenceItemFactory(submitter=undecided)
    names, anonymous = selectors.report_named_contributors()
    assert names == ["Named Person", "Undecided Person"]
    assert anonymous == 2


def test_contributors_name_only_those_who_may_be_named_in_two_queries(django_assert_num_queries):
    """submitters who may be named (with their organisation), and the count of all contributors."""
    EvidenceItemFactory(submitter=SubmitterFactory(name="Ada Lovelace", organisation=OrganisationFactory()))
    EvidenceItemFactory(submitter=SubmitterFactory(name="Protected Person", anonymity_requested=True))
    EvidenceItemFactory(submitter=SubmitterFactory(name="Vulnerable Person", vulnerable=True))
    EvidenceItemFactory(submitter=SubmitterFactory(name="Erased Person"))
    Submitter.objects.filter(name="Erased Person").update(erased_at="2024-01-01T00:00Z")
    EvidenceItemFactory(
        submitter=SubmitterFactory(name="Excluded Writer"), status=EvidenceItem.Status.EXCLUDED
    )
    EvidenceItemFactory(
        submitter=SubmitterFactory(name="Confidential Writer"), confidentiality=Confidentiality.CONFIDENTIAL
    )
    EvidenceItemFactory(submitter=SubmitterFactory(name="", organisation=None))

    with django_assert_num_queries(2):
        named, anonymous = selectors.report_named_contributors()

    assert len(named) == 1 and named[0].startswith("Ada Lovelace, Organisation")
    assert anonymous == 4  # protected, vulnerable, erased, nameless


def test_items_without_a_submitter_follow_the_item_confidentiality(publish):
    plain = publish(submitter=None)
    anonymised = publish(
        submitter=None, confidentiality=Confidentiality.ANONYMISED, outcome=Outcome.PUBLISH_ANONYMISED
    )
    assert {plain.reference, anonymised.reference} <= public_refs()
    assert {entry.submitter for entry in selectors.public_entries()} == {"Anonymous"}
