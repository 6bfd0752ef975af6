"""Traceability matrix: one aggregate query vs counting each cell (what a naive template would do).

Data is created inside a transaction that is rolled back, so nothing is left behind."""

import time

from bench.common import rolled_back
from evidence.models import EvidenceItem, Theme
from recommendations.models import Chapter, EvidenceLink, Recommendation
from recommendations.selectors import recommendations_with_stance_counts, traceability_matrix

RECOMMENDATIONS, ITEMS, LINKS_PER_RECOMMENDATION = 60, 400, 12


def _build() -> None:
    themes = list(Theme.objects.all()) or [
        Theme.objects.create(name=f"Bench theme {n}", slug=f"bench-theme-{n}") for n in range(12)
    ]
    items = EvidenceItem.objects.bulk_create(
        EvidenceItem(reference=f"BENCH-{n:05d}", title=f"Bench item {n}", kind=EvidenceItem.Kind.OTHER)
        for n in range(ITEMS)
    )
    through = EvidenceItem.themes.through
    through.objects.bulk_create(
        through(evidenceitem_id=item.pk, theme_id=themes[n % len(themes)].pk) for n, item in enumerate(items)
    )
    chapter = Chapter.objects.create(number=900, title="Bench chapter")
    recs = Recommendation.objects.bulk_create(
        Recommendation(number=f"900.{n + 1}", position=n + 1, title=f"Bench {n}", text="t", chapter=chapter)
        for n in range(RECOMMENDATIONS)
    )
    EvidenceLink.objects.bulk_create(
        EvidenceLink(
            recommendation=rec,
            evidence=items[(r * 7 + k * 13) % ITEMS],
            stance=EvidenceLink.Stance.CONTRADICTS if k % 4 == 0 else EvidenceLink.Stance.SUPPORTS,
        )
        for r, rec in enumerate(recs)
        for k in range(LINKS_PER_RECOMMENDATION)
    )


def _ours():
    recs = list(recommendations_with_stance_counts())
    return traceability_matrix(recommendations=recs, by="theme")


def _per_cell():
    recs = list(Recommendation.objects.all())
    themes = list(Theme.objects.all())
    cells = []
    for rec in recs:
        for theme in themes:
            links = EvidenceLink.objects.filter(recommendation=rec, evidence__themes=theme)
            cells.append(
                (
                    links.filter(stance=EvidenceLink.Stance.SUPPORTS).values("evidence").distinct().count(),
                    links.filter(stance=EvidenceLink.Stance.CONTRADICTS)
                    .values("evidence")
                    .distinct()
                    .count(),
                )
            )
    return cells


def _best_of(function, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def run() -> list[tuple[str, str, str]]:
    with rolled_back():
        _build()
        ours, naive = _best_of(_ours), _best_of(_per_cell, repeat=1)
        cells = RECOMMENDATIONS * Theme.objects.count()
    return [
        (
            f"Traceability matrix, {RECOMMENDATIONS} recommendations × themes ({cells} cells)",
            "one aggregate query vs a count per cell",
            f"{ours * 1000:,.0f} ms vs {naive * 1000:,.0f} ms = {naive / ours:,.1f}×",
        )
    ]
