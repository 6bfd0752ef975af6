"""The recommendation change page with 10 and with 1,000 evidence links, at 100,000 items.

The page edits the newest links in place and sums up the rest (recommendations/admin/link_inlines.py),
so its time and queries should not grow with the links. The extra links are bulk-inserted inside a
transaction that is rolled back at the end."""

from django.urls import reverse

from bench.common import Row, client_for, ensure_dataset, ratio, rolled_back, time_get
from evidence.models import EvidenceItem
from recommendations.models import EvidenceLink, Recommendation

FEW, MANY = 10, 1_000
GOAL_MS = 300


def _with_links(recommendation: Recommendation, count: int) -> None:
    recommendation.links.all().delete()
    items = EvidenceItem.objects.order_by("-pk").values_list("pk", flat=True)[:count]
    stances = EvidenceLink.Stance.values
    EvidenceLink.objects.bulk_create(
        EvidenceLink(recommendation=recommendation, evidence_id=pk, stance=stances[n % len(stances)])
        for n, pk in enumerate(items)
    )


def run() -> list[Row]:
    ensure_dataset(evidence=100_000, recommendations=200, links=20_000)
    client = client_for("Secretariat")
    few, many = Recommendation.objects.order_by("pk")[:2]
    with rolled_back():
        _with_links(few, FEW)
        _with_links(many, MANY)
        timings = {
            count: time_get(client, reverse("admin:recommendations_recommendation_change", args=[rec.pk]))
            for count, rec in [(FEW, few), (MANY, many)]
        }
    small, large = timings[FEW], timings[MANY]
    return [
        Row(
            f"Recommendation change page, {FEW} vs {MANY:,} links (100k items)",
            "p50 (queries)",
            f"{small.p50_ms:.1f} ms ({small.queries}) vs {large.p50_ms:.1f} ms ({large.queries}) "
            f"= {ratio(large.p50_ms, small.p50_ms)}; p95 with {MANY:,} links {large.p95_ms:.1f} ms",
            f"< {GOAL_MS} ms with {MANY:,} links, same queries",
            large.p95_ms < GOAL_MS and small.queries == large.queries,
        )
    ]
