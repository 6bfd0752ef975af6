import pytest

from evidence.models import EvidenceItem
from publication.models import PublicationDecision
from tests.factories import EvidenceItemFactory, PublicationDecisionFactory, SubmitterFactory


@pytest.fixture
def publish():
    """publish(item=None, outcome=full, **item_fields) → a published item (a chair decided)."""

    def make(item=None, outcome=PublicationDecision.Outcome.PUBLISH_FULL, **fields):
        item = item or EvidenceItemFactory(**fields)
        PublicationDecisionFactory(item=item, outcome=outcome)
        return EvidenceItem.objects.get(pk=item.pk)

    return make


@pytest.fixture
def named_submitter():
    return SubmitterFactory(name="Pat Named", consent_to_publish=True)
