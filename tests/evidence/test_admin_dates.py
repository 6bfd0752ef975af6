import datetime

import pytest
from django.urls import reverse

from evidence.admin.dates import with_skip_scan_dates
from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory

DAYS = [datetime.date(2023, 6, 30), datetime.date(2023, 11, 2), datetime.date(2023, 11, 2)]
DAYS += [datetime.date(2023, 11, 20), datetime.date(2024, 2, 1)]


@pytest.fixture
def items(db):
    for day in DAYS:
        EvidenceItemFactory(received_on=day, title=f"Item of {day:%B}")


@pytest.mark.parametrize("kind", ["year", "month", "day"])
@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_dates_match_djangos_on_filtered_lists(items, kind, order):
    for queryset in (EvidenceItem.objects.all(), EvidenceItem.objects.filter(title__contains="November")):
        expected = list(queryset.dates("received_on", kind, order))
        assert list(with_skip_scan_dates(queryset).dates("received_on", kind, order)) == expected


def test_date_hierarchy_lists_years_then_months_with_items(secretariat_client, items):
    changelist = reverse("admin:evidence_evidenceitem_changelist")
    text = secretariat_client.get(changelist).content.decode()
    assert "received_on__year=2023" in text and "received_on__year=2024" in text
    text = secretariat_client.get(changelist, {"received_on__year": "2023"}).content.decode()
    assert "June 2023" in text and "November 2023" in text
    assert "July 2023" not in text
