import datetime

from evidence.models import EvidenceItem
from evidence.selectors import evidence_statistics
from tests.factories import EvidenceItemFactory, ThemeFactory

Status = EvidenceItem.Status


def test_statistics_count_considered_evidence_in_three_queries(db, settings, django_assert_num_queries):
    """totals/status/kind aggregate, surveys, themes."""
    settings.EVIDENCE_DEADLINE = datetime.date(2023, 12, 4)
    theme = ThemeFactory(name="Oversight")
    EvidenceItemFactory(themes=[theme], received_on=datetime.date(2023, 12, 20))
    EvidenceItemFactory(themes=[theme])
    EvidenceItemFactory(themes=[theme], status=Status.EXCLUDED)
    with django_assert_num_queries(3):
        stats = evidence_statistics()
    assert (stats.total, stats.excluded, stats.late, stats.considered) == (3, 1, 1, 2)
    assert [(tally.label, tally.count) for tally in stats.by_theme] == [("Oversight", 2)]
