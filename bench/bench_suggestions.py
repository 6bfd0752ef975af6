"""Suggested themes (workbench.suggestions) on generated items whose themes are known.

Each generated item is about one or two themes: 15% of its words come from those themes' own
vocabulary, the rest from the shared benchmark vocabulary. Most items are coded with their themes;
for a held-out set, the three suggested themes are compared with the true ones (precision@3) and
with a baseline that always suggests the three most frequent themes. It also times one suggestion
(themes and recommendations together) on that data set, with the bounded candidate pool
(`SUGGESTION_CANDIDATES`) and, in the same run, ranking every match.

It needs its own data: it empties the generated set first (bench_views, which runs after it, builds
its own again). Size with BENCH_SUGGESTION_ITEMS (default 2,000; the issue's goal is measured at
100,000)."""

import os
import random
import time
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.test import override_settings

from bench.common import percentile, user_for
from devdata.bench import data as benchdata
from devdata.bench import text as benchtext
from evidence.models import EvidenceItem, Theme
from evidence.references import references_allocate
from workbench.suggestions import suggestions_for

ITEMS = int(os.environ.get("BENCH_SUGGESTION_ITEMS", "2000"))
HELD_OUT = 100
THEME_WORDS = 20
TOPICAL_SHARE = 0.15


def _vocabularies(themes, rng) -> dict[int, list[str]]:
    pool = [word for word in benchtext.MIDDLING + benchtext.RARE if "-" not in word]
    rng.shuffle(pool)
    size = min(THEME_WORDS, len(pool) // len(themes))
    return {theme.pk: pool[i * size : (i + 1) * size] for i, theme in enumerate(themes)}


def _body(rng, true_themes, vocabularies) -> str:
    words = benchtext.words(rng, 80).split()
    topical = [word for theme in true_themes for word in vocabularies[theme.pk]]
    for position in rng.sample(range(len(words)), int(len(words) * TOPICAL_SHARE)):
        words[position] = rng.choice(topical)
    return " ".join(words).capitalize() + "."


@transaction.atomic
def _generate(rng, themes, vocabularies) -> list[tuple[EvidenceItem, list[Theme]]]:
    references = references_allocate(count=ITEMS)
    truth, items = [], []
    for reference in references:
        true_themes = rng.sample(themes, rng.choice([1, 1, 2]))
        items.append(
            EvidenceItem(
                reference=reference,
                title=f"Submission {reference}",
                kind=EvidenceItem.Kind.WRITTEN_SUBMISSION,
                body=_body(rng, true_themes, vocabularies),
                confidentiality=EvidenceItem.Confidentiality.PUBLISHABLE,
            )
        )
        truth.append(true_themes)
    items = EvidenceItem.objects.bulk_create(items, batch_size=2000)
    through = EvidenceItem.themes.through
    through.objects.bulk_create(
        [
            through(evidenceitem_id=item.pk, theme_id=theme.pk)
            for item, true_themes in zip(items[HELD_OUT:], truth[HELD_OUT:], strict=True)
            for theme in true_themes
        ],
        batch_size=5000,
    )
    return list(zip(items, truth, strict=True))


def run() -> list[tuple[str, str, str]]:
    rng = random.Random(16)
    benchdata.clear()
    themes = list(Theme.objects.filter(parent=None).order_by("pk"))
    generated = _generate(rng, themes, _vocabularies(themes, rng))
    user = user_for("Secretariat")
    frequent = [
        pk for pk, _ in Counter(t.pk for _, truth in generated[HELD_OUT:] for t in truth).most_common(3)
    ]
    results = {}
    for pool in (settings.SUGGESTION_CANDIDATES, 0):
        with override_settings(SUGGESTION_CANDIDATES=pool):
            results[pool] = _held_out(generated, user, frequent)
    benchdata.clear()
    name = f"suggestions ({ITEMS:,} items, {HELD_OUT} held out, {len(themes)} themes)"
    rows = []
    for pool, (hits, _, _, durations) in results.items():
        how = f"{pool:,} candidates" if pool else "every match ranked"
        rows += [
            (name, f"precision@3, suggested themes ({how})", f"{hits / (3 * HELD_OUT):.2f}"),
            (
                name,
                f"time per suggestion ({how}; goal < 200 ms at 100k)",
                f"p50 {percentile(durations, 0.5):.0f} ms, p95 {percentile(durations, 0.95):.0f} ms",
            ),
        ]
    _, baseline_hits, possible, _ = results[0]
    return [
        *rows,
        (name, "precision@3, three most frequent themes", f"{baseline_hits / (3 * HELD_OUT):.2f}"),
        (name, "precision@3, best possible (1-2 true themes)", f"{possible / (3 * HELD_OUT):.2f}"),
    ]


def _held_out(generated, user, frequent) -> tuple[int, int, int, list[float]]:
    hits = baseline_hits = possible = 0
    durations = []
    for item, truth in generated[:HELD_OUT]:
        true_ids = {theme.pk for theme in truth}
        started = time.perf_counter()
        suggested, _ = suggestions_for(item, user)
        durations.append((time.perf_counter() - started) * 1000)
        hits += len({s.target.pk for s in suggested[:3]} & true_ids)
        baseline_hits += len(set(frequent) & true_ids)
        possible += min(3, len(true_ids))
    return hits, baseline_hits, possible, durations
