"""Realistic benchmark volumes, fast: bulk inserts that still leave one history row per create.

Used by `manage.py generate_bench_data` and by the benchmarks in `bench/`. Text is drawn from a
domain vocabulary with a skewed word frequency (a few words everywhere, many rare), so searches
behave as they would on real submissions. Seeded, so the same arguments give the same data.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from devdata.bench.text import paragraphs, sentence
from evidence.models import (
    EvidenceItem,
    Excerpt,
    ExclusionReason,
    ReferenceCounter,
    Submitter,
    Survey,
    SurveyAnswer,
    Theme,
)
from evidence.references import REFERENCE_COUNTER, references_allocate
from recommendations.models import Chapter, EvidenceLink, Recommendation

BATCH = 2000
FIRST_DAY = datetime.date(2023, 6, 1)
DAYS = 300  # to the end of March 2024: some items are late (after the call's deadline)
CHANGE_REASON = "generated for benchmarks"


KINDS = [
    (EvidenceItem.Kind.SURVEY_RESPONSE, 60),
    (EvidenceItem.Kind.WRITTEN_SUBMISSION, 15),
    (EvidenceItem.Kind.ORAL_EVIDENCE, 4),
    (EvidenceItem.Kind.NEWS_ARTICLE, 6),
    (EvidenceItem.Kind.BLOG_TESTIMONY, 5),
    (EvidenceItem.Kind.REPORT_RESEARCH, 4),
    (EvidenceItem.Kind.FOI_RESPONSE, 3),
    (EvidenceItem.Kind.CASE_STUDY, 3),
]
STATUSES = [
    (EvidenceItem.Status.RECEIVED, 35),
    (EvidenceItem.Status.TRIAGED, 25),
    (EvidenceItem.Status.REVIEWED, 25),
    (EvidenceItem.Status.CITED, 10),
    (EvidenceItem.Status.EXCLUDED, 5),
]
CONFIDENTIALITY = [
    (EvidenceItem.Confidentiality.PUBLISHABLE, 50),
    (EvidenceItem.Confidentiality.ANONYMISED, 40),
    (EvidenceItem.Confidentiality.CONFIDENTIAL, 10),
]
RECOMMENDATION_STATUSES = [s for s in Recommendation.Status if s != Recommendation.Status.WITHDRAWN]


@dataclass
class Generated:
    evidence: int = 0
    answers: int = 0
    submitters: int = 0
    recommendations: int = 0
    links: int = 0


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def generate(*, evidence: int, recommendations: int = 0, links: int = 0, seed: int = 2023) -> Generated:
    """Add `evidence` items (with answers, submitters, themes), `recommendations` and `links`
    evidence links spread over the new recommendations. Appends to whatever exists."""
    if links and not recommendations:
        raise ValueError("Links are generated for new recommendations: give --recommendations too.")
    done = Generated()
    rng = random.Random(seed + EvidenceItem.objects.count())
    with transaction.atomic():
        for start in range(0, evidence, BATCH):
            _evidence_batch(rng, min(BATCH, evidence - start), done)
        if recommendations:
            _recommendations(rng, recommendations, links, done)
    return done


def _evidence_batch(rng: random.Random, count: int, done: Generated) -> None:
    survey = Survey.objects.prefetch_related("questions").order_by("pk").first()
    questions = list(survey.questions.all()) if survey else []
    themes = list(Theme.objects.values_list("pk", flat=True))
    exclusion_reasons = list(ExclusionReason.objects.filter(needs_note=False).order_by("pk"))
    now = timezone.now()

    submitters = [
        Submitter(
            name=f"Bench respondent {rng.randrange(10**9)}",
            role=rng.choice(list(Submitter.Role)),
            consent_to_publish=rng.random() < 0.6,
            anonymity_requested=rng.random() < 0.2,
        )
        for _ in range(max(1, count // 3))
    ]
    submitters = bulk_create_with_history(
        submitters, Submitter, batch_size=BATCH, default_change_reason=CHANGE_REASON, default_date=now
    )
    done.submitters += len(submitters)

    references = references_allocate(count=count)
    items = []
    for reference in references:
        kind = _pick(rng, KINDS) if survey else EvidenceItem.Kind.WRITTEN_SUBMISSION
        status = _pick(rng, STATUSES)
        items.append(
            EvidenceItem(
                reference=reference,
                title=sentence(rng, rng.randint(4, 10))[:-1],
                kind=kind,
                survey=survey if kind == EvidenceItem.Kind.SURVEY_RESPONSE else None,
                submitter=rng.choice(submitters) if rng.random() < 0.8 else None,
                received_on=FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS)),
                summary=sentence(rng, rng.randint(15, 35)),
                body=paragraphs(rng, rng.randint(3, 12)),
                confidentiality=_pick(rng, CONFIDENTIALITY),
                status=status,
                exclusion_reason=rng.choice(exclusion_reasons)
                if status == EvidenceItem.Status.EXCLUDED
                else None,
            )
        )
    items = bulk_create_with_history(
        items, EvidenceItem, batch_size=BATCH, default_change_reason=CHANGE_REASON, default_date=now
    )
    done.evidence += len(items)

    answers = [
        (item.pk, question.pk, sentence(rng, rng.randint(6, 40)))
        for item in items
        if item.kind == EvidenceItem.Kind.SURVEY_RESPONSE
        for question in questions
    ]
    _insert_answers(answers)
    done.answers += len(answers)
    if themes:
        _themes(rng, items, themes)


def _insert_answers(rows: list[tuple[int, int, str]]) -> None:
    """Answers are the largest table and are not audited: PostgreSQL's COPY writes them fastest."""
    if connection.vendor != "postgresql":
        SurveyAnswer.objects.bulk_create(
            [SurveyAnswer(item_id=item, question_id=question, answer=text) for item, question, text in rows],
            batch_size=BATCH,
        )
        return
    table = connection.ops.quote_name(SurveyAnswer._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} (item_id, question_id, answer) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _themes(rng: random.Random, items: list[EvidenceItem], themes: list[int]) -> None:
    """Theme links and their M2M history rows (what `.set()` on each item would have recorded)."""
    through = EvidenceItem.themes.through
    history_through = EvidenceItem.history.model.themes.model
    history_ids = dict(
        EvidenceItem.history.model.objects.filter(id__in=[item.pk for item in items]).values_list(
            "id", "history_id"
        )
    )
    rows, history_rows = [], []
    for item in items:
        for theme in rng.sample(themes, rng.randint(0, min(3, len(themes)))):
            rows.append(through(evidenceitem_id=item.pk, theme_id=theme))
            history_rows.append(
                history_through(history_id=history_ids[item.pk], evidenceitem_id=item.pk, theme_id=theme)
            )
    rows = through.objects.bulk_create(rows, batch_size=BATCH)
    for row, history_row in zip(rows, history_rows, strict=True):
        history_row.id = row.pk
    history_through.objects.bulk_create(history_rows, batch_size=BATCH)


def _recommendations(rng: random.Random, count: int, links: int, done: Generated) -> None:
    per_chapter = 20
    taken = set(Recommendation.objects.values_list("number", flat=True))
    chapters, recommendations = {}, []
    number = 0
    while len(recommendations) < count:
        chapter_number, position = divmod(number, per_chapter)
        chapter_number, position = chapter_number + 1, position + 1
        number += 1
        if f"{chapter_number}.{position}" in taken:
            continue
        if chapter_number not in chapters:
            chapters[chapter_number] = (
                Chapter.objects.filter(number=chapter_number).first()
                or (
                    bulk_create_with_history(
                        [Chapter(number=chapter_number, title=sentence(rng, 5)[:-1], order=chapter_number)],
                        Chapter,
                        default_change_reason=CHANGE_REASON,
                    )[0]
                )
            )
        recommendations.append(
            Recommendation(
                number=f"{chapter_number}.{position}",
                position=position,
                title=sentence(rng, rng.randint(5, 10))[:-1],
                text=paragraphs(rng, 2),
                rationale=paragraphs(rng, 3),
                chapter=chapters[chapter_number],
                status=rng.choice(RECOMMENDATION_STATUSES),
            )
        )
    recommendations = bulk_create_with_history(
        recommendations, Recommendation, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )
    done.recommendations += len(recommendations)

    evidence_ids = list(EvidenceItem.objects.values_list("pk", flat=True))
    stances = [(EvidenceLink.Stance.SUPPORTS, 70), (EvidenceLink.Stance.CONTRADICTS, 15)]
    stances.append((EvidenceLink.Stance.CONTEXT, 15))
    new_links = []
    for index, recommendation in enumerate(recommendations):
        share = links // len(recommendations) + (index < links % len(recommendations))
        for evidence_id in rng.sample(evidence_ids, min(share, len(evidence_ids))):
            new_links.append(
                EvidenceLink(
                    recommendation=recommendation,
                    evidence_id=evidence_id,
                    stance=_pick(rng, stances),
                    strength=rng.randint(1, 3),
                )
            )
    new_links = bulk_create_with_history(
        new_links, EvidenceLink, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )
    done.links += len(new_links)


def existing_counts() -> dict[str, int]:
    return {
        "evidence items": EvidenceItem.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "evidence links": EvidenceLink.objects.count(),
    }


def _audited_tables() -> list[str]:
    models = [EvidenceLink, Recommendation, Chapter, Excerpt, EvidenceItem, Submitter]
    tables = [SurveyAnswer._meta.db_table, EvidenceItem.themes.through._meta.db_table]
    history_models = [model.history.model for model in models]
    for model, history in zip(models, history_models, strict=True):
        tables += [model._meta.db_table, history._meta.db_table]
    tables.extend(
        m2m_history._meta.db_table
        for m2m_history in HistoricalRecords.m2m_models.values()
        if m2m_history._meta.get_field("history").related_model in history_models
    )
    tables.extend(field.remote_field.through._meta.db_table for field in EvidenceItem._meta.many_to_many)
    tables.extend(field.remote_field.through._meta.db_table for field in Recommendation._meta.many_to_many)
    return list(dict.fromkeys(tables))


@transaction.atomic
def clear() -> None:
    """Remove all evidence, submitters, recommendations and links, with their history, and restart
    references at 1. Reference data (themes, surveys, organisations) stays."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(table) for table in _audited_tables())
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still pending in this transaction would block TRUNCATE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # CASCADE also empties other apps' rows that point at the removed evidence.
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        for model in [EvidenceLink, Recommendation, Chapter, SurveyAnswer, Excerpt, EvidenceItem, Submitter]:
            model.objects.all().delete()
            if hasattr(model, "history"):
                model.history.all().delete()
    ReferenceCounter.objects.filter(name=REFERENCE_COUNTER).update(value=0)


def foreign_data_exists() -> bool:
    """True when some evidence was logged other than by `generate` (a real or demo database)."""
    return EvidenceItem.history.filter(history_type="+").exclude(history_change_reason=CHANGE_REASON).exists()
