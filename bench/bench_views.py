"""Matrix page, dashboard and report at 1,000 and 100,000 evidence items: time ratio and queries.

Both sizes have 200 recommendations (the size of a real report); the 100k set has 20,000 links, the
1k set 2,000. The report is measured as the draft (every recommendation not withdrawn), so the
generated recommendations are in it whatever their status. The module is named to run after
bench_search and measures 100k first, so it reuses the 100k set the earlier modules generated
(minutes of work) and only then replaces it with the 1k set (seconds).
"""

from django.core.cache import cache
from django.urls import reverse

from bench.common import Row, client_for, ensure_dataset, ratio, time_calls, time_get
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


DASHBOARD_GOAL_MS = 300
DASHBOARD_GOAL_RATIO = 1.5
PREVIEW_GOAL_RATIO = 2
UNCACHED = "Dashboard / (statistics recomputed on every view)"


def measure(size: int, **dataset) -> tuple[dict, int, str]:
    ensure_dataset(evidence=size, **dataset)
    links = EvidenceLink.objects.count()
    scale = f"{Recommendation.objects.count()} recommendations, {links:,} links"
    clients = {role: client_for(role) for role in {role for _, role, *_ in PAGES}}
    timings = {
        label: time_get(clients[role], reverse(name), params, repeat)
        for label, role, name, params, repeat in PAGES
    }
    timings[UNCACHED] = time_calls(lambda: _dashboard_uncached(clients["Secretariat"]))
    return timings, links, scale


def _dashboard_uncached(client) -> None:
    """The dashboard as the first view after a write (which drops the cached statistics) sees it."""
    cache.clear()
    response = client.get(reverse("dashboard"))
    if response.status_code != 200:
        raise AssertionError(f"GET / answered {response.status_code}")


def run():
    large, large_links, large_scale = measure(LARGE, recommendations=200, links=20_000)
    small, small_links, small_scale = measure(SMALL, recommendations=200, links=2_000)
    rows = []
    for label in [label for label, *_ in PAGES] + [UNCACHED]:
        s, big = small[label], large[label]
        same = s.queries == big.queries
        goal, met = _goal(label, s, big)
        rows.append(
            Row(
                label,
                "1k vs 100k items, p50 (queries)",
                f"{s.p50_ms:.1f} ms ({s.queries}) vs {big.p50_ms:.1f} ms ({big.queries}) "
                f"= {ratio(big.p50_ms, s.p50_ms)}, {'same queries' if same else 'QUERIES DIFFER'}; "
                f"p95 at 100k {big.p95_ms:.1f} ms, SQL p50 {s.sql_ms:.1f} vs {big.sql_ms:.1f} ms",
                goal,
                met,
            )
        )
    label = "Report HTML preview (draft)"
    per_small = small[label].p50_ms / small_links * 1000
    per_large = large[label].p50_ms / large_links * 1000
    rows.append(
        Row(
            label,
            "p50 per 1,000 links in the report (its own size), 1k vs 100k items",
            f"{per_small:.0f} ms vs {per_large:.0f} ms = {ratio(per_large, per_small)}",
            f"100k/1k ≤ {PREVIEW_GOAL_RATIO}× beyond the report's size",
            per_large <= PREVIEW_GOAL_RATIO * per_small,
        )
    )
    rows.append(Row("Pages at 1k / 100k", "data", f"1k: {small_scale}; 100k: {large_scale}"))
    return rows


def _goal(label: str, small, large) -> tuple[str, bool]:
    if label == "Dashboard /":
        return (
            f"< {DASHBOARD_GOAL_MS} ms at 100k, 100k/1k ≤ {DASHBOARD_GOAL_RATIO}×",
            large.p50_ms < DASHBOARD_GOAL_MS and large.p50_ms <= DASHBOARD_GOAL_RATIO * small.p50_ms,
        )
    return "same queries", small.queries == large.queries
