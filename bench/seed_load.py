"""Bench data for the load test when `generate_bench_data` (bench issue) is not installed.

Idempotent: tops the database up to the requested sizes. Evidence is logged through the service
(references, validation, history) exactly as the admin logs it; recommendations and links are saved
one by one so simple-history records them."""

import datetime
import random

from evidence import services as evidence_services
from evidence.models import EvidenceItem, Submitter, Theme
from recommendations.models import Chapter, EvidenceLink, Recommendation

TITLE_PREFIX = "Bench evidence"
WORDS = [
    "assessment",
    "appeal",
    "tribunal",
    "contractor",
    "tender",
    "procurement",
    "oversight",
    "complaint",
    "redress",
    "delay",
    "disability",
    "benefit",
    "council",
    "probation",
    "audit",
    "transparency",
    "penalty",
    "breach",
    "vulnerable",
    "reassessment",
    "decision",
    "accountability",
    "monitoring",
    "outsourcing",
    "helpline",
    "backlog",
]
# Survey responses need a survey and answers; the load test's browsing does not depend on them.
KINDS = [kind for kind, _ in EvidenceItem.Kind.choices if kind != EvidenceItem.Kind.SURVEY_RESPONSE]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def seed(*, evidence: int, recommendations: int, links_per_recommendation: int = 8) -> dict[str, int]:
    rng = random.Random(2023)
    themes = list(Theme.objects.all())
    have = EvidenceItem.objects.filter(title__startswith=TITLE_PREFIX).count()
    for n in range(have, evidence):
        submitter, _ = Submitter.objects.get_or_create(
            email=f"respondent{n}@bench.example.net",
            defaults={
                "name": f"Bench Respondent {n}",
                "consent_to_publish": n % 3 != 0,
                "anonymity_requested": n % 5 == 0,
            },
        )
        item = EvidenceItem(
            title=f"{TITLE_PREFIX} {n}: {_sentence(rng, 5)}",
            kind=rng.choice(KINDS),
            received_on=datetime.date(2023, 9, 1) + datetime.timedelta(days=rng.randrange(120)),
            summary=_sentence(rng, 20),
            body=" ".join(_sentence(rng, 15) for _ in range(8)),
            submitter=submitter,
        )
        evidence_services.evidence_log(item=item, by=None, themes=rng.sample(themes, k=min(2, len(themes))))

    chapters = []
    for number in range(1, 11):
        chapter, _ = Chapter.objects.get_or_create(
            number=number, defaults={"title": f"Bench chapter {number}", "order": number}
        )
        chapters.append(chapter)
    existing = set(Recommendation.objects.values_list("number", flat=True))
    made = Recommendation.objects.filter(title__startswith="Bench recommendation").count()
    n = 0
    while made < recommendations:
        chapter = chapters[n % len(chapters)]
        number = f"{chapter.number}.{n // len(chapters) + 50}"
        n += 1
        if number in existing:
            continue
        Recommendation(
            number=number,
            position=int(number.split(".")[1]),
            title=f"Bench recommendation {number}: {_sentence(rng, 6)}",
            text=_sentence(rng, 30),
            rationale=_sentence(rng, 30),
            chapter=chapter,
        ).save()
        made += 1

    bench_items = list(
        EvidenceItem.objects.filter(title__startswith=TITLE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for recommendation in Recommendation.objects.filter(title__startswith="Bench recommendation"):
        missing = links_per_recommendation - recommendation.links.count()
        if missing <= 0:
            continue
        linked = set(recommendation.links.values_list("evidence_id", flat=True))
        for pk in rng.sample(bench_items, k=min(len(bench_items), missing + len(linked))):
            if pk in linked or missing <= 0:
                continue
            EvidenceLink(recommendation=recommendation, evidence_id=pk, stance="supports", strength=2).save()
            missing -= 1
    return {
        "evidence items": EvidenceItem.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "evidence links": EvidenceLink.objects.count(),
    }
