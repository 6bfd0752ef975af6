"""Matrix page, dashboard and report at 1,000 and 100,000 evidence items: time ratio and queries.

Both sizes have 200 recommendations (the size of a real report); the 100k set has 20,000 links, the
1k set 2,000. The report is measured as the draft (every recommendation not withdrawn), so the
generated recommendations are in it whatever their status. The module is named to run after
bench_search and measures 100k first, so it reuses the 100k set the earlier modules generated
(minutes of work) and only then replaces it with the 1k set (seconds).
"""

from django.urls import reverse

from bench.common import client_for, ensure_dataset, ratio, time_get
from recommendations.models import EvidenceLink, Recommendation

SMALL, LARGE = 1_000, 100_000
REPEAT = 3  # the report pages take seconds at 100k: fewer repeats keep the run within minutes

PAGES = [
    ("Matrix page by theme", "Member", "recommendations:matrix", {"by": "theme"}, 20),
    ("Matrix page by evidence kind", "Member", "recommendations:matrix", {"by": "kind"}, 20),
    ("Dashboard /", "Secretariat", "dashboard", {}, 20),
    (
        "Report HTML preview (draft)",
        "Secretariat",
        "recommendations_report_preview",
        {"draft": "1"},
        REPEAT,
    ),
    (
        "Report DOCX download (draft)",
        "Secretariat",
        "recommendations_report_docx",
        {"draft": "1"},
        REPEAT,
    ),
]


def measure(size: int, **dataset) -> tuple[dict, str]:
    ensure_dataset(evidence=size, **dataset)
    scale = f"{Recommendation.objects.count()} recommendations, {EvidenceLink.objects.count():,} links"
    clients = {role: client_for(role) for role in {role for _, role, *_ in PAGES}}
    timings = {
        label: time_get(clients[role], reverse(name), params, repeat)
        for label, role, name, params, repeat in PAGES
    }
    return timings, scale


def run():
    large, large_scale = measure(LARGE, recommendations=200, links=20_000)
    small, small_scale = measure(SMALL, recommendations=200, links=2_000)
    rows = []
    for label, *_ in PAGES:
        s, big = small[label], large[label]
        same = "same queries" if s.queries == big.queries else "QUERIES DIFFER"
        rows.append(
            (
                label,
                "1k vs 100k items, p50 (queries)",
                f"{s.p50_ms:.1f} ms ({s.queries}) vs {big.p50_ms:.1f} ms ({big.queries}) "
                f"= {ratio(big.p50_ms, s.p50_ms)}, {same}; p95 at 100k {big.p95_ms:.1f} ms, "
                f"SQL p50 {s.sql_ms:.1f} vs {big.sql_ms:.1f} ms",
            )
        )
    rows.append(("Pages at 1k / 100k", "data", f"1k: {small_scale}; 100k: {large_scale}"))
    return rows
