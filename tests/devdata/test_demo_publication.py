import pytest
from django.core.management import call_command

from publication.models import PublicationDecision, Redaction
from publication.selectors import public_entries


@pytest.mark.django_db
def test_seed_demo_publishes_some_items_with_a_redaction_and_a_withheld_one(client):
    call_command("seed_demo")
    counts = (PublicationDecision.objects.count(), Redaction.objects.count())
    call_command("seed_demo")
    assert (PublicationDecision.objects.count(), Redaction.objects.count()) == counts == (4, 1)
    assert PublicationDecision.objects.filter(outcome=PublicationDecision.Outcome.WITHHOLD).count() == 1
    entries = {entry.reference: entry for entry in public_entries()}
    assert len(entries) == 3
    testimony = next(entry for entry in entries.values() if "contact officers" in entry.body)
    assert "[redacted]" in testimony.body and "all under seven" not in testimony.body
    assert testimony.submitter == "Anonymous"
    page = client.get("/evidence/published/").content.decode()
    assert "Legal Advice Network" in page and "Jo Reader" not in page
