"""Evidence admin changelist at 1,000 and 100,000 items: time ratio and query counts."""

from django.urls import reverse

from bench.common import client_for, ensure_dataset, ratio, time_get
from evidence.models import EvidenceItem

SMALL, LARGE = 1_000, 100_000
VIEWS = [
    ("default page", {}),
    ("filter status=reviewed", {"status__exact": EvidenceItem.Status.REVIEWED}),
    ("filter kind=written submission", {"kind__exact": EvidenceItem.Kind.WRITTEN_SUBMISSION}),
    ("search 'safeguards'", {"q": "safeguards"}),
]


def measure(size: int, **dataset) -> dict:
    ensure_dataset(evidence=size, **dataset)
    client = client_for("Secretariat")
    url = reverse("admin:evidence_evidenceitem_changelist")
    return {label: time_get(client, url, params) for label, params in VIEWS}


def run():
    small = measure(SMALL)
    large = measure(LARGE, recommendations=200, links=20_000)
    rows = []
    for label, _ in VIEWS:
        s, big = small[label], large[label]
        same = "same queries" if s.queries == big.queries else "QUERIES DIFFER"
        rows.append(
            (
                f"Evidence changelist: {label}",
                "1k vs 100k items, p50 (queries)",
                f"{s.p50_ms:.1f} ms ({s.queries}) vs {big.p50_ms:.1f} ms ({big.queries}) "
                f"= {ratio(big.p50_ms, s.p50_ms)}, {same}",
            )
        )
        rows.append(
            (
                f"Evidence changelist: {label}",
                "1k vs 100k items, p50 time in SQL",
                f"{s.sql_ms:.1f} ms vs {big.sql_ms:.1f} ms ({big.sql_ms - s.sql_ms:+.1f} ms)",
            )
        )
    return rows
