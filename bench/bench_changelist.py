"""Evidence admin changelist at 1,000 and 100,000 items: time ratio and query counts."""

from django.urls import reverse

from bench.common import Row, client_for, ensure_dataset, ratio, time_get
from evidence.models import EvidenceItem

SMALL, LARGE = 1_000, 100_000
# (label, query string, goal for the 100k/1k ratio of p50 times: issue 19 sets one for search)
VIEWS = [
    ("default page", {}, None),
    ("filter status=reviewed", {"status__exact": EvidenceItem.Status.REVIEWED}, None),
    ("filter kind=written submission", {"kind__exact": EvidenceItem.Kind.WRITTEN_SUBMISSION}, None),
    ("search 'safeguards'", {"q": "safeguards"}, 1.5),
]


def measure(size: int, **dataset) -> dict:
    ensure_dataset(evidence=size, **dataset)
    client = client_for("Secretariat")
    url = reverse("admin:evidence_evidenceitem_changelist")
    return {label: time_get(client, url, params) for label, params, _ in VIEWS}


def run():
    small = measure(SMALL)
    large = measure(LARGE, recommendations=200, links=20_000)
    rows = []
    for label, _, goal in VIEWS:
        s, big = small[label], large[label]
        same = "same queries" if s.queries == big.queries else "QUERIES DIFFER"
        rows.append(
            Row(
                f"Evidence changelist: {label}",
                "1k vs 100k items, p50 (queries)",
                f"{s.p50_ms:.1f} ms ({s.queries}) vs {big.p50_ms:.1f} ms ({big.queries}) "
                f"= {ratio(big.p50_ms, s.p50_ms)}, {same}",
                f"100k/1k ≤ {goal}×, same queries" if goal else "same queries",
                (big.p50_ms <= goal * s.p50_ms if goal else True) and s.queries == big.queries,
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
